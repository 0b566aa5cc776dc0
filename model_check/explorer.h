// The explicit-state explorer: breadth-first (shortest counterexamples),
// depth-first, or random simulation, over every interleaving the cluster's
// semantics allow.
//
// States are stored as canonical encodings; the visited set holds only their
// 64-bit fingerprints. A log of (fingerprint, parent) per state lets a
// counterexample be rebuilt by re-executing from the initial state, so every
// printed trace is a real run of the shipped step functions.
//
// Thread-safety: Run() may use several threads internally; an Explorer object
// itself is used from one thread.

#ifndef STEPWISE_MODEL_CHECK_EXPLORER_H_
#define STEPWISE_MODEL_CHECK_EXPLORER_H_

#include <algorithm>
#include <atomic>
#include <barrier>
#include <cassert>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/codec/codec.h"
#include "core/protocol.h"
#include "model_check/cluster.h"
#include "model_check/fast_codec.h"
#include "model_check/fingerprint.h"
#include "model_check/fingerprint_set.h"
#include "model_check/frontier.h"
#include "model_check/liveness.h"
#include "model_check/options.h"
#include "model_check/recent_fingerprints.h"
#include "model_check/semantics.h"
#include "model_check/stable_hash.h"
#include "model_check/trace.h"

namespace stepwise::mc {

inline constexpr uint64_t kNoParent = ~uint64_t{0};
// More interchangeable nodes than this make full symmetry reduction (which
// tries every permutation) too slow to be worth it.
inline constexpr size_t kMaxSymmetricNodes = 7;

// Empty when a goal needing `needs` is reachable under `options`; otherwise
// the option that would make it so.
inline std::string NotApplicableReason(core::Needs needs,
                                       const Options& options) {
  switch (needs) {
    case core::Needs::kNothing:
      return "";
    case core::Needs::kCrashes:
      return options.crashes == 0 ? "needs --crashes" : "";
    case core::Needs::kClientRequests:
      return options.requests == 0 ? "needs --requests" : "";
  }
  return "";
}

template <core::Protocol P>
class Explorer {
 public:
  using Config = typename P::Config;

  Explorer(Config config, Options options)
      : config_(std::move(config)), options_(options) {
    threads_ = options_.threads > 0
                   ? options_.threads
                   : std::max(1u, std::thread::hardware_concurrency());
    if (options_.mode != Mode::kBfs) threads_ = 1;
    if constexpr (core::SymmetricProtocol<P>) {
      if (options_.symmetry) {
        symmetry_ =
            SymmetryGroup(P::node_count(config_), P::symmetric_nodes(config_));
      }
    }
    workers_ = std::vector<Worker>(threads_);
  }

  Result<P> Run() {
    start_ = std::chrono::steady_clock::now();
    result_.threads = threads_;
    for (const auto& goal : P::goals()) {
      result_.goals.push_back({std::string(goal.name),
                               std::string(goal.description), false,
                               NotApplicableReason(goal.needs, options_)});
    }
    goal_reached_ = std::vector<std::atomic<bool>>(P::goals().size());
    std::thread progress;
    if (options_.progress_seconds > 0 && !options_.quiet) {
      progress = std::thread([this] { ReportProgress(); });
    }
    switch (options_.mode) {
      case Mode::kBfs:
        RunBfs();
        break;
      case Mode::kDfs:
        RunDfs();
        break;
      case Mode::kSimulate:
        RunSimulate();
        break;
    }
    {
      std::lock_guard<std::mutex> lock(progress_mu_);
      finished_ = true;
    }
    progress_cv_.notify_all();
    if (progress.joinable()) progress.join();
    Finish();
    return std::move(result_);
  }

  // Whether symmetry reduction was requested but cannot be applied.
  static bool SymmetryTooLarge(const Config& config) {
    if constexpr (core::SymmetricProtocol<P>) {
      return P::symmetric_nodes(config).size() > kMaxSymmetricNodes;
    } else {
      return false;
    }
  }

 private:
  struct LogRecord {
    uint64_t fp;
    uint64_t parent;
  };

  // What one thread writes on every state, on a cache line of its own: two
  // threads updating neighbouring vectors or shared counters would otherwise
  // keep stealing the line from each other.
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

  // --- Shared helpers ------------------------------------------------------

