// The Bully leader election, with optional priorities.
//
// Garcia-Molina, "Elections in a Distributed Computing System", IEEE
// Transactions on Computers C-31(1), 1982. Node i (0-based) has id i + 1 and a
// priority (by default its id); a node outranks another when its priority is
// higher, ties broken by the larger id. The best-ranked live node should lead.
//
// An election: the node sends Election to every node that outranks it and
// arms kAnswer. A node that receives Election from a node it outranks replies
// Answer ("OK") and holds its own election unless it is already in one (a
// leader re-announces itself instead). A node that gets an Answer stops
// campaigning and arms kCoordinator; if kAnswer fires with no Answer, the node
// wins and sends Coordinator to every other node; if kCoordinator fires with
// no Coordinator, it starts over. A leader that hears Coordinator (or
// Election) from a node it outranks bullies it by announcing itself again; a
// follower hearing Coordinator from such a node starts an election.
//
// Failure detection is ping/ack: a follower's kLeaderCheck timer sends Ping to
// its leader; if the timer fires again before the leader's Ack arrived, the
// leader is suspected and the follower starts an election. Ping/ack (rather
// than periodic heartbeats from the leader) keeps at most one probe per
// follower in flight, so the state space stays finite.
//
// Time is logical: timers are names the environment fires. Bully's safety
// rests on synchrony (a timeout fires only after any Answer or Coordinator
// from a live node would have arrived); where the environment fires timers
// early, or cuts links, two leaders can coexist. See core/bully/README.md for
// which property the model checker finds to hold under which faults.
//
// Durable state: nothing but the node's identity (which is configuration).
// A restarted node has forgotten its role and its leader, and its Start step
// holds a new election, so a restarted higher node bullies its way back. The
// `elections` counter survives a crash only so the model's bound applies to
// the whole run; no decision of the protocol reads it.

#ifndef STEPWISE_CORE_BULLY_BULLY_H_
#define STEPWISE_CORE_BULLY_BULLY_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "core/protocol.h"
#include "core/reflect.h"

namespace stepwise::core::bully {

// Textbook mistakes the checkers must catch (`--bug`).
STEPWISE_ENUM(Bug, kNone,
              // A node that receives Election does not reply Answer, so the
              // lower node's answer timeout fires and it wins too.
              kNoAnswer,
              // The rank comparison is written the wrong way round, so the
              // lowest-ranked node wins.
              kLowestWinsCompare,
              // Priorities are compared without the id tie-break, so nodes
              // with equal priority each think nobody outranks them.
              kNoTieBreak);

STEPWISE_ENUM(Role, kFollower,
              kElecting,             // sent Election, waiting for an Answer
              kAwaitingCoordinator,  // got an Answer, waiting for Coordinator
              kLeader);

STEPWISE_ENUM(Timer,
              kAnswer,        // no Answer arrived: declare self coordinator
              kCoordinator,   // Answer but no Coordinator: elect again
              kLeaderCheck);  // probe the leader; unanswered probe: elect

inline constexpr uint32_t kMaxNodes = 8;  // partitions cover up to 8 nodes

struct Config {
  uint32_t nodes = 3;
  // Node i's priority is priorities[i]; empty means priority = id (i + 1).
  std::vector<uint32_t> priorities = {};
  // Model bound: states where a node started more elections are kept (and
  // checked) but not expanded.
  uint32_t max_elections = 2;
  Bug bug = Bug::kNone;
  STEPWISE_FIELDS(Config, nodes, priorities, max_elections, bug)
};

struct State {
  Role role = Role::kFollower;
  uint32_t leader = 0;        // id of the known coordinator, 0 if none
  uint32_t elections = 0;     // elections this node started (bound only)
  bool awaiting_ack = false;  // a Ping to the leader is unanswered
  STEPWISE_FIELDS(State, role, leader, elections, awaiting_ack)
};

struct Election {
  STEPWISE_NO_FIELDS(Election)
};
struct Answer {
  STEPWISE_NO_FIELDS(Answer)
};
struct Coordinator {
  STEPWISE_NO_FIELDS(Coordinator)
};
struct Ping {
  STEPWISE_NO_FIELDS(Ping)
};
struct Ack {
  STEPWISE_NO_FIELDS(Ack)
};
using Message = std::variant<Election, Answer, Coordinator, Ping, Ack>;

struct Bully {
  static constexpr std::string_view kName = "bully";
  using Config = bully::Config;
  using State = bully::State;
  using Message = bully::Message;
  using Command = std::monostate;
  using Result = std::monostate;
  using Timer = bully::Timer;
  using Bug = bully::Bug;

  static size_t node_count(const Config& config) { return config.nodes; }
  static uint32_t IdOf(NodeId node) { return node + 1; }
  static uint32_t PriorityOf(const Config& config, NodeId node) {
    return config.priorities.empty() ? IdOf(node) : config.priorities[node];
  }
  // Whether node `a` outranks node `b` (higher priority, then larger id),
  // as this configuration (and its bug) compares them.
  static bool Outranks(const Config& config, NodeId a, NodeId b);
  // The correct order, whatever the bug: what the invariants judge by.
  static bool TrulyOutranks(const Config& config, NodeId a, NodeId b);
  // "" if the configuration can run, else what is wrong with it.
  static std::string_view Validate(const Config& config);

  static State init(const Config&, NodeId) { return State{}; }
  static void step(const Config& config, NodeId self, State& state,
                   const Event<Bully>& event, Effects<Bully>& effects);
  static State restart(const Config&, NodeId, const State& before_crash) {
    return State{.elections = before_crash.elections};
  }
  static bool within_bounds(const Config& config, const State& state) {
    return state.elections <= config.max_elections;
  }

  static std::span<const Property<Bully>> invariants();
  static std::span<const Property<Bully>> goals();
  static std::span<const LivenessProperty<Bully>> liveness();
};

static_assert(Protocol<Bully>);
static_assert(HasLiveness<Bully>);

}  // namespace stepwise::core::bully

#endif  // STEPWISE_CORE_BULLY_BULLY_H_
