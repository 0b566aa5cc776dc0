// The visited set: 64-bit fingerprints in sharded open-addressing tables.
//
// A shard is chosen by the fingerprint's top bits and owns its own table, so
// the same split by fingerprint can later place shards in different
// processes. Most inserts of a model-checking run find a state already seen;
// those read the table without taking any lock. Only a miss takes the
// shard's lock, to look again and insert.
//
// A table holds at most 80% fingerprints and grows by half when full, so the
// set costs 10 to 15 bytes per state (8 / 0.8 and 8 / 0.533). A table that
// grew is kept until ReleaseRetiredTables(), because a reader may still be
// probing it; entries found there are still in the set, and a miss there is
// checked again under the lock.

#ifndef STEPWISE_MODEL_CHECK_FINGERPRINT_SET_H_
#define STEPWISE_MODEL_CHECK_FINGERPRINT_SET_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace stepwise::mc {

class FingerprintSet {
 public:
  // Few shards: a lock is taken only to insert a new state, and large
  // tables can use 2 MiB pages.
  static constexpr int kShardBits = 4;

  FingerprintSet();
  FingerprintSet(const FingerprintSet&) = delete;
  FingerprintSet& operator=(const FingerprintSet&) = delete;

  // Returns true if `fp` was not in the set. Thread-safe. REQUIRES: fp != 0.
  bool Insert(uint64_t fp);
  bool Contains(uint64_t fp) const;
  // Starts loading the slot where `fp` would be, so that a later Insert or
  // Contains finds it in the cache.
  void Prefetch(uint64_t fp) const {
    const Table* table =
        shards_[ShardOf(fp)]->table.load(std::memory_order_acquire);
    __builtin_prefetch(&table->slots[table->Home(fp)]);
  }

  // Frees the tables that growth replaced. REQUIRES: no concurrent call.
  void ReleaseRetiredTables();

  size_t size() const;
  // Bytes of the current tables (retired ones not counted).
  size_t bytes() const;

  static size_t ShardOf(uint64_t fp) { return fp >> (64 - kShardBits); }

 private:
  struct FreeSlots {
    void operator()(std::atomic<uint64_t>* slots) const;
  };
  // Read on every lookup and written only when made: aligned so that no
  // written neighbour shares its cache line.
  struct alignas(64) Table {
    explicit Table(size_t capacity);
    size_t capacity;
    // 0 marks an empty slot.
    std::unique_ptr<std::atomic<uint64_t>[], FreeSlots> slots;

    size_t Home(uint64_t fp) const;
    // Whether `fp` is there; reads without a lock.
    bool Find(uint64_t fp) const;
  };
  struct Shard {
    // Read on every lookup. The lock and count below are written on every
    // insert, by any thread: on the same cache line, each insert would make
    // the other threads' next lookups in this shard miss the cache.
    alignas(64) std::atomic<const Table*> table{nullptr};
    alignas(64) mutable std::mutex mu;  // held to insert and to grow
    size_t count = 0;
    // The current table last; those before it are retired.
    std::vector<std::unique_ptr<Table>> tables;
  };
  static void Grow(Shard& shard);
  static void Place(const Table& table, uint64_t fp);

  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_FINGERPRINT_SET_H_
