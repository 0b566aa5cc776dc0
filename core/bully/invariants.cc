#include "core/bully/invariants.h"

#include <array>

namespace stepwise::core::bully {

bool AtMostOneLeader(const View& view) {
  int leaders = 0;
  for (NodeId n = 0; n < view.nodes.size(); ++n) {
    if (view.up[n] && view.nodes[n].role == Role::kLeader) ++leaders;
  }
  return leaders <= 1;
}

bool Agreement(const View& view) {
  uint32_t known = 0;
  for (NodeId n = 0; n < view.nodes.size(); ++n) {
    const uint32_t leader = view.nodes[n].leader;
    if (!view.up[n] || leader == 0) continue;
    if (known != 0 && leader != known) return false;
    known = leader;
  }
  return true;
}

bool HighestLeads(const View& view) {
  for (NodeId n = 0; n < view.nodes.size(); ++n) {
    if (!view.up[n] || view.nodes[n].role != Role::kLeader) continue;
    for (NodeId m = 0; m < view.nodes.size(); ++m) {
      if (m != n && view.up[m] && Bully::TrulyOutranks(view.config, m, n)) {
        return false;
      }
    }
  }
  return true;
}

bool SomeLeader(const View& view) {
  for (NodeId n = 0; n < view.nodes.size(); ++n) {
    if (view.up[n] && view.nodes[n].role == Role::kLeader) return true;
  }
  return false;
}

bool AllAgree(const View& view) {
  uint32_t leader = 0;
  for (NodeId n = 0; n < view.nodes.size(); ++n) {
    if (view.up[n] && view.nodes[n].role == Role::kLeader) {
      leader = Bully::IdOf(n);
    }
  }
  if (leader == 0) return false;
  for (NodeId n = 0; n < view.nodes.size(); ++n) {
    if (view.up[n] && view.nodes[n].leader != leader) return false;
  }
  return true;
}

namespace {

constexpr std::array<Property<Bully>, 3> kInvariants = {{
    {"at-most-one-leader", "at most one up node is a leader", &AtMostOneLeader},
    {"agreement", "every up node that knows a leader knows the same one",
     &Agreement},
    {"highest-leads", "every up leader outranks every other up node",
     &HighestLeads},
}};

constexpr std::array<Property<Bully>, 2> kGoals = {{
    {"leader-elected", "some run elects a leader", &SomeLeader},
    {"all-agree", "some run has every up node following one up leader",
     &AllAgree},
}};

constexpr std::array<LivenessProperty<Bully>, 2> kLiveness = {{
    {"eventually-leader", "eventually some up node is a leader",
     Temporal::kEventually, &SomeLeader},
    {"eventually-agree", "eventually every up node follows one up leader",
     Temporal::kEventually, &AllAgree},
}};

}  // namespace

std::span<const Property<Bully>> Bully::invariants() { return kInvariants; }
std::span<const Property<Bully>> Bully::goals() { return kGoals; }
std::span<const LivenessProperty<Bully>> Bully::liveness() { return kLiveness; }

}  // namespace stepwise::core::bully
