#include "fuzz/ring_schedule.h"

#include "fuzz/state_summary.h"
#include "model_check/options.h"
#include "model_check/schedule.h"

namespace stepwise::fuzz {

using core::ring::Bug;

RingRun RingShape(uint8_t shape, Bug bug) {
  RingRun run;
  core::ring::Config& config = run.config;
  config.bug = bug;
  static constexpr mc::Network kNetworks[] = {
      mc::Network::kReliable, mc::Network::kLossy, mc::Network::kDuplicating,
      mc::Network::kOrdered};
  run.options.network = kNetworks[shape % 4];
  if (run.options.network == mc::Network::kLossy) run.options.drops = 2;
  run.options.crashes = (shape / 4) % 2;
  run.options.partitions = (shape / 8) % 2;
  config.nodes = 3 + (shape / 16) % 4;
  config.largest_wins = (shape / 64) % 2 == 1;
  config.announce = (shape / 128) % 2 == 1;
  // A lost id strands the election for good, the algorithm's known limit.
  if (run.options.drops == 0) run.liveness = mc::ScheduleLiveness::kAtRest;
  return run;
}

RingRun RunRingSchedule(std::span<const uint8_t> input, Bug bug) {
  return RunShapedSchedule<core::ring::ChangRoberts>(RingShape, input, bug,
                                                     kRingMaxSteps);
}

uint64_t RingStateSummary(
    const mc::Cluster<core::ring::ChangRoberts>& cluster) {
  return SummarizeNodes(cluster, [&](size_t i) {
    const core::ring::State& s = cluster.states[i];
    return (uint64_t{cluster.up[i]} << 24) |
           (uint64_t{static_cast<uint8_t>(s.status)} << 16) |
           (uint64_t{s.initiator} << 8) | uint64_t{s.leader != 0};
  });
}

}  // namespace stepwise::fuzz
