// `stepwise shrink`: a trace file replayed, shortened by ShrinkTrace
// (model_check/shrink.h) and written anew with the same configuration,
// options and violated invariant.

#ifndef STEPWISE_MODEL_CHECK_SHRINK_TRACE_FILE_H_
#define STEPWISE_MODEL_CHECK_SHRINK_TRACE_FILE_H_

#include <cassert>
#include <cstddef>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "core/protocol.h"
#include "model_check/json.h"
#include "model_check/replay.h"
#include "model_check/shrink.h"
#include "model_check/trace.h"
#include "model_check/trace_format.h"

namespace stepwise::mc {

struct ShrinkOutcome {
  // 0: `trace` holds the shortened trace file; 2: the file cannot be shrunk
  // (it does not replay, violates nothing, or is a liveness lasso).
  int exit_code = 0;
  std::string message;
  Json trace;
  size_t steps_before = 0;
  size_t steps_after = 0;
};

// The trace file `trace`, shortened; the message says by how much, or why
// it cannot be.
template <core::Protocol P>
ShrinkOutcome ShrinkTraceFile(const Json& trace) {
  auto fail = [](std::string message) {
    return ShrinkOutcome{2, std::move(message), Json(nullptr), 0, 0};
  };
  const Json& violation = trace.value("violation", Json(nullptr));
  if (violation.is_object() && violation.value("kind", "") == "liveness") {
    return fail(
        "a liveness counterexample is a lasso that must return to a recorded "
        "state; shrink shortens invariant violations only");
  }
  absl::StatusOr<RecordedTrace<P>> recorded = ReadTrace<P>(trace);
  if (!recorded.ok()) return fail(std::string(recorded.status().message()));
  const ReplayOutcome replayed = Replay<P>(trace, *recorded);
  if (replayed.exit_code == 2) return fail(replayed.message);
  if (replayed.exit_code == 0) {
    return fail("the trace violates no invariant: nothing to shrink");
  }
  const core::Property<P>* property = nullptr;
  for (const auto& invariant : P::invariants()) {
    if (invariant.name == replayed.property) property = &invariant;
  }
  assert(property != nullptr);  // Replay named one of P's invariants
  const Shrunk<P> shrunk =
      ShrinkTrace<P>(recorded->config, recorded->options, recorded->trace,
                     property->name, kMaxShrinkReplays);
  const Violation<P> shortened =
      ViolationOf<P>(ViolationKind::kInvariant, *property, shrunk.trace);
  ShrinkOutcome outcome;
  outcome.steps_before = recorded->trace.actions.size();
  outcome.steps_after = shrunk.trace.actions.size();
  outcome.trace = TraceJson<P>(recorded->config, recorded->options,
                               shortened.trace, &shortened);
  outcome.message = absl::StrCat(
      "invariant ", replayed.property, ": ", outcome.steps_before, " steps -> ",
      outcome.steps_after, " steps (", shrunk.replays, " re-executions",
      shrunk.budget_spent ? ", budget spent: maybe not minimal" : "", ")");
  return outcome;
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_SHRINK_TRACE_FILE_H_
