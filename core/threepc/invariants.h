// Safety properties, sanity goals and liveness of three-phase commit, shared
// by the model checker, the fuzzers and the property tests.
// `ThreePhase::invariants()`, `goals()` and `liveness()` list them.

#ifndef STEPWISE_CORE_THREEPC_INVARIANTS_H_
#define STEPWISE_CORE_THREEPC_INVARIANTS_H_

#include "core/protocol.h"
#include "core/threepc/threepc.h"

namespace stepwise::core::threepc {

using View = ClusterView<ThreePhase>;

// No node committed while another aborted, the coordinator's decision
// included, and a node that is down counts with the state it crashed in.
bool Consistent(const View& view);

// Nobody pre-commits or commits while a participant has not voted yes.
bool CommitNeedsAllVotes(const View& view);

// Every participant that is up has committed or aborted.
bool RunningParticipantsDecided(const View& view);

// Goals: every participant committed; the coordinator aborted; every
// participant that is up committed while the coordinator was down without
// having committed (the termination protocol finished the commit).
bool AllCommitted(const View& view);
bool CoordinatorAborted(const View& view);
bool CommittedWithoutCoordinator(const View& view);

}  // namespace stepwise::core::threepc

#endif  // STEPWISE_CORE_THREEPC_INVARIANTS_H_
