#include "model_check/fingerprint_set.h"

#include <cassert>

namespace stepwise::mc {
namespace {

constexpr size_t kInitialSlots = 64;

size_t SlotOf(uint64_t fp, size_t mask) {
  // The top bits chose the shard; use the low bits within it.
  return static_cast<size_t>(fp) & mask;
}

}  // namespace

FingerprintSet::FingerprintSet() {
  shards_.reserve(size_t{1} << kShardBits);
  for (size_t i = 0; i < (size_t{1} << kShardBits); ++i) {
    auto shard = std::make_unique<Shard>();
    shard->slots.assign(kInitialSlots, 0);
    shards_.push_back(std::move(shard));
  }
}

bool FingerprintSet::InsertUnlocked(std::vector<uint64_t>& slots, uint64_t fp) {
  const size_t mask = slots.size() - 1;
  for (size_t i = SlotOf(fp, mask);; i = (i + 1) & mask) {
    if (slots[i] == fp) return false;
    if (slots[i] == 0) {
      slots[i] = fp;
      return true;
    }
  }
}

void FingerprintSet::Grow(Shard& shard) {
  std::vector<uint64_t> bigger(shard.slots.size() * 2, 0);
  for (uint64_t fp : shard.slots) {
    if (fp != 0) InsertUnlocked(bigger, fp);
  }
  shard.slots.swap(bigger);
}

bool FingerprintSet::Insert(uint64_t fp) {
  assert(fp != 0);
  Shard& shard = *shards_[ShardOf(fp)];
  std::lock_guard<std::mutex> lock(shard.mu);
  if (4 * (shard.count + 1) > 3 * shard.slots.size()) Grow(shard);
  if (!InsertUnlocked(shard.slots, fp)) return false;
  ++shard.count;
  return true;
}

bool FingerprintSet::Contains(uint64_t fp) const {
  const Shard& shard = *shards_[ShardOf(fp)];
  std::lock_guard<std::mutex> lock(shard.mu);
  const size_t mask = shard.slots.size() - 1;
  for (size_t i = SlotOf(fp, mask);; i = (i + 1) & mask) {
    if (shard.slots[i] == fp) return true;
    if (shard.slots[i] == 0) return false;
  }
}

size_t FingerprintSet::size() const {
  size_t total = 0;
  for (const auto& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard->mu);
    total += shard->count;
  }
  return total;
}

size_t FingerprintSet::bytes() const {
  size_t total = 0;
  for (const auto& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard->mu);
    total += shard->slots.size() * sizeof(uint64_t);
  }
  return total;
}

}  // namespace stepwise::mc
