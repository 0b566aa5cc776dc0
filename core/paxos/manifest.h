// Single-decree Paxos's entry in the protocol list: its summary, options,
// bug help, model-checking defaults and CI portfolio (see core/manifest.h).

#ifndef STEPWISE_CORE_PAXOS_MANIFEST_H_
#define STEPWISE_CORE_PAXOS_MANIFEST_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/manifest.h"
#include "core/paxos/paxos.h"

namespace stepwise::core {

template <>
struct Manifest<paxos::Paxos> {
  static constexpr std::string_view kSummary =
      "single-decree Paxos: proposers, acceptors and learners agree on one "
      "client value";
  static constexpr std::array<std::string_view, 5> kBugHelp = {
      "",
      "an acceptor votes in a ballot below the one it promised",
      "a proposer ignores the votes its promises report",
      "quorums of n/2 acceptors instead of a majority",
      "an acceptor's promise is not durable across a restart",
  };
  template <typename Binder>
  static void BindOptions(Binder& bind, paxos::Config* config) {
    bind({.flag = "--nodes",
          .value_name = "N",
          .help = "acceptors (every node is an acceptor)",
          .min = 1,
          .max = paxos::kMaxNodes},
         &config->nodes);
    bind({.flag = "--proposers",
          .value_name = "P",
          .help = "nodes 0..P-1 also propose and learn (they answer "
                  "clients); ballot b is proposer b % P's",
          .min = 1,
          .max = paxos::kMaxNodes},
         &config->proposers);
    bind({.flag = "--values",
          .value_name = "V",
          .help = "clients propose values 1..V",
          .min = 1,
          .max = 8},
         &config->values);
    bind({.flag = "--ballots",
          .value_name = "B",
          .help = "ballots 0..B-1 may start (the model's bound; 0: none)",
          .min = 0,
          .max = paxos::kMaxRecordedVotes},
         &config->ballots);
  }
  static std::string Validate(const paxos::Config& config) {
    return std::string(paxos::Paxos::Validate(config));
  }
  // One proposer with two ballots: it may give up on its first ballot and
  // adopt the vote it left behind, which reaches every goal in about half a
  // million states. Two proposers interleave two ballots' messages: more
  // than 60 million states at two ballots, so the portfolio explores them
  // with a bound (docs/paxos.md).
  static paxos::Config DefaultConfig() {
    paxos::Config config;
    config.proposers = 1;
    config.ballots = 2;
    return config;
  }
  // Clients propose: without a request nothing happens. Two proposers may
  // duel for ever, so liveness is checked only when asked (the portfolio
  // checks it with one proposer and timeouts that outlast messages).
  static void DefaultCheckOptions(CheckOptions* options) {
    options->requests = 1;
    options->liveness = LivenessMode::kOff;
  }
  // `stepwise check paxos --ci`. The two-proposer runs stop at a state
  // bound; each textbook bug falls well inside it (docs/paxos.md).
  static std::vector<CheckRun<paxos::Paxos>> Portfolio() {
    CheckOptions retry;
    DefaultCheckOptions(&retry);

    paxos::Config duel;  // two proposers, one ballot each
    duel.ballots = 2;
    CheckOptions two_requests;
    two_requests.requests = 2;
    two_requests.liveness = LivenessMode::kOff;
    two_requests.max_states = 20'000'000;

    CheckOptions monotone = two_requests;  // TLA+'s network
    monotone.network = Network::kMonotone;

    CheckOptions crash = two_requests;
    crash.crashes = 1;
    crash.network = Network::kOrdered;
    crash.synchronous_timers = true;

    paxos::Config two_nodes = duel;
    two_nodes.nodes = 2;
    CheckOptions small = two_requests;
    small.max_states = 0;

    // Timeouts outlast messages, so only a crash makes the proposer start
    // its second ballot, and a second client asks it to.
    CheckOptions fair;
    fair.requests = 2;
    fair.crashes = 1;
    fair.synchronous_timers = true;
    fair.liveness = LivenessMode::kOn;

    return {
        {"single-proposer", "a proposer that retries adopts its own vote",
         DefaultConfig(), retry},
        {"two-proposers", "ballots that interleave", duel, two_requests},
        {"tla-network", "TLA+'s network: messages stay and repeat", duel,
         monotone},
        {"one-crash", "a crash and restart: what must be durable", duel, crash},
        {"two-nodes", "an even cluster: where n/2 is not a majority", two_nodes,
         small},
        {"eventually-chosen", "one proposer gets a value chosen",
         DefaultConfig(), fair},
    };
  }
};

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_PAXOS_MANIFEST_H_
