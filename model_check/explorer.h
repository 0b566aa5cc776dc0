// The explicit-state explorer: breadth-first (shortest counterexamples),
// depth-first, or random simulation, over every interleaving the cluster's
// semantics allow.
//
// States are stored as canonical encodings; the visited set holds only their
// 64-bit fingerprints. A log of (fingerprint, parent) per state lets a
// counterexample be rebuilt by re-executing from the initial state, so every
// printed trace is a real run of the shipped step functions.
//
// This file is the front: each part has a header of its own.
//   search_context.h     the state every search shares: options, visited
//                        set, per-thread workers and counters, log, stop flag
//   state_fingerprints.h fingerprints of states and, under --symmetry, orbits
//   expand.h             successor generation (BFS and DFS)
//   bfs.h, dfs.h, simulation.h   the three searches
//   progress.h           progress reports while a search runs
//   verdict.h            the Result: counterexample, verdict, liveness notes
//   liveness_after_run.h the liveness step after an exhaustive run
//
// Thread-safety: Run() may use several threads internally; an Explorer object
// itself is used from one thread.

#ifndef STEPWISE_MODEL_CHECK_EXPLORER_H_
#define STEPWISE_MODEL_CHECK_EXPLORER_H_

#include <atomic>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/protocol.h"
#include "model_check/bfs.h"
#include "model_check/deadline.h"
#include "model_check/dfs.h"
#include "model_check/explore.h"
#include "model_check/options.h"
#include "model_check/progress.h"
#include "model_check/search_context.h"
#include "model_check/simulation.h"
#include "model_check/state_fingerprints.h"
#include "model_check/trace.h"
#include "model_check/verdict.h"

namespace stepwise::mc {

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
    case core::Needs::kTwoRequests:
      return options.requests < 2 ? "needs --requests 2" : "";
  }
  return "";
}

// Protocols with goals that a configuration or a network puts out of reach
// (beyond the budgets `Needs` names) declare
//   static std::string_view goal_out_of_reach(std::string_view goal,
//                                             const Config&, const Options&);
// returning the reason ("needs --candidates 2"), or "" when it is reachable:
// the goal is then reported not applicable instead of calling the model
// vacuous.
template <typename P>
concept HasGoalReach =
    requires(std::string_view goal, const typename P::Config& config,
             const Options& options) {
      {
        P::goal_out_of_reach(goal, config, options)
      } -> std::convertible_to<std::string_view>;
    };

template <typename P>
std::string GoalNotApplicableReason(const core::Property<P>& goal,
                                    const typename P::Config& config,
                                    const Options& options) {
  std::string reason = NotApplicableReason(goal.needs, options);
  if constexpr (HasGoalReach<P>) {
    if (reason.empty()) {
      reason = std::string(P::goal_out_of_reach(goal.name, config, options));
    }
  }
  return reason;
}

template <core::Protocol P>
class Explorer {
 public:
  using Config = typename P::Config;

  Explorer(Config config, Options options) : ctx_(std::move(config), options) {}

  Result<P> Run() {
    ctx_.start = std::chrono::steady_clock::now();
    ctx_.result.threads = ctx_.threads;
    for (const auto& goal : P::goals()) {
      ctx_.result.goals.push_back(
          {std::string(goal.name), std::string(goal.description), false,
           GoalNotApplicableReason<P>(goal, ctx_.config, ctx_.options)});
    }
    ctx_.goal_reached = std::vector<std::atomic<bool>>(P::goals().size());
    ProgressReporter<P> progress(ctx_);
    Deadline<P> deadline(ctx_);
    switch (ctx_.options.mode) {
      case Mode::kBfs:
        RunBfs(ctx_);
        break;
      case Mode::kDfs:
        RunDfs(ctx_);
        break;
      case Mode::kSimulate:
        RunSimulate(ctx_);
        break;
    }
    deadline.Stop();
    progress.Stop();
    Finish(ctx_);
    return std::move(ctx_.result);
  }

  // Whether symmetry reduction was requested but cannot be applied.
  static bool SymmetryTooLarge(const Config& config) {
    return StateFingerprints<P>::SymmetryTooLarge(config);
  }

 private:
  SearchContext<P> ctx_;
};

// The definitions explore.h declares: any protocol may use them through this
// header; the listed ones are compiled once in stepwise_listed_checks.
template <core::Protocol P>
Result<P> Explore(const typename P::Config& config, const Options& options) {
  return Explorer<P>(config, options).Run();
}

template <core::Protocol P>
bool SymmetryTooLarge(const typename P::Config& config) {
  return Explorer<P>::SymmetryTooLarge(config);
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_EXPLORER_H_
