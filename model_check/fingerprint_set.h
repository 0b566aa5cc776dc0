// The visited set: 64-bit fingerprints in sharded open-addressing tables.
//
// A shard is chosen by the fingerprint's top bits and owns its own lock and
// table, so threads rarely contend, and the same split by fingerprint can
// later place shards in different processes. A table grows by doubling when
// it is 3/4 full, so the set costs 10.7 to 21.3 bytes per state.

#ifndef STEPWISE_MODEL_CHECK_FINGERPRINT_SET_H_
#define STEPWISE_MODEL_CHECK_FINGERPRINT_SET_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace stepwise::mc {

class FingerprintSet {
 public:
  static constexpr int kShardBits = 6;

  FingerprintSet();
  FingerprintSet(const FingerprintSet&) = delete;
  FingerprintSet& operator=(const FingerprintSet&) = delete;

  // Returns true if `fp` was not in the set. REQUIRES: fp != 0.
  bool Insert(uint64_t fp);
  bool Contains(uint64_t fp) const;

  size_t size() const;
  size_t bytes() const;

  static size_t ShardOf(uint64_t fp) { return fp >> (64 - kShardBits); }

 private:
  struct Shard {
    mutable std::mutex mu;
    std::vector<uint64_t> slots;  // 0 marks an empty slot
    size_t count = 0;
  };
  static void Grow(Shard& shard);
  static bool InsertUnlocked(std::vector<uint64_t>& slots, uint64_t fp);

  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_FINGERPRINT_SET_H_
