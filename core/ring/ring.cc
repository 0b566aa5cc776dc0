#include "core/ring/ring.h"

#include <cassert>

namespace stepwise::core::ring {
namespace {

using Fx = Effects<ChangRoberts>;

void OnElection(const Config& config, NodeId self, uint32_t id, State& state,
                Fx& effects) {
  const NodeId next = ChangRoberts::Successor(config, self);
  const uint32_t own = ChangRoberts::IdOf(config, self);
  if (state.status == Status::kLost) {
    if (config.bug != Bug::kLostNodeSwallows) effects.send(next, Election{id});
    return;
  }
  if (ChangRoberts::Beats(config, id, own)) {
    state.status = Status::kLost;
    effects.send(next, Election{id});
    return;
  }
  if (id == own || config.bug == Bug::kWinOnWeakerId) {
    state.status = Status::kWon;
    state.leader = own;
    if (config.announce) effects.send(next, Coordinator{own});
  }
  // Otherwise the weaker id is swallowed.
}

void OnCoordinator(const Config& config, NodeId self, uint32_t id, State& state,
                   Fx& effects) {
  if (id == ChangRoberts::IdOf(config, self)) return;  // the round is complete
  state.leader = id;
  effects.send(ChangRoberts::Successor(config, self), Coordinator{id});
}

}  // namespace

std::optional<NodeId> ChangRoberts::NodeOf(const Config& config, uint32_t id) {
  for (NodeId n = 0; n < config.nodes; ++n) {
    if (IdOf(config, n) == id) return n;
  }
  return std::nullopt;
}

std::string_view ChangRoberts::Validate(const Config& config) {
  if (config.nodes < 1 || config.nodes > kMaxNodes) {
    return "ring needs 1 to 16 nodes";
  }
  if (config.ids.empty()) return "";
  if (config.ids.size() != config.nodes) return "--ids needs one id per node";
  for (NodeId n = 0; n < config.nodes; ++n) {
    // 0 means "no leader known" in State::leader.
    if (config.ids[n] == 0) return "ring ids must be positive";
    for (NodeId m = 0; m < n; ++m) {
      if (config.ids[m] == config.ids[n]) return "ring ids must be distinct";
    }
  }
  return "";
}

std::vector<std::vector<State>> ChangRoberts::initial_states(
    const Config& config) {
  assert(config.nodes >= 1 && config.nodes <= kMaxNodes);
  std::vector<std::vector<State>> all;
  for (uint32_t mask = 0; mask < (uint32_t{1} << config.nodes); ++mask) {
    std::vector<State> states(config.nodes);
    for (NodeId n = 0; n < config.nodes; ++n) {
      states[n].initiator = (mask >> n) & 1;
      states[n].status =
          states[n].initiator ? Status::kCandidate : Status::kLost;
    }
    all.push_back(std::move(states));
  }
  return all;
}

void ChangRoberts::step(const Config& config, NodeId self, State& state,
                        const Event<ChangRoberts>& event, Fx& effects) {
  assert(Validate(config).empty());
  if (std::holds_alternative<Start>(event)) {
    if (state.initiator) {
      effects.send(Successor(config, self), Election{IdOf(config, self)});
    }
  } else if (const auto* receive = std::get_if<Receive<ChangRoberts>>(&event)) {
    if (const auto* election = std::get_if<Election>(&receive->message)) {
      OnElection(config, self, election->id, state, effects);
    } else if (const auto* coordinator =
                   std::get_if<Coordinator>(&receive->message)) {
      OnCoordinator(config, self, coordinator->id, state, effects);
    }
  }
}

}  // namespace stepwise::core::ring
