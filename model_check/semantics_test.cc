// Successors built in place and undone are the successors built from a copy
// of the parent, in the same order, and a successor's delta rebuilds it; the
// shortcuts the explorer takes with in-place successors (SameAsParent,
// CanonicalizeTail) agree with the long way; the fast codec agrees with the
// codec on every state reached.

#include "model_check/semantics.h"

#include <deque>
#include <set>

#include "core/raft/raft.h"
#include "core/twopc/twopc.h"
#include "gtest/gtest.h"
#include "model_check/fast_codec.h"
#include "model_check/stable_hash.h"

namespace stepwise::mc {
namespace {

using core::raft::Raft;
using core::twopc::TwoPhase;

// Walks the state graph breadth-first; at every state compares the two ways
// of generating successors, encodes each successor with FastEncode and
// decodes each new one with TrustedDecode over the previous one.
template <typename P>
void CheckInPlaceMatchesCopies(typename P::Config config, Options options,
                               size_t max_states) {
  Semantics<P> copying(config, options);
  copying.set_canonicalize(false);
  Semantics<P> in_place(config, options);
  std::deque<Cluster<P>> queue;
  std::set<std::string> seen;
  for (auto c : copying.InitialClusters()) {
    Canonicalize(c, options.network == Network::kOrdered);
    queue.push_back(std::move(c));
  }
  Cluster<P> decoded;
  std::string encoded;
  SuccessorDelta<P> delta;
  Cluster<P> rebuilt;
  Cluster<P> sorted_tail;
  size_t checked = 0;
  size_t same_as_parent = 0;
  while (!queue.empty() && seen.size() < max_states) {
    const Cluster<P> c = queue.front();
    queue.pop_front();
    std::vector<std::pair<Action<P>, Cluster<P>>> expected;
    copying.ForEachSuccessor(c, [&](const Action<P>& a, Cluster<P>&& next) {
      expected.emplace_back(a, next);
    });
    size_t k = 0;
    in_place.ForEachSuccessorInPlace(
        c, [&](const Action<P>& a, const Cluster<P>& next,
               const SuccessorChange& change) {
          ASSERT_LT(k, expected.size());
          EXPECT_TRUE(a == expected[k].first);
          EXPECT_TRUE(next == expected[k].second);
          delta.Record(c, next, change);
          delta.Rebuild(c, &rebuilt);
          EXPECT_TRUE(rebuilt == next);
          // SameAsParent is exact when no message was consumed; otherwise
          // it may only say no.
          const bool same = SameAsParent(c, next, change);
          if (change.erased == SuccessorChange::kNoneErased) {
            EXPECT_EQ(same, next == c);
          } else {
            EXPECT_FALSE(same);
          }
          same_as_parent += same;
          if (options.network != Network::kOrdered) {
            sorted_tail = next;
            CanonicalizeTail(sorted_tail, change.appended_from);
            Canonicalize(rebuilt, false);
            EXPECT_TRUE(sorted_tail == rebuilt);
          }
          ++k;
          ++checked;
        });
    EXPECT_EQ(k, expected.size());
    for (auto& [action, next] : expected) {
      Canonicalize(next, options.network == Network::kOrdered);
      const std::string bytes = core::codec::Encode(next).substr(1);
      EncodeInto(next, &encoded);
      EXPECT_EQ(encoded, bytes);
      if (!seen.insert(bytes).second) continue;
      TrustedDecode(bytes, &decoded);
      EXPECT_TRUE(decoded == next);
      queue.push_back(std::move(next));
    }
  }
  EXPECT_GT(checked, 1000u);
  if (options.network == Network::kMonotone) {
    EXPECT_GT(same_as_parent, 0u);
  }
}

TEST(SemanticsTest, InPlaceSuccessorsEqualCopiedOnesForEveryFaultModel) {
  for (Network network :
       {Network::kReliable, Network::kLossy, Network::kDuplicating,
        Network::kMonotone, Network::kOrdered}) {
    CheckInPlaceMatchesCopies<TwoPhase>(
        {.rms = 3},
        {.network = network, .crashes = 1, .drops = 2, .partitions = 1}, 3000);
  }
}

TEST(SemanticsTest, InPlaceSuccessorsEqualCopiedOnesForRaftWithRequests) {
  Raft::Config config = core::raft::ModelCheckingConfig();
  config.max_term = 2;
  config.max_log_length = 2;
  CheckInPlaceMatchesCopies<Raft>(
      config,
      {.network = Network::kReliable, .crashes = 1, .drops = 1, .requests = 2},
      3000);
}

}  // namespace
}  // namespace stepwise::mc
