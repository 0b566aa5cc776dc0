// The step an exhaustive safety run ends with: checking the liveness
// properties. Symmetry reduction is unsound for liveness, so the graph is
// built again unreduced (and kept in memory, hence the limits), and each
// selected property is looked for as a fair lasso (liveness.h). Shared by
// the explorer and by `stepwise matrix`, which runs it itself on rows whose
// sanity goal is out of reach by construction; each words its own notes.

#ifndef STEPWISE_MODEL_CHECK_LIVENESS_AFTER_RUN_H_
#define STEPWISE_MODEL_CHECK_LIVENESS_AFTER_RUN_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/protocol.h"
#include "model_check/liveness.h"
#include "model_check/options.h"
#include "model_check/trace.h"

namespace stepwise::mc {

// The unreduced liveness graph never grows past this many states (nor past
// --max-states).
inline constexpr uint64_t kMaxLivenessStates = 4'000'000;

enum class LivenessOutcome {
  kNotAsked,       // no liveness property selected, or --liveness off
  kTooManyStates,  // --liveness auto and over kAutoLivenessStates
  kGraphTooLarge,  // the unreduced graph exceeded `graph_limit`
  kChecked,        // every selected property checked, up to a violation
};

template <core::Protocol P>
struct LivenessAfterRun {
  LivenessOutcome outcome = LivenessOutcome::kNotAsked;
  uint64_t graph_limit = 0;   // the unreduced graph's state limit
  uint64_t graph_states = 0;  // the unreduced graph's states, when built
  // The properties found to hold, in order, up to the first violated one.
  std::vector<std::string> holds;
  // The first selected property that fails, with its lasso.
  std::optional<Violation<P>> violation;
};

// Checks the liveness properties `options` selects, after an exhaustive
// safety run. Under --liveness auto it gives up when `unreduced_states` (the
// caller's count of the states the unreduced graph will have) is over
// kAutoLivenessStates.
template <core::Protocol P>
LivenessAfterRun<P> CheckLivenessAfterRun(const typename P::Config& config,
                                          const Options& options,
                                          uint64_t unreduced_states) {
  LivenessAfterRun<P> out;
  if constexpr (core::HasLiveness<P>) {
    const auto properties = P::liveness();
    const bool any_checked =
        std::any_of(properties.begin(), properties.end(),
                    [&](const auto& p) { return options.Checks(p.name); });
    if (!any_checked || options.liveness == LivenessMode::kOff) return out;
    if (options.liveness == LivenessMode::kAuto &&
        unreduced_states > kAutoLivenessStates) {
      out.outcome = LivenessOutcome::kTooManyStates;
      return out;
    }
    out.graph_limit = options.max_states > 0
                          ? std::min(options.max_states, kMaxLivenessStates)
                          : kMaxLivenessStates;
    Options unreduced = options;
    unreduced.symmetry = false;
    LivenessChecker<P> checker(config, unreduced, out.graph_limit);
    if (!checker.Build()) {
      out.outcome = LivenessOutcome::kGraphTooLarge;
      return out;
    }
    out.outcome = LivenessOutcome::kChecked;
    out.graph_states = checker.size();
    for (const auto& property : properties) {
      if (!options.Checks(property.name)) continue;
      std::optional<Trace<P>> lasso = checker.Check(property);
      if (!lasso.has_value()) {
        out.holds.emplace_back(property.name);
        continue;
      }
      out.violation =
          ViolationOf<P>(ViolationKind::kLiveness, property, *std::move(lasso));
      break;
    }
  }
  return out;
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_LIVENESS_AFTER_RUN_H_
