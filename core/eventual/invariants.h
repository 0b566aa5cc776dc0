// Safety, sanity goals and liveness of the eventually consistent store,
// shared by every checker. `EventualStore::invariants()`, `goals()` and
// `liveness()` list them.
//
// What the store promises: strong eventual consistency (replicas, and the
// states in flight between them, that have seen the same updates hold the
// same data), availability (every request a running replica receives is
// answered at once, partition or not) and convergence (once updates stop
// and the network delivers, every replica holds the same data). What it
// does not promise, and the checker shows on request: linearizability.
// That invariant is listed so `stepwise check eventual --only linearizable`
// can show the stale read an available store must allow; the default
// options (the manifest's) check every other property.

#ifndef STEPWISE_CORE_EVENTUAL_INVARIANTS_H_
#define STEPWISE_CORE_EVENTUAL_INVARIANTS_H_

#include <array>
#include <string_view>

#include "core/eventual/eventual.h"
#include "core/protocol.h"

namespace stepwise::core::eventual {

using View = ClusterView<EventualStore>;

// Every two replicas or gossiped states with the same version vector hold
// the same data.
bool SameUpdatesSameData(const View& view);
// Every client request was answered, successfully, in the step it arrived.
bool EveryRequestAnswered(const View& view);
// Every sibling and set entry is an update its holder's version has seen,
// made by a replica of the cluster, and no update appears twice.
bool EntriesWithinVersion(const View& view);
// Not promised: the clients' history is linearizable.
bool HistoryLinearizable(const View& view);

// Goals.
bool SomeUpdatePropagated(const View& view);
bool SomeUpdatesOfTwoReplicasMerged(const View& view);
bool ConvergedAfterAnUpdate(const View& view);

// Liveness: every replica holds the same data.
bool AllReplicasEqual(const View& view);

// The properties the default run checks: all but `linearizable`.
inline constexpr std::array<std::string_view, 4> kPromised = {
    "same-updates-same-data", "available", "entries-within-version",
    "converges"};

}  // namespace stepwise::core::eventual

#endif  // STEPWISE_CORE_EVENTUAL_INVARIANTS_H_
