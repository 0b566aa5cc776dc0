// The eventually consistent store, one step at a time: local answers,
// dots and version vectors, each merge rule (siblings, last-writer-wins,
// the observed-remove set), anti-entropy's sends, acknowledgements and
// bound, restarts, malformed gossip, and each bug's effect on the step that
// carries it.

#include "core/eventual/eventual.h"

#include <vector>

#include "core/eventual/invariants.h"
#include "core/test_node.h"
#include "gtest/gtest.h"

namespace stepwise::core::eventual {
namespace {

using Fx = Effects<EventualStore>;

struct Node : TestNode<EventualStore> {
  using TestNode::TestNode;
  Outcome Ask(Operation operation) {
    Step(core::Request<EventualStore>{7, 1, operation});
    EXPECT_EQ(effects.replies().size(), 1u);
    return effects.replies().at(0).result;
  }
  std::vector<Value> ReadNow() { return Ask({Kind::kRead, 0}).values; }
  void Gossip() { Fire(Timer::kGossip); }
  // Delivers every message `from`'s last step sent to this node.
  void Hear(const Node& from) {
    for (const auto& envelope : from.effects.sends()) {
      if (envelope.to == self) Receive(from.self, envelope.message);
    }
  }
  bool GossipArmed() const {
    return (effects.timers_set() & Fx::Bit(Timer::kGossip)) != 0;
  }
};

constexpr Operation Write(Value value) { return {Kind::kWrite, value}; }
constexpr Operation Add(Value value) { return {Kind::kAdd, value}; }
constexpr Operation Remove(Value value) { return {Kind::kRemove, value}; }

// Sends `from`'s state to `to` through one gossip round (a Gossip message).
void Sync(Node& from, Node& to) {
  from.Gossip();
  to.Hear(from);
}

using Values = std::vector<Value>;

TEST(EventualTest, ValidateNamesWhatIsWrong) {
  EXPECT_EQ(EventualStore::Validate({}), "");
  EXPECT_NE(EventualStore::Validate({.nodes = 0}), "");
  EXPECT_NE(EventualStore::Validate({.nodes = 9}), "");
  EXPECT_NE(EventualStore::Validate({.values = 0}), "");
  EXPECT_NE(EventualStore::Validate({.attempts = 0}), "");
  EXPECT_NE(EventualStore::Validate({.clock_ticks = 9}), "");
  EXPECT_NE(EventualStore::Validate({.set = true, .lww = true}), "");
}

TEST(EventualTest, VersionVectorsCompareEntryByEntry) {
  const std::vector<uint32_t> a = {2, 1, 0};
  const std::vector<uint32_t> b = {1, 1, 0};
  const std::vector<uint32_t> c = {0, 0, 1};
  EXPECT_TRUE(Covers(a, b));
  EXPECT_FALSE(Covers(b, a));
  EXPECT_FALSE(Covers(a, c));  // concurrent
  EXPECT_FALSE(Covers(c, a));
  EXPECT_TRUE(Covers(a, Dot{0, 2}));
  EXPECT_FALSE(Covers(a, Dot{0, 3}));
  EXPECT_FALSE(Covers(a, Dot{5, 1}));  // no such replica
}

TEST(EventualTest, AWriteIsAnsweredAtOnceAfterItPersists) {
  Node replica(1);
  EXPECT_EQ(replica.Ask(Write(4)).status, Status::kOk);
  EXPECT_TRUE(replica.effects.persisted());
  EXPECT_FALSE(replica.effects.output_before_persist());
  EXPECT_TRUE(replica.effects.sends().empty());  // gossip comes later
  EXPECT_TRUE(replica.GossipArmed());
  EXPECT_EQ(replica.state.data.version, (std::vector<uint32_t>{0, 1, 0}));
  EXPECT_EQ(replica.ReadNow(), Values{4});
}

TEST(EventualTest, ARegisterCommandToASetIsTheWrongType) {
  Node replica(0, {.set = true});
  EXPECT_EQ(replica.Ask(Write(1)).status, Status::kWrongType);
  Node other(0);
  EXPECT_EQ(other.Ask(Add(1)).status, Status::kWrongType);
  EXPECT_EQ(other.state.data.version, (std::vector<uint32_t>{0, 0, 0}));
}

TEST(EventualTest, ConcurrentWritesBecomeSiblingsALaterWriteReplaces) {
  Node a(0), b(1);
  a.Ask(Write(1));
  b.Ask(Write(2));
  Sync(a, b);
  EXPECT_EQ(b.ReadNow(), (Values{1, 2}));
  EXPECT_EQ(b.state.data.siblings.size(), 2u);
  // A write at b has seen both: it replaces them everywhere it goes.
  b.Ask(Write(3));
  EXPECT_EQ(b.ReadNow(), Values{3});
  Sync(b, a);
  EXPECT_EQ(a.ReadNow(), Values{3});
  EXPECT_EQ(a.state.data, b.state.data);
}

TEST(EventualTest, MergeIsCommutativeAndIdempotent) {
  Node a(0), b(1), c(2);
  a.Ask(Write(1));
  b.Ask(Write(2));
  c.Ask(Write(1));
  const Config config;
  const Data ab = EventualStore::Merge(config, a.state.data, b.state.data);
  const Data ba = EventualStore::Merge(config, b.state.data, a.state.data);
  EXPECT_EQ(ab, ba);
  EXPECT_EQ(EventualStore::Merge(config, ab, b.state.data), ab);
  const Data abc = EventualStore::Merge(config, ab, c.state.data);
  const Data cba = EventualStore::Merge(
      config, EventualStore::Merge(config, c.state.data, b.state.data),
      a.state.data);
  EXPECT_EQ(abc, cba);
  EXPECT_EQ(EventualStore::Read(config, abc), (Values{1, 2}));
}

TEST(EventualTest, TheUnionBugBringsAnOverwrittenValueBack) {
  const Config config{.bug = Bug::kUnionSiblings};
  Node a(0, config), b(1, config);
  a.Ask(Write(1));
  Sync(a, b);
  b.Ask(Write(2));  // overwrites 1, which b has seen
  Sync(b, a);
  EXPECT_EQ(a.ReadNow(), (Values{1, 2}));
  EXPECT_EQ(b.ReadNow(), Values{2});
  EXPECT_EQ(a.state.data.version, b.state.data.version);
}

TEST(EventualTest, LastWriterWinsByClockThenWriter) {
  const Config config{.lww = true};
  Node a(0, config), b(2, config);
  a.Ask(Write(1));
  b.Ask(Write(2));
  // Equal clocks (no physical time passed): the higher writer id wins.
  EXPECT_EQ(a.state.data.stamp.time, b.state.data.stamp.time);
  Sync(a, b);
  Sync(b, a);
  EXPECT_EQ(a.ReadNow(), Values{2});
  EXPECT_EQ(a.state.data, b.state.data);
  // A write at a after seeing b's stamps past it, though a's id is lower.
  a.Ask(Write(3));
  EXPECT_EQ(a.state.data.stamp.writer, 0u);
  Sync(a, b);
  EXPECT_EQ(b.ReadNow(), Values{3});
}

TEST(EventualTest, TheHybridClockFollowsPhysicalTimeWhenItAdvances) {
  Node a(0, {.clock_ticks = 2, .lww = true});
  a.Step(Start{});
  EXPECT_TRUE(a.effects.timers_set() & Fx::Bit(Timer::kClockTick));
  a.Ask(Write(1));
  EXPECT_EQ(a.state.data.stamp.time, (clock::HlcTimestamp{0, 1}));
  a.Fire(Timer::kClockTick);
  a.Fire(Timer::kClockTick);
  EXPECT_EQ(a.state.physical, 2u);
  EXPECT_FALSE(a.effects.timers_set() & Fx::Bit(Timer::kClockTick));
  a.Ask(Write(1));
  EXPECT_EQ(a.state.data.stamp.time, (clock::HlcTimestamp{2, 0}));
}

TEST(EventualTest, WithoutTheTieBreakEqualStampsKeepTheLocalValue) {
  const Config config{.lww = true, .bug = Bug::kNoTieBreak};
  Node a(0, config), b(2, config);
  a.Ask(Write(1));
  b.Ask(Write(2));
  const Data ab = EventualStore::Merge(config, a.state.data, b.state.data);
  const Data ba = EventualStore::Merge(config, b.state.data, a.state.data);
  EXPECT_EQ(ab.version, ba.version);
  EXPECT_NE(ab, ba);
}

TEST(EventualTest, TheSetRemovesWhatItObservedAndAConcurrentAddWins) {
  const Config config{.set = true};
  Node a(0, config), b(1, config);
  a.Ask(Add(1));
  Sync(a, b);
  EXPECT_EQ(b.ReadNow(), Values{1});
  b.Ask(Remove(1));  // removes a's add, which b observed
  a.Ask(Add(1));     // concurrently, a adds 1 again
  Sync(b, a);
  Sync(a, b);
  EXPECT_EQ(a.ReadNow(), Values{1});  // the unobserved add survives
  EXPECT_EQ(a.state.data, b.state.data);
  b.Ask(Remove(1));
  Sync(b, a);
  EXPECT_EQ(a.ReadNow(), Values{});
}

TEST(EventualTest, TheResurrectBugBringsARemovedElementBack) {
  const Config config{.set = true, .bug = Bug::kResurrect};
  Node a(0, config), b(1, config);
  a.Ask(Add(1));
  Sync(a, b);
  b.Ask(Remove(1));
  Sync(b, a);
  EXPECT_EQ(a.ReadNow(), Values{1});  // the remove did not take
  EXPECT_EQ(a.state.data.version, b.state.data.version);
  EXPECT_NE(a.state.data, b.state.data);
}

TEST(EventualTest, GossipGoesToPeersThatLackTheVersionUntilAcknowledged) {
  Node a(0, {.attempts = 2}), b(1, {.attempts = 2});
  a.Ask(Write(1));
  a.Gossip();
  ASSERT_EQ(a.effects.sends().size(), 2u);  // b and c
  EXPECT_TRUE(a.GossipArmed());             // a second attempt is left
  b.Hear(a);
  ASSERT_EQ(b.effects.sends().size(), 1u);
  const auto& ack = std::get<GossipAck>(b.effects.sends()[0].message);
  EXPECT_EQ(ack.version, (std::vector<uint32_t>{1, 0, 0}));
  a.Hear(b);
  a.Gossip();  // only c is still owed it
  ASSERT_EQ(a.effects.sends().size(), 1u);
  EXPECT_EQ(a.effects.sends()[0].to, 2u);
  EXPECT_FALSE(a.GossipArmed());  // two attempts to c: done
  a.Gossip();
  EXPECT_TRUE(a.effects.sends().empty());
}

TEST(EventualTest, AGossipThatTeachesNothingIsNotAnswered) {
  Node a(0), b(1);
  a.Ask(Write(1));
  a.Gossip();
  b.Hear(a);
  EXPECT_EQ(b.effects.sends().size(), 1u);  // the acknowledgement
  b.Hear(a);                                // a duplicate
  EXPECT_TRUE(b.effects.sends().empty());
  EXPECT_FALSE(b.effects.persisted());
}

TEST(EventualTest, ForgetOnSendStopsResendingAfterOneSend) {
  Node a(0, {.attempts = 2, .bug = Bug::kForgetOnSend});
  a.Ask(Write(1));
  a.Gossip();
  EXPECT_EQ(a.effects.sends().size(), 2u);
  EXPECT_FALSE(a.GossipArmed());
}

TEST(EventualTest, AMergeThatLearnsSomethingPersistsAndGossipsOn) {
  Node a(0), b(1);
  a.Ask(Write(1));
  b.Ask(Write(2));
  a.Gossip();
  b.Hear(a);
  EXPECT_TRUE(b.effects.persisted());
  EXPECT_FALSE(b.effects.output_before_persist());
  EXPECT_TRUE(b.GossipArmed());  // a lacks b's write; c lacks both
}

Data WithVersion(std::vector<uint32_t> version) {
  Data data;
  data.version = std::move(version);
  return data;
}

TEST(EventualTest, MalformedGossipIsDropped) {
  Node b(1);
  b.Receive(0, eventual::Gossip{WithVersion({1, 0})});  // two entries
  EXPECT_TRUE(b.effects.empty());
  Data forged;
  forged.version = {0, 0, 0};
  forged.siblings = {Sibling{5, Dot{0, 1}}};  // a dot the version lacks
  b.Receive(0, eventual::Gossip{forged});
  EXPECT_TRUE(b.effects.empty());
  b.Receive(9, eventual::Gossip{WithVersion({0, 0, 0})});  // no node 9
  EXPECT_TRUE(b.effects.empty());
  b.Receive(0, GossipAck{{1}});
  EXPECT_TRUE(b.effects.empty());
}

TEST(EventualTest, ARestartKeepsTheDataAndGossipsItAgain) {
  Node a(0);
  a.Ask(Write(1));
  a.Gossip();
  a.state = EventualStore::restart(a.config, 0, a.state);
  EXPECT_EQ(a.ReadNow(), Values{1});
  a.Step(Start{});
  EXPECT_TRUE(a.GossipArmed());  // what peers hold was forgotten
}

TEST(EventualTest, ClientCommandsFollowTheDataType) {
  EXPECT_EQ(EventualStore::client_commands({.values = 2}).size(), 3u);
  EXPECT_EQ(EventualStore::client_commands({.values = 2, .set = true}).size(),
            5u);
}

}  // namespace
}  // namespace stepwise::core::eventual
