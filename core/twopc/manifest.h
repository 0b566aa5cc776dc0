// Two-phase commit's entry in the protocol list: its summary, options and
// bug help (see core/manifest.h).

#ifndef STEPWISE_CORE_TWOPC_MANIFEST_H_
#define STEPWISE_CORE_TWOPC_MANIFEST_H_

#include <array>
#include <string_view>
#include <vector>

#include "core/manifest.h"
#include "core/twopc/twopc.h"

namespace stepwise::core {

template <>
struct Manifest<twopc::TwoPhase> {
  static constexpr std::string_view kSummary =
      "two-phase commit: one transaction manager, N resource managers";
  static constexpr std::array<std::string_view, 5> kBugHelp = {
      "",
      "the TM commits once a majority of RMs has prepared",
      "an RM may still give up after it has prepared",
      "the TM's decision is not durable: a restarted TM is undecided",
      "an RM's prepared state is not durable",
  };
  template <typename Binder>
  static void BindOptions(Binder& bind, twopc::Config* config) {
    bind({.flag = "--rms",
          .value_name = "N",
          .help = "number of resource managers",
          .min = 1,
          .max = twopc::kMaxRms},
         &config->rms);
  }
  // `stepwise check twopc --ci`: the TLA+ size without faults, then one
  // crash (what the durability bugs need), then a fourth RM.
  static std::vector<CheckRun<twopc::TwoPhase>> Portfolio() {
    twopc::Config three;
    CheckOptions crash;
    crash.crashes = 1;
    twopc::Config four;
    four.rms = 4;
    return {
        {"three-rms", "agreement and decisions without faults", three, {}},
        {"one-crash", "a crash and restart: what must be durable", three,
         crash},
        {"four-rms", "a larger cluster without faults", four, {}},
    };
  }
};

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_TWOPC_MANIFEST_H_
