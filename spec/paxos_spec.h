// Z3 model of single-decree Paxos (core/paxos): acceptors, ballots a total
// order, values, quorums any two of which share an acceptor, and the set of
// messages ever sent (client requests, 1a, 1b, 2a, 2b); an action may read
// any message ever sent, which covers loss, duplication and reordering.
//
// Sorts: Acceptor, Ballot (uninterpreted, ordered by `le`), Value and
// Quorum (uninterpreted, `member(acceptor, quorum)`), so a proof holds for
// any number of acceptors, ballots, values and quorums. With `acceptors` > 0
// the sorts are finite instead, for BMC and the conformance check, with the
// quorums of core::paxos (every set of Paxos::Quorum acceptors or more).
//
// State, as core::paxos's promised, voted_ballot and voted_value, and the
// messages:
//   left(Acc, b)                  b < promised
//   bal_at_least(Acc, b)          b <= voted_ballot (none: empty)
//   vote(Acc, b, v)               (voted_ballot, voted_value), if any
//   proposed(v)                   a client asked a proposer to propose v
//   phase1a(b)                    Prepare(b) was sent
//   phase1b(Acc, m)               Acc promised m
//   phase1b_bal(Acc, m, b)        b <= the voted ballot that promise reported
//   phase1b_vote(Acc, m, b, v)    the (ballot, value) it reported, if any
//   phase2a(b, v), phase2b(Acc, b, v)
//   learned(v)                    some learner learned v (ever)
// A ballot field is kept as the downward-closed set of ballots below or at
// it, beside the exact value where one is needed: then no function leads
// from acceptors to ballots, and every check stays in the decidable EPR
// fragment (see paxos_spec.cc).
//
// Actions: propose (a client's request reaches a proposer), phase1a,
// phase1b (promise a ballot at or above the promise, reporting the vote),
// phase2a (a quorum of promises; the value of the highest reported vote,
// else a proposed one; at most one per ballot), phase2b (vote at or above
// the promise), learn (a quorum of 2b for one ballot), acceptor-restart
// (changes nothing but with the volatile-promise bug, where the promise
// falls back to the voted ballot). A proposer's own state is not modelled:
// its rule "at most one 2a per ballot" is the guard of phase2a, which
// core/paxos implements by owning ballots per proposer and persisting the
// highest ballot it started.

#ifndef STEPWISE_SPEC_PAXOS_SPEC_H_
#define STEPWISE_SPEC_PAXOS_SPEC_H_

#include <z3++.h>

#include <cstdint>

#include "core/paxos/paxos.h"
#include "spec/transition_system.h"

namespace stepwise::spec {

struct PaxosSpecOptions {
  core::paxos::Bug bug = core::paxos::Bug::kNone;
  // 0: any number of everything (uninterpreted sorts, for Prove). N > 0: a
  // finite instance with N acceptors, every set of core::paxos's
  // Paxos::Quorum of them or more a quorum (n/2 with half-quorum), ballots
  // b0 < b1 < ... and values v1, v2, ...
  uint32_t acceptors = 0;
  uint32_t ballots = 2;
  uint32_t values = 2;
};

// The largest finite instance (BMC grounds every quantifier).
inline constexpr uint32_t kPaxosMaxFiniteAcceptors = 5;
inline constexpr uint32_t kPaxosMaxFiniteBallots = 4;
inline constexpr uint32_t kPaxosMaxFiniteValues = 3;

// Indices of the state symbols.
inline constexpr size_t kPxLeft = 0;
inline constexpr size_t kPxBalAtLeast = 1;
inline constexpr size_t kPxVote = 2;
inline constexpr size_t kPxProposed = 3;
inline constexpr size_t kPxPhase1a = 4;
inline constexpr size_t kPxPhase1b = 5;
inline constexpr size_t kPxPhase1bBal = 6;
inline constexpr size_t kPxPhase1bVote = 7;
inline constexpr size_t kPxPhase2a = 8;
inline constexpr size_t kPxPhase2b = 9;
inline constexpr size_t kPxLearned = 10;

// The goals (agreement, learners-agree, validity), then the lemmas; the
// tests split the lemmas at kPaxosCoreLemmas to keep each binary short.
inline constexpr size_t kPaxosGoals = 3;
inline constexpr size_t kPaxosLemmas = 11;
inline constexpr size_t kPaxosCoreLemmas = 8;

// Any number of acceptors, ballots, values and quorums (uninterpreted sorts,
// for `Prove`), or a finite instance (`options.acceptors` > 0, for `Bmc`
// and conformance). `bug` plants one of core::paxos's mistakes.
// REQUIRES: acceptors <= kPaxosMaxFiniteAcceptors; when acceptors > 0,
// 1 <= ballots <= kPaxosMaxFiniteBallots, 1 <= values <=
// kPaxosMaxFiniteValues.
TransitionSystem PaxosSpec(z3::context& ctx, const PaxosSpecOptions& options);

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_PAXOS_SPEC_H_
