// The three-phase commit schedule fuzzer's logic, shared by the libFuzzer
// binary `fuzz_threepc_schedule`, its replay test and the property tests.
//
// Input layout: byte 0 picks the shape (2 to 4 participants, unordered or
// FIFO links, no failure or up to three fail-stop crashes), the rest is the
// schedule (model_check/schedule.h), at most kThreePcMaxSteps steps. Every
// shape keeps to Skeen's setting (synchronous timers, crash-stop, no
// partitions), where the protocol promises safety and termination, so what
// the fuzzer finds is a bug and not the protocol's known limits. A run that
// comes to rest with a participant up and undecided is a liveness
// counterexample (ScheduleLiveness::kAtRest). The bug to hunt comes from
// the environment (STEPWISE_FUZZ_BUG), so one corpus serves every bug.

#ifndef STEPWISE_FUZZ_THREEPC_SCHEDULE_H_
#define STEPWISE_FUZZ_THREEPC_SCHEDULE_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/threepc/threepc.h"
#include "fuzz/schedule_fuzzer.h"

namespace stepwise::fuzz {

inline constexpr size_t kThreePcMaxSteps = 96;

using ThreePcRun = ScheduleRun<core::threepc::ThreePhase>;

// The configuration and options shape byte `shape` stands for.
ThreePcRun ThreePcShape(uint8_t shape, core::threepc::Bug bug);

ThreePcRun RunThreePcSchedule(std::span<const uint8_t> input,
                              core::threepc::Bug bug);

// The protocol list's hook (schedule_fuzzer.h). Two bugs are left to the
// model checker and to threepc_schedule_test's longer inputs: no-election
// needs three failures at three exact moments (23 steps; 2,000,000 random
// 96-byte inputs, 14 s, do not find it, the checker does in 165,230
// states), and abort-when-undecided two (RapidCheck's inputs, most of them
// shorter, miss it in 200,000 tries; 20,000 inputs of 96 bytes find it).
template <>
struct ScheduleShape<core::threepc::ThreePhase> {
  static constexpr core::threepc::Bug kBeyondPropertyTests[] = {
      core::threepc::Bug::kAbortWhenUndecided, core::threepc::Bug::kNoElection};
  static ScheduleRun<core::threepc::ThreePhase> Run(
      std::span<const uint8_t> input, core::threepc::ThreePhase::Bug bug) {
    return RunThreePcSchedule(input, bug);
  }
};

}  // namespace stepwise::fuzz

#endif  // STEPWISE_FUZZ_THREEPC_SCHEDULE_H_
