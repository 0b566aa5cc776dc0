#include "core/saga/invariants.h"

#include <array>
#include <variant>

namespace stepwise::core::saga {
namespace {

const State& Orchestrator(const View& view) {
  return view.nodes[kOrchestrator];
}

// The services, nodes 1 .. steps.
std::span<const State> Services(const View& view) {
  return view.nodes.subspan(1);
}

bool AtRest(const View& view) {
  for (const Envelope<Saga>& envelope : view.in_flight) {
    if (std::holds_alternative<Call>(envelope.message)) return false;
  }
  for (const State& service : Services(view)) {
    if (service.pending != Op::kNone) return false;
  }
  return true;
}

}  // namespace

bool AppliedAtMostOnce(const View& view) {
  for (const State& service : Services(view)) {
    if (service.applied > 1 || service.undone > 1) return false;
  }
  return true;
}

bool CompensatesOnlyWhatRan(const View& view) {
  for (const State& service : Services(view)) {
    if (service.undone > service.applied) return false;
  }
  return true;
}

bool ReverseOrder(const View& view) {
  const auto services = Services(view);
  for (size_t i = 0; i < services.size(); ++i) {
    if (services[i].undone == 0) continue;
    for (size_t j = i + 1; j < services.size(); ++j) {
      if (Saga::Holds(services[j])) return false;
    }
  }
  return true;
}

bool SemanticAtomicity(const View& view) {
  const Phase phase = Orchestrator(view).phase;
  if (phase != Phase::kCommitted && phase != Phase::kCompensated) return true;
  if (!AtRest(view)) return true;
  const bool want = phase == Phase::kCommitted;
  for (const State& service : Services(view)) {
    if (Saga::Holds(service) != want) return false;
  }
  return true;
}

bool SagaEnded(const View& view) {
  return Saga::Final(Orchestrator(view).phase);
}

bool Committed(const View& view) {
  return Orchestrator(view).phase == Phase::kCommitted;
}

bool CompensatedAfterProgress(const View& view) {
  if (Orchestrator(view).phase != Phase::kCompensated) return false;
  for (const State& service : Services(view)) {
    if (service.undone > 0) return true;
  }
  return false;
}

bool NeedsAttention(const View& view) {
  return Orchestrator(view).phase == Phase::kNeedsAttention;
}

bool CompensationBeforeAction(const View& view) {
  for (const State& service : Services(view)) {
    for (const Record& record : service.records) {
      if (record.state == KeyState::kVoid) return true;
    }
  }
  return false;
}

bool ResumedAfterCrash(const View& view) {
  const State& orchestrator = Orchestrator(view);
  return orchestrator.boots > 0 && (orchestrator.phase == Phase::kCommitted ||
                                    orchestrator.phase == Phase::kCompensated);
}

namespace {

constexpr std::array<Property<Saga>, 4> kInvariants = {{
    {"applied-at-most-once",
     "every service applied its action, and undid it, at most once",
     &AppliedAtMostOnce},
    {"compensates-only-what-ran", "a service undoes only an action it applied",
     &CompensatesOnlyWhatRan},
    {"reverse-order",
     "once a step is compensated, no later step's effect is in place",
     &ReverseOrder},
    {"semantic-atomicity",
     "at rest, a committed saga has every effect, a compensated one none",
     &SemanticAtomicity},
}};

constexpr std::array<Property<Saga>, 5> kGoals = {{
    {"committed", "some run commits the saga", &Committed},
    {"compensated-after-progress", "some run compensates after undoing a step",
     &CompensatedAfterProgress},
    {"needs-attention", "some run parks the saga for a person",
     &NeedsAttention},
    {"compensation-before-action",
     "a compensation reaches a service before its action (a void key)",
     &CompensationBeforeAction},
    {"resumed-after-crash", "an orchestrator restarted mid-saga finishes it",
     &ResumedAfterCrash, Needs::kCrashes},
}};

constexpr std::array<LivenessProperty<Saga>, 1> kLiveness = {{
    {"saga-ends",
     "eventually the saga is committed, compensated or needs attention",
     Temporal::kEventually, &SagaEnded},
}};

}  // namespace

std::span<const Property<Saga>> Saga::invariants() { return kInvariants; }
std::span<const Property<Saga>> Saga::goals() { return kGoals; }
std::span<const LivenessProperty<Saga>> Saga::liveness() { return kLiveness; }

}  // namespace stepwise::core::saga
