// Z3 model of two-phase commit (core/twopc), in the style of Gray & Lamport's
// TwoPhase.tla: RM states working/prepared/committed/aborted, the TM's state
// init/committed/aborted and its record of prepared RMs, and the set of
// messages ever sent (Prepared(rm), Commit, Abort); a delivery may pick any
// message ever sent, which covers loss, duplication and reordering.
//
// One action per step of the C++ code that changes an abstract variable:
// an RM's prepare and give-up timers, its receipt of Commit and Abort, its
// restart (which re-announces Prepared), the TM's receipt of Prepared, its
// commit and abort timers, and its restart (the prepared set is volatile; the
// decision is re-broadcast). With `rms == 0` the RMs are an uninterpreted sort
// (any number, for `Prove`); with `rms == N` exactly N RMs (for `Bmc`).
//
// Invariant `consistency` and the lemmas that make it inductive are listed in
// twopc_spec.cc. `bug` plants the textbook mistakes of core/twopc.

#ifndef STEPWISE_SPEC_TWOPC_SPEC_H_
#define STEPWISE_SPEC_TWOPC_SPEC_H_

#include <z3++.h>

#include <cstdint>

#include "core/twopc/twopc.h"
#include "spec/transition_system.h"

namespace stepwise::spec {

struct TwoPcSpecOptions {
  core::twopc::Bug bug = core::twopc::Bug::kNone;
  uint32_t rms = 0;  // 0: any number (uninterpreted sort)
};

// Indices of the state symbols.
inline constexpr size_t kTwoPcRmState = 0;      // rm_state(RM): RmState
inline constexpr size_t kTwoPcTmState = 1;      // tm_state: TmState
inline constexpr size_t kTwoPcTmPrepared = 2;   // tm_prepared(RM)
inline constexpr size_t kTwoPcPreparedMsg = 3;  // prepared_msg(RM)
inline constexpr size_t kTwoPcCommitMsg = 4;    // commit_msg
inline constexpr size_t kTwoPcAbortMsg = 5;     // abort_msg

TransitionSystem TwoPcSpec(z3::context& ctx, const TwoPcSpecOptions& options);

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_TWOPC_SPEC_H_
