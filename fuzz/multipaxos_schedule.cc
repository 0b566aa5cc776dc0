#include "fuzz/multipaxos_schedule.h"

#include "fuzz/state_summary.h"
#include "model_check/options.h"
#include "model_check/schedule.h"

namespace stepwise::fuzz {

using core::multipaxos::Bug;

MultiPaxosRun MultiPaxosShape(uint8_t shape, Bug bug) {
  MultiPaxosRun run;
  core::multipaxos::Config& config = run.config;
  config.bug = bug;
  // More ballots than the model checker's default: a fuzzer need not keep
  // the state space finite, only each run short.
  config.ballots = 6;
  config.candidates = 1 + shape % 2;
  run.options.network =
      (shape / 2) % 2 == 0 ? mc::Network::kReliable : mc::Network::kOrdered;
  run.options.crashes = (shape / 4) % 2;
  run.options.synchronous_timers = (shape / 8) % 2 == 1;
  config.nodes = (shape / 16) % 4 == 3 ? 5 : 3;
  // Three clients: two writes can land in two slots under one leader while
  // a second candidate takes over with a gap between them.
  run.options.requests = 3;
  // Progress is promised only under a stable leader whose timeouts outlast
  // its messages; a crash may take a client's command with it.
  if (config.candidates == 1 && run.options.synchronous_timers &&
      run.options.crashes == 0) {
    run.liveness = mc::ScheduleLiveness::kAtRest;
  }
  return run;
}

MultiPaxosRun RunMultiPaxosSchedule(std::span<const uint8_t> input, Bug bug) {
  return RunShapedSchedule<core::multipaxos::MultiPaxos>(
      MultiPaxosShape, input, bug, kMultiPaxosMaxSteps);
}

uint64_t MultiPaxosStateSummary(
    const mc::Cluster<core::multipaxos::MultiPaxos>& cluster) {
  // Ballots stay below 16 within the shape's bounds, so four bits each;
  // slots are at most 8, so a byte of decided slots.
  return SummarizeNodes(cluster, [&](size_t i) {
    const core::multipaxos::State& s = cluster.states[i];
    const auto nibble = [](int32_t ballot) {
      return static_cast<uint64_t>(ballot + 1) & 0xf;
    };
    uint64_t decided = 0;
    for (size_t slot = 0; slot < s.decided.size() && slot < 8; ++slot) {
      if (s.decided[slot].has_value()) decided |= uint64_t{1} << slot;
    }
    return (uint64_t{cluster.up[i]} << 40) | (nibble(s.promised) << 36) |
           (nibble(s.ballot) << 32) |
           (uint64_t{static_cast<uint8_t>(s.role)} << 28) |
           ((s.votes.size() & 0xf) << 24) | ((s.proposals.size() & 0xf) << 20) |
           (decided << 12) | (uint64_t{s.applied} & 0xf);
  });
}

}  // namespace stepwise::fuzz
