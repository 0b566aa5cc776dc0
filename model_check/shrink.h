// Shortens a counterexample: removes steps (faults and client requests
// included) while what is left still re-executes through the shipped step
// functions and still violates the same invariant first.
//
// Breadth-first search already finds shortest counterexamples; random walks
// (--mode simulate), depth-first search and the schedule fuzzers do not, and
// their traces carry every detour the walk took. The search is delta
// debugging over the list of actions (Zeller's ddmin, one-sided): try
// leaving out each chunk of steps, halving the chunk size until single
// steps, and keep any candidate that still fails. A candidate is re-executed
// with the model checker's own Semantics::Apply, so an action whose message
// was never sent, or whose node is down, makes the candidate invalid rather
// than changing its meaning. Each kept candidate is also cut at its first
// violating state, so a shrunk trace ends where the invariant first fails.
//
// Liveness counterexamples are lassos (the loop must return to a recorded
// state) and are left as they are.

#ifndef STEPWISE_MODEL_CHECK_SHRINK_H_
#define STEPWISE_MODEL_CHECK_SHRINK_H_

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/protocol.h"
#include "model_check/options.h"
#include "model_check/semantics.h"
#include "model_check/trace.h"

namespace stepwise::mc {

// Re-executions one shrink may spend. Each costs at most one step per
// action of the trace, so a 1,000-step fuzzer trace stays under a few
// seconds; a search that runs out keeps the shortest failure found.
inline constexpr size_t kMaxShrinkReplays = 20'000;

template <typename P>
struct Shrunk {
  Trace<P> trace;             // the shortest failing run found
  size_t replays = 0;         // candidate runs re-executed
  bool budget_spent = false;  // stopped at max_replays, maybe not minimal
};

namespace internal {

// Re-executes `actions` from `initial` and returns the run up to the first
// state that violates an invariant, if that invariant is `property`. Returns
// nullopt when an action is not enabled where it comes, when another
// invariant fails first, or when nothing fails.
template <core::Protocol P>
std::optional<Trace<P>> FailingPrefix(Semantics<P>& semantics,
                                      const typename P::Config& config,
                                      const Options& options,
                                      const Cluster<P>& initial,
                                      const std::vector<Action<P>>& actions,
                                      std::string_view property) {
  // The name of the first checked invariant `c` violates, empty if none.
  auto first_violated = [&](const Cluster<P>& c) -> std::string_view {
    const auto view = c.View(config);
    for (const auto& invariant : P::invariants()) {
      if (options.Checks(invariant.name) && !invariant.holds(view)) {
        return invariant.name;
      }
    }
    return {};
  };
  Trace<P> run;
  run.states.push_back(initial);
  for (size_t i = 0;; ++i) {
    const std::string_view violated = first_violated(run.states.back());
    if (!violated.empty()) {
      if (violated != property) return std::nullopt;
      return run;
    }
    if (i == actions.size()) return std::nullopt;
    absl::StatusOr<Cluster<P>> next =
        semantics.Apply(run.states.back(), actions[i]);
    if (!next.ok()) return std::nullopt;
    run.actions.push_back(actions[i]);
    run.states.push_back(*std::move(next));
  }
}

}  // namespace internal

// The run `actions` make from `initial`, up to its first violation, if that
// violation is of `property`: the test ShrinkTrace puts each candidate to.
template <core::Protocol P>
std::optional<Trace<P>> Reproduce(const typename P::Config& config,
                                  const Options& options,
                                  const Cluster<P>& initial,
                                  const std::vector<Action<P>>& actions,
                                  std::string_view property) {
  Semantics<P> semantics(config, options);
  return internal::FailingPrefix<P>(semantics, config, options, initial,
                                    actions, property);
}

// Shortens `trace`, a run from an initial state whose last state violates
// the invariant `property`.
// REQUIRES: replaying `trace` violates `property` first (as the model
// checker's and the fuzzers' traces do); otherwise it is returned unchanged.
template <core::Protocol P>
Shrunk<P> ShrinkTrace(const typename P::Config& config, const Options& options,
                      const Trace<P>& trace, std::string_view property,
                      size_t max_replays) {
  Shrunk<P> shrunk;
  shrunk.trace = trace;
  if (trace.states.empty() || trace.loop_back.has_value()) return shrunk;
  Semantics<P> semantics(config, options);
  const Cluster<P>& initial = trace.states.front();
  auto attempt = [&](const std::vector<Action<P>>& actions) {
    ++shrunk.replays;
    return internal::FailingPrefix<P>(semantics, config, options, initial,
                                      actions, property);
  };
  std::optional<Trace<P>> best = attempt(trace.actions);
  if (!best.has_value()) return shrunk;
  for (size_t chunk = std::max<size_t>(best->actions.size() / 2, 1);;) {
    // Leave out [start, start + chunk) at each start; after a success the
    // same start is tried again on the shorter run.
    bool removed = false;
    for (size_t start = 0; start < best->actions.size();) {
      if (shrunk.replays >= max_replays) {
        shrunk.budget_spent = true;
        shrunk.trace = *std::move(best);
        return shrunk;
      }
      std::vector<Action<P>> candidate;
      candidate.reserve(best->actions.size());
      const size_t end = std::min(start + chunk, best->actions.size());
      for (size_t i = 0; i < best->actions.size(); ++i) {
        if (i < start || i >= end) candidate.push_back(best->actions[i]);
      }
      if (std::optional<Trace<P>> shorter = attempt(candidate)) {
        best = std::move(shorter);
        removed = true;
      } else {
        start += chunk;
      }
    }
    // Single steps are retried until none can go: leaving one out can make
    // an earlier one removable. Each pass that removes something shortens
    // the run, so this ends.
    if (chunk == 1 && !removed) break;
    chunk = std::max<size_t>(chunk / 2, 1);
  }
  shrunk.trace = *std::move(best);
  return shrunk;
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_SHRINK_H_
