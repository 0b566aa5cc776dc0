// Z3 model of Multi-Paxos (core/multipaxos) for its per-slot agreement:
// single-decree Paxos (spec/paxos_spec.h) with a slot sort added to every
// vote, 2a and 2b, while phase 1 covers every slot at once: an acceptor's
// promise is acceptor-wide and its 1b message reports its vote in every
// slot. The messages ever sent are relations; an action may read any message
// ever sent, which covers loss, duplication and reordering.
//
// Sorts: Acceptor, Ballot (uninterpreted, ordered by `le`), Slot, Value
// (with a rigid `noop`, the gap filler) and Quorum (`member(acceptor,
// quorum)`, any two quorums share an acceptor), so the proof holds for any
// number of acceptors, ballots, slots, values and quorums. With `acceptors`
// > 0 the sorts are finite instead, for BMC, every majority a quorum.
//
// State:
//   left(Acc, b)                     b < the acceptor's promise
//   bal_at_least(Acc, s, b)          b <= its voted ballot in slot s
//   vote(Acc, s, b, v)               its (voted ballot, value) in slot s
//   proposed(v)                      a client asked the leader for v
//   phase1a(b)                       Prepare(b) was sent
//   phase1b(Acc, m)                  Acc promised m
//   phase1b_bal(Acc, m, s, b)        b <= the voted ballot in s reported
//   phase1b_vote(Acc, m, s, b, v)    the (ballot, value) reported for s
//   phase2a(b, s, v)                 Accept(b, s, v) was sent
//   phase2b(Acc, b, s, v)            Accepted(b, s, v)
//   learned(s, v)                    some replica decided v in slot s
// A ballot field is kept as the downward-closed set of ballots at or below
// it, beside the exact value, so no function leads from acceptors to
// ballots and every check stays in the decidable EPR fragment.
//
// Actions: propose (a client's request), phase1a, phase1b (promise m at or
// above the promise, reporting the votes of every slot), phase2a (for one
// slot, with a quorum of promises: the value of the highest vote reported in
// that slot, else a no-op or a client's command; at most one per ballot and
// slot), phase2b (vote at or above the promise), learn (a quorum of 2b for
// one ballot and slot), acceptor-restart (changes nothing but with
// volatile-votes, where the acceptor's votes are lost). The leader's own
// state is not modelled: its rule "one value per slot per ballot" is the
// guard of phase2a, which core/multipaxos implements by owning ballots per
// node and starting a ballot above anything it started or promised.
//
// Bugs (core::multipaxos::Bug): skip-phase-one (phase2a needs no promises
// and proposes a no-op or a client's command), noop-over-reported-votes
// (phase2a proposes a no-op where votes were reported), volatile-votes.

#ifndef STEPWISE_SPEC_MULTIPAXOS_SPEC_H_
#define STEPWISE_SPEC_MULTIPAXOS_SPEC_H_

#include <z3++.h>

#include <cstddef>
#include <cstdint>

#include "core/multipaxos/multipaxos.h"
#include "spec/transition_system.h"

namespace stepwise::spec {

struct MultiPaxosSpecOptions {
  core::multipaxos::Bug bug = core::multipaxos::Bug::kNone;
  // 0: any number of everything (uninterpreted sorts, for Prove). N > 0: a
  // finite instance for BMC with N acceptors, every majority a quorum,
  // ballots b0 < b1 < ..., slots s1, s2, ... and values noop, v1, v2, ...
  // (`values` client commands besides the no-op).
  uint32_t acceptors = 0;
  uint32_t ballots = 2;
  uint32_t slots = 1;
  uint32_t values = 1;
};

// The largest finite instance (BMC grounds every quantifier).
inline constexpr uint32_t kMultiPaxosMaxFiniteAcceptors = 5;
inline constexpr uint32_t kMultiPaxosMaxFiniteBallots = 3;
inline constexpr uint32_t kMultiPaxosMaxFiniteSlots = 3;
inline constexpr uint32_t kMultiPaxosMaxFiniteValues = 2;

// Indices of the state symbols.
inline constexpr size_t kMpLeft = 0;
inline constexpr size_t kMpBalAtLeast = 1;
inline constexpr size_t kMpVote = 2;
inline constexpr size_t kMpProposed = 3;
inline constexpr size_t kMpPhase1a = 4;
inline constexpr size_t kMpPhase1b = 5;
inline constexpr size_t kMpPhase1bBal = 6;
inline constexpr size_t kMpPhase1bVote = 7;
inline constexpr size_t kMpPhase2a = 8;
inline constexpr size_t kMpPhase2b = 9;
inline constexpr size_t kMpLearned = 10;

// The goals (slot-agreement, decided-agree, validity), then the lemmas; the
// tests split the lemmas at kMultiPaxosCoreLemmas to keep each binary short
// (the first ones: multipaxos_lemmas_test; the rest: multipaxos_spec_test).
inline constexpr size_t kMultiPaxosGoals = 3;
inline constexpr size_t kMultiPaxosLemmas = 11;
inline constexpr size_t kMultiPaxosCoreLemmas = 8;

// Any number of acceptors, ballots, slots, values and quorums (uninterpreted
// sorts, for `Prove`), or a finite instance (`options.acceptors` > 0, for
// `Bmc`). `bug` plants one of core::multipaxos's mistakes.
// REQUIRES: acceptors <= kMultiPaxosMaxFiniteAcceptors; when acceptors > 0,
// 1 <= ballots, slots, values <= their kMultiPaxosMaxFinite... bounds.
TransitionSystem MultiPaxosSpec(z3::context& ctx,
                                const MultiPaxosSpecOptions& options);

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_MULTIPAXOS_SPEC_H_