  // Writes the encoding of the cluster's orbit representative to `out`.
  void CanonicalBytes(const Cluster<P>& c, std::string* out) const {
    if constexpr (core::SymmetricProtocol<P>) {
      if (symmetry_.empty()) return EncodeInto(c, out);
      std::string encoded;
      out->clear();
      for (const auto& perm : symmetry_) {
        Cluster<P> renamed = Permute(c, perm);
        Canonicalize(renamed, options_.network == Network::kOrdered);
        EncodeInto(renamed, &encoded);
        if (out->empty() || encoded < *out) out->swap(encoded);
      }
    } else {
      EncodeInto(c, out);
    }
  }

  // Unordered networks without symmetry use the cheap order-free
  // fingerprint; with symmetry, orbit fingerprints built from it; ordered
  // networks the fingerprint of the canonical encoding.
  bool FastFingerprints() const {
    return symmetry_.empty() && options_.network != Network::kOrdered;
  }
  // Under symmetry on an unordered network a state's fingerprint is its
  // orbit's: the sum of the order-free fingerprints of all its renamings,
  // mixed. Every member of an orbit has the same renamings, so the same
  // sum; a sum of them all (unlike their minimum) stays uniform, so the
  // collision estimate still holds. Nothing is sorted, encoded or compared,
  // and the frontier keeps the state itself: any member of an orbit stands
  // for the others.
  bool OrbitFingerprints() const {
    return !symmetry_.empty() && options_.network != Network::kOrdered;
  }
  uint64_t OrbitFingerprint(const Cluster<P>& c, Cluster<P>* renamed) const {
    // symmetry_[0] is the identity (SymmetryGroup): `c` itself, uncopied.
    uint64_t sum = UnorderedFingerprint(c);
    for (size_t k = 1; k < symmetry_.size(); ++k) {
      PermuteInto(c, symmetry_[k], renamed);
      sum += UnorderedFingerprint(*renamed);
    }
    const uint64_t fp = Mix64(sum);
    return fp == 0 ? 1 : fp;
  }
  // The fingerprint of `c`, whose network need not be sorted. `scratch`
  // receives the canonical encoding when the fingerprint needs one, and
  // `renamed` the renamings of an orbit fingerprint.
  uint64_t FingerprintOf(Cluster<P>& c, std::string* scratch,
                         Cluster<P>* renamed) const {
    if (FastFingerprints()) return UnorderedFingerprint(c);
    if constexpr (core::SymmetricProtocol<P>) {
      if (OrbitFingerprints()) return OrbitFingerprint(c, renamed);
    }
    Canonicalize(c, options_.network == Network::kOrdered);
    CanonicalBytes(c, scratch);
    return Fingerprint(*scratch);
  }
  uint64_t FingerprintOf(const Cluster<P>& c) const {
    Cluster<P> copy = c;
    Cluster<P> renamed;
    std::string scratch;
    return FingerprintOf(copy, &scratch, &renamed);
  }
  // What the frontier keeps of a new state, whose fingerprint was just
  // taken: on an unordered network the state itself, sorted; on an ordered
  // one the encoding the fingerprint was made from (already in `bytes`).
  void FrontierBytes(Cluster<P>& c, std::string* bytes) const {
    if (options_.network == Network::kOrdered) return;
    Canonicalize(c, /*ordered_links=*/false);
    EncodeInto(c, bytes);
  }

  // Decodes a frontier entry (written by this explorer, so well formed) into
  // `out`, whose vectors keep their storage: no allocation once warm.
  static void DecodeClusterInto(std::string_view bytes, Cluster<P>* out) {
    TrustedDecode(bytes, out);
  }

  // Adds to a counter that only the calling thread writes: no locked
  // read-modify-write is needed.
  static void Count(std::atomic<uint64_t>& counter, uint64_t n = 1) {
    counter.store(counter.load(std::memory_order_relaxed) + n,
                  std::memory_order_relaxed);
  }
  uint64_t Total(std::atomic<uint64_t> Worker::*counter) const {
    uint64_t total = 0;
    for (const Worker& w : workers_) {
      total += (w.*counter).load(std::memory_order_relaxed);
    }
    return total;
  }
  uint64_t Distinct() const { return Total(&Worker::distinct); }
  uint64_t Generated() const { return Total(&Worker::generated); }

