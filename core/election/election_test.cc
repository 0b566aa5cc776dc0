// Drives Bully, Raft and the ring through the one ElectionNode interface on a
// deterministic in-test network: a FIFO queue of envelopes, and timers the
// test fires by hand (an armed timer fires only when the test says so).

#include "core/election/election.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

#include "core/election/bully_election.h"
#include "core/election/raft_election.h"
#include "core/election/ring_election.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stepwise::core::election {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

using Change = std::pair<std::optional<NodeId>, std::optional<NodeId>>;

template <typename P>
class Cluster {
 public:
  using Node = ElectionNode<P>;
  using Timer = typename P::Timer;

  explicit Cluster(const typename P::Config& config) {
    const size_t n = P::node_count(config);
    nodes_.reserve(n);
    changes_.resize(n);
    armed_.assign(n, 0);
    for (NodeId id = 0; id < n; ++id) {
      nodes_.emplace_back(config, id);
      nodes_.back().OnLeaderChange(
          [this, id](std::optional<NodeId> old_leader,
                     std::optional<NodeId> new_leader) {
            changes_[id].emplace_back(old_leader, new_leader);
          });
    }
  }

  size_t size() const { return nodes_.size(); }
  Node& node(NodeId id) { return nodes_[id]; }
  const std::vector<Change>& changes(NodeId id) const { return changes_[id]; }
  void ClearChanges() {
    for (auto& c : changes_) c.clear();
  }

  void Start(NodeId id) {
    nodes_[id].Start();
    Carry(id);
  }
  void StartAll() {
    for (NodeId id = 0; id < size(); ++id) Start(id);
  }
  void Stop(NodeId id) {
    nodes_[id].Stop();
    Carry(id);
  }
  void TickAll(uint64_t ticks) {
    for (Node& node : nodes_) node.Tick(ticks);
  }
  bool Armed(NodeId id, Timer timer) const {
    return (armed_[id] & Effects<P>::Bit(timer)) != 0;
  }
  // Fires `timer` at `id` if the node armed it.
  bool Fire(NodeId id, Timer timer) {
    if (!Armed(id, timer)) return false;
    armed_[id] &= ~Effects<P>::Bit(timer);
    nodes_[id].Fire(timer);
    Carry(id);
    return true;
  }
  // Delivers until the queue is empty; messages to stopped nodes are lost.
  void DeliverAll() {
    for (int budget = 10000; !queue_.empty(); --budget) {
      ASSERT_GT(budget, 0) << "messages never settle";
      Envelope<P> envelope = std::move(queue_.front());
      queue_.pop_front();
      nodes_[envelope.to].Receive(envelope.from, envelope.message);
      Carry(envelope.to);
    }
  }

  // The leader every running node agrees on, if they all do and it is up
  // (followers of a stopped leader agree until they notice).
  std::optional<NodeId> AgreedLeader() const {
    std::optional<NodeId> agreed;
    for (const Node& node : nodes_) {
      if (!node.running()) continue;
      if (!node.leader().has_value()) return std::nullopt;
      if (agreed.has_value() && agreed != node.leader()) return std::nullopt;
      agreed = node.leader();
    }
    if (agreed.has_value() && !nodes_[*agreed].is_leader()) return std::nullopt;
    return agreed;
  }
  int LeaderCount() const {
    int count = 0;
    for (const Node& node : nodes_) count += node.is_leader() ? 1 : 0;
    return count;
  }
  ElectionMetrics Sum() const {
    ElectionMetrics sum;
    for (const Node& node : nodes_) {
      const ElectionMetrics m = node.metrics();
      sum.elections_started += m.elections_started;
      sum.elections_completed += m.elections_completed;
      sum.failed_elections += m.failed_elections;
      sum.leader_changes += m.leader_changes;
      sum.total_election_ticks += m.total_election_ticks;
    }
    return sum;
  }

