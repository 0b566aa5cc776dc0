// What every search of the explorer shares (BFS, DFS, simulation and the
// verdict after them): the configuration and options, the visited set, one
// Worker of counters and scratch per thread, the log a counterexample is
// rebuilt from, the stop flag, and the first invariant violation found.
// Checking a newly found state's invariants and goals, and the --max-states
// limit, are here too: every search does them the same way.

#ifndef STEPWISE_MODEL_CHECK_SEARCH_CONTEXT_H_
#define STEPWISE_MODEL_CHECK_SEARCH_CONTEXT_H_

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/protocol.h"
#include "model_check/cluster.h"
#include "model_check/fingerprint_set.h"
#include "model_check/options.h"
#include "model_check/recent_fingerprints.h"
#include "model_check/semantics.h"
#include "model_check/stable_hash.h"
#include "model_check/state_fingerprints.h"
#include "model_check/trace.h"

namespace stepwise::mc {

inline constexpr uint64_t kNoParent = ~uint64_t{0};

// One entry of the log: a state's fingerprint and its parent's log id.
struct LogRecord {
  uint64_t fp;
  uint64_t parent;
};

// What one thread writes on every state, on a cache line of its own: two
// threads updating neighbouring vectors or shared counters would otherwise
// keep stealing the line from each other.
template <core::Protocol P>
struct alignas(64) Worker {
  // Written by this thread only; others read them for progress reports.
  std::atomic<uint64_t> distinct{0};
  std::atomic<uint64_t> generated{0};
  std::vector<LogRecord> log;  // (fingerprint, parent) of its states
  ClusterHasher<P> hasher;
  Cluster<P> parent;  // the state being expanded
  // The successors of the state being expanded, reused from state to state:
  // whole clusters, or with fast fingerprints their differences from the
  // parent.
  std::vector<Cluster<P>> successors;
  std::vector<SuccessorDelta<P>> deltas;
  std::vector<std::string> encodings;
  std::vector<uint64_t> fingerprints;
  // Fingerprints this thread found in or added to the visited set lately.
  RecentFingerprints recent;
  Cluster<P> renamed;  // scratch for orbit fingerprints
};

template <core::Protocol P>
struct SearchContext {
  using Config = typename P::Config;

  SearchContext(Config config_in, Options options_in)
      : config(std::move(config_in)),
        options(options_in),
        fingerprints(config, options) {
    threads = options.threads > 0
                  ? options.threads
                  : std::max(1u, std::thread::hardware_concurrency());
    if (options.mode != Mode::kBfs) threads = 1;
    workers = std::vector<Worker<P>>(threads);
  }

  // Adds to a counter that only the calling thread writes: no locked
  // read-modify-write is needed.
  static void Count(std::atomic<uint64_t>& counter, uint64_t n = 1) {
    counter.store(counter.load(std::memory_order_relaxed) + n,
                  std::memory_order_relaxed);
  }
  uint64_t Total(std::atomic<uint64_t> Worker<P>::*counter) const {
    uint64_t total = 0;
    for (const Worker<P>& w : workers) {
      total += (w.*counter).load(std::memory_order_relaxed);
    }
    return total;
  }
  uint64_t Distinct() const { return Total(&Worker<P>::distinct); }
  uint64_t Generated() const { return Total(&Worker<P>::generated); }

  // Adds `fp` to the visited set and counts it if it was not there. Either
  // way it is visited now, which the thread's cache of recent ones learns.
  bool InsertNew(Worker<P>& worker, uint64_t fp) {
    const bool is_new = visited.Insert(fp);
    worker.recent.Add(fp);
    if (is_new) Count(worker.distinct);
    return is_new;
  }

  // Appends (fp, parent) to the thread's log; returns the record's id.
  uint64_t Log(int thread, uint64_t fp, uint64_t parent) {
    auto& log = workers[thread].log;
    log.push_back({fp, parent});
    return ((log.size() - 1) << 8) | static_cast<uint64_t>(thread);
  }
  const LogRecord& Record(uint64_t id) const {
    return workers[id & 0xff].log[id >> 8];
  }

  // Checks invariants and goals on a newly found state. Returns false (and
  // records the violation) if an invariant fails.
  bool Check(const Cluster<P>& c, uint64_t id) {
    const auto view = c.View(config);
    const auto goals = P::goals();
    for (size_t g = 0; g < goals.size(); ++g) {
      if (!goal_reached[g].load(std::memory_order_relaxed) &&
          goals[g].holds(view)) {
        goal_reached[g].store(true, std::memory_order_relaxed);
      }
    }
    for (const auto& invariant : P::invariants()) {
      if (!options.Checks(invariant.name) || invariant.holds(view)) continue;
      std::lock_guard<std::mutex> lock(violation_mu);
      if (!violation_id.has_value()) {
        violation_id = id;
        violated = &invariant;
      }
      stop.store(true);
      return false;
    }
    return true;
  }

  bool Stopped() const { return stop.load(std::memory_order_relaxed); }

  // Called by the deadline (model_check/deadline.h) when --max-seconds is up.
  void StopAtTimeLimit() {
    hit_time_limit.store(true);
    stop.store(true);
  }

  bool AtStateLimit() {
    if (options.max_states == 0 || Distinct() < options.max_states) {
      return false;
    }
    hit_state_limit.store(true);
    stop.store(true);
    return true;
  }

  Config config;
  Options options;
  int threads = 1;
  StateFingerprints<P> fingerprints;
  FingerprintSet visited;
  std::vector<Worker<P>> workers;  // one per thread
  std::vector<std::atomic<bool>> goal_reached;
  std::atomic<uint64_t> queue{0};  // states waiting, for progress reports
  std::atomic<uint64_t> max_depth{0};
  // Read for every successor by every thread: on a cache line apart from the
  // counters above, which change every chunk. The members after it are
  // written rarely, or only by DFS, which runs on one thread.
  alignas(64) std::atomic<bool> stop{false};
  bool depth_bounded = false;
  std::atomic<bool> hit_state_limit{false};
  std::atomic<bool> hit_time_limit{false};
  std::string spill_error;
  std::mutex violation_mu;
  std::optional<uint64_t> violation_id;
  const core::Property<P>* violated = nullptr;
  Trace<P> simulated_trace;  // the walk that broke an invariant
  std::chrono::steady_clock::time_point start;
  Result<P> result;
};

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_SEARCH_CONTEXT_H_
