#include "model_check/fingerprint_set.h"

#include <cassert>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace stepwise::mc {
namespace {

constexpr size_t kInitialSlots = 64;

// Full at 80%: linear probing stays short, and growing by half then leaves
// the table 53% full.
bool Full(size_t count, size_t capacity) { return 5 * count > 4 * capacity; }

}  // namespace

void FingerprintSet::FreeSlots::operator()(std::atomic<uint64_t>* slots) const {
  std::free(slots);
}

FingerprintSet::Table::Table(size_t capacity_in) : capacity(capacity_in) {
  // Every lookup lands on a random slot, so a large table on 4 KiB pages
  // misses the TLB nearly every time. Large tables start on a 2 MiB
  // boundary and (on Linux) ask for 2 MiB pages for all their whole ones.
  constexpr size_t kHugePage = size_t{2} << 20;
  const size_t bytes = capacity * sizeof(uint64_t);
  const size_t alignment = bytes >= kHugePage ? kHugePage : 64;
  void* memory = nullptr;
  if (posix_memalign(&memory, alignment, bytes) != 0) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (alignment == kHugePage) {
    madvise(memory, bytes / kHugePage * kHugePage, MADV_HUGEPAGE);
  }
#endif
  auto* typed = static_cast<std::atomic<uint64_t>*>(memory);
  for (size_t i = 0; i < capacity; ++i)
    new (&typed[i]) std::atomic<uint64_t>(0);
  slots.reset(typed);
}

size_t FingerprintSet::Table::Home(uint64_t fp) const {
  // The top bits chose the shard; map the rest onto [0, capacity) by a
  // multiply, which needs no power-of-two capacity.
  const unsigned __int128 wide =
      static_cast<unsigned __int128>(fp << kShardBits);
  return static_cast<size_t>((wide * capacity) >> 64);
}

bool FingerprintSet::Table::Find(uint64_t fp) const {
  for (size_t i = Home(fp);; i = i + 1 == capacity ? 0 : i + 1) {
    const uint64_t slot = slots[i].load(std::memory_order_relaxed);
    if (slot == fp) return true;
    if (slot == 0) return false;
  }
}

void FingerprintSet::Place(const Table& table, uint64_t fp) {
  for (size_t i = table.Home(fp);; i = i + 1 == table.capacity ? 0 : i + 1) {
    if (table.slots[i].load(std::memory_order_relaxed) == 0) {
      table.slots[i].store(fp, std::memory_order_relaxed);
      return;
    }
  }
}

FingerprintSet::FingerprintSet() {
  shards_.reserve(size_t{1} << kShardBits);
  for (size_t i = 0; i < (size_t{1} << kShardBits); ++i) {
    auto shard = std::make_unique<Shard>();
    shard->tables.push_back(std::make_unique<Table>(kInitialSlots));
    shard->table.store(shard->tables.back().get(), std::memory_order_release);
    shards_.push_back(std::move(shard));
  }
}

void FingerprintSet::Grow(Shard& shard) {
  const Table& old = *shard.tables.back();
  auto bigger = std::make_unique<Table>(old.capacity + old.capacity / 2);
  for (size_t i = 0; i < old.capacity; ++i) {
    const uint64_t fp = old.slots[i].load(std::memory_order_relaxed);
    if (fp != 0) Place(*bigger, fp);
  }
  // Release: a reader that sees the new table sees everything copied in.
  shard.table.store(bigger.get(), std::memory_order_release);
  shard.tables.push_back(std::move(bigger));
}

bool FingerprintSet::Insert(uint64_t fp) {
  assert(fp != 0);
  Shard& shard = *shards_[ShardOf(fp)];
  if (shard.table.load(std::memory_order_acquire)->Find(fp)) return false;
  std::lock_guard<std::mutex> lock(shard.mu);
  if (Full(shard.count + 1, shard.tables.back()->capacity)) Grow(shard);
  const Table& table = *shard.tables.back();
  if (table.Find(fp)) return false;
  Place(table, fp);
  ++shard.count;
  return true;
}

bool FingerprintSet::Contains(uint64_t fp) const {
  return shards_[ShardOf(fp)]->table.load(std::memory_order_acquire)->Find(fp);
}

void FingerprintSet::ReleaseRetiredTables() {
  for (auto& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard->mu);
    shard->tables.erase(shard->tables.begin(), shard->tables.end() - 1);
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
    total += shard->tables.back()->capacity * sizeof(uint64_t);
  }
  return total;
}

}  // namespace stepwise::mc
