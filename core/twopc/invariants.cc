#include "core/twopc/invariants.h"

#include <array>
#include <variant>

namespace stepwise::core::twopc {

bool Consistent(const View& view) {
  bool any_committed = false;
  bool any_aborted = false;
  for (NodeId rm = 1; rm < view.nodes.size(); ++rm) {
    any_committed |= view.nodes[rm].rm == RmState::kCommitted;
    any_aborted |= view.nodes[rm].rm == RmState::kAborted;
  }
  return !(any_committed && any_aborted);
}

bool DecisionStable(const View& view) {
  const TmState decision = view.nodes[kTm].tm;
  for (const Envelope<TwoPhase>& envelope : view.in_flight) {
    if (envelope.from != kTm) continue;
    if (std::holds_alternative<Commit>(envelope.message) &&
        decision != TmState::kCommitted) {
      return false;
    }
    if (std::holds_alternative<Abort>(envelope.message) &&
        decision != TmState::kAborted) {
      return false;
    }
  }
  for (NodeId rm = 1; rm < view.nodes.size(); ++rm) {
    if (view.nodes[rm].rm == RmState::kCommitted &&
        decision != TmState::kCommitted) {
      return false;
    }
  }
  return true;
}

bool AllDecided(const View& view) {
  for (NodeId rm = 1; rm < view.nodes.size(); ++rm) {
    const RmState state = view.nodes[rm].rm;
    if (state != RmState::kCommitted && state != RmState::kAborted) {
      return false;
    }
  }
  return true;
}

bool RunningRmsDecided(const View& view) {
  for (NodeId rm = 1; rm < view.nodes.size(); ++rm) {
    const RmState state = view.nodes[rm].rm;
    if (view.up[rm] && state != RmState::kCommitted &&
        state != RmState::kAborted) {
      return false;
    }
  }
  return true;
}

bool AllCommitted(const View& view) {
  for (NodeId rm = 1; rm < view.nodes.size(); ++rm) {
    if (view.nodes[rm].rm != RmState::kCommitted) return false;
  }
  return true;
}

bool TmAborted(const View& view) {
  return view.nodes[kTm].tm == TmState::kAborted;
}

namespace {

constexpr std::array<Property<TwoPhase>, 2> kInvariants = {{
    {"consistency", "no RM committed while another aborted", &Consistent},
    {"decision-stable",
     "decision messages and committed RMs agree with the TM's decision",
     &DecisionStable},
}};

constexpr std::array<Property<TwoPhase>, 2> kGoals = {{
    {"all-committed", "some run commits on every RM", &AllCommitted},
    {"tm-aborted", "some run aborts", &TmAborted},
}};

constexpr std::array<LivenessProperty<TwoPhase>, 2> kLiveness = {{
    {"all-decided", "eventually every RM has committed or aborted",
     Temporal::kEventually, &AllDecided},
    {"non-blocking",
     "eventually every RM that is up has committed or aborted (what a "
     "crashed TM can prevent)",
     Temporal::kEventually, &RunningRmsDecided},
}};

}  // namespace

std::span<const LivenessProperty<TwoPhase>> TwoPhase::liveness() {
  return kLiveness;
}

std::span<const Property<TwoPhase>> TwoPhase::invariants() {
  return kInvariants;
}
std::span<const Property<TwoPhase>> TwoPhase::goals() { return kGoals; }

}  // namespace stepwise::core::twopc
