// Safety properties, sanity goals and liveness of the saga orchestrator,
// shared by the model checker, the fuzzers and the property tests.
// `Saga::invariants()`, `goals()` and `liveness()` list them.
//
// The properties read the services' own state (what each applied and undid),
// not the orchestrator's log: a log that claims a compensation the service
// never made does not satisfy them.

#ifndef STEPWISE_CORE_SAGA_INVARIANTS_H_
#define STEPWISE_CORE_SAGA_INVARIANTS_H_

#include "core/protocol.h"
#include "core/saga/saga.h"

namespace stepwise::core::saga {

using View = ClusterView<Saga>;

// Every service applied its action at most once, and undid it at most once.
bool AppliedAtMostOnce(const View& view);
// A service undoes only an action it applied (compensations only for steps
// that ran).
bool CompensatesOnlyWhatRan(const View& view);
// Compensations run in reverse order: once step i is undone, no later step
// j > i still has its effect in place.
bool ReverseOrder(const View& view);
// Semantic atomicity, at rest (no call in flight, no service deciding one):
// a committed saga has every step's effect in place, a compensated one none.
// A saga parked in needs-attention is exempt: a person takes over.
bool SemanticAtomicity(const View& view);

// Liveness: the saga ends committed, compensated or in needs-attention.
bool SagaEnded(const View& view);

// Goals.
bool Committed(const View& view);
// Compensated after at least one step's effect was undone.
bool CompensatedAfterProgress(const View& view);
bool NeedsAttention(const View& view);
// A compensation reached a service before its action: the key is void.
bool CompensationBeforeAction(const View& view);
// An orchestrator restarted in the middle of the saga finished it.
bool ResumedAfterCrash(const View& view);

}  // namespace stepwise::core::saga

#endif  // STEPWISE_CORE_SAGA_INVARIANTS_H_
