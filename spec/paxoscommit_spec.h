// Z3 model of Paxos Commit (core/paxoscommit), in the style of Gray and
// Lamport's PaxosCommit.tla: one Paxos instance per resource manager (RM)
// among acceptors, ballots a total order with least element 0, quorums any
// two of which share an acceptor, and the set of messages ever sent (phase
// 1a, 1b, 2a, 2b, Commit, Abort); an action may read any message ever sent,
// which covers loss, duplication and reordering.
//
// Sorts: RM, Acceptor, Ballot (uninterpreted, ordered by `le`, least
// element b0) and Quorum (uninterpreted, `member(acceptor, quorum)`), so a
// proof holds for any number of RMs, acceptors, ballots and quorums.
//
// State, as PaxosCommit.tla's rmState, aState and msgs:
//   rm_state(RM)                          working/prepared/committed/aborted
//   joined(RM, Acc, Ballot)               aState.mbal >= ballot (mbal as the
//                                         set of ballots at or below it)
//   has_voted(RM, Acc)                    aState.val /= "none"
//   vote(RM, Acc, Ballot, Value)          aState.bal and aState.val
//   phase1a(RM, Ballot)
//   phase1b(RM, Acc, Ballot mbal)         a 1b was sent (promise)
//   phase1b_vote(RM, Acc, mbal, bal, val) the vote it reported (none: no tuple)
//   phase2a(RM, Ballot, Value), phase2b(RM, Acc, Ballot, Value)
//   commit_msg, abort_msg
// Relations rather than functions into Ballot keep most formulas in the
// decidable EPR fragment (see paxoscommit_spec.cc).
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

#include "core/paxoscommit/paxoscommit.h"
#include "spec/transition_system.h"

namespace stepwise::spec {

struct PaxosCommitSpecOptions {
  core::paxoscommit::Bug bug = core::paxoscommit::Bug::kNone;
};

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

// Any number of RMs, acceptors, ballots and quorums (uninterpreted sorts):
// for `Prove`. `bug` plants one of core::paxoscommit's mistakes.
TransitionSystem PaxosCommitSpec(z3::context& ctx,
                                 const PaxosCommitSpecOptions& options);

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_PAXOSCOMMIT_SPEC_H_
