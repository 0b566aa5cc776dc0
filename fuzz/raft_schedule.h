// The Raft schedule fuzzer's logic, shared by the libFuzzer binary
// `fuzz_raft_schedule`, the corpus replay test and the benchmark.
//
// Input layout: byte 0 picks the shape (cluster size, network, crash and
// partition budgets, PreVote / CheckQuorum, client requests); shapes with
// clients then place their two requests in time (two bytes each, see
// ReadTimedRequests in schedule_fuzzer.h); the rest is the schedule
// (model_check/schedule.h), at most kRaftMaxSteps steps. The protocol runs
// with the model checker's defaults of `stepwise check raft` (leaders propose
// and read on their own, one entry per AppendEntries, no idle heartbeats, no
// retransmission) but with deeper bounds: a fuzzer need not keep the state
// space finite, only each run short. The bug to hunt comes from the
// environment (STEPWISE_FUZZ_BUG), so one corpus serves every bug.

#ifndef STEPWISE_FUZZ_RAFT_SCHEDULE_H_
#define STEPWISE_FUZZ_RAFT_SCHEDULE_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/raft/raft.h"
#include "fuzz/schedule_fuzzer.h"
#include "model_check/cluster.h"

namespace stepwise::fuzz {

inline constexpr size_t kRaftMaxSteps = 40;

using RaftRun = ScheduleRun<core::raft::Raft>;

// The configuration and options shape byte `shape` stands for.
RaftRun RaftShape(uint8_t shape, core::raft::Bug bug);

RaftRun RunRaftSchedule(std::span<const uint8_t> input, core::raft::Bug bug);

// The fuzzer's state feedback (schedule_fuzzer.h): per running node its role,
// term, log length, last log term and commit index, in node order-free form
// (nodes are interchangeable), plus which nodes are down.
uint64_t RaftStateSummary(const mc::Cluster<core::raft::Raft>& cluster);

// The protocol list's hook (schedule_fuzzer.h): fuzz_raft_schedule, the
// property tests and the reachability test run inputs through this.
template <>
struct ScheduleShape<core::raft::Raft> {
  // The property tests' budget: the shallow bugs take 35 to 2,608 inputs
  // (seed 1); the two below take 10^5 or more.
  static constexpr int kPropertyTestBudget = 20000;
  static constexpr core::raft::Bug kBeyondPropertyTests[] = {
      core::raft::Bug::kCommitOldTerm, core::raft::Bug::kReadWithoutQuorum};
  static ScheduleRun<core::raft::Raft> Run(std::span<const uint8_t> input,
                                           core::raft::Raft::Bug bug) {
    return RunRaftSchedule(input, bug);
  }
  static uint64_t Summary(const mc::Cluster<core::raft::Raft>& cluster) {
    return RaftStateSummary(cluster);
  }
};

}  // namespace stepwise::fuzz

#endif  // STEPWISE_FUZZ_RAFT_SCHEDULE_H_
