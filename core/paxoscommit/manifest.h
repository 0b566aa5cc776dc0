// Paxos Commit's entry in the protocol list: its summary, options, bug
// help, the model its checks start from and its CI portfolio (see
// core/manifest.h).

#ifndef STEPWISE_CORE_PAXOSCOMMIT_MANIFEST_H_
#define STEPWISE_CORE_PAXOSCOMMIT_MANIFEST_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/manifest.h"
#include "core/paxoscommit/paxoscommit.h"

namespace stepwise::core {

template <>
struct Manifest<paxoscommit::PaxosCommit> {
  static constexpr std::string_view kSummary =
      "Paxos Commit: each resource manager's vote is decided by Paxos among "
      "2F+1 acceptors, so a failed transaction manager blocks nobody";
  static constexpr std::array<std::string_view, 4> kBugHelp = {
      "",
      "F+1 acceptors instead of 2F+1, each leader waiting for all but F "
      "(shows when timeouts fire early: --synchronous-timers=false)",
      "a recovering leader proposes aborted without looking at the votes "
      "its promises report",
      "an acceptor's promise and vote are lost when it restarts (needs "
      "--crash-stop=false and --synchronous-timers=false)",
  };
  template <typename Binder>
  static void BindOptions(Binder& bind, paxoscommit::Config* config) {
    bind({.flag = "--rms",
          .value_name = "N",
          .help = "resource managers (one Paxos instance each)",
          .min = 1,
          .max = paxoscommit::kMaxRms},
         &config->rms);
    bind({.flag = "--faults",
          .value_name = "F",
          .help = "acceptor failures to survive: 2F+1 acceptors",
          .min = 0,
          .max = paxoscommit::kMaxFaults},
         &config->faults);
    bind({.flag = "--ballots",
          .value_name = "B",
          .help = "ballots 0..B-1 (0 is the RMs' own; the backup owns the "
                  "odd ones, the TM the even ones above 0)",
          .min = 1,
          .max = paxoscommit::kMaxBallots},
         &config->ballots);
  }
  static std::string Validate(const paxoscommit::Config& config) {
    return std::string(paxoscommit::PaxosCommit::Validate(config));
  }
  // Where Paxos Commit promises to terminate: any one node (the TM
  // included) fails for good, timeouts outlast messages, and links are
  // FIFO (TCP's), which keeps the model small enough to check non-blocking
  // termination on every run (745,859 states). Safety needs none of this;
  // the portfolio drops each assumption in turn.
  static void DefaultCheckOptions(CheckOptions* options) {
    options->crashes = 1;
    options->crash_stop = true;
    options->synchronous_timers = true;
    options->network = Network::kOrdered;
  }
  // `stepwise check paxoscommit --ci`. The early-timeouts run is where
  // f-plus-one-acceptors and volatile-acceptor show: a leader starting a
  // ballot while ballot 0's votes are still in flight (docs/paxoscommit.md).
  static std::vector<CheckRun<paxoscommit::PaxosCommit>> Portfolio() {
    CheckOptions non_blocking;
    DefaultCheckOptions(&non_blocking);
    CheckOptions unordered = non_blocking;
    unordered.network = Network::kReliable;
    unordered.liveness = LivenessMode::kOff;
    CheckOptions two_failures = non_blocking;
    two_failures.crashes = 2;
    two_failures.liveness = LivenessMode::kOff;
    CheckOptions no_failure = non_blocking;
    no_failure.crashes = 0;
    // Timeouts that may fire at any time, and a node that fails and
    // restarts: every race between ballots, for one RM.
    CheckOptions early_timeouts;
    early_timeouts.crashes = 1;
    early_timeouts.liveness = LivenessMode::kOff;
    paxoscommit::Config one_rm;
    one_rm.rms = 1;
    one_rm.ballots = 2;
    paxoscommit::Config three_rms;
    three_rms.rms = 3;
    return {
        {"non-blocking",
         "any one node fails for good; every RM decides",
         {},
         non_blocking},
        {"unordered", "links that reorder messages", {}, unordered},
        {"two-failures",
         "two nodes fail, both leaders possibly",
         {},
         two_failures},
        {"three-rms", "a larger transaction, no failure", three_rms,
         no_failure},
        {"early-timeouts",
         "ballots that race with ballot 0's votes, a failure and restart",
         one_rm, early_timeouts},
    };
  }
};

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_PAXOSCOMMIT_MANIFEST_H_
