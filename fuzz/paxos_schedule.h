// The Paxos schedule fuzzer's logic, shared by the libFuzzer binary
// `fuzz_paxos_schedule`, its replay test and the schedule property tests.
//
// Input layout: byte 0 picks the shape (2 to 4 acceptors, one or two
// proposers, unordered or FIFO links, no fault or one crash and restart,
// timeouts that outlast messages or not; two client requests on the menu),
// the rest is the schedule (model_check/schedule.h), at most kPaxosMaxSteps
// steps. Every invariant is checked after every step. With
// one proposer whose timeouts outlast its messages and no crash, a run that
// comes to rest with a proposal and nothing chosen is a liveness
// counterexample (ScheduleLiveness::kAtRest). The bug to hunt comes from the
// environment (STEPWISE_FUZZ_BUG), so one corpus serves every bug.

#ifndef STEPWISE_FUZZ_PAXOS_SCHEDULE_H_
#define STEPWISE_FUZZ_PAXOS_SCHEDULE_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/paxos/paxos.h"
#include "fuzz/schedule_fuzzer.h"
#include "model_check/cluster.h"

namespace stepwise::fuzz {

inline constexpr size_t kPaxosMaxSteps = 64;

using PaxosRun = ScheduleRun<core::paxos::Paxos>;

// The configuration and options shape byte `shape` stands for.
PaxosRun PaxosShape(uint8_t shape, core::paxos::Bug bug);

PaxosRun RunPaxosSchedule(std::span<const uint8_t> input, core::paxos::Bug bug);

// The fuzzer's state feedback: each node's promise, vote, ballot, phase and
// whether it learned.
uint64_t PaxosStateSummary(const mc::Cluster<core::paxos::Paxos>& cluster);

// The protocol list's hook (schedule_fuzzer.h).
template <>
struct ScheduleShape<core::paxos::Paxos> {
  // Random inputs of 65 bytes (seed 42, 200,000 tries) violate agreement
  // with accept-below-promise 1,394 times (the first at input 46),
  // half-quorum 1,040 (46), ignore-promised-votes 33 (9,200) and
  // volatile-promise once (13,012): the last needs a crash between a promise
  // and a vote, and is left to the fuzzer and the model checker.
  static constexpr int kPropertyTestBudget = 20000;
  static constexpr core::paxos::Bug kBeyondPropertyTests[] = {
      core::paxos::Bug::kVolatilePromise};
  static ScheduleRun<core::paxos::Paxos> Run(std::span<const uint8_t> input,
                                             core::paxos::Paxos::Bug bug) {
    return RunPaxosSchedule(input, bug);
  }
  static uint64_t Summary(const mc::Cluster<core::paxos::Paxos>& cluster) {
    return PaxosStateSummary(cluster);
  }
};

}  // namespace stepwise::fuzz

#endif  // STEPWISE_FUZZ_PAXOS_SCHEDULE_H_
