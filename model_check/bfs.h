// Breadth-first search, the explorer's default and the only parallel one:
// finds the shortest counterexample. Levels go one after another; within a
// level the threads take chunks of the frontier and write the next level's
// chunks, which spill to disk past --memory.

#ifndef STEPWISE_MODEL_CHECK_BFS_H_
#define STEPWISE_MODEL_CHECK_BFS_H_

#include <barrier>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/protocol.h"
#include "model_check/expand.h"
#include "model_check/frontier.h"
#include "model_check/search_context.h"
#include "model_check/semantics.h"

namespace stepwise::mc {

// Bytes of frontier chunks that may stay in memory: unlimited without
// --memory, else what the budget leaves after the visited set and the log.
template <core::Protocol P>
size_t FrontierBudget(const SearchContext<P>& ctx) {
  if (ctx.options.memory_gb <= 0) return SIZE_MAX;
  const double budget = ctx.options.memory_gb * 1024.0 * 1024.0 * 1024.0;
  const double used = static_cast<double>(ctx.visited.bytes()) +
                      static_cast<double>(ctx.Distinct()) * sizeof(LogRecord);
  return used >= budget ? 0 : static_cast<size_t>(budget - used);
}

// A private directory for frontier chunks, removed when the run ends.
template <core::Protocol P>
std::string MakeSpillDir(SearchContext<P>& ctx) {
  if (ctx.options.memory_gb <= 0) return "";
  std::string pattern =
      (std::filesystem::temp_directory_path() / "stepwise-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    ctx.result.notes.push_back("cannot create a spill directory in " +
                               std::filesystem::temp_directory_path().string() +
                               "; the frontier stays in memory");
    return "";
  }
  return pattern;
}

// Runs work(0) .. work(threads - 1), each on a thread of its own (one thread:
// on the caller's).
template <typename Work>
void RunThreads(int threads, Work& work) {
  if (threads == 1) {
    work(0);
    return;
  }
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work, t);
  for (auto& thread : pool) thread.join();
}

template <core::Protocol P>
void RunBfs(SearchContext<P>& ctx) {
  // Small enough that every thread gets work on all but the first levels.
  constexpr size_t kChunkBytes = 64 << 10;
  const std::string spill_dir = MakeSpillDir(ctx);
  auto budget = [&ctx] { return FrontierBudget(ctx); };
  // One file prefix per level: a level is read while the next one spills.
  auto spill_prefix = [&spill_dir](uint32_t depth) {
    return spill_dir.empty() ? std::string()
                             : spill_dir + "/level-" + std::to_string(depth);
  };
  auto current = std::make_unique<Frontier>(spill_prefix(1), budget);
  std::unique_ptr<Frontier> next;
  uint64_t spilled = 0;
  Semantics<P> semantics(ctx.config, ctx.options);
  Batch initial;
  if (!SeedInitialStates(ctx, semantics, initial)) return;
  if (!initial.empty()) ctx.max_depth = 1;
  current->Seal(std::move(initial));
  uint32_t depth = 1;
  bool done = false;
  // Run between levels, by one thread while the others wait.
  auto start_level = [&] {
    done = ctx.Stopped() || current->states() == 0;
    if (done) return;
    ctx.queue.store(current->states());
    next = std::make_unique<Frontier>(spill_prefix(depth + 1), budget);
  };
  auto finish_level = [&]() noexcept {
    ctx.visited.ReleaseRetiredTables();
    for (const Frontier* frontier : {current.get(), next.get()}) {
      if (!frontier->status().ok() && ctx.spill_error.empty()) {
        ctx.spill_error = std::string(frontier->status().message());
        ctx.stop.store(true);
      }
    }
    spilled += current->spilled_chunks();
    if (next->states() > 0) ctx.max_depth = depth + 1;
    current = std::move(next);
    ++depth;
    start_level();
  };
  start_level();
  std::barrier level_done(ctx.threads, finish_level);
  // The threads live for the whole run, so that each one's scratch memory
  // comes from its own allocator arena: threads made afresh for every
  // level were handed each other's arenas, and one thread's scratch could
  // then share a cache line with another's, which slowed some whole runs
  // by a fifth.
  auto work = [&](int thread) {
    Semantics<P> sem(ctx.config, ctx.options);
    Batch out;
    while (!done) {
      while (!ctx.Stopped()) {
        std::optional<Batch> chunk = current->Take(thread);
        if (!chunk.has_value()) break;
        // The queue length is only for progress reports: one update per
        // chunk keeps threads off a shared line.
        ctx.queue.fetch_sub(chunk->items.size(), std::memory_order_relaxed);
        for (const FrontierItem& item : chunk->items) {
          if (ctx.Stopped()) break;
          Expand(ctx, sem, thread, chunk->Bytes(item), item.id, depth + 1, out);
          if (out.MemoryBytes() >= kChunkBytes) {
            next->Seal(std::move(out), thread);
            out = Batch();
          }
        }
      }
      next->Seal(std::move(out), thread);
      out = Batch();
      level_done.arrive_and_wait();
    }
  };
  RunThreads(ctx.threads, work);
  spilled += current->spilled_chunks();
  current.reset();
  if (spilled > 0) {
    ctx.result.notes.push_back(
        "the frontier outgrew --memory: " + std::to_string(spilled) +
        " chunks went through " + spill_dir);
  }
  if (!spill_dir.empty()) std::filesystem::remove_all(spill_dir);
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_BFS_H_
