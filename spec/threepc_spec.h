// Z3 model of three-phase commit (core/threepc) under Skeen's assumptions:
// crash-stop (a node that crashes never restarts) and a perfect failure
// detector (every timeout outlasts every message delay).
//
// State: each participant's phase (working, uncertain, pre-committed,
// committed, aborted) and whether it is up; the coordinator's phase
// (waiting, pre-committing, committed, aborted) and whether it is up; the
// Prepared votes ever sent; one pending PreCommit, Commit and Abort per
// destination (sent, not yet delivered); and which participants are
// pre-committing the others as the termination rule's winner.
//
// How the assumptions are encoded:
// * Crash-stop: `crash` and `tm-crash` clear `up`, and nothing sets it
//   again. A node that is down takes no step and receives nothing; its
//   state stays as it crashed (and still counts for `consistency`).
// * Perfect failure detection: a broadcast of PreCommit ends (and its
//   sender commits) only when every other participant that is up has
//   pre-committed (an ack time-out fires only on a node that is down); a
//   termination round decides only while the coordinator is down (an
//   undecided coordinator that is up answers and is left to finish, a
//   decided one's answer is adopted), while no participant that is up has
//   decided (its answer would be adopted), and while no PreCommit, Commit
//   or Abort is pending to a node that is up (the round's time-out fires
//   only after every message has arrived).
//
// A termination round is one atomic step: the round's winner reads the
// current phase of every participant that is up. The C++ round collects
// replies one at a time, so a reply can be stale by the time the round
// decides; the model does not have that, which is why it cannot express
// the `no-election` bug (see threepc_spec.cc and docs/threepc.md).
//
// With `participants == 0` the participants are an uninterpreted sort with a
// strict total order (any number, for `Prove`); with N exactly N, ordered
// p1 < p2 < ... (for `Bmc`). `bug` plants core/threepc's mistakes the model
// can express (all but `no-election`).

#ifndef STEPWISE_SPEC_THREEPC_SPEC_H_
#define STEPWISE_SPEC_THREEPC_SPEC_H_

#include <z3++.h>

#include <cstdint>

#include "core/threepc/threepc.h"
#include "spec/transition_system.h"

namespace stepwise::spec {

struct ThreePcSpecOptions {
  core::threepc::Bug bug = core::threepc::Bug::kNone;
  uint32_t participants = 0;  // 0: any number (uninterpreted sort)
};

// Indices of the state symbols.
inline constexpr size_t kThreePcRm = 0;             // rm(P): participant phase
inline constexpr size_t kThreePcUp = 1;             // up(P)
inline constexpr size_t kThreePcTm = 2;             // tm: coordinator phase
inline constexpr size_t kThreePcTmUp = 3;           // tm_up
inline constexpr size_t kThreePcVoted = 4;          // voted(P): Prepared sent
inline constexpr size_t kThreePcPreCommitMsg = 5;   // pre_commit_msg(P)
inline constexpr size_t kThreePcCommitMsg = 6;      // commit_msg(P)
inline constexpr size_t kThreePcAbortMsg = 7;       // abort_msg(P)
inline constexpr size_t kThreePcPreCommitting = 8;  // pre_committing(P)

TransitionSystem ThreePcSpec(z3::context& ctx,
                             const ThreePcSpecOptions& options);

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_THREEPC_SPEC_H_
