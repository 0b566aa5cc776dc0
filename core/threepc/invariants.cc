#include "core/threepc/invariants.h"

#include <array>

namespace stepwise::core::threepc {

bool Consistent(const View& view) {
  bool any_committed = view.nodes[kCoordinator].tm == TmState::kCommitted;
  bool any_aborted = view.nodes[kCoordinator].tm == TmState::kAborted;
  for (NodeId node = 1; node < view.nodes.size(); ++node) {
    any_committed |= view.nodes[node].rm == RmState::kCommitted;
    any_aborted |= view.nodes[node].rm == RmState::kAborted;
  }
  return !(any_committed && any_aborted);
}

bool CommitNeedsAllVotes(const View& view) {
  const TmState tm = view.nodes[kCoordinator].tm;
  bool someone_went_on = tm == TmState::kPreCommitting ||
                         tm == TmState::kCommitted ||
                         tm == TmState::kRecovering;
  bool someone_not_voted = false;
  for (NodeId node = 1; node < view.nodes.size(); ++node) {
    const RmState rm = view.nodes[node].rm;
    someone_went_on |=
        rm == RmState::kPreCommitted || rm == RmState::kCommitted;
    someone_not_voted |= rm == RmState::kWorking;
  }
  return !(someone_went_on && someone_not_voted);
}

bool RunningParticipantsDecided(const View& view) {
  for (NodeId node = 1; node < view.nodes.size(); ++node) {
    if (!view.up[node]) continue;
    const RmState rm = view.nodes[node].rm;
    if (rm != RmState::kCommitted && rm != RmState::kAborted) return false;
  }
  return true;
}

bool AllCommitted(const View& view) {
  for (NodeId node = 1; node < view.nodes.size(); ++node) {
    if (view.nodes[node].rm != RmState::kCommitted) return false;
  }
  return true;
}

bool CoordinatorAborted(const View& view) {
  return view.nodes[kCoordinator].tm == TmState::kAborted;
}

bool CommittedWithoutCoordinator(const View& view) {
  if (view.up[kCoordinator] ||
      view.nodes[kCoordinator].tm == TmState::kCommitted) {
    return false;
  }
  bool any_up = false;
  for (NodeId node = 1; node < view.nodes.size(); ++node) {
    if (!view.up[node]) continue;
    any_up = true;
    if (view.nodes[node].rm != RmState::kCommitted) return false;
  }
  return any_up;
}

namespace {

constexpr std::array<Property<ThreePhase>, 2> kInvariants = {{
    {"consistency",
     "no node committed while another aborted (coordinator included)",
     &Consistent},
    {"commit-needs-all-votes",
     "nobody pre-commits or commits before every participant voted yes",
     &CommitNeedsAllVotes},
}};

constexpr std::array<Property<ThreePhase>, 3> kGoals = {{
    {"all-committed", "some run commits on every participant", &AllCommitted},
    {"coordinator-aborted", "some run aborts", &CoordinatorAborted},
    {"committed-without-coordinator",
     "the participants commit after the coordinator failed undecided",
     &CommittedWithoutCoordinator, Needs::kCrashes},
}};

constexpr std::array<LivenessProperty<ThreePhase>, 1> kLiveness = {{
    {"non-blocking",
     "eventually every participant that is up has committed or aborted",
     Temporal::kEventually, &RunningParticipantsDecided},
}};

}  // namespace

std::span<const Property<ThreePhase>> ThreePhase::invariants() {
  return kInvariants;
}
std::span<const Property<ThreePhase>> ThreePhase::goals() { return kGoals; }
std::span<const LivenessProperty<ThreePhase>> ThreePhase::liveness() {
  return kLiveness;
}

}  // namespace stepwise::core::threepc
