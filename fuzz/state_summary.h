// The hash behind the schedule fuzzers' state feedback (StateSummary in
// schedule_fuzzer.h): each node's interesting fields packed into one word,
// combined without regard to node order, since nodes that merely swap roles
// reach no new protocol situation.

#ifndef STEPWISE_FUZZ_STATE_SUMMARY_H_
#define STEPWISE_FUZZ_STATE_SUMMARY_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "model_check/cluster.h"

namespace stepwise::fuzz {

// `node_word(i)` packs node i's fields (the caller decides which and how
// many bits each gets).
template <typename P, typename NodeWord>
uint64_t SummarizeNodes(const mc::Cluster<P>& cluster, NodeWord node_word) {
  // Clusters have at most 16 nodes; the fixed array keeps this off the heap
  // in the fuzzer's inner loop.
  constexpr size_t kMaxSummarized = 16;
  uint64_t words[kMaxSummarized] = {};
  const size_t n = std::min(cluster.size(), kMaxSummarized);
  for (size_t i = 0; i < n; ++i) words[i] = node_word(i);
  std::sort(words, words + n);
  uint64_t hash = 0xcbf29ce484222325;  // FNV-1a over the sorted words
  for (size_t i = 0; i < n; ++i) {
    hash = (hash ^ words[i]) * 0x100000001b3;
    hash ^= hash >> 29;
  }
  return hash;
}

}  // namespace stepwise::fuzz

#endif  // STEPWISE_FUZZ_STATE_SUMMARY_H_
