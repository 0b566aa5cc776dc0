// RapidCheck over a schedule fuzzer's input layout, for any protocol with
// one (fuzz/<protocol>_schedule.h): a shape byte and uniform schedule bytes,
// run by the fuzzer's own runner. This is the property-test side of the
// comparison the fuzzers are measured in (tools/bench/fuzz_sharpness.sh):
// the same runs and checks, chosen at random with no coverage feedback, and
// a failure shrunk by RapidCheck. Raft also has its own generator
// (raft_schedules.h), whose scenarios shrink better (bytes name actions, not
// menu positions) but find the deep bugs less often.
//
// Not thread-safe, as RapidCheck is not.

#ifndef STEPWISE_PROPTESTS_SCHEDULE_PROPS_H_
#define STEPWISE_PROPTESTS_SCHEDULE_PROPS_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "fuzz/schedule_fuzzer.h"
#include "model_check/listed_traces.h"
#include "model_check/trace_format.h"
#include "proptests/fixed_params.h"
#include "proptests/generators.h"
#include "rapidcheck.h"
#include "rapidcheck/Check.h"
#include "rapidcheck/detail/Results.h"
#include "rapidcheck/detail/TestParams.h"

namespace stepwise::proptests {

// A fuzzer input drawn inside a property: the shape byte, then the
// schedule, all uniform bytes.
inline std::vector<uint8_t> DrawScheduleInput() {
  std::vector<uint8_t> input = {*GenUniformByte()};
  const std::vector<uint8_t> schedule = *GenUniformBytes();
  input.insert(input.end(), schedule.begin(), schedule.end());
  return input;
}

// Fails the property with the readable counterexample if `run` violated a
// property.
template <typename P>
void FailOnViolation(const fuzz::ScheduleRun<P>& run) {
  if (!run.outcome.violation.has_value()) return;
  const auto& violation = *run.outcome.violation;
  RC_FAIL(absl::StrCat(
      violation.kind == mc::ViolationKind::kLiveness ? "liveness property "
                                                     : "invariant ",
      violation.property, " violated after ", run.outcome.steps,
      " steps (network ", mc::KebabName(EnumName(run.options.network)), "):\n",
      mc::FormatTrace(violation.trace)));
}

template <typename P>
struct ScheduleHunt {
  bool found = false;
  int tests_to_find = 0;       // inputs run up to the first failure
  double seconds_to_find = 0;  // wall time to the first failure
  double seconds = 0;          // including shrinking
  size_t first_steps = 0;      // length of the first failing run
  std::optional<fuzz::ScheduleRun<P>> shrunk;  // the last failing run
};

// RapidCheck searching random inputs of `runner` for a violation under
// `bug`; when found, `shrunk` holds the shrunk counterexample.
template <typename P>
ScheduleHunt<P> HuntWithRandomSchedules(fuzz::ScheduleRunner<P> runner,
                                        typename P::Bug bug,
                                        const rc::detail::TestParams& params) {
  using Clock = std::chrono::steady_clock;
  ScheduleHunt<P> hunt;
  const Clock::time_point start = Clock::now();
  auto seconds_since_start = [&] {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  int shrink_runs = 0;
  std::vector<uint8_t> last_failing_input;
  const auto property = [&] {
    const std::vector<uint8_t> input = DrawScheduleInput();
    // Past the shrink budget every new candidate passes, which ends
    // shrinking; RapidCheck's closing re-run of the last failure still fails.
    if (hunt.found && ++shrink_runs > kMaxShrinkRuns &&
        input != last_failing_input) {
      return;
    }
    fuzz::ScheduleRun<P> run = runner(input, bug);
    const bool violated = run.outcome.violation.has_value();
    // After the first failure RapidCheck only shrinks it.
    if (!hunt.found) {
      ++hunt.tests_to_find;
      hunt.found = violated;
      hunt.seconds_to_find = seconds_since_start();
      hunt.first_steps = run.outcome.steps;
    }
    if (violated) {
      hunt.shrunk = run;
      last_failing_input = input;
    }
    FailOnViolation(run);
  };
  rc::detail::checkTestable(property, rc::detail::TestMetadata{}, params);
  hunt.seconds = seconds_since_start();
  return hunt;
}

}  // namespace stepwise::proptests

#endif  // STEPWISE_PROPTESTS_SCHEDULE_PROPS_H_
