#include "model_check/stable_hash.h"

#include <deque>
#include <set>

#include "core/twopc/twopc.h"
#include "gtest/gtest.h"
#include "model_check/ping_pong_for_test.h"
#include "model_check/semantics.h"

namespace stepwise::mc {
namespace {

using core::twopc::TwoPhase;

// Walks the state graph breadth-first and checks, on every successor, that
// the incremental fingerprint equals the full one and does not depend on the
// order of the network.
template <typename P>
void CheckIncrementalMatchesFull(typename P::Config config, Options options,
                                 size_t max_states) {
  Semantics<P> sem(config, options);
  sem.set_canonicalize(false);
  std::deque<Cluster<P>> queue;
  std::set<uint64_t> seen;
  for (const auto& c : sem.InitialClusters()) queue.push_back(c);
  ClusterHasher<P> hasher;
  size_t checked = 0;
  while (!queue.empty() && seen.size() < max_states) {
    Cluster<P> c = queue.front();
    queue.pop_front();
    hasher.Reset(c);
    sem.ForEachSuccessor(c, [&](const Action<P>& action, Cluster<P>&& next) {
      const uint64_t incremental = hasher.Successor(action, next);
      ASSERT_EQ(incremental, ClusterHasher<P>::Full(next));
      Cluster<P> sorted = next;
      Canonicalize(sorted, false);
      ASSERT_EQ(incremental, ClusterHasher<P>::Full(sorted));
      ++checked;
      if (seen.insert(incremental).second) queue.push_back(std::move(sorted));
    });
  }
  EXPECT_GT(checked, 1000u);
}

TEST(StableHashTest, IncrementalEqualsFullForEveryFaultModel) {
  for (Network network : {Network::kReliable, Network::kLossy,
                          Network::kDuplicating, Network::kMonotone}) {
    CheckIncrementalMatchesFull<TwoPhase>(
        {.rms = 3},
        {.network = network, .crashes = 1, .drops = 2, .partitions = 1}, 3000);
  }
  for (auto bug : {core::twopc::Bug::kVolatileDecision,
                   core::twopc::Bug::kVolatilePrepare}) {
    CheckIncrementalMatchesFull<TwoPhase>(
        {.rms = 2, .bug = bug}, {.network = Network::kReliable, .crashes = 2},
        3000);
  }
}

TEST(StableHashTest, DifferentClustersGetDifferentFingerprints) {
  Semantics<TwoPhase> sem({.rms = 2}, {.network = Network::kReliable});
  Cluster<TwoPhase> a = sem.InitialClusters()[0];
  Cluster<TwoPhase> b = a;
  b.states[1].rm = core::twopc::RmState::kAborted;
  EXPECT_NE(ClusterHasher<TwoPhase>::Full(a), ClusterHasher<TwoPhase>::Full(b));
  Cluster<TwoPhase> c = a;
  c.network.push_back({1, 0, core::twopc::Prepared{}});
  Cluster<TwoPhase> d = c;
  d.network.push_back({1, 0, core::twopc::Prepared{}});  // a second copy
  EXPECT_NE(ClusterHasher<TwoPhase>::Full(c), ClusterHasher<TwoPhase>::Full(d));
  EXPECT_NE(ClusterHasher<TwoPhase>::Full(a), ClusterHasher<TwoPhase>::Full(c));
  Cluster<TwoPhase> e = a;
  e.crashes_left = 1;
  EXPECT_NE(ClusterHasher<TwoPhase>::Full(a), ClusterHasher<TwoPhase>::Full(e));
}

}  // namespace
}  // namespace stepwise::mc
