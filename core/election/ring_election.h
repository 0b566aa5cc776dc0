// ElectionTraits for the Chang-Roberts ring (core/ring/ring.h).
//
// Every node initiates (the algorithm's worst case for messages, and the only
// choice that needs no outside coordination); a node's campaign begins at its
// Start step and it campaigns while still a candidate. The ring has no timers
// and assumes no crashes: it elects once. Nodes other than the winner learn
// the leader only from the Coordinator round, so set Config::announce.

#ifndef STEPWISE_CORE_ELECTION_RING_ELECTION_H_
#define STEPWISE_CORE_ELECTION_RING_ELECTION_H_

#include <optional>
#include <variant>

#include "core/election/election.h"
#include "core/ring/ring.h"

namespace stepwise::core::election {

template <>
struct ElectionTraits<ring::ChangRoberts> {
  using P = ring::ChangRoberts;

  static P::State Init(const P::Config&, NodeId) {
    return P::State{.initiator = true, .status = ring::Status::kCandidate};
  }
  static std::optional<NodeId> Leader(const P::Config& config, NodeId,
                                      const P::State& state) {
    if (state.leader == 0) return std::nullopt;  // not yet known
    return P::NodeOf(config, state.leader);
  }
  static bool Campaigning(const P::State& state) {
    return state.initiator && state.status == ring::Status::kCandidate;
  }
  static bool BeginsCampaign(const P::State& before, const Event<P>& event,
                             const P::State&) {
    return std::holds_alternative<Start>(event) && Campaigning(before);
  }
};

using RingElection = ElectionNode<ring::ChangRoberts>;

}  // namespace stepwise::core::election

#endif  // STEPWISE_CORE_ELECTION_RING_ELECTION_H_
