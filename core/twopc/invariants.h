// Safety properties and sanity goals of two-phase commit, shared by the model
// checker, the fuzzers, the property tests and the runner's self-checks.
// `TwoPhase::invariants()` and `TwoPhase::goals()` list them.

#ifndef STEPWISE_CORE_TWOPC_INVARIANTS_H_
#define STEPWISE_CORE_TWOPC_INVARIANTS_H_

#include "core/protocol.h"
#include "core/twopc/twopc.h"

namespace stepwise::core::twopc {

using View = ClusterView<TwoPhase>;

// TCConsistent: no RM has committed while another has aborted.
bool Consistent(const View& view);

// The TM's decision never changes: every decision message in flight and every
// committed RM agrees with the decision the TM holds, and a decided TM stays
// decided (a Commit message never coexists with an undecided or aborted TM).
bool DecisionStable(const View& view);

// Every RM has committed or aborted (liveness: eventually, under fairness).
bool AllDecided(const View& view);

// Every RM that is up has committed or aborted (liveness: the non-blocking
// property two-phase commit lacks when the TM fails for good).
bool RunningRmsDecided(const View& view);

// Goal: some run commits on every RM.
bool AllCommitted(const View& view);
// Goal: some run ends with the TM aborted.
bool TmAborted(const View& view);

}  // namespace stepwise::core::twopc

#endif  // STEPWISE_CORE_TWOPC_INVARIANTS_H_
