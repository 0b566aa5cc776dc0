// Bully's entry in the protocol list: its summary, options and bug help (see
// core/manifest.h).

#ifndef STEPWISE_CORE_BULLY_MANIFEST_H_
#define STEPWISE_CORE_BULLY_MANIFEST_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/bully/bully.h"
#include "core/manifest.h"

namespace stepwise::core {

template <>
struct Manifest<bully::Bully> {
  static constexpr std::string_view kSummary =
      "Garcia-Molina Bully election with Answer/Coordinator timeouts, "
      "ping/ack failure detection and optional priorities";
  static constexpr std::array<std::string_view, 4> kBugHelp = {
      "",
      "a node receiving Election does not reply Answer, so lower nodes win "
      "too",
      "the rank comparison is reversed, so the lowest-ranked node wins",
      "equal priorities are not broken by id, so tied nodes both win",
  };
  template <typename Binder>
  static void BindOptions(Binder& bind, bully::Config* config) {
    bind({.flag = "--nodes",
          .value_name = "N",
          .help = "cluster size; node i has id i+1",
          .min = 1,
          .max = bully::kMaxNodes},
         &config->nodes);
    bind({.flag = "--priorities",
          .value_name = "P1,P2,..",
          .help = "one priority per node (default: priority = id); the "
                  "highest wins, ties to the larger id"},
         &config->priorities);
    bind({.flag = "--max-elections",
          .value_name = "K",
          .help = "elections each node may start",
          .min = 1,
          .max = 16},
         &config->max_elections);
  }
  static std::string Validate(const bully::Config& config) {
    return std::string(bully::Bully::Validate(config));
  }
  // `stepwise check bully --ci`: Bully is correct only when every timeout
  // outlasts every message delay, so every run has synchronous timers; one
  // adds a fail-stop crash of a node (the case Answer exists for), one tied
  // priorities.
  static std::vector<CheckRun<bully::Bully>> Portfolio() {
    CheckOptions synchronous;
    synchronous.synchronous_timers = true;
    CheckOptions crash_stop = synchronous;
    crash_stop.crashes = 1;
    crash_stop.crash_stop = true;
    // Under fail-stop the crashed leader may stay leader in its own state;
    // these are the properties the algorithm promises there.
    crash_stop.only_properties = {"at-most-one-leader", "highest-leads"};
    bully::Config tied;
    tied.priorities = {2, 2, 1};
    return {
        {"synchronous",
         "three nodes, timeouts outlast messages",
         {},
         synchronous},
        {"crash-stop", "a node fails for good mid-election", {}, crash_stop},
        {"tied-priorities", "equal priorities broken by id", tied, synchronous},
    };
  }
};

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_BULLY_MANIFEST_H_
