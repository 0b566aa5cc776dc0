// Byte-driven runs of a cluster, for schedule fuzzers and property tests.
//
// The input bytes are a schedule: each step reads one byte and takes that
// successor (modulo how many there are) of the current state, under the same
// Semantics the model checker uses. Every invariant is checked after every
// step, so a violating input is a counterexample, returned as a Trace that
// `stepwise replay` reproduces.

#ifndef STEPWISE_MODEL_CHECK_SCHEDULE_H_
#define STEPWISE_MODEL_CHECK_SCHEDULE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/protocol.h"
#include "model_check/semantics.h"
#include "model_check/trace.h"

namespace stepwise::mc {

template <typename P>
struct ScheduleOutcome {
  Trace<P> trace;  // the run as far as it went
  std::optional<Violation<P>> violation;
  size_t steps = 0;
};

// Runs the schedule in `bytes` for at most `max_steps` steps.
template <core::Protocol P>
ScheduleOutcome<P> RunSchedule(const typename P::Config& config,
                               const Options& options,
                               std::span<const uint8_t> bytes,
                               size_t max_steps) {
  Semantics<P> sem(config, options);
  ScheduleOutcome<P> outcome;
  const std::vector<Cluster<P>> initial = sem.InitialClusters();
  size_t next_byte = 0;
  auto take = [&](size_t choices) -> size_t {
    const uint8_t byte = next_byte < bytes.size() ? bytes[next_byte] : 0;
    ++next_byte;
    return choices == 0 ? 0 : byte % choices;
  };
  outcome.trace.states.push_back(initial[take(initial.size())]);
  std::vector<std::pair<Action<P>, Cluster<P>>> successors;
  while (true) {
    const Cluster<P>& current = outcome.trace.states.back();
    for (const auto& invariant : P::invariants()) {
      if (invariant.holds(current.View(config))) continue;
      Violation<P> violation;
      violation.kind = ViolationKind::kInvariant;
      violation.property = std::string(invariant.name);
      violation.description = std::string(invariant.description);
      outcome.violation = std::move(violation);
      outcome.violation->trace = outcome.trace;
      return outcome;
    }
    if (outcome.steps >= max_steps || next_byte >= bytes.size() ||
        !sem.WithinBounds(current)) {
      return outcome;
    }
    successors.clear();
    sem.ForEachSuccessor(current, [&](const Action<P>& a, Cluster<P>&& next) {
      successors.emplace_back(a, std::move(next));
    });
    if (successors.empty()) return outcome;
    auto& [action, next] = successors[take(successors.size())];
    outcome.trace.actions.push_back(action);
    outcome.trace.states.push_back(std::move(next));
    ++outcome.steps;
  }
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_SCHEDULE_H_
