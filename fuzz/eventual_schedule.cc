#include "fuzz/eventual_schedule.h"

#include <numeric>

#include "core/eventual/invariants.h"
#include "fuzz/state_summary.h"
#include "model_check/options.h"
#include "model_check/schedule.h"

namespace stepwise::fuzz {

using core::eventual::Bug;

EventualRun EventualShape(uint8_t shape, Bug bug) {
  EventualRun run;
  core::eventual::Config& config = run.config;
  config.bug = bug;
  static constexpr mc::Network kNetworks[] = {
      mc::Network::kReliable, mc::Network::kOrdered, mc::Network::kDuplicating,
      mc::Network::kLossy};
  run.options.network = kNetworks[shape % 4];
  if (run.options.network == mc::Network::kLossy) run.options.drops = 1;
  run.options.crashes = (shape / 4) % 2;
  run.options.synchronous_timers = (shape / 8) % 2 == 0;
  switch ((shape / 16) % 3) {
    case 0:
      break;  // siblings
    case 1:
      config.lww = true;
      config.clock_ticks = 1;
      break;
    default:
      config.set = true;
  }
  config.values = 1 + (shape / 48) % 2;
  static constexpr uint32_t kReplicas[] = {3, 2, 4};
  config.nodes = kReplicas[(shape / 96) % 3];
  run.options.requests = 3;
  run.options.only_properties.assign(core::eventual::kPromised.begin(),
                                     core::eventual::kPromised.end());
  // One loss is fewer than the two gossip attempts, so every run that comes
  // to rest has converged.
  run.liveness = mc::ScheduleLiveness::kAtRest;
  return run;
}

EventualRun RunEventualSchedule(std::span<const uint8_t> input, Bug bug) {
  return RunShapedSchedule<core::eventual::EventualStore>(
      EventualShape, input, bug, kEventualMaxSteps);
}

uint64_t EventualStateSummary(
    const mc::Cluster<core::eventual::EventualStore>& cluster) {
  return SummarizeNodes(cluster, [&](size_t i) {
    const core::eventual::State& s = cluster.states[i];
    const uint32_t updates =
        std::accumulate(s.data.version.begin(), s.data.version.end(), 0u);
    const uint32_t sends = std::accumulate(s.sends.begin(), s.sends.end(), 0u);
    return (uint64_t{cluster.up[i]} << 20) | (uint64_t{updates & 0xf} << 12) |
           (uint64_t{(s.data.siblings.size() + s.data.members.size()) & 0xf}
            << 8) |
           (uint64_t{s.data.value & 0xf} << 4) | (sends & 0xf);
  });
}

}  // namespace stepwise::fuzz
