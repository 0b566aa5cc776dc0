// The quorum register's schedule fuzzer logic, shared by the libFuzzer
// binary `fuzz_quorum_schedule`, its replay test and the schedule property
// tests.
//
// Input layout: byte 0 picks the shape (3, 2 or 4 replicas; unordered or
// FIFO links; no fault or one crash and restart; timeouts that outlast
// messages or not; one or two values; three client requests on the menu),
// then the schedule (model_check/schedule.h), at most kQuorumMaxSteps steps.
// Every invariant is checked after every step. Without a crash and with
// timeouts that outlast messages, a run that comes to rest with an operation
// that did not succeed is a liveness counterexample
// (ScheduleLiveness::kAtRest). The bug to hunt comes from the environment
// (STEPWISE_FUZZ_BUG), so one corpus serves every bug.

#ifndef STEPWISE_FUZZ_QUORUM_SCHEDULE_H_
#define STEPWISE_FUZZ_QUORUM_SCHEDULE_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/quorum/quorum.h"
#include "fuzz/schedule_fuzzer.h"
#include "model_check/cluster.h"

namespace stepwise::fuzz {

inline constexpr size_t kQuorumMaxSteps = 96;

using QuorumRun = ScheduleRun<core::quorum::QuorumRegister>;

// The configuration and options shape byte `shape` stands for.
QuorumRun QuorumShape(uint8_t shape, core::quorum::Bug bug);

QuorumRun RunQuorumSchedule(std::span<const uint8_t> input,
                            core::quorum::Bug bug);

// The fuzzer's state feedback: each replica's tag and value, and each
// coordinator's phase and how many replicas answered it.
uint64_t QuorumStateSummary(
    const mc::Cluster<core::quorum::QuorumRegister>& cluster);

// The protocol list's hook (schedule_fuzzer.h).
template <>
struct ScheduleShape<core::quorum::QuorumRegister> {
  static ScheduleRun<core::quorum::QuorumRegister> Run(
      std::span<const uint8_t> input, core::quorum::Bug bug) {
    return RunQuorumSchedule(input, bug);
  }
  static uint64_t Summary(
      const mc::Cluster<core::quorum::QuorumRegister>& cluster) {
    return QuorumStateSummary(cluster);
  }
};

}  // namespace stepwise::fuzz

#endif  // STEPWISE_FUZZ_QUORUM_SCHEDULE_H_
