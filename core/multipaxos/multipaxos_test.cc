// Multi-Paxos, one step at a time: phase 1 once for all slots, one phase-2
// round per command, in-order application, gap filling, persist-before-send,
// restarts, and each textbook bug's effect on the step that carries it.

#include "core/multipaxos/multipaxos.h"

#include <optional>
#include <variant>
#include <vector>

#include "core/multipaxos/invariants.h"
#include "core/test_node.h"
#include "gtest/gtest.h"

namespace stepwise::core::multipaxos {
namespace {

using Fx = Effects<MultiPaxos>;
using raft::KvCommand;
using raft::KvOp;

KvCommand Put(const char* value) { return {KvOp::kPut, "x", value, ""}; }
Value Command(ClientId client, const char* value) {
  return raft::Proposal{client, 1, Put(value)};
}

struct Node : TestNode<MultiPaxos> {
  using TestNode::TestNode;
  void Ask(ClientId client, const KvCommand& command) {
    Step(core::Request<MultiPaxos>{client, 1, command});
  }
  // Phase 1 with promises from `from` reporting `votes`.
  void Lead(NodeId from, std::vector<SlotVote> votes = {}) {
    Fire(Timer::kCampaign);
    Receive(from, Promise{state.ballot, std::move(votes)});
  }
};

TEST(MultiPaxosTest, ValidateNamesWhatIsWrong) {
  EXPECT_EQ(MultiPaxos::Validate({}), "");
  EXPECT_NE(MultiPaxos::Validate({.nodes = 0}), "");
  EXPECT_NE(MultiPaxos::Validate({.nodes = 17}), "");
  EXPECT_NE(MultiPaxos::Validate({.nodes = 3, .candidates = 4}), "");
  EXPECT_NE(MultiPaxos::Validate({.nodes = 3, .candidates = 0}), "");
  EXPECT_NE(MultiPaxos::Validate({.ballots = 33}), "");
}

TEST(MultiPaxosTest, OnlyCandidatesArmTheCampaignTimer) {
  Node candidate(1);
  candidate.Step(Start{});
  EXPECT_TRUE(candidate.effects.timers_set() & Fx::Bit(Timer::kCampaign));
  Node follower(2);
  follower.Step(Start{});
  EXPECT_FALSE(follower.effects.timers_set() & Fx::Bit(Timer::kCampaign));
}

TEST(MultiPaxosTest, CampaignPersistsTheBallotThenPreparesTheOthers) {
  Node candidate(1);
  candidate.Fire(Timer::kCampaign);
  EXPECT_EQ(candidate.state.ballot, 1);  // ballot b is candidate b % 2's
  EXPECT_EQ(candidate.state.promised, 1);
  EXPECT_EQ(candidate.state.role, Role::kPreparing);
  EXPECT_TRUE(candidate.effects.persisted());
  EXPECT_FALSE(candidate.effects.output_before_persist());
  ASSERT_EQ(candidate.effects.sends().size(), 2u);  // not itself
  EXPECT_EQ(Sent<Prepare>(candidate.effects, 0).ballot, 1);
}

TEST(MultiPaxosTest, NextBallotIsAboveEveryBallotPromised) {
  Node candidate(0, {.ballots = 8});
  candidate.Receive(1, Prepare{3});
  candidate.Fire(Timer::kCampaign);
  EXPECT_EQ(candidate.state.ballot, 4);
}

TEST(MultiPaxosTest, OutOfBallotsTheCandidateStopsCampaigning) {
  Node candidate(0, {.ballots = 1});
  candidate.Receive(1, Prepare{0});  // promised 0: ballot 2 is past the bound
  candidate.Fire(Timer::kCampaign);
  EXPECT_EQ(candidate.state.role, Role::kFollower);
  EXPECT_TRUE(candidate.effects.timers_cancelled() & Fx::Bit(Timer::kCampaign));
}

TEST(MultiPaxosTest, AcceptorPromisesAHigherBallotAndReportsEveryVote) {
  Node acceptor(2);
  acceptor.Receive(0, Accept{0, 2, Command(5, "1")});
  acceptor.Receive(1, Prepare{1});
  EXPECT_EQ(acceptor.state.promised, 1);
  EXPECT_TRUE(acceptor.effects.persisted());
  EXPECT_FALSE(acceptor.effects.output_before_persist());
  const Promise& promise = Sent<Promise>(acceptor.effects, 0);
  ASSERT_EQ(promise.votes.size(), 1u);
  EXPECT_EQ(promise.votes[0].slot, 2u);
  EXPECT_EQ(promise.votes[0].ballot, 0);

  acceptor.Receive(0, Prepare{0});  // not above the promise
  EXPECT_TRUE(acceptor.effects.sends().empty());
  acceptor.Receive(0, Accept{0, 1, Command(6, "2")});  // below the promise
  EXPECT_TRUE(acceptor.effects.sends().empty());
  EXPECT_EQ(acceptor.state.votes.size(), 1u);
}

TEST(MultiPaxosTest, LeaderRunsOnePhaseTwoRoundPerCommand) {
  Node leader(0);
  leader.Lead(1);
  ASSERT_EQ(leader.state.role, Role::kLeading);
  EXPECT_TRUE(leader.effects.sends().empty());  // nothing to re-propose

  leader.Ask(5, Put("1"));
  ASSERT_EQ(leader.state.proposals.size(), 1u);
  EXPECT_EQ(leader.state.proposals[0].slot, 1u);
  EXPECT_TRUE(leader.effects.persisted());  // its own vote
  EXPECT_FALSE(leader.effects.output_before_persist());
  ASSERT_EQ(leader.effects.sends().size(), 2u);
  EXPECT_EQ(Sent<Accept>(leader.effects, 0).slot, 1u);

  leader.Ask(6, Put("2"));
  EXPECT_EQ(leader.state.proposals.back().slot, 2u);

  // Slot 2 is chosen first: decided, but applied only after slot 1.
  leader.Receive(2, Accepted{0, 2});
  ASSERT_EQ(leader.state.decided.size(), 2u);
  EXPECT_FALSE(leader.state.decided[0].has_value());
  EXPECT_EQ(leader.state.applied, 0u);
  EXPECT_TRUE(leader.effects.replies().empty());
  EXPECT_EQ(Sent<Decide>(leader.effects, 0).slot, 2u);

  leader.Receive(1, Accepted{0, 1});
  EXPECT_EQ(leader.state.applied, 2u);
  ASSERT_EQ(leader.effects.replies().size(), 2u);  // both, in slot order
  EXPECT_EQ(leader.effects.replies()[0].client, 5u);
  EXPECT_EQ(leader.effects.replies()[1].client, 6u);
  EXPECT_TRUE(leader.state.proposals.empty());
  EXPECT_TRUE(leader.effects.timers_cancelled() & Fx::Bit(Timer::kCampaign));
}

TEST(MultiPaxosTest, RetriedRequestIsAnsweredFromTheSession) {
  Node leader(0);
  leader.Lead(1);
  leader.Ask(5, Put("1"));
  leader.Ask(5, Put("1"));  // still in its slot: no second proposal
  EXPECT_EQ(leader.state.proposals.size(), 1u);
  EXPECT_TRUE(leader.effects.sends().empty());
  leader.Receive(1, Accepted{0, 1});
  leader.Ask(5, Put("1"));  // applied: answered at once
  EXPECT_TRUE(leader.effects.sends().empty());
  ASSERT_EQ(leader.effects.replies().size(), 1u);
  EXPECT_TRUE(
      std::holds_alternative<raft::KvOk>(leader.effects.replies()[0].result));
}

TEST(MultiPaxosTest, NewLeaderAdoptsReportedVotesAndFillsGapsWithNoops) {
  Node leader(1);
  leader.Lead(2, {{3, 0, Command(5, "1")}});
  ASSERT_EQ(leader.state.role, Role::kLeading);
  ASSERT_EQ(leader.state.proposals.size(), 3u);
  EXPECT_TRUE(
      std::holds_alternative<raft::Noop>(leader.state.proposals[0].value));
  EXPECT_TRUE(
      std::holds_alternative<raft::Noop>(leader.state.proposals[1].value));
  EXPECT_EQ(leader.state.proposals[2].value, Command(5, "1"));
  EXPECT_EQ(Sent<Accept>(leader.effects, 4).ballot, 1);
}

TEST(MultiPaxosTest, HigherBallotVoteWinsAmongPromises) {
  Node leader(0, {.ballots = 8});
  leader.Receive(1, Prepare{1});
  leader.Fire(Timer::kCampaign);  // ballot 2
  leader.Receive(1, Promise{2, {{1, 1, Command(6, "2")}}});
  leader.Receive(2, Promise{2, {{1, 0, Command(5, "1")}}});  // late: ignored
  EXPECT_EQ(leader.state.proposals.at(0).value, Command(6, "2"));
}

TEST(MultiPaxosTest, LeaderStepsDownOnAHigherBallot) {
  Node leader(0);
  leader.Lead(1);
  leader.Ask(5, Put("1"));
  leader.Receive(1, Prepare{1});
  EXPECT_EQ(leader.state.role, Role::kFollower);
  EXPECT_TRUE(leader.state.proposals.empty());
  leader.Ask(6, Put("2"));
  ASSERT_EQ(leader.effects.replies().size(), 1u);
  const auto& not_leader =
      std::get<raft::NotLeader>(leader.effects.replies()[0].result);
  EXPECT_EQ(not_leader.leader, std::optional<NodeId>(1));
}

TEST(MultiPaxosTest, FollowerLearnsDecisionsAndAppliesInOrder) {
  Node replica(2);
  replica.Receive(0, Decide{2, Command(6, "2")});
  EXPECT_EQ(replica.state.applied, 0u);
  EXPECT_TRUE(replica.effects.persisted());
  replica.Receive(0, Decide{1, Command(5, "1")});
  EXPECT_EQ(replica.state.applied, 2u);
  EXPECT_EQ(replica.state.kv.Get("x"), raft::KvResult(raft::KvOk{"2"}));
  EXPECT_TRUE(replica.effects.replies().empty());  // only a leader answers
  ASSERT_EQ(replica.effects.applied().size(), 2u);
}

TEST(MultiPaxosTest, MessagesNamingImpossibleSlotsAreIgnored) {
  Node replica(2);
  replica.Receive(0, Decide{0, Command(5, "1")});
  replica.Receive(0, Decide{kMaxSlots + 1, Command(5, "1")});
  replica.Receive(0, Accept{0, 1000, Command(5, "1")});
  EXPECT_TRUE(replica.state.decided.empty());
  EXPECT_TRUE(replica.state.votes.empty());
  Node leader(0);
  leader.Lead(1, {{1000, 0, Command(5, "1")}});
  EXPECT_TRUE(leader.state.proposals.empty());
}

TEST(MultiPaxosTest, RestartKeepsPromiseVotesBallotAndDecisions) {
  Node node(0);
  node.Lead(1);
  node.Ask(5, Put("1"));
  node.Receive(1, Accepted{0, 1});
  const State after = MultiPaxos::restart(node.config, 0, node.state);
  EXPECT_EQ(after.promised, 0);
  EXPECT_EQ(after.ballot, 0);
  EXPECT_EQ(after.votes.size(), 1u);
  EXPECT_EQ(after.role, Role::kFollower);
  EXPECT_EQ(after.applied, 1u);  // the store is rebuilt from decisions
  EXPECT_EQ(after.kv.Get("x"), raft::KvResult(raft::KvOk{"1"}));
}

TEST(MultiPaxosTest, BugSkipPhaseOneLeadsAtOnce) {
  Node node(1, {.bug = Bug::kSkipPhaseOne});
  node.Fire(Timer::kCampaign);
  EXPECT_EQ(node.state.role, Role::kLeading);
  EXPECT_TRUE(node.effects.sends().empty());  // no Prepare
}

TEST(MultiPaxosTest, BugNoopOverReportedVotesDropsTheVote) {
  Node leader(1, {.bug = Bug::kNoopOverReportedVotes});
  leader.Lead(2, {{1, 0, Command(5, "1")}});
  ASSERT_EQ(leader.state.proposals.size(), 1u);
  EXPECT_TRUE(
      std::holds_alternative<raft::Noop>(leader.state.proposals[0].value));
}

TEST(MultiPaxosTest, BugVolatileVotesForgetsThemOnRestart) {
  Node node(2, {.bug = Bug::kVolatileVotes});
  node.Receive(0, Accept{0, 1, Command(5, "1")});
  const State after = MultiPaxos::restart(node.config, 2, node.state);
  EXPECT_TRUE(after.votes.empty());
  EXPECT_EQ(after.promised, 0);
}

// Three nodes exchanging every message in send order: after phase 1, each
// command costs 3(n-1) messages (Accept, Accepted and Decide per peer), and
// a leader change costs 2(n-1) for phase 1 plus a round per open slot.
TEST(MultiPaxosTest, SteadyStateCommandCostsThreeMessagesPerPeer) {
  std::vector<Node> nodes = {Node(0), Node(1), Node(2)};
  std::vector<Envelope<MultiPaxos>> queue;
  size_t messages = 0;
  auto collect = [&](NodeId from) {
    for (Envelope<MultiPaxos> envelope : nodes[from].effects.sends()) {
      envelope.from = from;
      queue.push_back(std::move(envelope));
    }
  };
  auto deliver_all = [&] {
    for (size_t i = 0; i < queue.size() && i < 1000; ++i) {
      const Envelope<MultiPaxos> envelope = queue[i];
      ++messages;
      nodes[envelope.to].Receive(envelope.from, envelope.message);
      collect(envelope.to);
    }
    queue.clear();
  };
  nodes[0].Fire(Timer::kCampaign);
  collect(0);
  deliver_all();
  ASSERT_EQ(nodes[0].state.role, Role::kLeading);
  EXPECT_EQ(messages, 4u);  // Prepare and Promise per peer
  for (ClientId client = 1; client <= 5; ++client) {
    messages = 0;
    nodes[0].Ask(client, Put("1"));
    collect(0);
    deliver_all();
    EXPECT_EQ(messages, 6u) << client;
    EXPECT_EQ(nodes[2].state.applied, client);
  }
}

// The invariants over small hand-made clusters.
struct Cluster {
  Config config;
  std::vector<State> nodes = std::vector<State>(3);
  std::vector<uint8_t> up = std::vector<uint8_t>(3, 1);
  std::vector<Envelope<MultiPaxos>> in_flight;
  std::vector<HistoryEvent<MultiPaxos>> history;
  View view() const { return {config, nodes, up, in_flight, history}; }
};

TEST(MultiPaxosInvariantsTest, SlotAgreementSeesDecisionsAndMajorities) {
  Cluster c;
  EXPECT_TRUE(SlotAgreement(c.view()));
  c.nodes[0].decided = {Command(5, "1")};
  c.in_flight.push_back({0, 1, Decide{1, Command(5, "1")}});
  EXPECT_TRUE(SlotAgreement(c.view()));
  c.nodes[1].votes = {{1, 1, Command(6, "2")}};
  EXPECT_TRUE(SlotAgreement(c.view()));  // one vote chooses nothing
  c.nodes[2].votes = {{1, 1, Command(6, "2")}};
  EXPECT_FALSE(SlotAgreement(c.view()));
  c.nodes[1].votes.clear();
  c.nodes[2].votes.clear();
  c.in_flight[0] = {0, 1, Decide{1, Command(6, "2")}};
  EXPECT_FALSE(SlotAgreement(c.view()));
}

TEST(MultiPaxosInvariantsTest, AppliedPrefixesAgreeComparesEqualPrefixes) {
  Cluster c;
  c.nodes[0].decided = {Command(5, "1")};
  c.nodes[0].applied = 1;
  c.nodes[0].kv.Apply(5, 1, Put("1"));
  c.nodes[1] = c.nodes[0];
  EXPECT_TRUE(AppliedPrefixesAgree(c.view()));
  c.nodes[1].kv.Apply(6, 1, Put("2"));
  EXPECT_FALSE(AppliedPrefixesAgree(c.view()));
  c.up[1] = 0;
  EXPECT_TRUE(AppliedPrefixesAgree(c.view()));
  c.nodes[2].applied = 1;  // applied what it never decided
  EXPECT_FALSE(AppliedPrefixesAgree(c.view()));
}

TEST(MultiPaxosInvariantsTest, ValidityNeedsAClientCall) {
  Cluster c;
  c.nodes[0].decided = {Command(5, "1"), Value{raft::Noop{}}};
  EXPECT_FALSE(DecidedWasRequested(c.view()));
  HistoryEvent<MultiPaxos> call;
  call.client = 5;
  call.request_id = 1;
  call.command = Put("1");
  c.history.push_back(call);
  EXPECT_TRUE(DecidedWasRequested(c.view()));
  EXPECT_TRUE(GapFilledWithNoop(c.view()));
  EXPECT_FALSE(EveryRequestAnswered(c.view()));
}

TEST(MultiPaxosInvariantsTest, OutOfOrderGoalSeesAGap) {
  Cluster c;
  c.nodes[2].decided = {std::nullopt, Command(5, "1")};
  EXPECT_TRUE(DecidedOutOfOrder(c.view()));
  c.nodes[2].decided[0] = Command(6, "2");
  EXPECT_FALSE(DecidedOutOfOrder(c.view()));
}

}  // namespace
}  // namespace stepwise::core::multipaxos
