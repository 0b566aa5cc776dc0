#include "core/paxoscommit/invariants.h"

#include <array>
#include <bit>

namespace stepwise::core::paxoscommit {
namespace {

// The RMs' states, and the leaders' announcements folded into them.
struct Outcomes {
  bool committed = false;
  bool aborted = false;
};

Outcomes Collect(const View& view) {
  Outcomes out;
  for (NodeId leader = 0; leader < kLeaders; ++leader) {
    out.committed |= view.nodes[leader].decision == Decision::kCommit;
    out.aborted |= view.nodes[leader].decision == Decision::kAbort;
  }
  for (uint32_t r = 0; r < view.config.rms; ++r) {
    const RmState rm = view.nodes[PaxosCommit::FirstRm() + r].rm;
    out.committed |= rm == RmState::kCommitted;
    out.aborted |= rm == RmState::kAborted;
  }
  return out;
}

}  // namespace

bool Consistent(const View& view) {
  const Outcomes out = Collect(view);
  return !(out.committed && out.aborted);
}

bool CommitNeedsAllPrepared(const View& view) {
  if (!Collect(view).committed) return true;
  for (uint32_t r = 0; r < view.config.rms; ++r) {
    const RmState rm = view.nodes[PaxosCommit::FirstRm() + r].rm;
    if (rm != RmState::kPrepared && rm != RmState::kCommitted) return false;
  }
  return true;
}

bool InstancesAgree(const View& view) {
  for (uint32_t i = 0; i < view.config.rms; ++i) {
    const Vote tm = view.nodes[kTm].instances[i].learned;
    const Vote backup = view.nodes[kBackup].instances[i].learned;
    if (tm != Vote::kNone && backup != Vote::kNone && tm != backup) {
      return false;
    }
  }
  return true;
}

bool RunningRmsDecided(const View& view) {
  for (uint32_t r = 0; r < view.config.rms; ++r) {
    const NodeId node = PaxosCommit::FirstRm() + r;
    if (!view.up[node]) continue;
    const RmState rm = view.nodes[node].rm;
    if (rm != RmState::kCommitted && rm != RmState::kAborted) return false;
  }
  return true;
}

bool AllCommitted(const View& view) {
  for (uint32_t r = 0; r < view.config.rms; ++r) {
    if (view.nodes[PaxosCommit::FirstRm() + r].rm != RmState::kCommitted) {
      return false;
    }
  }
  return true;
}

bool Aborted(const View& view) {
  return view.nodes[kTm].decision == Decision::kAbort ||
         view.nodes[kBackup].decision == Decision::kAbort;
}

bool PreparedChosenInALaterBallot(const View& view) {
  const uint32_t quorum = PaxosCommit::Quorum(view.config);
  for (NodeId leader = 0; leader < kLeaders; ++leader) {
    const auto& tally = view.nodes[leader].tally;
    // Index (instance * ballots + ballot) * 2 + 0 counts prepared votes.
    for (size_t index = 0; index < tally.size(); index += 2) {
      const size_t ballot = (index / 2) % view.config.ballots;
      if (ballot > 0 &&
          static_cast<uint32_t>(std::popcount(tally[index])) >= quorum) {
        return true;
      }
    }
  }
  return false;
}

bool CommittedWithoutTm(const View& view) {
  if (view.up[kTm] || view.nodes[kTm].decision != Decision::kUndecided) {
    return false;
  }
  bool any_up = false;
  for (uint32_t r = 0; r < view.config.rms; ++r) {
    const NodeId node = PaxosCommit::FirstRm() + r;
    if (!view.up[node]) continue;
    any_up = true;
    if (view.nodes[node].rm != RmState::kCommitted) return false;
  }
  return any_up;
}

namespace {

constexpr std::array<Property<PaxosCommit>, 3> kInvariants = {{
    {"consistency",
     "no RM committed while another aborted, and no leader announced the "
     "opposite",
     &Consistent},
    {"commit-needs-all-prepared",
     "nobody commits or announces Commit before every RM prepared",
     &CommitNeedsAllPrepared},
    {"instances-agree",
     "the leaders never know different values chosen for one RM",
     &InstancesAgree},
}};

constexpr std::array<Property<PaxosCommit>, 4> kGoals = {{
    {"all-committed", "some run commits on every RM", &AllCommitted},
    {"aborted", "some run announces Abort", &Aborted},
    {"prepared-chosen-in-a-later-ballot",
     "a recovering leader's ballot chose the prepared vote it was told of",
     &PreparedChosenInALaterBallot},
    {"committed-without-tm",
     "the RMs commit after the TM failed undecided (the backup finished)",
     &CommittedWithoutTm, Needs::kCrashes},
}};

constexpr std::array<LivenessProperty<PaxosCommit>, 1> kLiveness = {{
    {"non-blocking", "eventually every RM that is up has committed or aborted",
     Temporal::kEventually, &RunningRmsDecided},
}};

}  // namespace

std::span<const Property<PaxosCommit>> PaxosCommit::invariants() {
  return kInvariants;
}
std::span<const Property<PaxosCommit>> PaxosCommit::goals() { return kGoals; }
std::span<const LivenessProperty<PaxosCommit>> PaxosCommit::liveness() {
  return kLiveness;
}

}  // namespace stepwise::core::paxoscommit
