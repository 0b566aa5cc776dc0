// ElectionTraits for Raft (core/raft/raft.h) used as a leader election only:
// no client requests are made, so the log holds one no-op per term won.
//
// A campaign begins when kElection fires on a node that does not lead (with
// Config::pre_vote, the pre-vote round; winning it continues the same
// campaign) and it campaigns while a pre-candidate or candidate. The leader
// is the node itself when it leads, else the leader of its term it heard
// from. Term and vote are durable: honour `effects().persisted()`.

#ifndef STEPWISE_CORE_ELECTION_RAFT_ELECTION_H_
#define STEPWISE_CORE_ELECTION_RAFT_ELECTION_H_

#include <optional>
#include <variant>

#include "core/election/election.h"
#include "core/raft/raft.h"

namespace stepwise::core::election {

template <>
struct ElectionTraits<raft::Raft> {
  using P = raft::Raft;

  static P::State Init(const P::Config& config, NodeId self) {
    return P::init(config, self);
  }
  static std::optional<NodeId> Leader(const P::Config&, NodeId self,
                                      const P::State& state) {
    if (state.role == raft::Role::kLeader) return self;
    return state.leader;
  }
  static bool Campaigning(const P::State& state) {
    return state.role == raft::Role::kPreCandidate ||
           state.role == raft::Role::kCandidate;
  }
  static bool BeginsCampaign(const P::State& before, const Event<P>& event,
                             const P::State&) {
    // Mirrors the step: an election timeout campaigns unless the node leads.
    const auto* timeout = std::get_if<Timeout<P>>(&event);
    return timeout != nullptr && timeout->timer == raft::Timer::kElection &&
           before.role != raft::Role::kLeader;
  }
};

using RaftElection = ElectionNode<raft::Raft>;

}  // namespace stepwise::core::election

#endif  // STEPWISE_CORE_ELECTION_RAFT_ELECTION_H_
