// Z3 model of Paxos Commit (core/paxoscommit), in the style of Gray and
// Lamport's PaxosCommit.tla: one Paxos instance per resource manager (RM)
// among acceptors, ballots a total order with least element 0, quorums any
// two of which share an acceptor, and the set of messages ever sent (phase
// 1a, 1b, 2a, 2b, Commit, Abort); an action may read any message ever sent,
// which covers loss, duplication and reordering.
//
// Sorts: RM, Acceptor, Ballot (uninterpreted, ordered by `le`, least
// element b0) and Quorum (uninterpreted, `member(acceptor, quorum)`), so a
// proof holds for any number of RMs, acceptors, ballots and quorums. With
// `rms` > 0 the sorts are finite instead, for BMC.
//
// State, as PaxosCommit.tla's rmState, aState and msgs:
//   rm_state(RM)                         working/prepared/committed/aborted
//   left(RM, Acc, b)                     b < aState.mbal
//   bal_at_least(RM, Acc, b)             b <= aState.bal (none: empty)
//   vote(RM, Acc, b, v)                  (aState.bal, aState.val), if any
//   phase1a(RM, b)
//   phase1b(RM, Acc, m)                  a 1b for mbal m was sent
//   phase1b_bal(RM, Acc, m, b)           b <= the bal it reported
//   phase1b_vote(RM, Acc, m, b, v)       the (bal, val) it reported, if any
//   phase2a(RM, b, v), phase2b(RM, Acc, b, v)
//   commit_msg, abort_msg
// A ballot field is kept as the downward-closed set of ballots below or at
// it, beside the exact value where one is needed: then no function leads
// from acceptors to ballots, and every check stays in the decidable EPR
// fragment (see paxoscommit_spec.cc). An acceptor has voted iff
// bal_at_least(b0); in every reachable state it then has exactly one vote
// tuple at that bal (the lemmas state only what the proof needs, so a
// counterexample to induction may show a voted acceptor without one, where
// phase1b is simply disabled).
//
// Actions: rm-prepare, rm-choose-to-abort, rm-receive-commit,
// rm-receive-abort, phase1a, phase2a (a quorum of promises; the value of the
// highest reported vote, else aborted), phase1b, phase2b, decide-commit,
// decide-abort, acceptor-restart. Acceptors and RMs keep their state across
// a restart (acceptor-restart changes nothing but with the
// volatile-acceptor bug). A leader keeps no state in the model: its rule
// "at most one 2a per instance and ballot" is the guard of phase2a, which
// core/paxoscommit implements by owning ballots per leader, persisting the
// highest ballot it started, and abandoning the ballots in progress when it
// restarts.

#ifndef STEPWISE_SPEC_PAXOSCOMMIT_SPEC_H_
#define STEPWISE_SPEC_PAXOSCOMMIT_SPEC_H_

#include <z3++.h>

#include <cstdint>

#include "core/paxoscommit/paxoscommit.h"
#include "spec/transition_system.h"

namespace stepwise::spec {

struct PaxosCommitSpecOptions {
  core::paxoscommit::Bug bug = core::paxoscommit::Bug::kNone;
  // 0: any number of everything (uninterpreted sorts, for Prove). N > 0: a
  // finite instance for BMC with N RMs, `ballots` ballots b0 < b1 < ..., and
  // the acceptors and quorums of core::paxoscommit with F = `faults`: 2F+1
  // acceptors (F+1 with f-plus-one-acceptors), every set of all but F of
  // them a quorum.
  uint32_t rms = 0;
  uint32_t faults = 1;
  uint32_t ballots = 2;
};

// The largest finite instance (BMC grounds every quantifier).
inline constexpr uint32_t kPaxosCommitMaxFiniteRms = 3;
inline constexpr uint32_t kPaxosCommitMaxFiniteBallots = 4;

// Indices of the state symbols.
inline constexpr size_t kPcRmState = 0;
inline constexpr size_t kPcLeft = 1;
inline constexpr size_t kPcBalAtLeast = 2;
inline constexpr size_t kPcVote = 3;
inline constexpr size_t kPcPhase1a = 4;
inline constexpr size_t kPcPhase1b = 5;
inline constexpr size_t kPcPhase1bBal = 6;
inline constexpr size_t kPcPhase1bVote = 7;
inline constexpr size_t kPcPhase2a = 8;
inline constexpr size_t kPcPhase2b = 9;
inline constexpr size_t kPcCommitMsg = 10;
inline constexpr size_t kPcAbortMsg = 11;

// The lemmas, in order: kPaxosCommitPaxosLemmas per-instance Paxos lemmas,
// then those tying the instances to the RMs and the decision.
inline constexpr size_t kPaxosCommitLemmas = 15;
inline constexpr size_t kPaxosCommitPaxosLemmas = 9;

// Any number of RMs, acceptors, ballots and quorums (uninterpreted sorts,
// for `Prove`), or a finite instance (`options.rms` > 0, for `Bmc`). `bug`
// plants one of core::paxoscommit's mistakes.
// REQUIRES: rms <= kPaxosCommitMaxFiniteRms, 1 <= faults <= 2,
// 2 <= ballots <= kPaxosCommitMaxFiniteBallots when rms > 0.
TransitionSystem PaxosCommitSpec(z3::context& ctx,
                                 const PaxosCommitSpecOptions& options);

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_PAXOSCOMMIT_SPEC_H_
