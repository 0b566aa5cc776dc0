// Safety, goals and liveness of Bully election, shared by every checker.
// `Bully::invariants()`, `goals()` and `liveness()` list them.
//
// Only nodes that are up count: a crashed node's state is what it will
// restart from, not a claim it is making. Which of these hold under which
// network and faults is recorded in core/bully/README.md; Bully is not safe
// under every fault, and the checker is expected to say so.

#ifndef STEPWISE_CORE_BULLY_INVARIANTS_H_
#define STEPWISE_CORE_BULLY_INVARIANTS_H_

#include "core/bully/bully.h"
#include "core/protocol.h"

namespace stepwise::core::bully {

using View = ClusterView<Bully>;

// At most one up node is in the leader role.
bool AtMostOneLeader(const View& view);
// Every up node that knows a leader knows the same one.
bool Agreement(const View& view);
// Every up leader outranks every other up node (by the true ranking, so a
// miscompared ranking is caught): the best-ranked live node leads.
bool HighestLeads(const View& view);
// Some up node is a leader.
bool SomeLeader(const View& view);
// Some up node leads and every up node knows it as the leader.
bool AllAgree(const View& view);

}  // namespace stepwise::core::bully

#endif  // STEPWISE_CORE_BULLY_INVARIANTS_H_
