// The quorum register, one step at a time: each phase's rule, the tag a
// write picks, the write-back, resends and time-outs, the persist-before-send
// order, restarts, and each bug's effect on the step that carries it.

#include "core/quorum/quorum.h"

#include <variant>

#include "core/quorum/invariants.h"
#include "core/test_node.h"
#include "gtest/gtest.h"

namespace stepwise::core::quorum {
namespace {

using Fx = Effects<QuorumRegister>;

struct Node : TestNode<QuorumRegister> {
  using TestNode::TestNode;
  void Ask(Operation operation, ClientId client = 7) {
    Step(core::Request<QuorumRegister>{client, 1, operation});
  }
  void Fire() { TestNode::Fire(Timer::kRetry); }
};

constexpr Operation kRead{Kind::kRead, 0};
constexpr Operation Write(Value value) { return {Kind::kWrite, value}; }

TEST(QuorumTest, ValidateNamesWhatIsWrong) {
  EXPECT_EQ(QuorumRegister::Validate({}), "");
  EXPECT_EQ(QuorumRegister::Validate({.read_quorum = 1, .write_quorum = 1}),
            "");  // not linearizable, and allowed: the user's trade-off
  EXPECT_NE(QuorumRegister::Validate({.nodes = 0}), "");
  EXPECT_NE(QuorumRegister::Validate({.nodes = 17}), "");
  EXPECT_NE(QuorumRegister::Validate({.nodes = 3, .read_quorum = 4}), "");
  EXPECT_NE(QuorumRegister::Validate({.nodes = 3, .write_quorum = 4}), "");
  EXPECT_NE(QuorumRegister::Validate({.values = 0}), "");
  EXPECT_NE(QuorumRegister::Validate({.attempts = 0}), "");
  EXPECT_NE(QuorumRegister::Validate({.attempts = 9}), "");
}

TEST(QuorumTest, QuorumsDefaultToAMajority) {
  EXPECT_EQ(QuorumRegister::ReadQuorum({.nodes = 3}), 2u);
  EXPECT_EQ(QuorumRegister::WriteQuorum({.nodes = 4}), 3u);
  EXPECT_EQ(QuorumRegister::ReadQuorum({.nodes = 5, .read_quorum = 1}), 1u);
  EXPECT_EQ(QuorumRegister::WriteQuorum({.nodes = 5, .write_quorum = 5}), 5u);
}

TEST(QuorumTest, TagsOrderByCounterThenWriter) {
  EXPECT_TRUE(Newer({2, 0}, {1, 2}));
  EXPECT_TRUE(Newer({1, 2}, {1, 1}));
  EXPECT_FALSE(Newer({1, 1}, {1, 1}));
  EXPECT_FALSE(Newer({0, 2}, {1, 0}));
}

// Found by the RapidCheck schedule property: a write times out while its
// Stores are still on their way; the next write's query quorum has not seen
// them, and without this rule it took the same tag for another value.
TEST(QuorumTest, AWriteNeverReusesTheTagOfOneThatTimedOut) {
  Node coordinator(0, {.nodes = 3, .attempts = 1});
  coordinator.Ask(Write(2), 1);
  coordinator.Ask(Write(1), 2);  // queued behind the first
  coordinator.Receive(1, QueryReply{1, {0, 0}, 0});
  coordinator.Receive(2, QueryReply{1, {0, 0}, 0});
  EXPECT_EQ(coordinator.state.tag, (Tag{1, 0}));  // its own replica first
  EXPECT_TRUE(coordinator.effects.persisted());
  EXPECT_FALSE(coordinator.effects.output_before_persist());
  coordinator.Fire();  // the Stores are late: the write times out
  ASSERT_EQ(coordinator.state.operations, 2u);
  coordinator.Receive(1, QueryReply{2, {0, 0}, 0});
  coordinator.Receive(2, QueryReply{2, {0, 0}, 0});
  ASSERT_EQ(coordinator.state.phase, Phase::kStore);
  EXPECT_EQ(Sent<Store>(coordinator.effects, 0).tag, (Tag{2, 0}));
}

TEST(QuorumTest, AnOperationPersistsItsNumberThenQueriesEveryReplica) {
  Node coordinator(1);
  coordinator.Ask(Write(5));
  EXPECT_EQ(coordinator.state.phase, Phase::kQuery);
  EXPECT_EQ(coordinator.state.operations, 1u);
  EXPECT_TRUE(coordinator.effects.persisted());
  EXPECT_FALSE(coordinator.effects.output_before_persist());
  ASSERT_EQ(coordinator.effects.sends().size(), 3u);
  EXPECT_EQ(Sent<Query>(coordinator.effects, 2).operation, 1u);
  EXPECT_TRUE(coordinator.effects.timers_set() & Fx::Bit(Timer::kRetry));
}

TEST(QuorumTest, AWriteTakesTheNextCounterAfterTheHighestTagOfAQuorum) {
  Node coordinator(1);
  coordinator.Ask(Write(5));
  coordinator.Receive(0, QueryReply{1, {3, 2}, 9});
  EXPECT_TRUE(coordinator.effects.sends().empty());  // one of two
  coordinator.Receive(2, QueryReply{1, {2, 0}, 4});
  EXPECT_EQ(coordinator.state.phase, Phase::kStore);
  ASSERT_EQ(coordinator.effects.sends().size(), 3u);
  const Store& store = Sent<Store>(coordinator.effects, 0);
  EXPECT_EQ(store.tag, (Tag{4, 1}));
  EXPECT_EQ(store.value, 5u);
}

TEST(QuorumTest, AReadWritesBackTheNewestValueBeforeItReturns) {
  Node coordinator(0);
  coordinator.Ask(kRead);
  coordinator.Receive(1, QueryReply{1, {1, 2}, 8});
  coordinator.Receive(2, QueryReply{1, {0, 0}, 0});
  ASSERT_EQ(coordinator.effects.sends().size(), 3u);
  EXPECT_EQ(Sent<Store>(coordinator.effects, 1).tag, (Tag{1, 2}));
  EXPECT_TRUE(coordinator.effects.replies().empty());
  coordinator.Receive(1, StoreAck{1});
  coordinator.Receive(1, StoreAck{1});  // one replica counts once
  EXPECT_TRUE(coordinator.effects.replies().empty());
  coordinator.Receive(2, StoreAck{1});
  ASSERT_EQ(coordinator.effects.replies().size(), 1u);
  const Outcome& outcome = coordinator.effects.replies()[0].result;
  EXPECT_EQ(outcome.status, Status::kOk);
  EXPECT_EQ(outcome.value, 8u);
  EXPECT_EQ(outcome.tag, (Tag{1, 2}));
  EXPECT_EQ(coordinator.state.phase, Phase::kIdle);
  EXPECT_TRUE(coordinator.effects.timers_cancelled() & Fx::Bit(Timer::kRetry));
}

TEST(QuorumTest, RepliesToAnotherOperationAreIgnored) {
  Node coordinator(0);
  coordinator.Ask(kRead);
  coordinator.Receive(1, QueryReply{7, {1, 2}, 8});
  coordinator.Receive(2, QueryReply{7, {1, 2}, 8});
  EXPECT_EQ(coordinator.state.phase, Phase::kQuery);
  EXPECT_EQ(coordinator.state.answered, 0u);
}

TEST(QuorumTest, AReplicaAdoptsOnlyANewerTagPersistsItThenAcknowledges) {
  Node replica(2);
  replica.Receive(0, Store{4, {2, 0}, 6});
  EXPECT_EQ(replica.state.tag, (Tag{2, 0}));
  EXPECT_EQ(replica.state.value, 6u);
  EXPECT_TRUE(replica.effects.persisted());
  EXPECT_FALSE(replica.effects.output_before_persist());
  EXPECT_EQ(Sent<StoreAck>(replica.effects, 0).operation, 4u);
  replica.Receive(1, Store{1, {1, 1}, 3});  // older: kept out, still acked
  EXPECT_EQ(replica.state.value, 6u);
  EXPECT_FALSE(replica.effects.persisted());
  EXPECT_EQ(replica.effects.sends().size(), 1u);
  replica.Receive(1, Query{2});
  const QueryReply& reply = Sent<QueryReply>(replica.effects, 0);
  EXPECT_EQ(reply.operation, 2u);
  EXPECT_EQ(reply.tag, (Tag{2, 0}));
  EXPECT_EQ(reply.value, 6u);
}

TEST(QuorumTest, ARetryResendsToTheSilentThenTheClientHearsItTimedOut) {
  Node coordinator(0);
  coordinator.Ask(Write(1));
  coordinator.Receive(1, QueryReply{1, {}, 0});
  coordinator.Fire();
  ASSERT_EQ(coordinator.effects.sends().size(), 2u);  // to nodes 0 and 2
  EXPECT_EQ(coordinator.effects.sends()[0].to, 0u);
  EXPECT_EQ(coordinator.effects.sends()[1].to, 2u);
  EXPECT_TRUE(coordinator.effects.timers_set() & Fx::Bit(Timer::kRetry));
  coordinator.Fire();  // the second and last attempt ran out
  ASSERT_EQ(coordinator.effects.replies().size(), 1u);
  EXPECT_EQ(coordinator.effects.replies()[0].result.status, Status::kTimedOut);
  EXPECT_EQ(coordinator.state.phase, Phase::kIdle);
}

TEST(QuorumTest, QueuedOperationsRunInOrderAndAFullQueueTurnsClientsAway) {
  Node coordinator(0);
  coordinator.Ask(Write(1), 1);
  for (ClientId client = 2; client < 2 + kMaxQueued; ++client) {
    coordinator.Ask(kRead, client);
    EXPECT_TRUE(coordinator.effects.replies().empty());
  }
  coordinator.Ask(kRead, 99);
  ASSERT_EQ(coordinator.effects.replies().size(), 1u);
  EXPECT_EQ(coordinator.effects.replies()[0].client, 99u);
  EXPECT_EQ(coordinator.effects.replies()[0].result.status, Status::kBusy);
  coordinator.Fire();
  coordinator.Fire();  // the write times out; the first read starts
  EXPECT_EQ(coordinator.state.current.client, 2u);
  EXPECT_EQ(coordinator.state.operations, 2u);
  EXPECT_EQ(coordinator.state.phase, Phase::kQuery);
}

TEST(QuorumTest, ARestartKeepsTheReplicaAndTheOperationNumberOnly) {
  Node coordinator(0);
  coordinator.Receive(1, Store{1, {1, 1}, 4});
  coordinator.Ask(kRead);
  const State after =
      QuorumRegister::restart(coordinator.config, 0, coordinator.state);
  EXPECT_EQ(after.tag, (Tag{1, 1}));
  EXPECT_EQ(after.value, 4u);
  EXPECT_EQ(after.operations, 1u);
  EXPECT_EQ(after.phase, Phase::kIdle);
  EXPECT_TRUE(after.queue.empty());
}

TEST(QuorumTest, BugNoWriteBackReturnsStraightAfterTheQuery) {
  Node coordinator(0, {.bug = Bug::kNoWriteBack});
  coordinator.Ask(kRead);
  coordinator.Receive(1, QueryReply{1, {1, 2}, 8});
  coordinator.Receive(2, QueryReply{1, {}, 0});
  ASSERT_EQ(coordinator.effects.replies().size(), 1u);
  EXPECT_EQ(coordinator.effects.replies()[0].result.value, 8u);
  EXPECT_TRUE(coordinator.effects.sends().empty());
}

TEST(QuorumTest, BugWriteWithoutQueryTakesItsOwnReplicasTag) {
  Node coordinator(2, {.bug = Bug::kWriteWithoutQuery});
  coordinator.Receive(0, Store{1, {1, 0}, 3});
  coordinator.Ask(Write(6));
  EXPECT_EQ(coordinator.state.phase, Phase::kStore);
  EXPECT_EQ(Sent<Store>(coordinator.effects, 0).tag, (Tag{2, 2}));
}

TEST(QuorumTest, BugOverwriteNewerStoresAnOlderTag) {
  Node replica(1, {.bug = Bug::kOverwriteNewer});
  replica.Receive(0, Store{1, {2, 0}, 6});
  replica.Receive(2, Store{1, {1, 2}, 3});
  EXPECT_EQ(replica.state.tag, (Tag{1, 2}));
  EXPECT_EQ(replica.state.value, 3u);
}

// The invariants on hand-built histories: a read that returns the initial
// value after a write returned is not linearizable.
TEST(QuorumTest, InvariantsJudgeHistories) {
  const Config config;
  std::vector<State> nodes(3);
  for (State& node : nodes) {
    node.tag = {1, 0};
    node.value = 5;
  }
  const std::vector<uint8_t> up(3, 1);
  std::vector<HistoryEvent<QuorumRegister>> history = {
      {false, 1, 1, 0, Write(5), {}},
      {true, 1, 1, 0, {}, {Status::kOk, 5, {1, 0}}},
      {false, 2, 1, 1, kRead, {}},
      {true, 2, 1, 1, {}, {Status::kOk, 0, {0, 0}}},
  };
  View view{config, nodes, up, {}, history};
  EXPECT_FALSE(HistoryLinearizable(view));
  EXPECT_TRUE(AnswersStayOnAWriteQuorum(view));
  history[3].result = {Status::kOk, 5, {1, 0}};
  view.history = history;
  EXPECT_TRUE(HistoryLinearizable(view));
  EXPECT_TRUE(SomeReadSeesAWrite(view));
  // A time-out may have taken effect, or not.
  history[1].result = {Status::kTimedOut, 0, {}};
  view.history = history;
  EXPECT_TRUE(HistoryLinearizable(view));
  EXPECT_FALSE(EveryOperationSucceeded(view));
  // Only one replica holds the write's tag: W = 2 do not.
  nodes[1].tag = nodes[2].tag = {};
  history[1].result = {Status::kOk, 5, {1, 0}};
  view.history = history;
  EXPECT_FALSE(AnswersStayOnAWriteQuorum(view));
}

TEST(QuorumTest, InvariantsCatchTwoValuesUnderOneTagAndALowerLaterWrite) {
  const Config config;
  std::vector<State> nodes(3);
  nodes[0].tag = nodes[1].tag = {1, 0};
  nodes[0].value = 1;
  nodes[1].value = 2;
  const std::vector<uint8_t> up(3, 1);
  View view{config, nodes, up, {}, {}};
  EXPECT_FALSE(TagNamesOneValue(view));
  nodes[1].value = 1;
  EXPECT_TRUE(TagNamesOneValue(view));

  const std::vector<HistoryEvent<QuorumRegister>> history = {
      {false, 1, 1, 1, Write(1), {}},
      {true, 1, 1, 1, {}, {Status::kOk, 1, {1, 1}}},
      {false, 2, 1, 0, Write(2), {}},
      {true, 2, 1, 0, {}, {Status::kOk, 2, {1, 0}}},
  };
  view.history = history;
  EXPECT_FALSE(LaterWritesHaveHigherTags(view));
  EXPECT_TRUE(SomeWriteAcknowledged(view));
  EXPECT_FALSE(SomeWriteFollowsAWrite(view));
}

}  // namespace
}  // namespace stepwise::core::quorum
