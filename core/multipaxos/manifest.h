// Multi-Paxos's entry in the protocol list: its summary, options, bug help,
// model-checking defaults and CI portfolio (see core/manifest.h).

#ifndef STEPWISE_CORE_MULTIPAXOS_MANIFEST_H_
#define STEPWISE_CORE_MULTIPAXOS_MANIFEST_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/manifest.h"
#include "core/multipaxos/multipaxos.h"

namespace stepwise::core {

template <>
struct Manifest<multipaxos::MultiPaxos> {
  static constexpr std::string_view kSummary =
      "Multi-Paxos: a stable leader runs phase 1 once for every slot, then "
      "one phase-2 round per client command of a replicated key-value store";
  static constexpr std::array<std::string_view, 4> kBugHelp = {
      "",
      "a new leader skips phase 1 and proposes after its own decided log",
      "a new leader fills undecided slots with no-ops, ignoring reported "
      "votes",
      "an acceptor's votes are not durable across a restart",
  };
  template <typename Binder>
  static void BindOptions(Binder& bind, multipaxos::Config* config) {
    bind({.flag = "--nodes",
          .value_name = "N",
          .help = "acceptors and replicas",
          .min = 1,
          .max = multipaxos::kMaxNodes},
         &config->nodes);
    bind({.flag = "--candidates",
          .value_name = "C",
          .help = "nodes 0..C-1 may lead; ballot b is candidate b % C's",
          .min = 1,
          .max = multipaxos::kMaxNodes},
         &config->candidates);
    bind({.flag = "--ballots",
          .value_name = "B",
          .help = "ballots 0..B-1 may start (the model's bound; 0: none)",
          .min = 0,
          .max = multipaxos::kMaxBallots},
         &config->ballots);
  }
  static std::string Validate(const multipaxos::Config& config) {
    return std::string(multipaxos::MultiPaxos::Validate(config));
  }
  // Two candidates with one ballot each: the second can take over while
  // the first's slots are half accepted.
  static multipaxos::Config DefaultConfig() { return multipaxos::Config{}; }
  // Two requests: one command alone is never decided out of order nor
  // leaves a gap. FIFO links with one lost message, and timeouts that
  // outlast messages, reach every goal in about a million states; links
  // that reorder take some 13 million (docs/multipaxos.md). Two candidates
  // may pre-empt each other for ever, so liveness is checked only when
  // asked (the portfolio checks it under a stable leader).
  static void DefaultCheckOptions(CheckOptions* options) {
    options->requests = 2;
    options->network = Network::kOrdered;
    options->drops = 1;
    options->synchronous_timers = true;
    options->liveness = LivenessMode::kOff;
  }
  // `stepwise check multipaxos --ci`.
  static std::vector<CheckRun<multipaxos::MultiPaxos>> Portfolio() {
    CheckOptions lossy;
    DefaultCheckOptions(&lossy);

    CheckOptions reordering = lossy;
    reordering.network = Network::kReliable;
    reordering.drops = 0;
    reordering.max_states = 2'000'000;

    CheckOptions crash = lossy;
    crash.drops = 0;
    crash.crashes = 1;

    // One candidate is a stable leader; three ballots let it take over
    // again after a lost message or a restart.
    multipaxos::Config stable;
    stable.candidates = 1;
    stable.ballots = 3;
    CheckOptions stable_lossy = lossy;
    stable_lossy.liveness = LivenessMode::kOn;
    CheckOptions stable_crash = crash;
    stable_crash.liveness = LivenessMode::kOn;

    return {
        {"lossy-fifo", "a lost message leaves a gap a new leader fills",
         DefaultConfig(), lossy},
        {"reordering", "slots accepted and decided in any order",
         DefaultConfig(), reordering},
        {"one-crash", "a crash and restart: what must be durable",
         DefaultConfig(), crash},
        {"stable-leader", "every request answered despite a lost message",
         stable, stable_lossy},
        {"stable-leader-crash", "every request answered despite a restart",
         stable, stable_crash},
    };
  }
};

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_MULTIPAXOS_MANIFEST_H_
