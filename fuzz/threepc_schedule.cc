#include "fuzz/threepc_schedule.h"

#include "model_check/options.h"
#include "model_check/schedule.h"

namespace stepwise::fuzz {

using core::threepc::Bug;

ThreePcRun ThreePcShape(uint8_t shape, Bug bug) {
  ThreePcRun run;
  run.config.participants = 2 + shape % 3;  // 2..4
  run.config.bug = bug;
  run.options.synchronous_timers = true;
  run.options.crash_stop = true;
  run.options.network =
      (shape / 3) % 2 == 0 ? mc::Network::kReliable : mc::Network::kOrdered;
  run.options.crashes = (shape / 6) % 4;
  run.liveness = mc::ScheduleLiveness::kAtRest;
  return run;
}

ThreePcRun RunThreePcSchedule(std::span<const uint8_t> input, Bug bug) {
  return RunShapedSchedule<core::threepc::ThreePhase>(ThreePcShape, input, bug,
                                                      kThreePcMaxSteps);
}

}  // namespace stepwise::fuzz
