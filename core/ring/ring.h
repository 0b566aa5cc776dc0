// Chang–Roberts leader election on a unidirectional ring.
//
// Chang & Roberts, "An improved algorithm for decentralized extrema-finding
// in circular configurations of processes", CACM 22(5), 1979; modelled as in
// the ChangRoberts specification of the TLA+ Examples. Node i (0-based) has
// id i + 1 and sends only to node i + 1 (the last node to node 0). Each node
// is an initiator or not from the start (Config::ids rearranges the ids); its
// start step sends its own id if it initiates. A node that has lost forwards
// every id; a candidate forwards (and loses to) an id that beats its own under
// the winner rule, swallows one that does not, and wins when its own id comes
// back. The winner then sends a Coordinator announcement once around the ring
// so every node learns it.

#ifndef STEPWISE_CORE_RING_RING_H_
#define STEPWISE_CORE_RING_RING_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "core/protocol.h"
#include "core/reflect.h"

namespace stepwise::core::ring {

STEPWISE_ENUM(Bug, kNone,
              // A candidate that receives an id losing to its own declares
              // victory instead of swallowing it.
              kWinOnWeakerId,
              // A node that has lost swallows ids instead of forwarding them.
              kLostNodeSwallows);

STEPWISE_ENUM(Status, kCandidate, kLost, kWon);
STEPWISE_ENUM(Timer, kUnused);

struct Config {
  uint32_t nodes = 3;
  bool largest_wins = false;  // the TLA+ specification elects the smallest id
  bool announce = false;      // send a Coordinator round after winning
  Bug bug = Bug::kNone;
  // Node i's id, in ring order; empty: i + 1. How ids are arranged around
  // the ring decides how far each travels (message complexity).
  std::vector<uint32_t> ids = {};
  STEPWISE_FIELDS(Config, nodes, largest_wins, announce, bug, ids)
};

struct State {
  bool initiator = false;
  Status status = Status::kLost;
  uint32_t leader = 0;  // the announced leader's id, 0 until known
  STEPWISE_FIELDS(State, initiator, status, leader)
};

struct Election {
  uint32_t id = 0;
  STEPWISE_FIELDS(Election, id)
};
struct Coordinator {
  uint32_t id = 0;
  STEPWISE_FIELDS(Coordinator, id)
};
using Message = std::variant<Election, Coordinator>;

inline constexpr uint32_t kMaxNodes = 16;

struct ChangRoberts {
  static constexpr std::string_view kName = "ring";
  // Each node takes its own start step, as in the specification.
  static constexpr bool kStartIsAction = true;
  using Config = ring::Config;
  using State = ring::State;
  using Message = ring::Message;
  using Command = std::monostate;
  using Result = std::monostate;
  using Timer = ring::Timer;
  using Bug = ring::Bug;

  static size_t node_count(const Config& config) { return config.nodes; }
  static uint32_t IdOf(const Config& config, NodeId node) {
    return config.ids.empty() ? node + 1 : config.ids[node];
  }
  // The node whose id is `id`, if any.
  static std::optional<NodeId> NodeOf(const Config& config, uint32_t id);
  // "" if the configuration is runnable, else what is wrong with it.
  static std::string_view Validate(const Config& config);
  // Whether id `a` beats id `b` under the configured winner rule.
  static bool Beats(const Config& config, uint32_t a, uint32_t b) {
    return config.largest_wins ? a > b : a < b;
  }
  static NodeId Successor(const Config& config, NodeId node) {
    return (node + 1) % config.nodes;
  }
  static State init(const Config&, NodeId) { return State{}; }
  // Every subset of nodes may initiate: one initial state per subset.
  static std::vector<std::vector<State>> initial_states(const Config& config);
  static void step(const Config& config, NodeId self, State& state,
                   const Event<ChangRoberts>& event,
                   Effects<ChangRoberts>& effects);
  static State restart(const Config&, NodeId, const State& before_crash) {
    return before_crash;  // the algorithm assumes no crashes; keep it all
  }
  static bool within_bounds(const Config&, const State&) { return true; }

  static std::span<const Property<ChangRoberts>> invariants();
  static std::span<const Property<ChangRoberts>> goals();
  static std::span<const LivenessProperty<ChangRoberts>> liveness();
};

static_assert(Protocol<ChangRoberts>);
static_assert(HasLiveness<ChangRoberts>);

}  // namespace stepwise::core::ring

#endif  // STEPWISE_CORE_RING_RING_H_
