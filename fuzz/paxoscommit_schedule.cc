#include "fuzz/paxoscommit_schedule.h"

#include "model_check/options.h"
#include "model_check/schedule.h"

namespace stepwise::fuzz {

using core::paxoscommit::Bug;

PaxosCommitRun PaxosCommitShape(uint8_t shape, Bug bug) {
  PaxosCommitRun run;
  run.config.rms = 1 + shape % 3;  // 1..3
  run.config.bug = bug;
  run.options.network =
      (shape / 3) % 2 == 0 ? mc::Network::kReliable : mc::Network::kOrdered;
  run.options.synchronous_timers = (shape / 6) % 2 == 1;
  const int failure = (shape / 12) % 3;  // none, for good, restart
  run.options.crashes = failure == 0 ? 0 : 1;
  run.options.crash_stop = failure == 1;
  const bool promised =
      failure == 0 || (failure == 1 && run.options.synchronous_timers);
  run.liveness =
      promised ? mc::ScheduleLiveness::kAtRest : mc::ScheduleLiveness::kIgnore;
  return run;
}

PaxosCommitRun RunPaxosCommitSchedule(std::span<const uint8_t> input, Bug bug) {
  return RunShapedSchedule<core::paxoscommit::PaxosCommit>(
      PaxosCommitShape, input, bug, kPaxosCommitMaxSteps);
}

}  // namespace stepwise::fuzz
