// The eventually consistent store's entry in the protocol list: its summary,
// options, bug help, model-checking defaults and CI portfolio (see
// core/manifest.h).

#ifndef STEPWISE_CORE_EVENTUAL_MANIFEST_H_
#define STEPWISE_CORE_EVENTUAL_MANIFEST_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/eventual/eventual.h"
#include "core/eventual/invariants.h"
#include "core/manifest.h"

namespace stepwise::core {

template <>
struct Manifest<eventual::EventualStore> {
  static constexpr std::string_view kSummary =
      "eventually consistent store: every replica answers alone; version "
      "vectors, anti-entropy, siblings or LWW, an OR-set";
  static constexpr std::array<std::string_view, 5> kBugHelp = {
      "",
      "a merge keeps siblings the other side overwrote",
      "last-writer-wins ignores the writer id on equal timestamps",
      "the set's merge keeps entries the other side removed",
      "a replica counts a peer up to date when it sends, not when acked",
  };
  template <typename Binder>
  static void BindOptions(Binder& bind, eventual::Config* config) {
    bind({.flag = "--nodes",
          .value_name = "N",
          .help = "replicas (each answers its clients alone)",
          .min = 1,
          .max = eventual::kMaxNodes},
         &config->nodes);
    bind({.flag = "--values",
          .value_name = "V",
          .help = "clients write (or add and remove) values 1..V",
          .min = 1,
          .max = eventual::kMaxValues},
         &config->values);
    bind({.flag = "--attempts",
          .value_name = "A",
          .help = "gossip sends per peer for each new version",
          .min = 1,
          .max = eventual::kMaxAttempts},
         &config->attempts);
    bind({.flag = "--clock-ticks",
          .value_name = "T",
          .help = "ticks each replica's physical clock may advance (--lww)",
          .min = 0,
          .max = eventual::kMaxClockTicks},
         &config->clock_ticks);
    bind({.flag = "--set",
          .help = "clients use an observed-remove set instead of the register"},
         &config->set);
    bind({.flag = "--lww",
          .help = "the register resolves concurrent writes by last-writer-"
                  "wins on hybrid logical clocks instead of keeping siblings"},
         &config->lww);
  }
  static std::string Validate(const eventual::Config& config) {
    return std::string(eventual::EventualStore::Validate(config));
  }
  // One value: concurrent writes of it still make two siblings (two dots),
  // and a stale read returns the initial nothing, which is all the
  // linearizability counterexample needs.
  static eventual::Config DefaultConfig() {
    eventual::Config config;
    config.values = 1;
    return config;
  }
  // Two updates race; gossip waits for the messages in flight (timers are
  // longer than message delays), and linearizability, which an available
  // store cannot promise, is left to `--only linearizable`.
  static void DefaultCheckOptions(CheckOptions* options) {
    options->requests = 2;
    options->synchronous_timers = true;
    options->only_properties.assign(eventual::kPromised.begin(),
                                    eventual::kPromised.end());
  }
  // `stepwise check eventual --ci`: every data type and conflict rule, and
  // each fault the merge must absorb. Every run is exhaustive.
  static std::vector<CheckRun<eventual::EventualStore>> Portfolio() {
    CheckOptions base;
    DefaultCheckOptions(&base);

    CheckOptions three = base;
    three.requests = 3;
    three.liveness = LivenessMode::kOff;

    CheckOptions duplicating = base;
    duplicating.network = Network::kDuplicating;

    CheckOptions lossy = base;
    lossy.network = Network::kLossy;
    lossy.drops = 1;

    CheckOptions crash = base;
    crash.crashes = 1;

    CheckOptions partition = base;
    partition.partitions = 1;

    // Gossip rounds before messages arrive: every copy of every round in
    // flight at once. One send per version keeps it near a million states
    // (two sends and the set pass 50 million).
    CheckOptions eager = base;
    eager.synchronous_timers = false;
    eventual::Config once = DefaultConfig();
    once.attempts = 1;

    eventual::Config lww = DefaultConfig();
    lww.lww = true;
    eventual::Config lww_clock = lww;
    lww_clock.clock_ticks = 1;
    eventual::Config set = DefaultConfig();
    set.set = true;
    // Two replicas: no third one relays what a lost message did not carry.
    eventual::Config pair = DefaultConfig();
    pair.nodes = 2;

    return {
        {"siblings", "concurrent writes kept as siblings", DefaultConfig(),
         base},
        {"siblings-three-updates", "three writes: siblings overwritten",
         DefaultConfig(), three},
        {"lww", "last-writer-wins on equal clocks", lww, base},
        {"lww-clock", "last-writer-wins with physical clocks that advance",
         lww_clock, base},
        {"set", "add and remove race in the OR-set", set, three},
        {"duplicating", "gossip delivered twice", set, duplicating},
        {"lossy", "a lost gossip message: resends", pair, lossy},
        {"one-crash", "a replica restarts from its durable data",
         DefaultConfig(), crash},
        {"partition", "updates on both sides of a partition", DefaultConfig(),
         partition},
        {"eager-gossip", "gossip timers that fire before delivery", once,
         eager},
    };
  }
};

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_EVENTUAL_MANIFEST_H_