  // Adds `fp` to the visited set and counts it if it was not there. Either
  // way it is visited now, which the thread's cache of recent ones learns.
  bool InsertNew(Worker& worker, uint64_t fp) {
    const bool is_new = visited_.Insert(fp);
    worker.recent.Add(fp);
    if (is_new) Count(worker.distinct);
    return is_new;
  }

  uint64_t Log(int thread, uint64_t fp, uint64_t parent) {
    auto& log = workers_[thread].log;
    log.push_back({fp, parent});
    return ((log.size() - 1) << 8) | static_cast<uint64_t>(thread);
  }
  const LogRecord& Record(uint64_t id) const {
    return workers_[id & 0xff].log[id >> 8];
  }

  // Checks invariants and goals on a newly found state. Returns false (and
  // records the violation) if an invariant fails.
  bool Check(const Cluster<P>& c, uint64_t id) {
    const auto view = c.View(config_);
    const auto goals = P::goals();
    for (size_t g = 0; g < goals.size(); ++g) {
      if (!goal_reached_[g].load(std::memory_order_relaxed) &&
          goals[g].holds(view)) {
        goal_reached_[g].store(true, std::memory_order_relaxed);
      }
    }
    for (const auto& invariant : P::invariants()) {
      if (!options_.Checks(invariant.name) || invariant.holds(view)) continue;
      std::lock_guard<std::mutex> lock(violation_mu_);
      if (!violation_id_.has_value()) {
        violation_id_ = id;
        violated_ = &invariant;
      }
      stop_.store(true);
      return false;
    }
    return true;
  }

  bool Stopped() const { return stop_.load(std::memory_order_relaxed); }

  bool AtStateLimit() {
    if (options_.max_states == 0 || Distinct() < options_.max_states) {
      return false;
    }
    hit_state_limit_.store(true);
    stop_.store(true);
    return true;
  }

  // --- Breadth-first ---------------------------------------------------------

  // Bytes of frontier chunks that may stay in memory: unlimited without
  // --memory, else what the budget leaves after the visited set and the log.
  size_t FrontierBudget() const {
    if (options_.memory_gb <= 0) return SIZE_MAX;
    const double budget = options_.memory_gb * 1024.0 * 1024.0 * 1024.0;
    const double used = static_cast<double>(visited_.bytes()) +
                        static_cast<double>(Distinct()) * sizeof(LogRecord);
    return used >= budget ? 0 : static_cast<size_t>(budget - used);
  }

  // A private directory for frontier chunks, removed when the run ends.
  std::string MakeSpillDir() {
    if (options_.memory_gb <= 0) return "";
    std::string pattern =
        (std::filesystem::temp_directory_path() / "stepwise-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      result_.notes.push_back("cannot create a spill directory in " +
                              std::filesystem::temp_directory_path().string() +
                              "; the frontier stays in memory");
      return "";
    }
    return pattern;
  }

  // Records every distinct initial state at depth 1 in `out`. Returns false
  // if one of them already violates an invariant.
  bool SeedInitialStates(Semantics<P>& sem, Batch& out) {
    for (const Cluster<P>& c : sem.InitialClusters()) {
      Count(workers_[0].generated);
      Cluster<P> copy = c;
      std::string bytes;
      const uint64_t fp = FingerprintOf(copy, &bytes, &workers_[0].renamed);
      if (!InsertNew(workers_[0], fp)) continue;
      const uint64_t id = Log(0, fp, kNoParent);
      if (!Check(c, id)) return false;
      FrontierBytes(copy, &bytes);
      out.Add(id, bytes, 1);
    }
    return true;
  }

