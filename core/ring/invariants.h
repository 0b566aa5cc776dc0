// Safety, goals and liveness of Chang–Roberts election, shared by every
// checker. `ChangRoberts::invariants()`, `goals()` and `liveness()` list them.

#ifndef STEPWISE_CORE_RING_INVARIANTS_H_
#define STEPWISE_CORE_RING_INVARIANTS_H_

#include "core/protocol.h"
#include "core/ring/ring.h"

namespace stepwise::core::ring {

using View = ClusterView<ChangRoberts>;

// The specification's Correctness: a winner initiated, every other node has
// lost, and every other initiator has an id the winner beats.
bool WinnerIsBestInitiator(const View& view);
// At most one node has won.
bool AtMostOneLeader(const View& view);
// Every node that knows a leader knows the winner.
bool Agreement(const View& view);
// Some node has won, or no node initiated (then nobody can win).
bool LeaderOrNoInitiator(const View& view);
bool SomeoneWon(const View& view);

}  // namespace stepwise::core::ring

#endif  // STEPWISE_CORE_RING_INVARIANTS_H_
