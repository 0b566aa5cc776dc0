// What a search's end turns into: its Result. Fills in the counters, rebuilds
// an invariant violation's counterexample from the log (by re-executing from
// the initial state, so every printed trace is a real run of the shipped
// step functions), decides the verdict (violation, vacuous model,
// incomplete, ok) and, after an exhaustive run, runs the liveness step
// (liveness_after_run.h) and words its notes.

#ifndef STEPWISE_MODEL_CHECK_VERDICT_H_
#define STEPWISE_MODEL_CHECK_VERDICT_H_

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/protocol.h"
#include "model_check/action.h"
#include "model_check/cluster.h"
#include "model_check/liveness_after_run.h"
#include "model_check/options.h"
#include "model_check/search_context.h"
#include "model_check/semantics.h"
#include "model_check/shrink.h"
#include "model_check/trace.h"

namespace stepwise::mc {

// Rebuilds the run to the state logged as `id`: follows the parents to an
// initial state, then re-executes, at each step taking the first successor
// with the logged fingerprint.
template <core::Protocol P>
Trace<P> Reconstruct(const SearchContext<P>& ctx, uint64_t id) {
  std::vector<uint64_t> fps;
  for (uint64_t at = id; at != kNoParent; at = ctx.Record(at).parent) {
    fps.push_back(ctx.Record(at).fp);
  }
  std::reverse(fps.begin(), fps.end());
  Semantics<P> sem(ctx.config, ctx.options);
  Trace<P> trace;
  for (const Cluster<P>& c : sem.InitialClusters()) {
    if (ctx.fingerprints.FingerprintOf(c) == fps[0]) {
      trace.states.push_back(c);
      break;
    }
  }
  assert(!trace.states.empty());
  for (size_t k = 1; k < fps.size(); ++k) {
    std::optional<std::pair<Action<P>, Cluster<P>>> found;
    sem.ForEachSuccessor(
        trace.states.back(), [&](const Action<P>& a, Cluster<P>&& next) {
          if (found || ctx.fingerprints.FingerprintOf(next) != fps[k]) return;
          found.emplace(a, std::move(next));
        });
    assert(found.has_value());
    trace.actions.push_back(std::move(found->first));
    trace.states.push_back(std::move(found->second));
  }
  return trace;
}

// The liveness step after an exhaustive run, into ctx.result.
template <core::Protocol P>
void CheckLiveness(SearchContext<P>& ctx) {
  // The liveness graph is built unreduced: under symmetry a reduced state
  // may stand for up to |group| states.
  const size_t group = ctx.fingerprints.symmetry().size();
  const uint64_t unreduced_bound =
      ctx.Distinct() * std::max<uint64_t>(1, group);
  LivenessAfterRun<P> liveness =
      CheckLivenessAfterRun<P>(ctx.config, ctx.options, unreduced_bound);
  Result<P>& result = ctx.result;
  switch (liveness.outcome) {
    case LivenessOutcome::kNotAsked:
      return;
    case LivenessOutcome::kTooManyStates:
      result.notes.push_back("liveness not checked: more than " +
                             std::to_string(kAutoLivenessStates) +
                             (group == 0
                                  ? std::string(" states")
                                  : " states, counting each reduced state as " +
                                        std::to_string(group)) +
                             " (use --liveness on to force it)");
      return;
    case LivenessOutcome::kGraphTooLarge:
      result.notes.push_back(
          "liveness not checked: the unreduced state graph exceeds " +
          std::to_string(liveness.graph_limit) + " states");
      return;
    case LivenessOutcome::kChecked:
      break;
  }
  if (ctx.options.symmetry) {
    result.notes.push_back(
        "liveness was checked on the unreduced graph (" +
        std::to_string(liveness.graph_states) +
        " states): symmetry reduction is unsound for liveness");
  }
  result.notes.push_back(
      "liveness holds only within the protocol's bounds and fault "
      "budgets, under weak fairness of deliveries, timers, starts, "
      "restarts and heals");
  for (std::string& name : liveness.holds) {
    result.liveness_checked.push_back(std::move(name));
  }
  if (liveness.violation.has_value()) {
    result.violation = *std::move(liveness.violation);
    result.verdict = Verdict::kViolation;
  }
}

// Turns the finished search into ctx.result.
template <core::Protocol P>
void Finish(SearchContext<P>& ctx) {
  Result<P>& result = ctx.result;
  const auto end = std::chrono::steady_clock::now();
  result.seconds = std::chrono::duration<double>(end - ctx.start).count();
  result.distinct_states = ctx.Distinct();
  result.generated_states = ctx.Generated();
  result.max_depth = ctx.max_depth;
  result.visited_bytes = ctx.visited.bytes();
  for (size_t g = 0; g < result.goals.size(); ++g) {
    result.goals[g].reached = ctx.goal_reached[g].load();
  }
  if (ctx.violated != nullptr) {
    Trace<P> trace = ctx.options.mode == Mode::kSimulate
                         ? std::move(ctx.simulated_trace)
                         : Reconstruct(ctx, *ctx.violation_id);
    // Breadth-first traces are shortest already; a random walk's or a
    // depth-first path is shortened (model_check/shrink.h).
    if (ctx.options.mode != Mode::kBfs) {
      const size_t steps = trace.actions.size();
      Shrunk<P> shrunk = ShrinkTrace<P>(ctx.config, ctx.options, trace,
                                        ctx.violated->name, kMaxShrinkReplays);
      if (shrunk.trace.actions.size() < steps) {
        result.notes.push_back(
            absl::StrCat("counterexample shrunk from ", steps, " to ",
                         shrunk.trace.actions.size(), " steps (",
                         shrunk.replays, " re-executions",
                         shrunk.budget_spent ? ", budget spent" : "", ")"));
        trace = std::move(shrunk.trace);
      }
    }
    result.violation = ViolationOf<P>(ViolationKind::kInvariant, *ctx.violated,
                                      std::move(trace));
    result.verdict = Verdict::kViolation;
    return;
  }
  std::string incomplete_reason;
  if (!ctx.spill_error.empty()) {
    incomplete_reason =
        "spilling the frontier to disk failed: " + ctx.spill_error;
  } else if (ctx.hit_time_limit.load()) {
    incomplete_reason = "stopped at --max-seconds";
  } else if (ctx.hit_state_limit.load()) {
    incomplete_reason = std::string(kStoppedAtMaxStates);
  } else if (ctx.depth_bounded) {
    incomplete_reason = "dfs stopped at --depth";
  } else if (ctx.options.mode == Mode::kSimulate) {
    incomplete_reason = "random simulation is not exhaustive";
  }
  const bool exhaustive = incomplete_reason.empty();
  if (!exhaustive) {
    result.verdict = Verdict::kIncomplete;
    result.incomplete_reason = incomplete_reason;
  }
  for (const GoalStatus& goal : result.goals) {
    if (goal.reached || !goal.not_applicable.empty()) continue;
    // An unreached sanity goal means the model is vacuous (or, when the run
    // was not exhaustive, possibly just unexplored).
    if (exhaustive) {
      Violation<P> violation;
      violation.kind = ViolationKind::kVacuous;
      violation.property = goal.name;
      violation.description = goal.description;
      result.violation = std::move(violation);
      result.verdict = Verdict::kViolation;
      return;
    }
  }
  if (exhaustive) CheckLiveness(ctx);
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_VERDICT_H_
