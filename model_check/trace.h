// A run of a cluster: its initial state, then each action and the state it
// led to. Counterexamples, fuzzer findings and simulation walks are traces.

#ifndef STEPWISE_MODEL_CHECK_TRACE_H_
#define STEPWISE_MODEL_CHECK_TRACE_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model_check/action.h"
#include "model_check/cluster.h"

namespace stepwise::mc {

template <typename P>
struct Trace {
  std::vector<Cluster<P>> states;  // states[0] is initial
  std::vector<Action<P>> actions;  // actions[i] leads states[i] -> states[i+1]
  // For a lasso (liveness counterexample): the last state equals
  // states[*loop_back] and the run may repeat from there forever.
  std::optional<size_t> loop_back;
};

STEPWISE_ENUM(Verdict, kOk, kViolation, kIncomplete);

STEPWISE_ENUM(ViolationKind, kInvariant, kLiveness, kVacuous);

template <typename P>
struct Violation {
  ViolationKind kind = ViolationKind::kInvariant;
  std::string property;
  std::string description;
  Trace<P> trace;
};

// The violation of `property` (a core::Property or LivenessProperty) that
// `trace` shows.
template <typename P, typename Property>
Violation<P> ViolationOf(ViolationKind kind, const Property& property,
                         Trace<P> trace) {
  return Violation<P>{kind, std::string(property.name),
                      std::string(property.description), std::move(trace)};
}

struct GoalStatus {
  std::string name;
  std::string description;
  bool reached = false;
  // Set when the run could not reach the goal by construction (it needs a
  // fault or client the options did not allow): then it is not a vacuity.
  std::string not_applicable;
};

// The incomplete reason of a run that reached --max-states (callers that set
// their own bound, such as `check --ci`, recognise it by this).
inline constexpr std::string_view kStoppedAtMaxStates =
    "stopped at --max-states";

template <typename P>
struct Result {
  Verdict verdict = Verdict::kOk;
  std::string incomplete_reason;
  uint64_t distinct_states = 0;
  uint64_t generated_states = 0;
  uint64_t max_depth = 0;  // initial states are at depth 1, as TLC counts
  double seconds = 0;
  size_t visited_bytes = 0;
  int threads = 1;
  std::vector<GoalStatus> goals;
  std::vector<std::string> liveness_checked;  // properties that hold
  std::vector<std::string> notes;  // caveats printed with the verdict
  std::optional<Violation<P>> violation;

  double StatesPerSecond() const {
    return seconds > 0 ? distinct_states / seconds : 0;
  }
  double BytesPerState() const {
    return distinct_states > 0
               ? static_cast<double>(visited_bytes) / distinct_states
               : 0;
  }
  // TLC's optimistic estimate of the chance that two distinct states shared a
  // fingerprint: distinct * (generated - distinct) / 2^64.
  double CollisionProbability() const {
    const double n = static_cast<double>(distinct_states);
    const double g = static_cast<double>(generated_states);
    return n * (g > n ? g - n : 0) / 18446744073709551616.0;
  }
};

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_TRACE_H_
