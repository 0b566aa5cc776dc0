#include "fuzz/bully_schedule.h"

#include "fuzz/state_summary.h"
#include "model_check/options.h"
#include "model_check/schedule.h"

namespace stepwise::fuzz {

using core::bully::Bug;

BullyRun BullyShape(uint8_t shape, Bug bug) {
  BullyRun run;
  core::bully::Config& config = run.config;
  config.bug = bug;
  // Deeper than the model checker's default of 2: a fuzzer need not keep
  // the state space finite, only each run short.
  config.max_elections = 4;
  // Bully is correct only in a synchronous system: a lost message, a cut
  // link or an early timeout lets two nodes lead, and so does a crash
  // followed by a restart (the guarantee matrix shows each). So every shape
  // keeps to synchronous timers and a loss-free network, and what the
  // fuzzer finds is the bug, not Bully's known limits. Half the shapes let
  // one node fail-stop, the textbook's failure model, which is what
  // no-answer needs to show (the best node must die for a lower one's
  // unanswered Election to matter); there a follower may trust the dead
  // leader for a while, so only the leader invariants are judged, as in
  // core/bully/README.md. The shapes also vary cluster size, priorities
  // (ties only the id breaks, a ranking against the ids) and delivery
  // order.
  run.options.synchronous_timers = true;
  run.liveness = mc::ScheduleLiveness::kAtRest;
  run.options.network =
      shape % 2 == 0 ? mc::Network::kReliable : mc::Network::kOrdered;
  if ((shape / 2) % 2 == 1) {
    run.options.crashes = 1;
    run.options.crash_stop = true;
    run.options.only_properties = {"at-most-one-leader", "highest-leads"};
  }
  switch ((shape / 4) % 6) {
    case 0:
      config.nodes = 3;
      break;
    case 1:
      config.nodes = 4;
      break;
    case 2:
      config.nodes = 5;
      break;
    case 3:
      config.nodes = 3;
      config.priorities = {2, 2, 1};
      break;
    case 4:
      config.nodes = 4;
      config.priorities = {3, 1, 3, 2};
      break;
    case 5:
      config.nodes = 3;
      config.priorities = {2, 3, 1};
      break;
  }
  return run;
}

BullyRun RunBullySchedule(std::span<const uint8_t> input, Bug bug) {
  return RunShapedSchedule<core::bully::Bully>(BullyShape, input, bug,
                                               kBullyMaxSteps);
}

uint64_t BullyStateSummary(const mc::Cluster<core::bully::Bully>& cluster) {
  return SummarizeNodes(cluster, [&](size_t i) {
    const core::bully::State& s = cluster.states[i];
    return (uint64_t{cluster.up[i]} << 40) |
           (uint64_t{static_cast<uint8_t>(s.role)} << 32) |
           (uint64_t{s.awaiting_ack} << 24) | (s.leader & 0xff);
  });
}

}  // namespace stepwise::fuzz
