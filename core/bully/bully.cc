#include "core/bully/bully.h"

#include <cassert>

namespace stepwise::core::bully {
namespace {

using Fx = Effects<Bully>;

void BecomeLeader(const Config& config, NodeId self, State& state, Fx& fx) {
  state.role = Role::kLeader;
  state.leader = Bully::IdOf(self);
  state.awaiting_ack = false;
  fx.cancel_timer(Timer::kAnswer);
  fx.cancel_timer(Timer::kCoordinator);
  fx.cancel_timer(Timer::kLeaderCheck);
  // Every other node, not only lower ones: a higher node that is alive after
  // all (a premature timeout) hears it and bullies back.
  for (NodeId n = 0; n < config.nodes; ++n) {
    if (n != self) fx.send(n, Coordinator{});
  }
}

void StartElection(const Config& config, NodeId self, State& state, Fx& fx) {
  ++state.elections;
  state.role = Role::kElecting;
  state.leader = 0;  // campaigning means no leader is trusted any more
  state.awaiting_ack = false;
  fx.cancel_timer(Timer::kCoordinator);
  fx.cancel_timer(Timer::kLeaderCheck);
  bool challenged = false;
  for (NodeId n = 0; n < config.nodes; ++n) {
    if (n == self || !Bully::Outranks(config, n, self)) continue;
    fx.send(n, Election{});
    challenged = true;
  }
  if (challenged) {
    fx.set_timer(Timer::kAnswer);
  } else {
    BecomeLeader(config, self, state, fx);  // nobody to ask: the best wins
  }
}

void Follow(NodeId leader, State& state, Fx& fx) {
  state.role = Role::kFollower;
  state.leader = Bully::IdOf(leader);
  state.awaiting_ack = false;
  fx.cancel_timer(Timer::kAnswer);
  fx.cancel_timer(Timer::kCoordinator);
  fx.set_timer(Timer::kLeaderCheck);
}

void OnElection(const Config& config, NodeId self, NodeId from, State& state,
                Fx& fx) {
  // Elections only go upward; one from above is stale or malformed.
  if (!Bully::Outranks(config, self, from)) return;
  if (config.bug != Bug::kNoAnswer) fx.send(from, Answer{});
  switch (state.role) {
    case Role::kFollower:
      StartElection(config, self, state, fx);
      break;
    case Role::kLeader:
      // Re-announcing tells the challenger who leads without a new round.
      fx.send(from, Coordinator{});
      break;
    case Role::kElecting:
    case Role::kAwaitingCoordinator:
      break;  // our own election will settle it
  }
}

void OnAnswer(State& state, Fx& fx) {
  if (state.role != Role::kElecting) return;  // late or duplicated
  state.role = Role::kAwaitingCoordinator;
  fx.cancel_timer(Timer::kAnswer);
  fx.set_timer(Timer::kCoordinator);
}

void OnCoordinator(const Config& config, NodeId self, NodeId from, State& state,
                   Fx& fx) {
  if (!Bully::Outranks(config, self, from)) {
    Follow(from, state, fx);
    return;
  }
  // A node we outrank claims to lead: bully it.
  if (state.role == Role::kLeader) {
    BecomeLeader(config, self, state, fx);
  } else if (state.role == Role::kFollower) {
    StartElection(config, self, state, fx);
  }
}

void OnTimeout(const Config& config, NodeId self, Timer timer, State& state,
               Fx& fx) {
  switch (timer) {
    case Timer::kAnswer:
      if (state.role == Role::kElecting) BecomeLeader(config, self, state, fx);
      break;
    case Timer::kCoordinator:
      if (state.role == Role::kAwaitingCoordinator) {
        StartElection(config, self, state, fx);
      }
      break;
    case Timer::kLeaderCheck:
      if (state.role != Role::kFollower || state.leader == 0) break;
      if (state.awaiting_ack) {
        StartElection(config, self, state, fx);  // the leader is suspected
      } else {
        state.awaiting_ack = true;
        fx.send(state.leader - 1, Ping{});
        fx.set_timer(Timer::kLeaderCheck);
      }
      break;
  }
}

}  // namespace

bool Bully::TrulyOutranks(const Config& config, NodeId a, NodeId b) {
  const uint32_t pa = PriorityOf(config, a);
  const uint32_t pb = PriorityOf(config, b);
  return pa != pb ? pa > pb : a > b;
}

bool Bully::Outranks(const Config& config, NodeId a, NodeId b) {
  if (config.bug == Bug::kLowestWinsCompare) {
    return a != b && !TrulyOutranks(config, a, b);
  }
  if (config.bug == Bug::kNoTieBreak) {
    return PriorityOf(config, a) > PriorityOf(config, b);
  }
  return TrulyOutranks(config, a, b);
}

std::string_view Bully::Validate(const Config& config) {
  if (config.nodes < 1 || config.nodes > kMaxNodes) {
    return "bully needs 1 to 8 nodes";
  }
  if (!config.priorities.empty() && config.priorities.size() != config.nodes) {
    return "--priorities needs one priority per node";
  }
  return "";
}

void Bully::step(const Config& config, NodeId self, State& state,
                 const Event<Bully>& event, Fx& effects) {
  assert(Validate(config).empty());
  assert(self < config.nodes);
  if (std::holds_alternative<Start>(event)) {
    // Booting or recovering: nothing is known, so find out who leads.
    StartElection(config, self, state, effects);
  } else if (const auto* receive = std::get_if<Receive<Bully>>(&event)) {
    const NodeId from = receive->from;
    if (from >= config.nodes || from == self) return;  // malformed input
    const Message& message = receive->message;
    if (std::holds_alternative<Election>(message)) {
      OnElection(config, self, from, state, effects);
    } else if (std::holds_alternative<Answer>(message)) {
      OnAnswer(state, effects);
    } else if (std::holds_alternative<Coordinator>(message)) {
      OnCoordinator(config, self, from, state, effects);
    } else if (std::holds_alternative<Ping>(message)) {
      if (state.role == Role::kLeader) effects.send(from, Ack{});
    } else if (std::holds_alternative<Ack>(message)) {
      if (state.role == Role::kFollower && state.leader == IdOf(from)) {
        state.awaiting_ack = false;
      }
    }
  } else if (const auto* timeout = std::get_if<Timeout<Bully>>(&event)) {
    OnTimeout(config, self, timeout->timer, state, effects);
  }
}

}  // namespace stepwise::core::bully
