// The Bully schedule fuzzer's logic, shared by the libFuzzer binary
// `fuzz_bully_schedule` and its replay test.
//
// Input layout: byte 0 picks the shape (3 to 5 nodes, priorities with or
// without ties, unordered or FIFO links, no faults or one fail-stop crash;
// always synchronous timers, which Bully needs to be correct), the rest is the
// schedule (model_check/schedule.h), at most kBullyMaxSteps steps. Every
// invariant is checked after every step, and a run that comes to rest
// without a leader is a liveness counterexample
// (ScheduleLiveness::kAtRest). The bug to hunt comes from the environment
// (STEPWISE_FUZZ_BUG), so one corpus serves every bug.

#ifndef STEPWISE_FUZZ_BULLY_SCHEDULE_H_
#define STEPWISE_FUZZ_BULLY_SCHEDULE_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/bully/bully.h"
#include "fuzz/schedule_fuzzer.h"
#include "model_check/cluster.h"

namespace stepwise::fuzz {

inline constexpr size_t kBullyMaxSteps = 48;

using BullyRun = ScheduleRun<core::bully::Bully>;

// The configuration and options shape byte `shape` stands for.
BullyRun BullyShape(uint8_t shape, core::bully::Bug bug);

BullyRun RunBullySchedule(std::span<const uint8_t> input, core::bully::Bug bug);

// The fuzzer's state feedback: each node's role, known leader and
// up/down flag, and whether its probe is out.
uint64_t BullyStateSummary(const mc::Cluster<core::bully::Bully>& cluster);

// The protocol list's hook (schedule_fuzzer.h): fuzz_bully_schedule, the
// property tests and the reachability test run inputs through this.
template <>
struct ScheduleShape<core::bully::Bully> {
  static ScheduleRun<core::bully::Bully> Run(std::span<const uint8_t> input,
                                             core::bully::Bully::Bug bug) {
    return RunBullySchedule(input, bug);
  }
  static uint64_t Summary(const mc::Cluster<core::bully::Bully>& cluster) {
    return BullyStateSummary(cluster);
  }
};

}  // namespace stepwise::fuzz

#endif  // STEPWISE_FUZZ_BULLY_SCHEDULE_H_
