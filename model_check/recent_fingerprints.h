// A small per-thread cache of fingerprints known to be in the visited set.
//
// In breadth-first order, states expanded one after another are often
// siblings, and siblings share successors (a then b, b then a). Most of a
// state's successors were therefore seen a moment ago by the same thread. A
// lookup in the shared visited set, far larger than the cache, costs a
// memory access; one in this table stays in the core's own cache.
//
// Direct-mapped: a fingerprint replaces whatever shared its slot, so a
// Contains() that returns true is always right, and one that returns false
// only means "ask the visited set".

#ifndef STEPWISE_MODEL_CHECK_RECENT_FINGERPRINTS_H_
#define STEPWISE_MODEL_CHECK_RECENT_FINGERPRINTS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace stepwise::mc {

class RecentFingerprints {
 public:
  // 2^15 slots: 256 KiB, which stays in a core's L2 cache. Larger tables
  // caught few more duplicates on two-phase commit and Raft.
  static constexpr int kDefaultBits = 15;

  explicit RecentFingerprints(int bits = kDefaultBits)
      : slots_(size_t{1} << bits, 0), mask_((size_t{1} << bits) - 1) {}

  // REQUIRES (both): fp != 0, which marks an empty slot.
  bool Contains(uint64_t fp) const { return slots_[fp & mask_] == fp; }
  void Add(uint64_t fp) { slots_[fp & mask_] = fp; }

 private:
  // Indexed by the low bits: the visited set's shards and slots use the
  // high ones.
  std::vector<uint64_t> slots_;
  size_t mask_;
};

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_RECENT_FINGERPRINTS_H_
