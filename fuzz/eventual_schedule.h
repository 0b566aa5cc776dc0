// The eventually consistent store's schedule fuzzer logic, shared by the
// libFuzzer binary `fuzz_eventual_schedule`, its replay test and the
// schedule property tests.
//
// Input layout: byte 0 picks the shape (3, 2 or 4 replicas; the register
// with siblings, the register with last-writer-wins, or the OR-set; a
// reliable, FIFO, duplicating or lossy network (one loss); no fault or one
// crash and restart; gossip timers that wait for deliveries or not; one or
// two values; three client requests on the menu), then the schedule
// (model_check/schedule.h), at most kEventualMaxSteps steps. The promised
// invariants are checked after every step (linearizability is not
// promised). Every shape judges a run that comes to rest: its replicas must
// have converged (ScheduleLiveness::kAtRest), since one loss is fewer than
// the gossip attempts. The bug to hunt comes from the environment
// (STEPWISE_FUZZ_BUG), so one corpus serves every bug.

#ifndef STEPWISE_FUZZ_EVENTUAL_SCHEDULE_H_
#define STEPWISE_FUZZ_EVENTUAL_SCHEDULE_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/eventual/eventual.h"
#include "fuzz/schedule_fuzzer.h"
#include "model_check/cluster.h"

namespace stepwise::fuzz {

inline constexpr size_t kEventualMaxSteps = 96;

using EventualRun = ScheduleRun<core::eventual::EventualStore>;

// The configuration and options shape byte `shape` stands for.
EventualRun EventualShape(uint8_t shape, core::eventual::Bug bug);

EventualRun RunEventualSchedule(std::span<const uint8_t> input,
                                core::eventual::Bug bug);

// The fuzzer's state feedback: each replica's version vector total, how
// many siblings or set entries it holds, and its gossip sends.
uint64_t EventualStateSummary(
    const mc::Cluster<core::eventual::EventualStore>& cluster);

// The protocol list's hook (schedule_fuzzer.h).
template <>
struct ScheduleShape<core::eventual::EventualStore> {
  static ScheduleRun<core::eventual::EventualStore> Run(
      std::span<const uint8_t> input, core::eventual::Bug bug) {
    return RunEventualSchedule(input, bug);
  }
  static uint64_t Summary(
      const mc::Cluster<core::eventual::EventualStore>& cluster) {
    return EventualStateSummary(cluster);
  }
};

}  // namespace stepwise::fuzz

#endif  // STEPWISE_FUZZ_EVENTUAL_SCHEDULE_H_
