#include "fuzz/paxos_schedule.h"

#include "fuzz/state_summary.h"
#include "model_check/options.h"
#include "model_check/schedule.h"

namespace stepwise::fuzz {

using core::paxos::Bug;

PaxosRun PaxosShape(uint8_t shape, Bug bug) {
  PaxosRun run;
  core::paxos::Config& config = run.config;
  config.bug = bug;
  // More ballots than the model checker's default: a fuzzer need not keep
  // the state space finite, only each run short.
  config.ballots = 4;
  config.proposers = 1 + shape % 2;
  run.options.network =
      (shape / 2) % 2 == 0 ? mc::Network::kReliable : mc::Network::kOrdered;
  run.options.crashes = (shape / 4) % 2;
  run.options.synchronous_timers = (shape / 8) % 2 == 1;
  static constexpr uint32_t kAcceptors[] = {3, 2, 4};
  config.nodes = kAcceptors[(shape / 16) % 3];
  // Two clients on the schedule's menu (nothing happens before the first
  // request, so they are not placed in time as Raft's are): two proposers
  // can be asked for different values while the other's ballot is under way.
  run.options.requests = 2;
  // Progress is promised only to one proposer whose timeouts outlast its
  // messages; a crash may take its client's value with it.
  if (config.proposers == 1 && run.options.synchronous_timers &&
      run.options.crashes == 0) {
    run.liveness = mc::ScheduleLiveness::kAtRest;
  }
  return run;
}

PaxosRun RunPaxosSchedule(std::span<const uint8_t> input, Bug bug) {
  return RunShapedSchedule<core::paxos::Paxos>(PaxosShape, input, bug,
                                               kPaxosMaxSteps);
}

uint64_t PaxosStateSummary(const mc::Cluster<core::paxos::Paxos>& cluster) {
  // Ballots stay below 16 within the shape's bounds, so four bits each.
  return SummarizeNodes(cluster, [&](size_t i) {
    const core::paxos::State& s = cluster.states[i];
    const auto nibble = [](int32_t ballot) {
      return static_cast<uint64_t>(ballot + 1) & 0xf;
    };
    return (uint64_t{cluster.up[i]} << 24) | (nibble(s.promised) << 20) |
           (nibble(s.voted_ballot) << 16) | ((s.voted_value & 0xf) << 12) |
           (nibble(s.ballot) << 8) |
           (uint64_t{static_cast<uint8_t>(s.phase)} << 4) | (s.learned & 0xf);
  });
}

}  // namespace stepwise::fuzz
