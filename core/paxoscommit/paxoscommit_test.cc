// Paxos Commit, one step at a time: an RM's vote as ballot 0's phase 2a,
// acceptors' promises and votes, a leader learning a value and announcing
// the outcome, recovery ballots (who owns which, what they propose),
// restarts, each bug's effect on the step that carries it, bad messages,
// and the invariants on hand-built clusters.

#include "core/paxoscommit/paxoscommit.h"

#include <cstdint>
#include <variant>
#include <vector>

#include "core/paxoscommit/invariants.h"
#include "core/test_node.h"
#include "gtest/gtest.h"

namespace stepwise::core::paxoscommit {
namespace {

using Node = TestNode<PaxosCommit>;

// Two RMs (nodes 2 and 3) and three acceptors (nodes 4, 5 and 6).
constexpr NodeId kRm0 = 2;
constexpr NodeId kRm1 = 3;
constexpr NodeId kAcceptor0 = 4;

bool Armed(const Node& node, Timer timer) {
  return (node.effects.timers_set() &
          (uint32_t{1} << static_cast<uint32_t>(timer))) != 0;
}

std::vector<NodeId> Recipients(const Node& node) {
  std::vector<NodeId> to;
  for (const auto& send : node.effects.sends()) to.push_back(send.to);
  return to;
}

Phase2b VoteOf(uint8_t instance, Ballot ballot, Vote value) {
  return {.instance = instance, .ballot = ballot, .value = value};
}

TEST(PaxosCommitTest, AnRmVotesAsBallotZeroOfItsInstance) {
  Node rm(kRm1);
  rm.Step(Start{});
  EXPECT_TRUE(Armed(rm, Timer::kPrepare));
  EXPECT_TRUE(Armed(rm, Timer::kGiveUp));
  rm.Fire(Timer::kPrepare);
  EXPECT_EQ(rm.state.rm, RmState::kPrepared);
  EXPECT_TRUE(rm.effects.persisted());
  EXPECT_FALSE(rm.effects.output_before_persist());
  EXPECT_EQ(Recipients(rm), (std::vector<NodeId>{4, 5, 6}));
  const auto& vote = Sent<Phase2a>(rm.effects, 0);
  EXPECT_EQ(vote.instance, 1);
  EXPECT_EQ(vote.ballot, 0);
  EXPECT_EQ(vote.value, Vote::kPrepared);
  rm.Fire(Timer::kGiveUp);  // cancelled; a late firing changes nothing
  EXPECT_EQ(rm.state.rm, RmState::kPrepared);
  EXPECT_TRUE(rm.effects.sends().empty());
}

TEST(PaxosCommitTest, AnRmThatGivesUpVotesAborted) {
  Node rm(kRm0);
  rm.Step(Start{});
  rm.Fire(Timer::kGiveUp);
  EXPECT_EQ(rm.state.rm, RmState::kAborted);
  EXPECT_EQ(Sent<Phase2a>(rm.effects, 0).value, Vote::kAborted);
}

TEST(PaxosCommitTest, AnRmFollowsTheAnnouncementOfALeaderOnly) {
  Node rm(kRm0);
  rm.Step(Start{});
  rm.Fire(Timer::kPrepare);
  rm.Receive(kAcceptor0, Commit{});  // not a leader
  EXPECT_EQ(rm.state.rm, RmState::kPrepared);
  rm.Receive(kBackup, Commit{});
  EXPECT_EQ(rm.state.rm, RmState::kCommitted);
  EXPECT_TRUE(rm.effects.persisted());
  Node working(kRm1);
  working.Step(Start{});
  working.Receive(kTm, Abort{});
  EXPECT_EQ(working.state.rm, RmState::kAborted);
  working.Fire(Timer::kPrepare);
  EXPECT_TRUE(working.effects.sends().empty());
}

TEST(PaxosCommitTest, AnAcceptorVotesUnlessItPromisedAHigherBallot) {
  Node acceptor(kAcceptor0);
  acceptor.Receive(
      kRm0, Phase2a{.instance = 0, .ballot = 0, .value = Vote::kPrepared});
  EXPECT_EQ(acceptor.state.accepted[0].voted, Vote::kPrepared);
  EXPECT_EQ(acceptor.state.accepted[0].voted_ballot, 0);
  EXPECT_TRUE(acceptor.effects.persisted());
  EXPECT_EQ(Recipients(acceptor), (std::vector<NodeId>{kTm}));
  EXPECT_EQ(Sent<Phase2b>(acceptor.effects, 0).value, Vote::kPrepared);

  // A promise for ballot 1 reports that vote to the ballot's leader.
  acceptor.Receive(kBackup, Phase1a{.instance = 0, .ballot = 1});
  EXPECT_EQ(acceptor.state.accepted[0].promised, 1);
  EXPECT_EQ(Recipients(acceptor), (std::vector<NodeId>{kBackup}));
  const auto& promise = Sent<Phase1b>(acceptor.effects, 0);
  EXPECT_EQ(promise.ballot, 1);
  EXPECT_EQ(promise.voted_ballot, 0);
  EXPECT_EQ(promise.voted, Vote::kPrepared);
  // The same ballot again, or ballot 0's proposal late: nothing.
  acceptor.Receive(kBackup, Phase1a{.instance = 0, .ballot = 1});
  EXPECT_TRUE(acceptor.effects.sends().empty());
  acceptor.Receive(
      kRm0, Phase2a{.instance = 0, .ballot = 0, .value = Vote::kAborted});
  EXPECT_TRUE(acceptor.effects.sends().empty());
  EXPECT_EQ(acceptor.state.accepted[0].voted, Vote::kPrepared);
  // The other instance is independent.
  EXPECT_EQ(acceptor.state.accepted[1].promised, 0);
}

TEST(PaxosCommitTest, ALeaderCommitsWhenEveryInstanceChosePrepared) {
  Node tm(kTm);
  tm.Step(Start{});
  tm.Receive(4, VoteOf(0, 0, Vote::kPrepared));
  EXPECT_EQ(tm.state.instances[0].learned, Vote::kNone);  // one of three
  tm.Receive(4, VoteOf(0, 0, Vote::kPrepared));           // the same again
  EXPECT_EQ(tm.state.instances[0].learned, Vote::kNone);
  tm.Receive(5, VoteOf(0, 0, Vote::kPrepared));
  EXPECT_EQ(tm.state.instances[0].learned, Vote::kPrepared);
  EXPECT_EQ(tm.state.decision, Decision::kUndecided);
  tm.Receive(6, VoteOf(1, 0, Vote::kPrepared));
  tm.Receive(4, VoteOf(1, 0, Vote::kPrepared));
  EXPECT_EQ(tm.state.decision, Decision::kCommit);
  EXPECT_EQ(Recipients(tm), (std::vector<NodeId>{kBackup, kRm0, kRm1}));
  Sent<Commit>(tm.effects, 0);
}

TEST(PaxosCommitTest, TheBackupToldOfTheDecisionRecoversNothing) {
  Node backup(kBackup);
  backup.Step(Start{});
  backup.Receive(kRm0, Abort{});  // only the TM's word counts
  EXPECT_EQ(backup.state.decision, Decision::kUndecided);
  backup.Receive(kTm, Abort{});
  EXPECT_EQ(backup.state.decision, Decision::kAbort);
  EXPECT_TRUE(backup.effects.sends().empty());
  EXPECT_TRUE(backup.effects.timers_cancelled() &
              (uint32_t{1} << static_cast<uint32_t>(Timer::kRecover1)));
  backup.Fire(Timer::kRecover1);
  EXPECT_TRUE(backup.effects.sends().empty());
}

TEST(PaxosCommitTest, VotesOfABackupBallotGoToTheBackupToo) {
  Node acceptor(kAcceptor0);
  acceptor.Receive(
      kBackup, Phase2a{.instance = 1, .ballot = 1, .value = Vote::kAborted});
  EXPECT_EQ(Recipients(acceptor), (std::vector<NodeId>{kTm, kBackup}));
}

TEST(PaxosCommitTest, ALeaderAbortsAsSoonAsOneInstanceChoseAborted) {
  Node backup(kBackup);
  backup.Step(Start{});
  EXPECT_TRUE(Armed(backup, Timer::kRecover0));
  EXPECT_TRUE(Armed(backup, Timer::kRecover1));
  backup.Receive(5, VoteOf(1, 0, Vote::kAborted));
  backup.Receive(6, VoteOf(1, 0, Vote::kAborted));
  EXPECT_EQ(backup.state.decision, Decision::kAbort);
  EXPECT_EQ(Recipients(backup), (std::vector<NodeId>{kRm0, kRm1}));
  Sent<Abort>(backup.effects, 0);
  EXPECT_TRUE(backup.effects.timers_cancelled() &
              (uint32_t{1} << static_cast<uint32_t>(Timer::kRecover0)));
}

TEST(PaxosCommitTest, VotesOfDifferentBallotsDoNotMakeAQuorum) {
  Node tm(kTm);
  tm.Receive(4, VoteOf(0, 0, Vote::kPrepared));
  tm.Receive(5, VoteOf(0, 1, Vote::kPrepared));
  EXPECT_EQ(tm.state.instances[0].learned, Vote::kNone);
  tm.Receive(6, VoteOf(0, 1, Vote::kPrepared));
  EXPECT_EQ(tm.state.instances[0].learned, Vote::kPrepared);
}

TEST(PaxosCommitTest, TheBackupRecoversOneInstanceAndAdoptsAReportedVote) {
  Node backup(kBackup, {.ballots = 4});  // the backup owns ballots 1 and 3
  backup.Step(Start{});
  backup.Fire(Timer::kRecover1);
  EXPECT_EQ(backup.state.instances[1].ballot, 1);
  EXPECT_TRUE(backup.effects.persisted());
  EXPECT_FALSE(backup.effects.output_before_persist());
  EXPECT_EQ(Recipients(backup), (std::vector<NodeId>{4, 5, 6}));
  EXPECT_EQ(Sent<Phase1a>(backup.effects, 0).instance, 1);
  EXPECT_TRUE(Armed(backup, Timer::kRecover1));  // ballot 3 is left
  EXPECT_EQ(backup.state.instances[0].ballot, kNoBallot);

  backup.Receive(4, Phase1b{.instance = 1, .ballot = 1});
  EXPECT_TRUE(backup.effects.sends().empty());
  backup.Receive(5, Phase1b{.instance = 1,
                            .ballot = 1,
                            .voted_ballot = 0,
                            .voted = Vote::kPrepared});
  const auto& proposal = Sent<Phase2a>(backup.effects, 0);
  EXPECT_EQ(proposal.ballot, 1);
  EXPECT_EQ(proposal.value, Vote::kPrepared);
  backup.Receive(6, Phase1b{.instance = 1, .ballot = 1});
  EXPECT_TRUE(backup.effects.sends().empty());  // one proposal per ballot

  backup.Fire(Timer::kRecover1);  // the retry: ballot 3, nothing after it
  EXPECT_EQ(backup.state.instances[1].ballot, 3);
  EXPECT_FALSE(Armed(backup, Timer::kRecover1));
}

TEST(PaxosCommitTest, WithoutReportedVotesARecoveryProposesAborted) {
  for (const Bug bug : {Bug::kNone, Bug::kIgnoreReportedVotes}) {
    Node backup(kBackup, {.bug = bug});
    backup.Fire(Timer::kRecover0);
    backup.Receive(4, Phase1b{.instance = 0, .ballot = 1});
    backup.Receive(
        6, Phase1b{.instance = 0,
                   .ballot = 1,
                   .voted_ballot = bug == Bug::kNone ? kNoBallot : Ballot{0},
                   .voted = bug == Bug::kNone ? Vote::kNone : Vote::kPrepared});
    // Correct: nobody voted, so the RM may not have prepared. The bug
    // proposes aborted over a reported prepared vote.
    EXPECT_EQ(Sent<Phase2a>(backup.effects, 0).value, Vote::kAborted)
        << EnumName(bug);
  }
}

TEST(PaxosCommitTest, TheTmRecoversEveryInstanceAfterTheBackup) {
  Node two_ballots(kTm, {.ballots = 2});  // ballot 1 is the backup's
  two_ballots.Step(Start{});
  EXPECT_EQ(two_ballots.effects.timers_set(), 0u);

  Node tm(kTm, {.ballots = 3});
  tm.Step(Start{});
  EXPECT_TRUE(Armed(tm, Timer::kTmRecover));
  tm.Receive(4, VoteOf(0, 0, Vote::kPrepared));
  tm.Receive(5, VoteOf(0, 0, Vote::kPrepared));
  tm.Fire(Timer::kTmRecover);
  EXPECT_EQ(tm.state.instances[0].ballot, kNoBallot);  // learned already
  EXPECT_EQ(tm.state.instances[1].ballot, 2);
  EXPECT_FALSE(Armed(tm, Timer::kTmRecover));  // no ballot 4
  EXPECT_GT(PaxosCommit::timeout_class(Timer::kTmRecover),
            PaxosCommit::timeout_class(Timer::kRecover0));
  EXPECT_EQ(PaxosCommit::OwnerOf(1), kBackup);
  EXPECT_EQ(PaxosCommit::OwnerOf(2), kTm);
}

TEST(PaxosCommitTest, ARestartKeepsWhatIsDurableAndAbandonsOpenBallots) {
  const Config config;
  Node backup(kBackup, config);
  backup.Fire(Timer::kRecover0);
  backup.Receive(4, VoteOf(1, 0, Vote::kPrepared));
  State after = PaxosCommit::restart(config, kBackup, backup.state);
  EXPECT_EQ(after.instances[0].ballot, 1);
  EXPECT_TRUE(after.instances[0].proposed);
  EXPECT_EQ(after.tally, std::vector<uint8_t>(after.tally.size(), 0));
  backup.state = after;
  backup.Receive(4, Phase1b{.instance = 0, .ballot = 1});
  backup.Receive(5, Phase1b{.instance = 0, .ballot = 1});
  EXPECT_TRUE(backup.effects.sends().empty());  // never a second 2a

  Node acceptor(kAcceptor0, config);
  acceptor.Receive(kBackup, Phase1a{.instance = 1, .ballot = 1});
  EXPECT_EQ(PaxosCommit::restart(config, kAcceptor0, acceptor.state)
                .accepted[1]
                .promised,
            1);
  Config volatile_acceptor;
  volatile_acceptor.bug = Bug::kVolatileAcceptor;
  EXPECT_EQ(PaxosCommit::restart(volatile_acceptor, kAcceptor0, acceptor.state)
                .accepted[1]
                .promised,
            0);

  Node rm(kRm0, config);
  rm.Fire(Timer::kPrepare);
  EXPECT_EQ(PaxosCommit::restart(config, kRm0, rm.state).rm,
            RmState::kPrepared);
}

TEST(PaxosCommitTest, FPlusOneAcceptorsMakeOneVoteAQuorum) {
  Config config;
  config.bug = Bug::kFPlusOneAcceptors;
  EXPECT_EQ(PaxosCommit::Acceptors(config), 2u);
  EXPECT_EQ(PaxosCommit::Quorum(config), 1u);
  EXPECT_EQ(PaxosCommit::Acceptors({}), 3u);
  EXPECT_EQ(PaxosCommit::Quorum({}), 2u);
  Node tm(kTm, config);
  tm.Receive(4, VoteOf(0, 0, Vote::kPrepared));
  EXPECT_EQ(tm.state.instances[0].learned, Vote::kPrepared);
}

TEST(PaxosCommitTest, MessagesThatCannotBeOursAreIgnored) {
  Node tm(kTm);
  const State before = tm.state;
  tm.Receive(kRm0, VoteOf(0, 0, Vote::kPrepared));  // not an acceptor
  tm.Receive(4, VoteOf(2, 0, Vote::kPrepared));     // no instance 2
  tm.Receive(4, VoteOf(0, 3, Vote::kPrepared));     // no ballot 3
  tm.Receive(4, VoteOf(0, -5, Vote::kPrepared));
  tm.Receive(4, VoteOf(0, 0, Vote::kNone));
  tm.Receive(4, Phase1b{.instance = 0, .ballot = 7});
  tm.Receive(99, VoteOf(0, 0, Vote::kPrepared));  // no such node
  EXPECT_EQ(tm.state, before);
  Node acceptor(kAcceptor0);
  acceptor.Receive(kRm0, Phase1a{.instance = 0, .ballot = 1});  // not a leader
  acceptor.Receive(kTm, Phase1a{.instance = 9, .ballot = 1});
  acceptor.Receive(kTm, Phase2a{.instance = 0, .ballot = 1});  // no value
  EXPECT_EQ(acceptor.state, PaxosCommit::init({}, kAcceptor0));
  EXPECT_TRUE(acceptor.effects.sends().empty());
}

TEST(PaxosCommitTest, ValidateNamesWhatIsWrong) {
  EXPECT_EQ(PaxosCommit::Validate({}), "");
  EXPECT_NE(PaxosCommit::Validate({.rms = 0}), "");
  EXPECT_NE(PaxosCommit::Validate({.rms = 9}), "");
  EXPECT_NE(PaxosCommit::Validate({.faults = 4}), "");
  EXPECT_NE(PaxosCommit::Validate({.ballots = 0}), "");
  EXPECT_NE(PaxosCommit::Validate({.ballots = 9}), "");
}

// A cluster of two leaders, two RMs and three acceptors, all up.
struct Cluster {
  Config config;
  std::vector<State> nodes;
  std::vector<uint8_t> up;
  Cluster() : up(7, 1) {
    for (NodeId n = 0; n < 7; ++n)
      nodes.push_back(PaxosCommit::init(config, n));
  }
  View view() const { return {config, nodes, up, {}}; }
};

TEST(PaxosCommitTest, InvariantsOnHandBuiltClusters) {
  Cluster c;
  EXPECT_TRUE(Consistent(c.view()));
  EXPECT_TRUE(CommitNeedsAllPrepared(c.view()));
  c.nodes[kTm].decision = Decision::kCommit;
  EXPECT_FALSE(CommitNeedsAllPrepared(c.view()));  // RMs still working
  c.nodes[kRm0].rm = RmState::kPrepared;
  c.nodes[kRm1].rm = RmState::kCommitted;
  EXPECT_TRUE(CommitNeedsAllPrepared(c.view()));
  EXPECT_TRUE(Consistent(c.view()));
  c.nodes[kBackup].decision = Decision::kAbort;
  EXPECT_FALSE(Consistent(c.view()));  // the leaders disagree
  c.nodes[kBackup].decision = Decision::kUndecided;
  c.nodes[kRm0].rm = RmState::kAborted;
  EXPECT_FALSE(Consistent(c.view()));

  EXPECT_TRUE(InstancesAgree(c.view()));
  c.nodes[kTm].instances[1].learned = Vote::kPrepared;
  c.nodes[kBackup].instances[1].learned = Vote::kAborted;
  EXPECT_FALSE(InstancesAgree(c.view()));

  Cluster d;
  EXPECT_FALSE(RunningRmsDecided(d.view()));
  d.nodes[kRm0].rm = RmState::kCommitted;
  d.up[kRm1] = 0;
  EXPECT_TRUE(RunningRmsDecided(d.view()));
  d.up[kTm] = 0;
  EXPECT_TRUE(CommittedWithoutTm(d.view()));
  EXPECT_FALSE(AllCommitted(d.view()));
  EXPECT_FALSE(PreparedChosenInALaterBallot(d.view()));
  // Index (instance 1, ballot 1, prepared) = (1 * 3 + 1) * 2.
  d.nodes[kBackup].tally[8] = 0b011;
  EXPECT_TRUE(PreparedChosenInALaterBallot(d.view()));
  d.nodes[kBackup].tally[8] = 0b001;
  EXPECT_FALSE(PreparedChosenInALaterBallot(d.view()));
}

}  // namespace
}  // namespace stepwise::core::paxoscommit
