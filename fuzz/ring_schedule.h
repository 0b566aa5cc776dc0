// The Chang-Roberts ring schedule fuzzer's logic, shared by the libFuzzer
// binary `fuzz_ring_schedule` and its replay test.
//
// Input layout: byte 0 picks the shape (3 to 6 nodes, smallest or largest
// id wins, with or without the Coordinator round, network, crash and
// partition budgets), the next byte picks which nodes initiate (one of the
// protocol's initial states), the rest is the schedule
// (model_check/schedule.h), at most kRingMaxSteps steps. Every invariant is
// checked after every step, and on shapes that lose no messages a run that
// comes to rest with no winner although some node initiated is a liveness
// counterexample (ScheduleLiveness::kAtRest): a lost message strands the
// algorithm for good, which is its known limit, not a bug. The bug to hunt
// comes from the environment (STEPWISE_FUZZ_BUG).

#ifndef STEPWISE_FUZZ_RING_SCHEDULE_H_
#define STEPWISE_FUZZ_RING_SCHEDULE_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/ring/ring.h"
#include "fuzz/schedule_fuzzer.h"
#include "model_check/cluster.h"

namespace stepwise::fuzz {

inline constexpr size_t kRingMaxSteps = 64;

using RingRun = ScheduleRun<core::ring::ChangRoberts>;

// The configuration and options shape byte `shape` stands for.
RingRun RingShape(uint8_t shape, core::ring::Bug bug);

RingRun RunRingSchedule(std::span<const uint8_t> input, core::ring::Bug bug);

// The fuzzer's state feedback: each node's status, whether it initiated,
// whether it knows the leader, and whether it is up.
uint64_t RingStateSummary(const mc::Cluster<core::ring::ChangRoberts>& cluster);

// The protocol list's hook (schedule_fuzzer.h): fuzz_ring_schedule, the
// property tests and the reachability test run inputs through this.
template <>
struct ScheduleShape<core::ring::ChangRoberts> {
  static ScheduleRun<core::ring::ChangRoberts> Run(
      std::span<const uint8_t> input, core::ring::ChangRoberts::Bug bug) {
    return RunRingSchedule(input, bug);
  }
  static uint64_t Summary(
      const mc::Cluster<core::ring::ChangRoberts>& cluster) {
    return RingStateSummary(cluster);
  }
};

}  // namespace stepwise::fuzz

#endif  // STEPWISE_FUZZ_RING_SCHEDULE_H_
