// The saga orchestrator's schedule fuzzer logic, shared by the libFuzzer
// binary `fuzz_saga_schedule`, its replay test and the schedule property
// tests.
//
// Input layout: byte 0 picks the shape (2 to 5 steps; 1 to 3 attempts; a
// reliable, duplicating, lossy or FIFO network; no crash or one; whether
// compensations may fail), then the schedule (model_check/schedule.h), at
// most kSagaMaxSteps steps. Every invariant is checked after every step,
// and a run that comes to rest must have ended the saga (the orchestrator's
// retry timer keeps it busy until then: ScheduleLiveness::kAtRest). The bug
// to hunt comes from the environment (STEPWISE_FUZZ_BUG), so one corpus
// serves every bug.

#ifndef STEPWISE_FUZZ_SAGA_SCHEDULE_H_
#define STEPWISE_FUZZ_SAGA_SCHEDULE_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/saga/saga.h"
#include "fuzz/schedule_fuzzer.h"
#include "model_check/cluster.h"

namespace stepwise::fuzz {

inline constexpr size_t kSagaMaxSteps = 96;

using SagaRun = ScheduleRun<core::saga::Saga>;

// The configuration and options shape byte `shape` stands for.
SagaRun SagaShape(uint8_t shape, core::saga::Bug bug);

SagaRun RunSagaSchedule(std::span<const uint8_t> input, core::saga::Bug bug);

// The fuzzer's state feedback: the orchestrator's phase, step and attempts;
// each service's applied and undone counts, records and pending call.
uint64_t SagaStateSummary(const mc::Cluster<core::saga::Saga>& cluster);

// The protocol list's hook (schedule_fuzzer.h).
template <>
struct ScheduleShape<core::saga::Saga> {
  static ScheduleRun<core::saga::Saga> Run(std::span<const uint8_t> input,
                                           core::saga::Bug bug) {
    return RunSagaSchedule(input, bug);
  }
  static uint64_t Summary(const mc::Cluster<core::saga::Saga>& cluster) {
    return SagaStateSummary(cluster);
  }
};

}  // namespace stepwise::fuzz

#endif  // STEPWISE_FUZZ_SAGA_SCHEDULE_H_
