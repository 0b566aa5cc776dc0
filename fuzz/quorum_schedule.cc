#include "fuzz/quorum_schedule.h"

#include <bit>

#include "fuzz/state_summary.h"
#include "model_check/options.h"
#include "model_check/schedule.h"

namespace stepwise::fuzz {

using core::quorum::Bug;

QuorumRun QuorumShape(uint8_t shape, Bug bug) {
  QuorumRun run;
  core::quorum::Config& config = run.config;
  config.bug = bug;
  run.options.network =
      shape % 2 == 0 ? mc::Network::kReliable : mc::Network::kOrdered;
  run.options.crashes = (shape / 2) % 2;
  run.options.synchronous_timers = (shape / 4) % 2 == 0;
  config.values = 1 + (shape / 8) % 2;
  static constexpr uint32_t kReplicas[] = {3, 2, 4};
  config.nodes = kReplicas[(shape / 16) % 3];
  // Three operations on the schedule's menu (nothing happens before the
  // first, so they are not placed in time as Raft's are): the smallest
  // history where a read returns an older value than an earlier read.
  run.options.requests = 3;
  // Every operation succeeds unless a fault keeps a quorum away or a
  // timeout fires before the answers could arrive.
  if (run.options.synchronous_timers && run.options.crashes == 0) {
    run.liveness = mc::ScheduleLiveness::kAtRest;
  }
  return run;
}

QuorumRun RunQuorumSchedule(std::span<const uint8_t> input, Bug bug) {
  return RunShapedSchedule<core::quorum::QuorumRegister>(QuorumShape, input,
                                                         bug, kQuorumMaxSteps);
}

uint64_t QuorumStateSummary(
    const mc::Cluster<core::quorum::QuorumRegister>& cluster) {
  return SummarizeNodes(cluster, [&](size_t i) {
    const core::quorum::State& s = cluster.states[i];
    return (uint64_t{cluster.up[i]} << 20) |
           (uint64_t{s.tag.counter & 0xf} << 16) |
           (uint64_t{s.tag.writer & 0xf} << 12) |
           (uint64_t{s.value & 0xf} << 8) |
           (uint64_t{static_cast<uint8_t>(s.phase)} << 4) |
           (std::popcount(s.answered) & 0xf);
  });
}

}  // namespace stepwise::fuzz
