// The breadth-first frontier: one level's states, as encoded clusters in
// chunks. Past a memory budget, sealed chunks are written to a spill
// directory and read back when their turn comes, so a level larger than
// memory slows the run down instead of failing it.
//
// Thread-safety: Seal() and Take() may be called from any thread.

#ifndef STEPWISE_MODEL_CHECK_FRONTIER_H_
#define STEPWISE_MODEL_CHECK_FRONTIER_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace stepwise::mc {

struct FrontierItem {
  uint64_t id;      // the state's log id (for counterexamples)
  uint64_t offset;  // into Batch::bytes
  uint32_t length;
  uint32_t depth;
};

// States written by one thread, encoded back to back.
struct Batch {
  std::string bytes;
  std::vector<FrontierItem> items;

  void Add(uint64_t id, std::string_view encoded, uint32_t depth) {
    items.push_back(
        {id, bytes.size(), static_cast<uint32_t>(encoded.size()), depth});
    bytes.append(encoded);
  }
  std::string_view Bytes(const FrontierItem& item) const {
    return std::string_view(bytes).substr(item.offset, item.length);
  }
  size_t MemoryBytes() const {
    return bytes.size() + items.size() * sizeof(FrontierItem);
  }
  bool empty() const { return items.empty(); }
};

class Frontier {
 public:
  // `in_memory_budget` returns how many bytes of chunks may stay in memory
  // right now (it changes as the visited set grows). Spilled chunks are
  // written to `spill_prefix`-N.chunk, whose directory must exist; frontiers
  // alive at the same time need different prefixes (the explorer reads one
  // level while it spills the next). An empty prefix never spills.
  Frontier(std::string spill_prefix, std::function<size_t()> in_memory_budget);
  ~Frontier();
  Frontier(const Frontier&) = delete;
  Frontier& operator=(const Frontier&) = delete;

  // Adds a chunk made by thread `producer`; writes it to disk if memory is
  // over budget.
  void Seal(Batch batch, int producer = 0);
  // Removes and returns some chunk, reading it back from disk if needed.
  // Chunks that thread `taker` made come first: siblings share many
  // successors, and the thread that made them has those in its caches.
  std::optional<Batch> Take(int taker = 0);

  uint64_t states() const { return states_.load(); }
  uint64_t spilled_chunks() const { return spilled_total_.load(); }
  // The first error writing or reading a spill file, if any.
  absl::Status status() const;

 private:
  struct Spilled {
    std::string path;
    size_t items;
  };
  void KeepInMemory(Batch batch, int producer);  // REQUIRES: mu_ held
  absl::Status Write(const Batch& batch, const std::string& path);
  absl::Status Read(const std::string& path, Batch* batch);

  std::string spill_prefix_;
  std::function<size_t()> in_memory_budget_;
  mutable std::mutex mu_;
  std::vector<std::deque<Batch>> in_memory_;  // by producer
  std::deque<Spilled> on_disk_;
  size_t memory_bytes_ = 0;
  uint64_t next_file_ = 0;
  std::atomic<uint64_t> states_{0};
  std::atomic<uint64_t> spilled_total_{0};
  absl::Status status_;
};

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_FRONTIER_H_
