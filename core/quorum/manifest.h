// The quorum register's entry in the protocol list: its summary, options,
// bug help, model-checking defaults and CI portfolio (see core/manifest.h).

#ifndef STEPWISE_CORE_QUORUM_MANIFEST_H_
#define STEPWISE_CORE_QUORUM_MANIFEST_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/manifest.h"
#include "core/quorum/quorum.h"

namespace stepwise::core {

template <>
struct Manifest<quorum::QuorumRegister> {
  static constexpr std::string_view kSummary =
      "ABD quorum register: reads and writes to R and W of N replicas, "
      "linearizable when R + W > N";
  static constexpr std::array<std::string_view, 4> kBugHelp = {
      "",
      "a read returns what it found without writing it back",
      "a writer takes its tag from its own replica, not from a quorum",
      "a replica stores an older tag over a newer one",
  };
  template <typename Binder>
  static void BindOptions(Binder& bind, quorum::Config* config) {
    bind({.flag = "--nodes",
          .value_name = "N",
          .help = "replicas (every node also coordinates its clients' "
                  "operations)",
          .min = 1,
          .max = quorum::kMaxNodes},
         &config->nodes);
    bind({.flag = "--read-quorum",
          .value_name = "R",
          .help = "replicas a query waits for (0: a majority); R + W <= N "
                  "is accepted, and not linearizable",
          .min = 0,
          .max = quorum::kMaxNodes},
         &config->read_quorum);
    bind({.flag = "--write-quorum",
          .value_name = "W",
          .help = "replicas a store waits for (0: a majority)",
          .min = 0,
          .max = quorum::kMaxNodes},
         &config->write_quorum);
    bind({.flag = "--values",
          .value_name = "V",
          .help = "clients write values 1..V",
          .min = 1,
          .max = 8},
         &config->values);
    bind({.flag = "--attempts",
          .value_name = "A",
          .help = "sends of a phase before the client is told it timed out",
          .min = 1,
          .max = quorum::kMaxAttempts},
         &config->attempts);
  }
  static std::string Validate(const quorum::Config& config) {
    return std::string(quorum::QuorumRegister::Validate(config));
  }
  // One value to write: a stale read then returns the initial 0, which is
  // all a linearizability violation needs (a second value multiplies the
  // states by about three and finds nothing more: docs/quorum.md).
  static quorum::Config DefaultConfig() {
    quorum::Config config;
    config.values = 1;
    return config;
  }
  // Clients drive everything: two operations race by default. Timeouts
  // outlast messages, so an operation times out only when a fault keeps a
  // quorum away (a run without faults then checks that every operation
  // succeeds).
  static void DefaultCheckOptions(CheckOptions* options) {
    options->requests = 2;
    options->synchronous_timers = true;
  }
  // `stepwise check quorum --ci`: two values, three operations (the
  // smallest history with a new-old inversion), faults, and timeouts
  // shorter than messages. The runs stop at 5 million states each; every
  // bug falls well inside (docs/quorum.md).
  static std::vector<CheckRun<quorum::QuorumRegister>> Portfolio() {
    CheckOptions two;
    DefaultCheckOptions(&two);
    two.liveness = LivenessMode::kOff;
    two.max_states = 5'000'000;

    CheckOptions three = two;
    three.requests = 3;
    three.network = Network::kOrdered;

    CheckOptions crash = two;
    crash.crashes = 1;
    crash.network = Network::kOrdered;

    CheckOptions lossy = two;
    lossy.network = Network::kLossy;
    lossy.drops = 1;

    CheckOptions eager = two;  // timeouts shorter than messages
    eager.synchronous_timers = false;

    CheckOptions cap;  // a partition: operations that never succeed
    DefaultCheckOptions(&cap);
    cap.requests = 1;
    cap.partitions = 1;
    cap.liveness = LivenessMode::kOff;

    quorum::Config two_values = DefaultConfig();
    two_values.values = 2;

    return {
        {"two-operations", "two operations race", DefaultConfig(), two},
        {"two-values", "two writers with different values", two_values, two},
        {"three-operations", "a write and two reads: new-old inversions",
         DefaultConfig(), three},
        {"one-crash", "a replica restarts: what must be durable",
         DefaultConfig(), crash},
        {"lossy", "a lost message: resends and time-outs", DefaultConfig(),
         lossy},
        {"eager-timeouts", "timeouts shorter than messages", DefaultConfig(),
         eager},
        {"partition", "a partition: safety while operations time out",
         DefaultConfig(), cap},
    };
  }
};

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_QUORUM_MANIFEST_H_
