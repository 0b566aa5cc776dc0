// How a model-checking run explores: network semantics, fault budgets,
// search mode and resources. Pure data, so a protocol's manifest (its CLI
// defaults and its CI portfolio, core/manifest.h) can name them beside its
// code; the explorer (model_check/) reads them.

#ifndef STEPWISE_CORE_CHECK_OPTIONS_H_
#define STEPWISE_CORE_CHECK_OPTIONS_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/reflect.h"

namespace stepwise::core {

// reliable:    unordered; each message delivered at most once, never lost.
// lossy:       reliable, and any message may also be dropped.
// duplicating: reliable, and a delivery may leave a copy behind.
// monotone:    as TLA+ specifications model it: a sent message stays in the
//              set forever and may be received any number of times.
// ordered:     FIFO per link; only the oldest message of a link is delivered.
STEPWISE_ENUM(Network, kReliable, kLossy, kDuplicating, kMonotone, kOrdered);

STEPWISE_ENUM(Mode, kBfs, kDfs, kSimulate);

// auto: check liveness when the safety run found at most
// kAutoLivenessStates states (the liveness graph is kept in memory).
STEPWISE_ENUM(LivenessMode, kAuto, kOn, kOff);
inline constexpr uint64_t kAutoLivenessStates = 1'000'000;

// A fault budget that never runs out.
inline constexpr int kUnlimited = -1;

struct CheckOptions {
  Network network = Network::kReliable;
  int crashes = 0;  // crash-and-restart budget
  // Crashed nodes stay down (fail-stop), the failure model of textbook
  // election algorithms such as Bully; otherwise a crashed node may restart.
  bool crash_stop = false;
  int drops = 0;       // message-loss budget (kUnlimited under lossy)
  int partitions = 0;  // how many times links may be cut (heal is free)
  int requests = 0;    // client requests the run may issue
  Mode mode = Mode::kBfs;
  bool symmetry = false;
  // Timers fire only when no message can be delivered: every timeout is
  // longer than any message delay (a synchronous system). Messages to down
  // nodes and across cut links do not hold timers back, so crashes and
  // partitions are still detected by timeout. A protocol may also rank its
  // timeouts by length (timeout_class, model_check/semantics.h): then a
  // longer one never fires while a shorter one is armed at a node that is up.
  bool synchronous_timers = false;
  LivenessMode liveness = LivenessMode::kAuto;
  int threads = 0;              // 0: every core
  uint64_t max_states = 0;      // 0: no limit; beyond it the run is incomplete
  double max_seconds = 0;       // 0: no limit; past it the run is incomplete
  uint64_t seed = 1;            // simulation
  uint64_t walks = 1000;        // simulation
  uint64_t depth = 100;         // simulation: steps per walk; dfs: depth bound
  double memory_gb = 0;         // 0: no budget
  double progress_seconds = 5;  // how often progress goes to stderr; 0: never
  bool quiet = false;
  // When not empty, only these invariants and liveness properties are
  // checked (goals are always tracked): to learn whether one property holds
  // where another fails first.
  std::vector<std::string> only_properties = {};

  bool Checks(std::string_view property) const {
    return only_properties.empty() ||
           std::find(only_properties.begin(), only_properties.end(),
                     property) != only_properties.end();
  }
};

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_CHECK_OPTIONS_H_
