// The Paxos Commit schedule fuzzer's logic, shared by the libFuzzer binary
// `fuzz_paxoscommit_schedule`, its replay test and the property tests.
//
// Input layout: byte 0 picks the shape (1 to 3 RMs, unordered or FIFO
// links, early timeouts or timeouts that outlast messages, and no failure,
// one node failing for good, or one failing and restarting), the rest is
// the schedule (model_check/schedule.h), at most kPaxosCommitMaxSteps
// steps. Paxos Commit is safe in every shape. Where it also promises to
// terminate (no failure, or a failure for good with timeouts that outlast
// messages), a run that comes to rest with an RM up and undecided is a
// liveness counterexample (ScheduleLiveness::kAtRest). The bug to hunt
// comes from the environment (STEPWISE_FUZZ_BUG), so one corpus serves
// every bug.

#ifndef STEPWISE_FUZZ_PAXOSCOMMIT_SCHEDULE_H_
#define STEPWISE_FUZZ_PAXOSCOMMIT_SCHEDULE_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/paxoscommit/paxoscommit.h"
#include "fuzz/schedule_fuzzer.h"

namespace stepwise::fuzz {

inline constexpr size_t kPaxosCommitMaxSteps = 128;

using PaxosCommitRun = ScheduleRun<core::paxoscommit::PaxosCommit>;

// The configuration and options shape byte `shape` stands for.
PaxosCommitRun PaxosCommitShape(uint8_t shape, core::paxoscommit::Bug bug);

PaxosCommitRun RunPaxosCommitSchedule(std::span<const uint8_t> input,
                                      core::paxoscommit::Bug bug);

// The protocol list's hook (schedule_fuzzer.h). volatile-acceptor needs a
// vote, that acceptor's crash and restart, and a recovery ballot that
// reaches it before the others, all in a restart shape: RapidCheck's
// inputs, many of them short, miss it in 5,000 tries.
template <>
struct ScheduleShape<core::paxoscommit::PaxosCommit> {
  static constexpr int kPropertyTestBudget = 20000;
  static ScheduleRun<core::paxoscommit::PaxosCommit> Run(
      std::span<const uint8_t> input, core::paxoscommit::Bug bug) {
    return RunPaxosCommitSchedule(input, bug);
  }
};

}  // namespace stepwise::fuzz

#endif  // STEPWISE_FUZZ_PAXOSCOMMIT_SCHEDULE_H_
