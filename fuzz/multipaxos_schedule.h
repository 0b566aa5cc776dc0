// The Multi-Paxos schedule fuzzer's logic, shared by the libFuzzer binary
// `fuzz_multipaxos_schedule`, its replay test and the schedule property
// tests.
//
// Input layout: byte 0 picks the shape (3 or 5 nodes, one or two
// candidates, unordered or FIFO links, no fault or one crash and restart,
// timeouts that outlast messages or not; three client requests on the
// menu), the rest is the schedule (model_check/schedule.h), at most
// kMultiPaxosMaxSteps steps. Every invariant is checked after every step.
// With one candidate (a stable leader) whose timeouts outlast its messages
// and no crash, a run that comes to rest with a request unanswered is a
// liveness counterexample (ScheduleLiveness::kAtRest). The bug to hunt
// comes from the environment (STEPWISE_FUZZ_BUG), so one corpus serves
// every bug.

#ifndef STEPWISE_FUZZ_MULTIPAXOS_SCHEDULE_H_
#define STEPWISE_FUZZ_MULTIPAXOS_SCHEDULE_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/multipaxos/multipaxos.h"
#include "fuzz/schedule_fuzzer.h"
#include "model_check/cluster.h"

namespace stepwise::fuzz {

inline constexpr size_t kMultiPaxosMaxSteps = 80;

using MultiPaxosRun = ScheduleRun<core::multipaxos::MultiPaxos>;

// The configuration and options shape byte `shape` stands for.
MultiPaxosRun MultiPaxosShape(uint8_t shape, core::multipaxos::Bug bug);

MultiPaxosRun RunMultiPaxosSchedule(std::span<const uint8_t> input,
                                    core::multipaxos::Bug bug);

// The fuzzer's state feedback: each node's promise, ballot, role, votes,
// decided slots and applied count.
uint64_t MultiPaxosStateSummary(
    const mc::Cluster<core::multipaxos::MultiPaxos>& cluster);

// The protocol list's hook (schedule_fuzzer.h).
template <>
struct ScheduleShape<core::multipaxos::MultiPaxos> {
  // Random inputs (seed 42) find skip-phase-one and
  // noop-over-reported-votes within 20,000 tries; volatile-votes needs a
  // crash inside a narrow window and a second client, and 400,000 tries miss
  // it: it is left to the model checker and the coverage-guided fuzzer.
  static constexpr int kPropertyTestBudget = 20000;
  static constexpr core::multipaxos::Bug kBeyondPropertyTests[] = {
      core::multipaxos::Bug::kVolatileVotes};
  static ScheduleRun<core::multipaxos::MultiPaxos> Run(
      std::span<const uint8_t> input, core::multipaxos::Bug bug) {
    return RunMultiPaxosSchedule(input, bug);
  }
  static uint64_t Summary(
      const mc::Cluster<core::multipaxos::MultiPaxos>& cluster) {
    return MultiPaxosStateSummary(cluster);
  }
};

}  // namespace stepwise::fuzz

#endif  // STEPWISE_FUZZ_MULTIPAXOS_SCHEDULE_H_
