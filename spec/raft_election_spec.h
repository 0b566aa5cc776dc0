// Z3 model of Raft's leader election (core/raft), for election safety: at
// most one leader per term, for any cluster size.
//
// Sorts: Node, Term (totally ordered by the rigid relation `le`, with a least
// term `term0`), Quorum (rigid membership `member(Node, Quorum)`; any two
// quorums intersect, an axiom in the style of Ivy's EPR encodings). State:
// each node's current term, the votes granted (`voted(voter, term, cand)`,
// durable, and also the vote message: delivery may pick any vote ever
// granted), the votes a candidate counted (`received(cand, term, voter)`,
// volatile), and who became leader in which term.
//
// Actions: a node times out into a higher term and votes for itself; grants
// a vote (only to one candidate per term: a higher term forgets nothing it
// has not voted in); a candidate counts a vote of its current term; becomes
// leader with a quorum of counted votes; a node adopts a higher term it
// hears of; a node restarts (counted votes are lost). The log up-to-date
// check and pre-vote only restrict when votes are granted and are left out.
//
// Planted bugs named like core/raft's `--bug`: `forget_vote_on_restart`
// (restart drops the node's votes) and `reply_before_persist` (an extra
// action, crash-before-persist: the node's last step granted a vote to
// another node, possibly adopting that vote's term, and the node crashes
// before persisting it, so it restarts in its last durable term without
// that vote). In both, the lost vote also disappears as a message (`voted`
// is both), so a candidate must have counted it before the crash; runs that
// deliver it later are not modelled.
//
// With `nodes` and `terms` set, the sorts are finite enumerations instead
// (nodes n0.., terms t0 < t1 < ..., every majority of the nodes a quorum,
// named by its members: q01, q012, ...), so that spec/raft_conformance.h can
// evaluate the transition relation on concrete clusters and spec/bmc.h can
// unroll it (`stepwise bmc raft`). The axioms then pin
// `le`, `term0` and `member` to that instance.

#ifndef STEPWISE_SPEC_RAFT_ELECTION_SPEC_H_
#define STEPWISE_SPEC_RAFT_ELECTION_SPEC_H_

#include <z3++.h>

#include <cstdint>

#include "spec/transition_system.h"

namespace stepwise::spec {

struct RaftElectionSpecOptions {
  // Planted mistakes: a node grants a second vote in a term (tests only);
  // a restarted node forgets its vote (core/raft's forget-vote-on-restart);
  // a vote leaves before it is durable and a crash loses it
  // (core/raft's reply-before-persist).
  bool double_vote = false;
  bool forget_vote_on_restart = false;
  bool reply_before_persist = false;
  // 0 and 0: uninterpreted sorts (any number, for Prove). Otherwise exactly
  // these nodes and terms; REQUIRES 1 <= nodes <= kRaftMaxFiniteNodes and
  // 1 <= terms <= kRaftMaxFiniteTerms.
  uint32_t nodes = 0;
  uint32_t terms = 0;
};

// Quorums are every majority of the nodes: 2^nodes of them at most.
inline constexpr uint32_t kRaftMaxFiniteNodes = 7;
// The term order is pinned by terms^2 facts.
inline constexpr uint32_t kRaftMaxFiniteTerms = 16;

inline constexpr size_t kRaftCurrentTerm = 0;  // current_term(Node): Term
inline constexpr size_t kRaftVoted = 1;        // voted(voter, term, cand)
inline constexpr size_t kRaftReceived = 2;     // received(cand, term, voter)
inline constexpr size_t kRaftLeader = 3;       // leader(node, term)

TransitionSystem RaftElectionSpec(z3::context& ctx,
                                  const RaftElectionSpecOptions& options);

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_RAFT_ELECTION_SPEC_H_
