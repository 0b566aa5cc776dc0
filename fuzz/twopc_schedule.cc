#include "fuzz/twopc_schedule.h"

#include "model_check/options.h"

namespace stepwise::fuzz {

using core::twopc::Bug;

TwoPcRun TwoPcShape(uint8_t shape, Bug bug) {
  TwoPcRun run;
  run.config.rms = 2 + shape % 3;  // 2..4 RMs
  run.config.bug = bug;
  static constexpr mc::Network kNetworks[] = {
      mc::Network::kReliable, mc::Network::kLossy, mc::Network::kDuplicating,
      mc::Network::kOrdered};
  run.options.network = kNetworks[(shape / 3) % 4];
  run.options.crashes = (shape / 12) % 3;
  run.options.partitions = (shape / 36) % 2;
  if (run.options.network == mc::Network::kLossy) run.options.drops = 8;
  return run;
}

TwoPcRun RunTwoPcSchedule(std::span<const uint8_t> input, Bug bug) {
  return RunShapedSchedule<core::twopc::TwoPhase>(TwoPcShape, input, bug,
                                                  kTwoPcMaxSteps);
}

}  // namespace stepwise::fuzz