 private:
  // What the service does after every call: send, and arm or cancel timers.
  void Carry(NodeId id) {
    const Effects<P>& fx = nodes_[id].effects();
    for (const Envelope<P>& envelope : fx.sends()) {
      queue_.push_back({id, envelope.to, envelope.message});
    }
    armed_[id] = (armed_[id] & ~fx.timers_cancelled()) | fx.timers_set();
  }

  std::vector<Node> nodes_;
  std::vector<std::vector<Change>> changes_;
  std::vector<uint32_t> armed_;
  std::deque<Envelope<P>> queue_;
};

// Per protocol: a three-node configuration and the timers that move an
// election on, in the order the driver tries them.
template <typename P>
struct Scenario;

template <>
struct Scenario<bully::Bully> {
  static bully::Config Config() { return {.nodes = 3}; }
  static constexpr bully::Timer kTimers[] = {bully::Timer::kAnswer,
                                             bully::Timer::kCoordinator,
                                             bully::Timer::kLeaderCheck};
};

template <>
struct Scenario<raft::Raft> {
  static raft::Config Config() { return {.nodes = 3}; }
  static constexpr raft::Timer kTimers[] = {raft::Timer::kElection,
                                            raft::Timer::kHeartbeat};
};

template <>
struct Scenario<ring::ChangRoberts> {
  static ring::Config Config() { return {.nodes = 3, .announce = true}; }
  static constexpr ring::Timer kTimers[] = {ring::Timer::kUnused};
};

// Lets messages settle, then fires one armed timer at a time (round-robin
// over nodes, so no node is favoured forever), ticking twice before each
// delivery so that open campaigns take time, until every running node agrees
// on a leader. Returns it.
template <typename P>
std::optional<NodeId> RunUntilAgreed(Cluster<P>& cluster) {
  size_t cursor = 0;
  for (int round = 0; round < 50; ++round) {
    cluster.TickAll(2);
    cluster.DeliverAll();
    if (auto leader = cluster.AgreedLeader()) return leader;
    bool fired = false;
    for (size_t i = 0; i < cluster.size() && !fired; ++i) {
      const NodeId id = (cursor + i) % cluster.size();
      if (!cluster.node(id).running()) continue;
      for (auto timer : Scenario<P>::kTimers) {
        if (cluster.Fire(id, timer)) {
          fired = true;
          cursor = id + 1;
          break;
        }
      }
    }
    if (!fired) return std::nullopt;  // stuck: nothing left to happen
  }
  return std::nullopt;
}

// Checks that a cluster just started elected one leader everyone knows, and
// that the callbacks and metrics say so. Returns the leader.
template <typename P>
NodeId ElectAndCheck(Cluster<P>& cluster) {
  cluster.StartAll();
  const std::optional<NodeId> leader = RunUntilAgreed(cluster);
  EXPECT_TRUE(leader.has_value());
  if (!leader.has_value()) return 0;
  EXPECT_EQ(cluster.LeaderCount(), 1);
  EXPECT_TRUE(cluster.node(*leader).is_leader());
  uint64_t longest = 0;
  for (NodeId id = 0; id < cluster.size(); ++id) {
    EXPECT_EQ(cluster.node(id).leader(), leader) << "node " << id;
    EXPECT_FALSE(cluster.node(id).campaigning()) << "node " << id;
    EXPECT_THAT(cluster.changes(id), ElementsAre(Pair(std::nullopt, *leader)))
        << "node " << id;
    const ElectionMetrics m = cluster.node(id).metrics();
    EXPECT_EQ(m.leader_changes, 1u) << "node " << id;
    EXPECT_EQ(m.elections_started, m.elections_completed + m.failed_elections);
    longest = std::max(longest, m.last_election_duration_ticks);
  }
  const ElectionMetrics sum = cluster.Sum();
  EXPECT_GE(sum.elections_started, 1u);
  EXPECT_GE(sum.elections_completed, 1u);
  EXPECT_GT(longest, 0u) << "the test ticks while nodes campaign";
  EXPECT_GE(sum.total_election_ticks, longest);
  return *leader;
}

