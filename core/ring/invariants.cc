#include "core/ring/invariants.h"

#include <array>

namespace stepwise::core::ring {
bool WinnerIsBestInitiator(const View& view) {
  for (NodeId n = 0; n < view.nodes.size(); ++n) {
    if (view.nodes[n].status != Status::kWon) continue;
    if (!view.nodes[n].initiator) return false;
    for (NodeId m = 0; m < view.nodes.size(); ++m) {
      if (m == n) continue;
      if (view.nodes[m].status != Status::kLost) return false;
      if (view.nodes[m].initiator &&
          !ChangRoberts::Beats(view.config, ChangRoberts::IdOf(view.config, n),
                               ChangRoberts::IdOf(view.config, m))) {
        return false;
      }
    }
  }
  return true;
}

bool AtMostOneLeader(const View& view) {
  int winners = 0;
  for (const State& state : view.nodes) {
    winners += state.status == Status::kWon ? 1 : 0;
  }
  return winners <= 1;
}

bool Agreement(const View& view) {
  uint32_t known = 0;
  for (const State& state : view.nodes) {
    if (state.leader == 0) continue;
    if (known != 0 && state.leader != known) return false;
    known = state.leader;
  }
  return true;
}

bool SomeoneWon(const View& view) {
  for (const State& state : view.nodes) {
    if (state.status == Status::kWon) return true;
  }
  return false;
}

bool LeaderOrNoInitiator(const View& view) {
  for (const State& state : view.nodes) {
    if (state.initiator) return SomeoneWon(view);
  }
  return true;
}

namespace {

constexpr std::array<Property<ChangRoberts>, 3> kInvariants = {{
    {"correctness",
     "a winner initiated, all others lost, and it beats every other initiator",
     &WinnerIsBestInitiator},
    {"at-most-one-leader", "at most one node has won", &AtMostOneLeader},
    {"agreement", "every node that knows a leader knows the same one",
     &Agreement},
}};

constexpr std::array<Property<ChangRoberts>, 1> kGoals = {{
    {"leader-elected", "some run elects a leader", &SomeoneWon},
}};

constexpr std::array<LivenessProperty<ChangRoberts>, 1> kLiveness = {{
    {"eventually-leader", "if some node initiates, eventually a node wins",
     Temporal::kEventually, &LeaderOrNoInitiator},
}};

}  // namespace

std::span<const Property<ChangRoberts>> ChangRoberts::invariants() {
  return kInvariants;
}
std::span<const Property<ChangRoberts>> ChangRoberts::goals() { return kGoals; }
std::span<const LivenessProperty<ChangRoberts>> ChangRoberts::liveness() {
  return kLiveness;
}

}  // namespace stepwise::core::ring
