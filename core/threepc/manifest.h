// Three-phase commit's entry in the protocol list: its summary, options, bug
// help, the model its checks start from and its CI portfolio (see
// core/manifest.h).

#ifndef STEPWISE_CORE_THREEPC_MANIFEST_H_
#define STEPWISE_CORE_THREEPC_MANIFEST_H_

#include <array>
#include <string_view>
#include <vector>

#include "core/manifest.h"
#include "core/threepc/threepc.h"

namespace stepwise::core {

template <>
struct Manifest<threepc::ThreePhase> {
  static constexpr std::string_view kSummary =
      "three-phase commit with a decentralized termination protocol: one "
      "coordinator, N participants";
  static constexpr std::array<std::string_view, 5> kBugHelp = {
      "",
      "an uncertain participant that times out commits instead of running "
      "the termination protocol",
      "the coordinator commits once every vote is in, with no pre-commit "
      "phase",
      "the termination rule aborts unless someone has committed, as if "
      "pre-committed meant uncertain",
      "every participant that times out applies the termination rule "
      "itself; none is elected",
  };
  template <typename Binder>
  static void BindOptions(Binder& bind, threepc::Config* config) {
    bind({.flag = "--participants",
          .value_name = "N",
          .help = "number of participants (resource managers)",
          .min = 1,
          .max = threepc::kMaxParticipants},
         &config->participants);
  }
  // Skeen's setting, where three-phase commit is safe and non-blocking: a
  // node that crashes stays down, and every timeout outlasts every message
  // delay. One crash, so the coordinator can fail mid-broadcast.
  static void DefaultCheckOptions(CheckOptions* options) {
    options->crash_stop = true;
    options->crashes = 1;
    options->synchronous_timers = true;
  }
  // `stepwise check threepc --ci`: no faults; the coordinator (or a
  // participant) failing once; two failures, a coordinator and a
  // participant it told, which is where committing without the pre-commit
  // phase goes wrong; three, where overlapping termination rounds need the
  // election; four participants with one failure.
  static std::vector<CheckRun<threepc::ThreePhase>> Portfolio() {
    CheckOptions no_faults;
    no_faults.synchronous_timers = true;
    CheckOptions one_crash;
    DefaultCheckOptions(&one_crash);
    CheckOptions two_crashes = one_crash;
    two_crashes.crashes = 2;
    CheckOptions three_crashes = one_crash;
    three_crashes.crashes = 3;
    threepc::Config three;
    threepc::Config four;
    four.participants = 4;
    return {
        {"no-faults", "votes, pre-commit and commit without failures", three,
         no_faults},
        {"one-crash", "the coordinator fails mid-broadcast", three, one_crash},
        {"two-crashes", "the coordinator and a participant it told fail", three,
         two_crashes},
        {"three-crashes", "every node but one fails, rounds overlap", three,
         three_crashes},
        {"four-participants", "a larger transaction, one failure", four,
         one_crash},
    };
  }
};

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_THREEPC_MANIFEST_H_
