// The two-phase commit schedule fuzzer's logic, shared by the libFuzzer
// binary `fuzz_twopc_schedule` and the corpus replay test.
//
// Input layout: byte 0 picks the configuration (RMs, network, fault
// budgets), the rest is the schedule (model_check/schedule.h). The bug to
// hunt comes from the environment (STEPWISE_FUZZ_BUG=majority-commit), so the
// same corpus serves the correct protocol and every textbook bug.

#ifndef STEPWISE_FUZZ_TWOPC_SCHEDULE_H_
#define STEPWISE_FUZZ_TWOPC_SCHEDULE_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/twopc/twopc.h"
#include "fuzz/schedule_fuzzer.h"

namespace stepwise::fuzz {

inline constexpr size_t kTwoPcMaxSteps = 64;

using TwoPcRun = ScheduleRun<core::twopc::TwoPhase>;

// The configuration and options shape byte `shape` stands for.
TwoPcRun TwoPcShape(uint8_t shape, core::twopc::Bug bug);

TwoPcRun RunTwoPcSchedule(std::span<const uint8_t> input, core::twopc::Bug bug);

// The protocol list's hook (schedule_fuzzer.h): fuzz_twopc_schedule, the
// property tests and the reachability test run inputs through this.
template <>
struct ScheduleShape<core::twopc::TwoPhase> {
  static ScheduleRun<core::twopc::TwoPhase> Run(
      std::span<const uint8_t> input, core::twopc::TwoPhase::Bug bug) {
    return RunTwoPcSchedule(input, bug);
  }
};

}  // namespace stepwise::fuzz

#endif  // STEPWISE_FUZZ_TWOPC_SCHEDULE_H_
