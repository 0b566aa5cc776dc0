#include "fuzz/saga_schedule.h"

#include "fuzz/state_summary.h"
#include "model_check/options.h"
#include "model_check/schedule.h"

namespace stepwise::fuzz {

using core::saga::Bug;

SagaRun SagaShape(uint8_t shape, Bug bug) {
  SagaRun run;
  core::saga::Config& config = run.config;
  config.bug = bug;
  config.steps = 2 + shape % 4;           // 2..5
  config.attempts = 1 + (shape / 4) % 3;  // 1..3
  static constexpr mc::Network kNetworks[] = {
      mc::Network::kReliable, mc::Network::kDuplicating, mc::Network::kLossy,
      mc::Network::kOrdered};
  run.options.network = kNetworks[(shape / 12) % 4];
  if (run.options.network == mc::Network::kLossy) run.options.drops = 4;
  run.options.crashes = (shape / 48) % 2;
  config.undo_failures = (shape / 96) % 2 == 0;
  // Every saga ends: until it does, the orchestrator's retry timer (or its
  // restart) is always on the menu.
  run.liveness = mc::ScheduleLiveness::kAtRest;
  return run;
}

SagaRun RunSagaSchedule(std::span<const uint8_t> input, Bug bug) {
  return RunShapedSchedule<core::saga::Saga>(SagaShape, input, bug,
                                             kSagaMaxSteps);
}

uint64_t SagaStateSummary(const mc::Cluster<core::saga::Saga>& cluster) {
  return SummarizeNodes(cluster, [&](size_t i) {
    const core::saga::State& s = cluster.states[i];
    return (uint64_t{i} << 32) | (uint64_t{cluster.up[i]} << 28) |
           (uint64_t{static_cast<uint8_t>(s.phase)} << 24) |
           (uint64_t{s.step & 0xf} << 20) | (uint64_t{s.attempts & 0xf} << 16) |
           (uint64_t{s.applied & 0xf} << 12) | (uint64_t{s.undone & 0xf} << 8) |
           (uint64_t{s.records.size() & 0xf} << 4) |
           static_cast<uint8_t>(s.pending);
  });
}

}  // namespace stepwise::fuzz
