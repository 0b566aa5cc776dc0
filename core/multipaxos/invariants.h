// Safety, sanity goals and liveness of Multi-Paxos, shared by every checker.
// `MultiPaxos::invariants()`, `goals()` and `liveness()` list them.
//
// "Value v is chosen in slot s" is read from the acceptors' current votes: a
// majority whose latest vote in s is (b, v) for one ballot b. A later
// ballot can only overwrite such votes with v again (that is what the
// protocol must ensure), so this reading never invents a choice; it may
// miss one that later votes re-cast, which the decided logs still show.

#ifndef STEPWISE_CORE_MULTIPAXOS_INVARIANTS_H_
#define STEPWISE_CORE_MULTIPAXOS_INVARIANTS_H_

#include "core/multipaxos/multipaxos.h"
#include "core/protocol.h"

namespace stepwise::core::multipaxos {

using View = ClusterView<MultiPaxos>;

// Per-slot agreement: in every slot, every value decided at a replica
// (crashed ones included: decisions are durable), every Decide in flight and
// every value a majority's votes choose are one and the same.
bool SlotAgreement(const View& view);
// Applied prefixes agree: running replicas that applied equally many slots
// hold equal key-value states, and no replica applied past a gap.
bool AppliedPrefixesAgree(const View& view);
// Validity: every command decided in a slot is one a client sent.
bool DecidedWasRequested(const View& view);
// Linearizability of the client history, Raft's invariant on the same store.
bool ClientHistoryLinearizable(const View& view);

// Goals.
bool SomeLeader(const View& view);
// Some slot is decided on every replica.
bool DecidedEverywhere(const View& view);
// A client hears the outcome of its command (not "not the leader").
bool SomeClientAnswered(const View& view);
// A replica holds a decided slot after one it has not decided yet.
bool DecidedOutOfOrder(const View& view);
// A new leader filled a gap with a no-op.
bool GapFilledWithNoop(const View& view);

// Liveness: every client request has been answered.
bool EveryRequestAnswered(const View& view);

}  // namespace stepwise::core::multipaxos

#endif  // STEPWISE_CORE_MULTIPAXOS_INVARIANTS_H_
