// The saga orchestrator's entry in the protocol list: its summary, options,
// bug help, model-checking defaults and CI portfolio (see core/manifest.h).

#ifndef STEPWISE_CORE_SAGA_MANIFEST_H_
#define STEPWISE_CORE_SAGA_MANIFEST_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/manifest.h"
#include "core/saga/saga.h"

namespace stepwise::core {

template <>
struct Manifest<saga::Saga> {
  static constexpr std::string_view kSummary =
      "saga orchestrator: steps with compensations, retries with "
      "idempotency keys, a durable log, services that fail";
  static constexpr std::array<std::string_view, 4> kBugHelp = {
      "",
      "compensations run in the order of the steps, not reversed",
      "calls carry no idempotency key: a retried call is applied again",
      "a restarted orchestrator runs the saga again from the first step",
  };
  template <typename Binder>
  static void BindOptions(Binder& bind, saga::Config* config) {
    bind({.flag = "--steps",
          .value_name = "N",
          .help = "steps of the order flow (validate, reserve, charge, "
                  "create, notify), one service each",
          .min = 1,
          .max = saga::kMaxSteps},
         &config->steps);
    bind({.flag = "--attempts",
          .value_name = "A",
          .help = "calls per action or compensation before giving up",
          .min = 1,
          .max = saga::kMaxAttempts},
         &config->attempts);
    bind({.flag = "--no-refusals",
          .help = "services never refuse an action",
          .negated = true},
         &config->refusals);
    bind({.flag = "--no-undo-failures",
          .help = "compensations never fail",
          .negated = true},
         &config->undo_failures);
  }
  static std::string Validate(const saga::Config& config) {
    return std::string(saga::Saga::Validate(config));
  }
  // One crash: the log must carry the saga across it.
  static void DefaultCheckOptions(CheckOptions* options) {
    options->crashes = 1;
  }
  // `stepwise check saga --ci`: the default model, then duplicates (every
  // message may be received again: the TLA+ network; the duplicating one
  // lets repeated answers pile up without bound), back-off and failing
  // compensations, lost messages, and the five-step order flow
  // (docs/saga.md has the state counts).
  static std::vector<CheckRun<saga::Saga>> Portfolio() {
    CheckOptions crash;
    DefaultCheckOptions(&crash);
    crash.liveness = LivenessMode::kOff;

    CheckOptions duplicates;
    DefaultCheckOptions(&duplicates);
    duplicates.network = Network::kMonotone;

    CheckOptions no_crash;
    CheckOptions lossy;
    DefaultCheckOptions(&lossy);
    lossy.network = Network::kLossy;
    lossy.drops = 1;

    CheckOptions bounded = no_crash;
    bounded.liveness = LivenessMode::kOff;
    bounded.max_states = 3'000'000;

    const saga::Config three;
    saga::Config two;
    two.steps = 2;
    saga::Config backoff = two;
    backoff.attempts = 3;
    saga::Config five;
    five.steps = 5;
    return {
        {"orchestrator-crash", "one crash of any node: resuming from the log",
         three, crash},
        {"duplicates", "calls and answers received again, and a crash", three,
         duplicates},
        {"needs-attention",
         "three attempts with back-off; compensations that keep failing",
         backoff, no_crash},
        {"lost-messages", "a lost call or answer, and a crash", two, lossy},
        {"order-flow", "the five-step order flow with duplicates and a crash",
         five, duplicates},
        {"order-flow-retries",
         "the five-step order flow, retries crossing answers (bounded)", five,
         bounded},
    };
  }
};

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_SAGA_MANIFEST_H_