// The required "same interface" test: one helper, two protocols. Elects,
// stops the leader, fires timers until the survivors elect another.
template <typename P>
void ElectThenFailOver() {
  Cluster<P> cluster(Scenario<P>::Config());
  const NodeId first = ElectAndCheck(cluster);
  const ElectionMetrics before = cluster.Sum();
  cluster.ClearChanges();

  cluster.Stop(first);
  EXPECT_FALSE(cluster.node(first).leader().has_value());
  EXPECT_FALSE(cluster.node(first).is_leader());
  EXPECT_THAT(cluster.changes(first), ElementsAre(Pair(first, std::nullopt)));
  EXPECT_EQ(cluster.node(first).effects().timers_cancelled(),
            (uint32_t{1} << EnumSize(typename P::Timer{})) - 1)
      << "a stopped node's service cancels all its timers";

  const std::optional<NodeId> second = RunUntilAgreed(cluster);
  ASSERT_TRUE(second.has_value());
  EXPECT_NE(*second, first);
  EXPECT_EQ(cluster.LeaderCount(), 1);
  for (NodeId id = 0; id < cluster.size(); ++id) {
    if (id == first) continue;
    EXPECT_EQ(cluster.node(id).leader(), second);
    // Losing the old leader is reported before the new one is learned.
    EXPECT_THAT(cluster.changes(id), ElementsAre(Pair(first, std::nullopt),
                                                 Pair(std::nullopt, *second)))
        << "node " << id;
    EXPECT_EQ(cluster.node(id).metrics().leader_changes, 2u);
  }
  const ElectionMetrics after = cluster.Sum();
  EXPECT_GT(after.elections_started, before.elections_started);
  EXPECT_GT(after.elections_completed, before.elections_completed);
  EXPECT_EQ(after.elections_started,
            after.elections_completed + after.failed_elections);
}

TEST(ElectionNodeTest, BullyElectsAndFailsOverThroughTheFacade) {
  ElectThenFailOver<bully::Bully>();
}

TEST(ElectionNodeTest, RaftElectsAndFailsOverThroughTheFacade) {
  ElectThenFailOver<raft::Raft>();
}

// The ring has no timers and assumes no crashes: it elects once.
TEST(ElectionNodeTest, RingElectsThroughTheFacade) {
  Cluster<ring::ChangRoberts> cluster(Scenario<ring::ChangRoberts>::Config());
  EXPECT_EQ(ElectAndCheck(cluster), 0u) << "the smallest id wins by default";
  EXPECT_EQ(cluster.Sum().elections_started, 3u) << "every node initiates";
  EXPECT_EQ(cluster.Sum().failed_elections, 0u);
}

TEST(ElectionNodeTest, BullyBestNodeWinsAndOthersWaitForIt) {
  Cluster<bully::Bully> cluster(Scenario<bully::Bully>::Config());
  EXPECT_EQ(ElectAndCheck(cluster), 2u);
  // Node 2 outranks everyone, so it wins in its start step: no time passes.
  EXPECT_EQ(cluster.node(2).metrics().last_election_duration_ticks, 0u);
  EXPECT_EQ(cluster.node(0).metrics().last_election_duration_ticks, 2u);
}

TEST(ElectionNodeTest, BullyCampaignSupersededByATimeoutFails) {
  Cluster<bully::Bully> cluster(Scenario<bully::Bully>::Config());
  cluster.Start(0);
  cluster.Start(1);
  cluster.DeliverAll();  // node 1 answers node 0; node 2 is not up yet
  EXPECT_TRUE(cluster.node(0).campaigning());
  ASSERT_TRUE(cluster.Fire(0, bully::Timer::kCoordinator));
  EXPECT_EQ(cluster.node(0).metrics().elections_started, 2u);
  EXPECT_EQ(cluster.node(0).metrics().failed_elections, 1u);
  cluster.Start(2);
  cluster.TickAll(5);
  cluster.DeliverAll();
  EXPECT_EQ(cluster.AgreedLeader(), 2u);
  const ElectionMetrics m = cluster.node(0).metrics();
  EXPECT_EQ(m.elections_completed, 1u);
  EXPECT_EQ(m.last_election_duration_ticks, 5u);
}

