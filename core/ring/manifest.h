// Chang-Roberts' entry in the protocol list: its summary, options and bug
// help (see core/manifest.h).

#ifndef STEPWISE_CORE_RING_MANIFEST_H_
#define STEPWISE_CORE_RING_MANIFEST_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/manifest.h"
#include "core/ring/ring.h"

namespace stepwise::core {

template <>
struct Manifest<ring::ChangRoberts> {
  static constexpr std::string_view kSummary =
      "Chang-Roberts leader election on a unidirectional ring (every subset "
      "of nodes may initiate)";
  static constexpr std::array<std::string_view, 3> kBugHelp = {
      "",
      "a candidate declares victory on an id that loses to its own",
      "a node that has lost swallows ids instead of forwarding them",
  };
  template <typename Binder>
  static void BindOptions(Binder& bind, ring::Config* config) {
    bind({.flag = "--nodes",
          .value_name = "N",
          .help = "ring size; node i has id i+1",
          .min = 1,
          .max = ring::kMaxNodes},
         &config->nodes);
    bind({.flag = "--largest-wins",
          .help = "elect the largest id (default: the smallest, as TLA+)"},
         &config->largest_wins);
    bind({.flag = "--announce", .help = "the winner sends a Coordinator round"},
         &config->announce);
    bind({.flag = "--ids",
          .value_name = "3,1,2",
          .help = "node i's id, in ring order (default: i+1)",
          .min = 1},
         &config->ids);
  }
  static std::string Validate(const ring::Config& config) {
    return std::string(ring::ChangRoberts::Validate(config));
  }
  // `stepwise check ring --ci`: three nodes as the TLA+ specification, then
  // four with the Coordinator round and the largest id winning.
  static std::vector<CheckRun<ring::ChangRoberts>> Portfolio() {
    ring::Config four;
    four.nodes = 4;
    four.announce = true;
    four.largest_wins = true;
    return {
        {"three-nodes", "the TLA+ model: every subset initiates", {}, {}},
        {"four-nodes-announce",
         "a larger ring, the winner announced",
         four,
         {}},
    };
  }
};

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_RING_MANIFEST_H_