  void RunBfs() {
    // Small enough that every thread gets work on all but the first levels.
    constexpr size_t kChunkBytes = 64 << 10;
    const std::string spill_dir = MakeSpillDir();
    auto budget = [this] { return FrontierBudget(); };
    // One file prefix per level: a level is read while the next one spills.
    auto spill_prefix = [&spill_dir](uint32_t depth) {
      return spill_dir.empty() ? std::string()
                               : spill_dir + "/level-" + std::to_string(depth);
    };
    auto current = std::make_unique<Frontier>(spill_prefix(1), budget);
    std::unique_ptr<Frontier> next;
    uint64_t spilled = 0;
    Semantics<P> semantics(config_, options_);
    Batch initial;
    if (!SeedInitialStates(semantics, initial)) return;
    if (!initial.empty()) max_depth_ = 1;
    current->Seal(std::move(initial));
    uint32_t depth = 1;
    bool done = false;
    // Run between levels, by one thread while the others wait.
    auto start_level = [&] {
      done = Stopped() || current->states() == 0;
      if (done) return;
      queue_.store(current->states());
      next = std::make_unique<Frontier>(spill_prefix(depth + 1), budget);
    };
    auto finish_level = [&]() noexcept {
      visited_.ReleaseRetiredTables();
      for (const Frontier* frontier : {current.get(), next.get()}) {
        if (!frontier->status().ok() && spill_error_.empty()) {
          spill_error_ = std::string(frontier->status().message());
          stop_.store(true);
        }
      }
      spilled += current->spilled_chunks();
      if (next->states() > 0) max_depth_ = depth + 1;
      current = std::move(next);
      ++depth;
      start_level();
    };
    start_level();
    std::barrier level_done(threads_, finish_level);
    // The threads live for the whole run, so that each one's scratch memory
    // comes from its own allocator arena: threads made afresh for every
    // level were handed each other's arenas, and one thread's scratch could
    // then share a cache line with another's, which slowed some whole runs
    // by a fifth.
    auto work = [&](int thread) {
      Semantics<P> sem(config_, options_);
      Batch out;
      while (!done) {
        while (!Stopped()) {
          std::optional<Batch> chunk = current->Take(thread);
          if (!chunk.has_value()) break;
          // The queue length is only for progress reports: one update per
          // chunk keeps threads off a shared line.
          queue_.fetch_sub(chunk->items.size(), std::memory_order_relaxed);
          for (const FrontierItem& item : chunk->items) {
            if (Stopped()) break;
            Expand(sem, thread, chunk->Bytes(item), item.id, depth + 1, out);
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
    RunThreads(work);
    spilled += current->spilled_chunks();
    current.reset();
    if (spilled > 0) {
      result_.notes.push_back(
          "the frontier outgrew --memory: " + std::to_string(spilled) +
          " chunks went through " + spill_dir);
    }
    if (!spill_dir.empty()) std::filesystem::remove_all(spill_dir);
  }

  // Generates every successor of one state first and then looks them up:
  // a lookup is a cache miss in a set far larger than the cache, and
  // prefetching all of a state's slots lets those misses overlap.
  void Expand(Semantics<P>& sem, int thread, std::string_view bytes,
              uint64_t parent, uint32_t depth, Batch& out) {
    Worker& worker = workers_[thread];
    DecodeClusterInto(bytes, &worker.parent);
    const Cluster<P>& c = worker.parent;
    if (!sem.WithinBounds(c)) return;
    if (FastFingerprints()) {
      ExpandInPlace(sem, thread, parent, depth, out);
      return;
    }
    uint64_t generated = 0;
    size_t pending = 0;
    sem.set_canonicalize(false);
    sem.ForEachSuccessor(c, [&](const Action<P>&, Cluster<P>&& next) {
      ++generated;
      if (pending == worker.successors.size()) {
        worker.successors.emplace_back();
        worker.encodings.emplace_back();
      }
      if (pending == worker.fingerprints.size()) {
        worker.fingerprints.emplace_back();
      }
      const uint64_t fp =
          FingerprintOf(next, &worker.encodings[pending], &worker.renamed);
      if (worker.recent.Contains(fp)) return;
      visited_.Prefetch(fp);
      worker.fingerprints[pending] = fp;
      // A swap, not a copy: the semantics' scratch storage and ours trade
      // buffers, so neither allocates once warm.
      std::swap(worker.successors[pending], next);
      ++pending;
    });
    Count(worker.generated, generated);
    for (size_t k = 0; k < pending && !Stopped(); ++k) {
      const uint64_t fp = worker.fingerprints[k];
      if (!InsertNew(worker, fp)) continue;
      const uint64_t id = Log(thread, fp, parent);
      if (!Check(worker.successors[k], id)) return;
      if (AtStateLimit()) return;
      FrontierBytes(worker.successors[k], &worker.encodings[k]);
      out.Add(id, worker.encodings[k], depth);
    }
  }

  // Expand with order-free fingerprints: a successor's fingerprint needs only
  // what its action changed, so successors are built in place and kept as
  // differences from the parent; only the new ones are built whole.
  void ExpandInPlace(Semantics<P>& sem, int thread, uint64_t parent,
                     uint32_t depth, Batch& out) {
    Worker& worker = workers_[thread];
    const Cluster<P>& c = worker.parent;
    worker.hasher.Reset(c);
    uint64_t generated = 0;
    size_t pending = 0;
    sem.ForEachSuccessorInPlace(
        c, [&](const Action<P>& action, const Cluster<P>& next,
               const SuccessorChange& change) {
          ++generated;
          // A step that changed nothing leads back to the parent, which is
          // visited: skip the shared set for it.
          if (SameAsParent(c, next, change)) return;
          const uint64_t fp = worker.hasher.Successor(action, next);
          if (fp == worker.hasher.parent_fingerprint()) return;
          if (worker.recent.Contains(fp)) return;
          visited_.Prefetch(fp);
          if (pending == worker.deltas.size()) worker.deltas.emplace_back();
          if (pending == worker.fingerprints.size()) {
            worker.fingerprints.emplace_back();
          }
          worker.fingerprints[pending] = fp;
          worker.deltas[pending].Record(c, next, change);
          ++pending;
        });
    Count(worker.generated, generated);
    if (worker.successors.empty()) {
      worker.successors.emplace_back();
      worker.encodings.emplace_back();
    }
    Cluster<P>& next = worker.successors[0];
    std::string& encoded = worker.encodings[0];
    for (size_t k = 0; k < pending && !Stopped(); ++k) {
      const uint64_t fp = worker.fingerprints[k];
      if (!InsertNew(worker, fp)) continue;
      const uint64_t id = Log(thread, fp, parent);
      worker.deltas[k].Rebuild(c, &next);
      // The parent's network is canonical; its successor's differs at the
      // end only.
      CanonicalizeTail(next, worker.deltas[k].change.appended_from);
      EncodeInto(next, &encoded);
      if (!Check(next, id)) return;
      if (AtStateLimit()) return;
      out.Add(id, encoded, depth);
    }
  }

  template <typename Work>
  void RunThreads(Work& work) {
    if (threads_ == 1) {
      work(0);
      return;
    }
    std::vector<std::thread> pool;
    for (int t = 0; t < threads_; ++t) pool.emplace_back(work, t);
    for (auto& thread : pool) thread.join();
  }

  // --- Depth-first -----------------------------------------------------------

  void RunDfs() {
    Semantics<P> sem(config_, options_);
    Batch stack;  // used as a stack: items are popped from the back
    if (!SeedInitialStates(sem, stack)) return;
    max_depth_ = stack.items.empty() ? 0 : 1;
    const uint64_t bound = options_.depth;
    for (uint64_t popped = 1; !stack.items.empty() && !Stopped(); ++popped) {
      if (popped % 65536 == 0) visited_.ReleaseRetiredTables();
      const FrontierItem item = stack.items.back();
      stack.items.pop_back();
      const std::string bytes(stack.Bytes(item));
      stack.bytes.resize(item.offset);
      queue_.store(stack.items.size());
      max_depth_ = std::max<uint64_t>(max_depth_, item.depth);
      if (bound > 0 && item.depth >= bound) {
        depth_bounded_ = true;
        continue;
      }
      Expand(sem, 0, bytes, item.id, item.depth + 1, stack);
    }
  }

  // --- Random simulation -----------------------------------------------------

  void RunSimulate() {
    Semantics<P> sem(config_, options_);
    const std::vector<Cluster<P>> initial = sem.InitialClusters();
    const uint64_t depth = options_.depth > 0 ? options_.depth : 100;
    // Only the chosen successor is built: ForEachAction lists the actions in
    // ForEachSuccessor's order, and Apply builds the one picked.
    std::vector<Action<P>> menu;
    for (uint64_t walk = 0; walk < options_.walks && !Stopped(); ++walk) {
      visited_.ReleaseRetiredTables();
      std::mt19937_64 rng(options_.seed * 0x9e3779b97f4a7c15ULL + walk);
      Trace<P> trace;
      trace.states.push_back(initial[rng() % initial.size()]);
      for (uint64_t step = 0;; ++step) {
        const Cluster<P>& c = trace.states.back();
        Count(workers_[0].generated);
        InsertNew(workers_[0], FingerprintOf(c));
        max_depth_ = std::max<uint64_t>(max_depth_, trace.states.size());
        if (!Check(c, 0)) {
          simulated_trace_ = std::move(trace);
          return;
        }
        if (step == depth || !sem.WithinBounds(c)) break;
        menu.clear();
        sem.ForEachAction(c, [&](const Action<P>& a) { menu.push_back(a); });
        if (menu.empty()) break;
        const Action<P>& action = menu[rng() % menu.size()];
        absl::StatusOr<Cluster<P>> next = sem.Apply(c, action);
        assert(next.ok());  // every listed action is enabled
        trace.actions.push_back(action);
        trace.states.push_back(*std::move(next));
      }
    }
  }

  // --- Results ---------------------------------------------------------------

  Trace<P> Reconstruct(uint64_t id) {
    std::vector<uint64_t> fps;
    for (uint64_t at = id; at != kNoParent; at = Record(at).parent) {
      fps.push_back(Record(at).fp);
    }
    std::reverse(fps.begin(), fps.end());
    Semantics<P> sem(config_, options_);
    Trace<P> trace;
    for (const Cluster<P>& c : sem.InitialClusters()) {
      if (FingerprintOf(c) == fps[0]) {
        trace.states.push_back(c);
        break;
      }
    }
    assert(!trace.states.empty());
    for (size_t k = 1; k < fps.size(); ++k) {
      std::optional<std::pair<Action<P>, Cluster<P>>> found;
      sem.ForEachSuccessor(trace.states.back(),
                           [&](const Action<P>& a, Cluster<P>&& next) {
                             if (found || FingerprintOf(next) != fps[k]) return;
                             found.emplace(a, std::move(next));
                           });
      assert(found.has_value());
      trace.actions.push_back(std::move(found->first));
      trace.states.push_back(std::move(found->second));
    }
    return trace;
  }

  void Finish() {
    const auto end = std::chrono::steady_clock::now();
    result_.seconds = std::chrono::duration<double>(end - start_).count();
    result_.distinct_states = Distinct();
    result_.generated_states = Generated();
    result_.max_depth = max_depth_;
    result_.visited_bytes = visited_.bytes();
    for (size_t g = 0; g < result_.goals.size(); ++g) {
      result_.goals[g].reached = goal_reached_[g].load();
    }
    if (violated_ != nullptr) {
      result_.violation = ViolationOf<P>(ViolationKind::kInvariant, *violated_,
                                         options_.mode == Mode::kSimulate
                                             ? std::move(simulated_trace_)
                                             : Reconstruct(*violation_id_));
      result_.verdict = Verdict::kViolation;
      return;
    }
    std::string incomplete_reason;
    if (!spill_error_.empty()) {
      incomplete_reason =
          "spilling the frontier to disk failed: " + spill_error_;
    } else if (hit_state_limit_.load()) {
      incomplete_reason = "stopped at --max-states";
    } else if (depth_bounded_) {
      incomplete_reason = "dfs stopped at --depth";
    } else if (options_.mode == Mode::kSimulate) {
      incomplete_reason = "random simulation is not exhaustive";
    }
    const bool exhaustive = incomplete_reason.empty();
    if (!exhaustive) {
      result_.verdict = Verdict::kIncomplete;
      result_.incomplete_reason = incomplete_reason;
    }
    for (const GoalStatus& goal : result_.goals) {
      if (goal.reached || !goal.not_applicable.empty()) continue;
      // An unreached sanity goal means the model is vacuous (or, when the run
      // was not exhaustive, possibly just unexplored).
      if (exhaustive) {
        Violation<P> violation;
        violation.kind = ViolationKind::kVacuous;
        violation.property = goal.name;
        violation.description = goal.description;
        result_.violation = std::move(violation);
        result_.verdict = Verdict::kViolation;
        return;
      }
    }
    if (exhaustive) CheckLiveness();
  }

  // Returns false (with the violation recorded) if a liveness property fails.
  bool CheckLiveness() {
    if constexpr (core::HasLiveness<P>) {
      const auto properties = P::liveness();
      const bool any_checked =
          std::any_of(properties.begin(), properties.end(),
                      [&](const auto& p) { return options_.Checks(p.name); });
      if (!any_checked || options_.liveness == LivenessMode::kOff) {
        return true;
      }
      // The liveness graph is built unreduced: under symmetry a reduced
      // state may stand for up to |group| states.
      const uint64_t unreduced_bound =
          Distinct() * std::max<uint64_t>(1, symmetry_.size());
      if (options_.liveness == LivenessMode::kAuto &&
          unreduced_bound > kAutoLivenessStates) {
        result_.notes.push_back(
            "liveness not checked: more than " +
            std::to_string(kAutoLivenessStates) +
            (symmetry_.empty() ? std::string(" states")
                               : " states, counting each reduced state as " +
                                     std::to_string(symmetry_.size())) +
            " (use --liveness on to force it)");
        return true;
      }
      constexpr uint64_t kMaxLivenessStates = 4'000'000;
      const uint64_t limit =
          options_.max_states > 0
              ? std::min(options_.max_states, kMaxLivenessStates)
              : kMaxLivenessStates;
      Options options = options_;
      options.symmetry = false;
      LivenessChecker<P> checker(config_, options, limit);
      if (!checker.Build()) {
        result_.notes.push_back(
            "liveness not checked: the unreduced state graph exceeds " +
            std::to_string(limit) + " states");
        return true;
      }
      if (options_.symmetry) {
        result_.notes.push_back(
            "liveness was checked on the unreduced graph (" +
            std::to_string(checker.size()) +
            " states): symmetry reduction is unsound for liveness");
      }
      result_.notes.push_back(
          "liveness holds only within the protocol's bounds and fault "
          "budgets, under weak fairness of deliveries, timers, starts, "
          "restarts and heals");
      for (const auto& property : properties) {
        if (!options_.Checks(property.name)) continue;
        auto lasso = checker.Check(property);
        if (!lasso.has_value()) {
          result_.liveness_checked.emplace_back(property.name);
          continue;
        }
        result_.violation = ViolationOf<P>(ViolationKind::kLiveness, property,
                                           *std::move(lasso));
        result_.verdict = Verdict::kViolation;
        return false;
      }
    }
    return true;
  }

  void ReportProgress() {
    std::unique_lock<std::mutex> lock(progress_mu_);
    const auto period =
        std::chrono::duration<double>(options_.progress_seconds);
    uint64_t last = 0;
    auto last_time = std::chrono::steady_clock::now();
    while (!progress_cv_.wait_for(lock, period, [this] { return finished_; })) {
      const auto now = std::chrono::steady_clock::now();
      const uint64_t distinct = Distinct();
      const double rate =
          (distinct - last) /
          std::max(1e-9,
                   std::chrono::duration<double>(now - last_time).count());
      std::fprintf(stderr,
                   "progress: %llu distinct states, %llu generated, queue %llu,"
                   " depth %llu, %.0f states/s\n",
                   static_cast<unsigned long long>(distinct),
                   static_cast<unsigned long long>(Generated()),
                   static_cast<unsigned long long>(queue_.load()),
                   static_cast<unsigned long long>(max_depth_.load()), rate);
      last = distinct;
      last_time = now;
    }
  }

  Config config_;
  Options options_;
  int threads_ = 1;
  std::vector<std::vector<NodeId>> symmetry_;
  FingerprintSet visited_;
  std::vector<Worker> workers_;  // one per thread
  std::vector<std::atomic<bool>> goal_reached_;
  std::atomic<uint64_t> queue_{0};
  std::atomic<uint64_t> max_depth_{0};
  // Read for every successor by every thread: on a cache line apart from the
  // counters above, which change every chunk. The members after it are
  // written rarely, or only by DFS, which runs on one thread.
  alignas(64) std::atomic<bool> stop_{false};
  bool depth_bounded_ = false;
  std::atomic<bool> hit_state_limit_{false};
  std::string spill_error_;
  std::mutex violation_mu_;
  std::optional<uint64_t> violation_id_;
  const core::Property<P>* violated_ = nullptr;
  Trace<P> simulated_trace_;
  std::mutex progress_mu_;
  std::condition_variable progress_cv_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_;
  Result<P> result_;
};

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_EXPLORER_H_
