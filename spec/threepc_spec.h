// Z3 model of three-phase commit (core/threepc) under Skeen's assumptions:
// crash-stop (a node that crashes never restarts) and a perfect failure
// detector (every timeout outlasts every message delay).
//
// State: each participant's phase (working, uncertain, pre-committed,
// committed, aborted) and whether it is up; the coordinator's phase
// (waiting, pre-committing, committed, aborted) and whether it is up; the
// Prepared votes ever sent; one pending PreCommit, Commit and Abort per
// destination (sent, not yet delivered); which participants pre-commit the
// others as the termination rule's winner; and each participant's
// termination round: open or not, who answered it, and what it heard
// (someone working, someone pre-committed, a lower undecided participant, a
// live undecided coordinator), as core/threepc's `heard` bits.
//
// The termination round is not atomic: it opens (`begin-round`), every node
// that is up answers once with its phase at that moment (`answer`,
// `tm-answer`), and the rule is applied later to what was heard
// (`apply-rule`), however stale by then; a decided node answers with its
// decision, which ends the round on delivery.
//
// How the assumptions are encoded:
// * Crash-stop: `crash` and `tm-crash` clear `up`, and nothing sets it
//   again. A node that is down takes no step and receives nothing; its
//   state stays as it crashed (and still counts for `consistency`).
// * Perfect failure detection, as guards on the steps that follow a
//   time-out. A PreCommit broadcast goes in id order and moves past a
//   participant only once it has pre-committed or is down, and ends (its
//   sender commits) only when every other participant that is up has
//   pre-committed. A round opens only while the coordinator is down or
//   decided (while it is up and undecided one of its short time-outs is
//   armed, and a participant's patience is longer). The rule is applied
//   only once every node that is up has answered the round, the
//   participant has answered every other open round, and no PreCommit,
//   Commit or Abort is in flight to a node that is up.
//
// Where the model allows more than the C++ (sound for the proofs, but a BMC
// trace of a bug may use it): a round may open at any time the coordinator
// allows it, even with messages in flight; a decided node may repeat its
// decision to anyone at any time; PreCommit may be sent to a participant
// more than once.
//
// With `participants == 0` the participants are an uninterpreted sort with a
// strict total order (any number, for `Prove`); with N exactly N, ordered
// p1 < p2 < ... (for `Bmc`). `bug` plants core/threepc's mistakes.

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
// A termination round of participant p: open, who answered, what it heard.
inline constexpr size_t kThreePcCollecting = 9;          // collecting(P)
inline constexpr size_t kThreePcAnswered = 10;           // answered(p, q)
inline constexpr size_t kThreePcTmAnswered = 11;         // tm_answered(P)
inline constexpr size_t kThreePcHeardWorking = 12;       // heard_working(P)
inline constexpr size_t kThreePcHeardPreCommitted = 13;  // heard_pre_committed
inline constexpr size_t kThreePcHeardLower = 14;         // heard_lower(P)
inline constexpr size_t kThreePcHeardCoordinator = 15;   // heard_coordinator

TransitionSystem ThreePcSpec(z3::context& ctx,
                             const ThreePcSpecOptions& options);

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_THREEPC_SPEC_H_