TEST(ElectionNodeTest, BullyRestartedBestNodeTakesOverAgain) {
  Cluster<bully::Bully> cluster(Scenario<bully::Bully>::Config());
  ASSERT_EQ(ElectAndCheck(cluster), 2u);
  cluster.Stop(2);
  ASSERT_EQ(RunUntilAgreed(cluster), 1u);
  cluster.Start(2);
  cluster.DeliverAll();
  EXPECT_EQ(cluster.AgreedLeader(), 2u);
  EXPECT_EQ(cluster.node(0).metrics().leader_changes, 3u);  // 2, 1, 2
}

TEST(ElectionNodeTest, RaftSplitVoteCountsAFailedElection) {
  Cluster<raft::Raft> cluster(Scenario<raft::Raft>::Config());
  cluster.StartAll();
  cluster.Stop(0);
  // With node 0 down, both campaign in term 1 before hearing from each
  // other and each keeps its own vote: nobody wins term 1.
  ASSERT_TRUE(cluster.Fire(1, raft::Timer::kElection));
  ASSERT_TRUE(cluster.Fire(2, raft::Timer::kElection));
  cluster.DeliverAll();
  EXPECT_FALSE(cluster.AgreedLeader().has_value());
  EXPECT_TRUE(cluster.node(1).campaigning());
  cluster.TickAll(3);
  ASSERT_TRUE(cluster.Fire(1, raft::Timer::kElection));  // term 2
  cluster.TickAll(4);
  cluster.DeliverAll();
  EXPECT_EQ(cluster.AgreedLeader(), 1u);
  const ElectionMetrics m = cluster.node(1).metrics();
  EXPECT_EQ(m.elections_started, 2u);
  EXPECT_EQ(m.failed_elections, 1u);
  EXPECT_EQ(m.elections_completed, 1u);
  EXPECT_EQ(m.last_election_duration_ticks, 4u);
  // Node 2's term-1 campaign ended when it learned node 1 leads.
  EXPECT_EQ(cluster.node(2).metrics().elections_completed, 1u);
  EXPECT_EQ(cluster.node(2).metrics().last_election_duration_ticks, 7u);
}

TEST(ElectionNodeTest, RaftPersistsBeforeTheVoteLeaves) {
  Cluster<raft::Raft> cluster(Scenario<raft::Raft>::Config());
  cluster.StartAll();
  cluster.node(0).Fire(raft::Timer::kElection);
  EXPECT_TRUE(cluster.node(0).effects().persisted());
  EXPECT_EQ(cluster.node(0).state().term, 1u);
}

TEST(ElectionNodeTest, StoppedNodeIgnoresInput) {
  ElectionNode<bully::Bully> node(Scenario<bully::Bully>::Config(), 0);
  int calls = 0;
  node.OnLeaderChange([&](auto, auto) { ++calls; });
  node.Start();
  node.Receive(2, bully::Coordinator{});
  EXPECT_EQ(node.leader(), 2u);
  node.Stop();
  EXPECT_EQ(node.metrics().failed_elections, 0u) << "it had learned a leader";
  node.Receive(1, bully::Coordinator{});
  node.Fire(bully::Timer::kLeaderCheck);
  EXPECT_TRUE(node.effects().empty());
  EXPECT_FALSE(node.leader().has_value());
  EXPECT_EQ(calls, 2);  // learned 2, then lost it at Stop
}

TEST(ElectionNodeTest, StopDuringACampaignFailsIt) {
  ElectionNode<bully::Bully> node(Scenario<bully::Bully>::Config(), 0);
  node.Start();
  ASSERT_TRUE(node.campaigning());
  node.Stop();
  const ElectionMetrics m = node.metrics();
  EXPECT_EQ(m.elections_started, 1u);
  EXPECT_EQ(m.failed_elections, 1u);
  EXPECT_FALSE(node.campaigning());
}

}  // namespace
}  // namespace stepwise::core::election
