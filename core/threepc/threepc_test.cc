// Three-phase commit, one step at a time: votes, the one-at-a-time
// broadcast and its acks and time-outs, the coordinator's answer when a
// participant asks, Skeen's termination rule case by case, restarts, each
// bug's effect on the step that carries it, and the invariants on
// hand-built clusters.

#include "core/threepc/threepc.h"

#include <array>
#include <variant>
#include <vector>

#include "core/test_node.h"
#include "core/threepc/invariants.h"
#include "gtest/gtest.h"

namespace stepwise::core::threepc {
namespace {

using Node = TestNode<ThreePhase>;

bool Armed(const Node& node, Timer timer) {
  return (node.effects.timers_set() &
          (uint32_t{1} << static_cast<uint32_t>(timer))) != 0;
}

// The coordinator of three participants, started, with every vote in.
Node CoordinatorWithAllVotes(Config config = {}) {
  Node coordinator(kCoordinator, config);
  coordinator.Step(Start{});
  for (NodeId p = 1; p <= config.participants; ++p) {
    coordinator.Receive(p, Prepared{});
  }
  return coordinator;
}

TEST(ThreePcTest, AParticipantVotesYesDurablyAndWaits) {
  Node participant(2);
  participant.Step(Start{});
  EXPECT_TRUE(Armed(participant, Timer::kPrepare));
  EXPECT_TRUE(Armed(participant, Timer::kGiveUp));
  participant.Fire(Timer::kPrepare);
  EXPECT_EQ(participant.state.rm, RmState::kUncertain);
  EXPECT_TRUE(participant.effects.persisted());
  EXPECT_FALSE(participant.effects.output_before_persist());
  ASSERT_EQ(participant.effects.sends().size(), 1u);
  EXPECT_EQ(participant.effects.sends()[0].to, kCoordinator);
  Sent<Prepared>(participant.effects, 0);
  EXPECT_TRUE(Armed(participant, Timer::kTerminate));
}

TEST(ThreePcTest, AParticipantThatGivesUpAbortsAlone) {
  Node participant(1);
  participant.Step(Start{});
  participant.Fire(Timer::kGiveUp);
  EXPECT_EQ(participant.state.rm, RmState::kAborted);
  EXPECT_TRUE(participant.effects.sends().empty());
  participant.Fire(Timer::kPrepare);  // cancelled; a late firing is ignored
  EXPECT_EQ(participant.state.rm, RmState::kAborted);
}

TEST(ThreePcTest, WithEveryVoteTheCoordinatorPreCommitsOneAtATime) {
  Node coordinator(kCoordinator);
  coordinator.Step(Start{});
  coordinator.Receive(1, Prepared{});
  coordinator.Receive(2, Prepared{});
  EXPECT_EQ(coordinator.state.tm, TmState::kWaiting);
  coordinator.Receive(3, Prepared{});
  EXPECT_EQ(coordinator.state.tm, TmState::kPreCommitting);
  EXPECT_TRUE(coordinator.effects.persisted());
  EXPECT_FALSE(coordinator.effects.output_before_persist());
  ASSERT_EQ(coordinator.effects.sends().size(), 1u);
  EXPECT_EQ(coordinator.effects.sends()[0].to, 1u);
  Sent<PreCommit>(coordinator.effects, 0);
  EXPECT_EQ(coordinator.state.sending, Sending::kPreCommit);
  EXPECT_EQ(coordinator.state.target, 1u);

  // A stale or foreign ack moves nothing.
  coordinator.Receive(2, Ack{Sending::kPreCommit});
  coordinator.Receive(1, Ack{Sending::kCommit});
  EXPECT_EQ(coordinator.state.target, 1u);
  coordinator.Receive(1, Ack{Sending::kPreCommit});
  EXPECT_EQ(coordinator.state.target, 2u);
  // Participant 2 is down: the ack time-out skips it.
  coordinator.Fire(Timer::kAckTimeout);
  EXPECT_EQ(coordinator.state.target, 3u);
  coordinator.Receive(3, Ack{Sending::kPreCommit});
  // The last pre-commit acknowledged: commit, durably, then tell each.
  EXPECT_EQ(coordinator.state.tm, TmState::kCommitted);
  EXPECT_TRUE(coordinator.effects.persisted());
  EXPECT_EQ(coordinator.state.sending, Sending::kCommit);
  EXPECT_EQ(coordinator.state.target, 1u);
  Sent<Commit>(coordinator.effects, 0);
  coordinator.Receive(1, Ack{Sending::kCommit});
  coordinator.Receive(2, Ack{Sending::kCommit});
  coordinator.Receive(3, Ack{Sending::kCommit});
  EXPECT_EQ(coordinator.state.sending, Sending::kNothing);
  EXPECT_TRUE(coordinator.effects.sends().empty());
}

TEST(ThreePcTest, AMissingVoteTimesOutIntoAbort) {
  Node coordinator(kCoordinator);
  coordinator.Step(Start{});
  EXPECT_TRUE(Armed(coordinator, Timer::kVoteTimeout));
  coordinator.Receive(1, Prepared{});
  coordinator.Fire(Timer::kVoteTimeout);
  EXPECT_EQ(coordinator.state.tm, TmState::kAborted);
  EXPECT_EQ(coordinator.state.sending, Sending::kAbort);
  Sent<Abort>(coordinator.effects, 0);
  // A vote after the decision changes nothing.
  coordinator.Receive(2, Prepared{});
  EXPECT_EQ(coordinator.state.tm, TmState::kAborted);
}

TEST(ThreePcTest, AnUndecidedCoordinatorAnswersThatItIsAlive) {
  Node coordinator(kCoordinator);
  coordinator.Step(Start{});
  coordinator.Receive(2, StateRequest{});
  EXPECT_EQ(coordinator.state.tm, TmState::kWaiting);
  EXPECT_EQ(Sent<StateReply>(coordinator.effects, 0).phase,
            Phase::kCoordinating);
  coordinator = CoordinatorWithAllVotes();
  coordinator.Receive(3, StateRequest{});
  EXPECT_EQ(coordinator.state.target, 1u);  // still waiting on participant 1
  EXPECT_EQ(Sent<StateReply>(coordinator.effects, 0).phase,
            Phase::kCoordinating);
  coordinator.Fire(Timer::kVoteTimeout);  // cancelled when it pre-committed
  EXPECT_EQ(coordinator.state.tm, TmState::kPreCommitting);
}

TEST(ThreePcTest, TimeoutsAreOrdered) {
  EXPECT_EQ(ThreePhase::timeout_class(Timer::kPrepare), 0);
  EXPECT_EQ(ThreePhase::timeout_class(Timer::kGiveUp), 0);
  EXPECT_LT(ThreePhase::timeout_class(Timer::kVoteTimeout),
            ThreePhase::timeout_class(Timer::kTerminate));
  EXPECT_LT(ThreePhase::timeout_class(Timer::kAckTimeout),
            ThreePhase::timeout_class(Timer::kTerminate));
  EXPECT_LT(ThreePhase::timeout_class(Timer::kCollect),
            ThreePhase::timeout_class(Timer::kTerminate));
}

TEST(ThreePcTest, AParticipantPreCommitsDurablyAndAcksEveryCopy) {
  Node participant(1);
  participant.Step(Start{});
  participant.Fire(Timer::kPrepare);
  participant.Receive(kCoordinator, PreCommit{});
  EXPECT_EQ(participant.state.rm, RmState::kPreCommitted);
  EXPECT_TRUE(participant.effects.persisted());
  EXPECT_FALSE(participant.effects.output_before_persist());
  EXPECT_EQ(Sent<Ack>(participant.effects, 0).of, Sending::kPreCommit);
  participant.Receive(kCoordinator, PreCommit{});
  EXPECT_FALSE(participant.effects.persisted());
  EXPECT_EQ(Sent<Ack>(participant.effects, 0).of, Sending::kPreCommit);
  participant.Receive(kCoordinator, Commit{});
  EXPECT_EQ(participant.state.rm, RmState::kCommitted);
  EXPECT_EQ(Sent<Ack>(participant.effects, 0).of, Sending::kCommit);
}

// A participant of three that voted yes, timed out and asked everyone.
Node Asking(RmState own = RmState::kUncertain, Bug bug = Bug::kNone) {
  Node participant(2, {.participants = 3, .bug = bug});
  participant.state.rm = own;
  participant.Fire(Timer::kTerminate);
  return participant;
}

TEST(ThreePcTest, ATimedOutParticipantAsksEveryOtherNode) {
  Node participant = Asking();
  EXPECT_TRUE(participant.state.collecting);
  std::vector<NodeId> asked;
  for (const auto& envelope : participant.effects.sends()) {
    EXPECT_TRUE(std::holds_alternative<StateRequest>(envelope.message));
    asked.push_back(envelope.to);
  }
  EXPECT_EQ(asked, (std::vector<NodeId>{0, 1, 3}));
  EXPECT_TRUE(Armed(participant, Timer::kCollect));
}

TEST(ThreePcTest, TerminationLeavesALiveCoordinatorToFinish) {
  Node participant = Asking();
  participant.Receive(kCoordinator, StateReply{Phase::kCoordinating});
  participant.Receive(1, StateReply{Phase::kPreCommitted});
  participant.Fire(Timer::kCollect);
  EXPECT_EQ(participant.state.rm, RmState::kUncertain);
  EXPECT_FALSE(participant.state.collecting);
  EXPECT_TRUE(participant.effects.sends().empty());
  EXPECT_TRUE(Armed(participant, Timer::kTerminate));
}

TEST(ThreePcTest, TerminationLeavesItToALowerParticipantThatIsUp) {
  Node participant = Asking(RmState::kPreCommitted);
  participant.Receive(1, StateReply{Phase::kUncertain});
  participant.Fire(Timer::kCollect);
  EXPECT_EQ(participant.state.rm, RmState::kPreCommitted);
  EXPECT_TRUE(participant.effects.sends().empty());
  EXPECT_TRUE(Armed(participant, Timer::kTerminate));
  // A higher one's answer does not stop it.
  participant = Asking();
  participant.Receive(3, StateReply{Phase::kUncertain});
  participant.Fire(Timer::kCollect);
  EXPECT_EQ(participant.state.rm, RmState::kAborted);
}

TEST(ThreePcTest, AskedByAHigherParticipantALowerOneStartsItsOwnRound) {
  Node participant(2);
  participant.state.rm = RmState::kUncertain;
  participant.Receive(1, StateRequest{});  // lower: just answer
  EXPECT_FALSE(participant.state.collecting);
  EXPECT_EQ(participant.effects.sends().size(), 1u);
  participant.Receive(3, StateRequest{});
  EXPECT_EQ(Sent<StateReply>(participant.effects, 0).phase, Phase::kUncertain);
  EXPECT_TRUE(participant.state.collecting);
  EXPECT_EQ(participant.effects.sends().size(), 4u);  // answer, then 0, 1, 3
  EXPECT_TRUE(Armed(participant, Timer::kCollect));
}

TEST(ThreePcTest, ADecidedParticipantAnswersAPreCommitWithItsDecision) {
  Node participant(3);
  participant.state.rm = RmState::kAborted;
  participant.Receive(1, PreCommit{});
  Sent<Abort>(participant.effects, 0);
  EXPECT_EQ(participant.state.rm, RmState::kAborted);
}

TEST(ThreePcTest, TerminationAdoptsADecisionItHears) {
  Node participant = Asking();
  participant.Receive(3, Commit{});
  EXPECT_EQ(participant.state.rm, RmState::kCommitted);
  EXPECT_FALSE(participant.state.collecting);
  participant.Fire(Timer::kCollect);  // cancelled; a late firing is ignored
  EXPECT_TRUE(participant.effects.sends().empty());
}

TEST(ThreePcTest, TerminationAbortsWhenSomeoneHasNotVoted) {
  Node participant = Asking(RmState::kPreCommitted);
  participant.Receive(1, StateReply{Phase::kWorking});
  participant.Fire(Timer::kCollect);
  EXPECT_EQ(participant.state.rm, RmState::kAborted);
  EXPECT_EQ(participant.state.sending, Sending::kAbort);
  // The decision goes to every other node, the coordinator first.
  EXPECT_EQ(participant.effects.sends().at(0).to, kCoordinator);
}

TEST(ThreePcTest, TerminationAbortsWhenEveryoneIsUncertain) {
  Node participant = Asking();
  participant.Receive(3, StateReply{Phase::kUncertain});
  participant.Fire(Timer::kCollect);
  EXPECT_EQ(participant.state.rm, RmState::kAborted);
}

TEST(ThreePcTest, TerminationPreCommitsEveryoneThenCommits) {
  Node participant = Asking();
  participant.Receive(3, StateReply{Phase::kPreCommitted});
  participant.Fire(Timer::kCollect);
  EXPECT_EQ(participant.state.rm, RmState::kPreCommitted);
  EXPECT_TRUE(participant.effects.persisted());
  EXPECT_EQ(participant.state.sending, Sending::kPreCommit);
  EXPECT_EQ(participant.effects.sends().at(0).to, 1u);  // not the coordinator
  participant.Receive(1, Ack{Sending::kPreCommit});
  EXPECT_EQ(participant.state.target, 3u);
  participant.Fire(Timer::kAckTimeout);  // 3 went down
  EXPECT_EQ(participant.state.rm, RmState::kCommitted);
  EXPECT_EQ(participant.state.sending, Sending::kCommit);
  EXPECT_EQ(participant.state.target, kCoordinator);
}

TEST(ThreePcTest, ARestartedCoordinatorThatWasPreCommittingDecidesNothing) {
  Node coordinator = CoordinatorWithAllVotes();
  coordinator.state = ThreePhase::restart({}, kCoordinator, coordinator.state);
  EXPECT_EQ(coordinator.state.tm, TmState::kRecovering);
  EXPECT_EQ(coordinator.state.sending, Sending::kNothing);
  coordinator.Step(Start{});
  EXPECT_EQ(coordinator.effects.timers_set(), 0u);
  coordinator.Receive(1, StateRequest{});
  EXPECT_EQ(Sent<StateReply>(coordinator.effects, 0).phase,
            Phase::kPreCommitted);
  coordinator.Receive(2, Commit{});
  EXPECT_EQ(coordinator.state.tm, TmState::kCommitted);
  EXPECT_EQ(Sent<Ack>(coordinator.effects, 0).of, Sending::kCommit);
}

TEST(ThreePcTest, ARestartedParticipantKeepsItsVoteAndAsksAgain) {
  Node participant = Asking(RmState::kPreCommitted);
  participant.state = ThreePhase::restart({}, 2, participant.state);
  EXPECT_EQ(participant.state.rm, RmState::kPreCommitted);
  EXPECT_FALSE(participant.state.collecting);
  participant.Step(Start{});
  EXPECT_TRUE(Armed(participant, Timer::kTerminate));
}

TEST(ThreePcTest, BugCommitOnTimeoutCommitsAnUncertainParticipant) {
  Node participant = Asking(RmState::kUncertain, Bug::kCommitOnTimeout);
  EXPECT_EQ(participant.state.rm, RmState::kCommitted);
  EXPECT_TRUE(participant.effects.sends().empty());
}

TEST(ThreePcTest, BugSkipPreCommitCommitsOnTheLastVote) {
  Node coordinator = CoordinatorWithAllVotes({.bug = Bug::kSkipPreCommit});
  EXPECT_EQ(coordinator.state.tm, TmState::kCommitted);
  EXPECT_EQ(coordinator.state.sending, Sending::kCommit);
}

TEST(ThreePcTest, BugAbortWhenUndecidedAbortsAPreCommittedParticipant) {
  Node participant = Asking(RmState::kPreCommitted, Bug::kAbortWhenUndecided);
  participant.Receive(3, StateReply{Phase::kPreCommitted});
  participant.Fire(Timer::kCollect);
  EXPECT_EQ(participant.state.rm, RmState::kAborted);
}

TEST(ThreePcTest, BugNoElectionDecidesDespiteALowerParticipant) {
  Node participant = Asking(RmState::kUncertain, Bug::kNoElection);
  participant.Receive(1, StateReply{Phase::kUncertain});
  participant.Fire(Timer::kCollect);
  EXPECT_EQ(participant.state.rm, RmState::kAborted);
}

// Invariants on hand-built clusters of a coordinator and two participants.
struct Cluster {
  std::array<State, 3> nodes{};
  std::array<uint8_t, 3> up{1, 1, 1};
  Config config{.participants = 2};
  View view() const { return {config, nodes, up, {}}; }
};

TEST(ThreePcTest, ConsistencyCountsTheCoordinatorAndNodesThatAreDown) {
  Cluster cluster;
  EXPECT_TRUE(Consistent(cluster.view()));
  cluster.nodes[1].rm = RmState::kCommitted;
  EXPECT_TRUE(Consistent(cluster.view()));
  cluster.nodes[0].tm = TmState::kAborted;
  EXPECT_FALSE(Consistent(cluster.view()));
  cluster.nodes[0].tm = TmState::kRecovering;
  cluster.nodes[2].rm = RmState::kAborted;
  cluster.up[2] = 0;
  EXPECT_FALSE(Consistent(cluster.view()));
}

TEST(ThreePcTest, CommitNeedsAllVotes) {
  Cluster cluster;
  cluster.nodes[1].rm = RmState::kPreCommitted;
  EXPECT_FALSE(CommitNeedsAllVotes(cluster.view()));
  cluster.nodes[2].rm = RmState::kUncertain;
  EXPECT_TRUE(CommitNeedsAllVotes(cluster.view()));
}

TEST(ThreePcTest, NonBlockingAsksOnlyParticipantsThatAreUp) {
  Cluster cluster;
  cluster.nodes[1].rm = RmState::kCommitted;
  cluster.nodes[2].rm = RmState::kUncertain;
  EXPECT_FALSE(RunningParticipantsDecided(cluster.view()));
  cluster.up[2] = 0;
  EXPECT_TRUE(RunningParticipantsDecided(cluster.view()));
  cluster.up[0] = 0;
  EXPECT_TRUE(CommittedWithoutCoordinator(cluster.view()));
  cluster.nodes[0].tm = TmState::kCommitted;
  EXPECT_FALSE(CommittedWithoutCoordinator(cluster.view()));
}

}  // namespace
}  // namespace stepwise::core::threepc
