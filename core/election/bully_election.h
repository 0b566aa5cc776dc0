// ElectionTraits for Bully (core/bully/bully.h).
//
// A campaign begins whenever the node holds an election: its `elections`
// counter rises (at Start, on an Election or Coordinator from a node it
// outranks, on a suspected leader, or when no Coordinator followed an
// Answer). It is campaigning while electing or awaiting a Coordinator. The
// counter is also the model checker's bound, so a service should leave
// Config::max_elections alone: nothing in the step reads it.

#ifndef STEPWISE_CORE_ELECTION_BULLY_ELECTION_H_
#define STEPWISE_CORE_ELECTION_BULLY_ELECTION_H_

#include <optional>

#include "core/bully/bully.h"
#include "core/election/election.h"

namespace stepwise::core::election {

template <>
struct ElectionTraits<bully::Bully> {
  using P = bully::Bully;

  static P::State Init(const P::Config& config, NodeId self) {
    return P::init(config, self);
  }
  static std::optional<NodeId> Leader(const P::Config&, NodeId,
                                      const P::State& state) {
    // Bully names nodes by id = index + 1, with 0 for "none".
    if (state.leader == 0) return std::nullopt;
    return state.leader - 1;
  }
  static bool Campaigning(const P::State& state) {
    return state.role == bully::Role::kElecting ||
           state.role == bully::Role::kAwaitingCoordinator;
  }
  static bool BeginsCampaign(const P::State& before, const Event<P>&,
                             const P::State& after) {
    return after.elections > before.elections;
  }
};

using BullyElection = ElectionNode<bully::Bully>;

}  // namespace stepwise::core::election

#endif  // STEPWISE_CORE_ELECTION_BULLY_ELECTION_H_
