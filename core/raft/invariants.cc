#include "core/raft/invariants.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "core/raft/kv_history.h"

namespace stepwise::core::raft {
namespace {

// Calls `visit(index, entry)` for every entry of every node's log and of every
// AppendEntries in flight.
template <typename Visit>
void ForEachEntryAnywhere(const View& view, Visit&& visit) {
  for (const State& node : view.nodes) {
    for (uint64_t i = 0; i < node.log.size(); ++i) visit(i + 1, node.log[i]);
  }
  for (const Envelope<Raft>& envelope : view.in_flight) {
    const auto* append = std::get_if<AppendEntries>(&envelope.message);
    if (append == nullptr) continue;
    for (uint64_t i = 0; i < append->entries.size(); ++i) {
      visit(append->prev_index + 1 + i, append->entries[i]);
    }
  }
}

bool SamePrefix(const State& a, const State& b, uint64_t length) {
  if (a.log.size() < length || b.log.size() < length) return false;
  return std::equal(a.log.begin(),
                    a.log.begin() + static_cast<ptrdiff_t>(length),
                    b.log.begin());
}

// The vote rule's log comparison: whether `a` would get `b`'s vote on logs.
bool AtLeastAsUpToDate(const State& a, const State& b) {
  return a.LastTerm() > b.LastTerm() ||
         (a.LastTerm() == b.LastTerm() && a.LastIndex() >= b.LastIndex());
}

// A node named as the leader of a term, by itself or by another node.
struct LeaderClaim {
  uint64_t term;
  NodeId leader;
};

// Whether no two claims name different leaders for one term.
bool OneLeaderPerTerm(const std::vector<LeaderClaim>& claims) {
  for (size_t i = 0; i < claims.size(); ++i) {
    for (size_t j = i + 1; j < claims.size(); ++j) {
      if (claims[i].term == claims[j].term &&
          claims[i].leader != claims[j].leader) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

bool ElectionSafety(const View& view) {
  std::vector<LeaderClaim> claims;
  for (NodeId id = 0; id < view.nodes.size(); ++id) {
    if (view.nodes[id].role == Role::kLeader) {
      claims.push_back({view.nodes[id].term, id});
    }
  }
  for (const Envelope<Raft>& envelope : view.in_flight) {
    if (const auto* append = std::get_if<AppendEntries>(&envelope.message)) {
      claims.push_back({append->term, envelope.from});
    }
  }
  return OneLeaderPerTerm(claims);
}

bool LeaderAppendOnly(const View& view) {
  for (const State& leader : view.nodes) {
    if (leader.role != Role::kLeader) continue;
    bool ok = true;
    ForEachEntryAnywhere(view, [&](uint64_t index, const Entry& entry) {
      if (entry.term != leader.term) return;
      if (index > leader.log.size() || leader.log[index - 1] != entry) {
        ok = false;
      }
    });
    if (!ok) return false;
  }
  return true;
}

bool LogMatching(const View& view) {
  for (size_t a = 0; a < view.nodes.size(); ++a) {
    for (size_t b = a + 1; b < view.nodes.size(); ++b) {
      const State& x = view.nodes[a];
      const State& y = view.nodes[b];
      // The highest index where both logs hold the same term: the logs must
      // be identical up through it (which covers every lower such index).
      for (uint64_t i = std::min(x.log.size(), y.log.size()); i > 0; --i) {
        if (x.TermAt(i) != y.TermAt(i)) continue;
        if (!SamePrefix(x, y, i)) return false;
        break;
      }
    }
  }
  return true;
}

bool LeaderCompleteness(const View& view) {
  for (const State& leader : view.nodes) {
    if (leader.role != Role::kLeader) continue;
    for (const State& node : view.nodes) {
      if (node.term > leader.term) continue;
      const uint64_t committed = std::min(node.commit, node.LastIndex());
      if (!SamePrefix(leader, node, committed)) return false;
    }
  }
  return true;
}

bool StateMachineSafety(const View& view) {
  for (const State& node : view.nodes) {
    if (node.applied_overwritten || node.applied > node.LastIndex()) {
      return false;
    }
  }
  for (size_t a = 0; a < view.nodes.size(); ++a) {
    for (size_t b = a + 1; b < view.nodes.size(); ++b) {
      const State& x = view.nodes[a];
      const State& y = view.nodes[b];
      if (!SamePrefix(x, y, std::min(x.applied, y.applied))) return false;
      if (x.applied == y.applied && x.kv != y.kv) return false;
    }
  }
  return true;
}

bool LogTermsMonotonic(const View& view) {
  return std::all_of(view.nodes.begin(), view.nodes.end(), [](const State& s) {
    return std::adjacent_find(s.log.begin(), s.log.end(),
                              [](const Entry& a, const Entry& b) {
                                return a.term > b.term;
                              }) == s.log.end();
  });
}

bool CommittedEntriesElectionProof(const View& view) {
  const size_t quorum = view.nodes.size() / 2 + 1;
  for (const State& holder : view.nodes) {
    const uint64_t committed = std::min(holder.commit, holder.LastIndex());
    if (committed == 0) continue;
    for (const State& candidate : view.nodes) {
      if (SamePrefix(holder, candidate, committed)) continue;
      const auto voters = std::count_if(
          view.nodes.begin(), view.nodes.end(), [&](const State& voter) {
            return AtLeastAsUpToDate(candidate, voter);
          });
      if (static_cast<size_t>(voters) >= quorum) return false;
    }
  }
  return true;
}

bool Agreement(const View& view) {
  std::vector<LeaderClaim> known;
  for (NodeId id = 0; id < view.nodes.size(); ++id) {
    const State& node = view.nodes[id];
    if (!view.up[id]) continue;
    if (node.role == Role::kLeader) {
      known.push_back({node.term, id});
    } else if (node.leader.has_value()) {
      known.push_back({node.term, *node.leader});
    }
  }
  return OneLeaderPerTerm(known);
}

bool ClientHistoryLinearizable(const View& view) {
  return KvHistoryLinearizable<Raft>(view.history);
}

bool LeaderElected(const View& view) {
  return std::any_of(view.nodes.begin(), view.nodes.end(),
                     [](const State& s) { return s.role == Role::kLeader; });
}

bool SomeUpLeader(const View& view) {
  for (NodeId id = 0; id < view.nodes.size(); ++id) {
    if (view.up[id] && view.nodes[id].role == Role::kLeader) return true;
  }
  return false;
}

bool EntryCommittedOnAll(const View& view) {
  return std::all_of(view.nodes.begin(), view.nodes.end(),
                     [](const State& s) { return s.commit >= 1; });
}

bool NewLeaderAfterCrash(const View& view) {
  for (NodeId down = 0; down < view.nodes.size(); ++down) {
    const State& crashed = view.nodes[down];
    if (view.up[down] || crashed.voted_for != down || crashed.term == 0 ||
        crashed.LastTerm() != crashed.term) {
      continue;
    }
    for (NodeId id = 0; id < view.nodes.size(); ++id) {
      const State& node = view.nodes[id];
      if (view.up[id] && node.role == Role::kLeader &&
          node.term > crashed.term) {
        return true;
      }
    }
  }
  return false;
}

bool ReadServed(const View& view) {
  return std::any_of(view.nodes.begin(), view.nodes.end(),
                     [](const State& s) { return s.reads_served > 0; });
}

namespace {

constexpr std::array<Property<Raft>, 9> kInvariants = {{
    {"election-safety", "at most one leader per term", &ElectionSafety},
    {"agreement",
     "up nodes of one term that know a leader of it name the same one",
     &Agreement},
    {"leader-append-only",
     "every entry of a leader's term is in that leader's log at its index",
     &LeaderAppendOnly},
    {"log-matching",
     "logs with an entry of the same index and term agree up to it",
     &LogMatching},
    {"leader-completeness",
     "a leader's log holds every entry committed on a node of no later term",
     &LeaderCompleteness},
    {"state-machine-safety",
     "no two nodes applied different commands at one index",
     &StateMachineSafety},
    {"log-terms-monotonic", "the terms in every log never decrease",
     &LogTermsMonotonic},
    {"committed-entries-election-proof",
     "no node missing a committed entry could win a quorum's votes on its log",
     &CommittedEntriesElectionProof},
    {"linearizable",
     "the clients' history of puts and gets is linearizable (--requests)",
     &ClientHistoryLinearizable},
}};

constexpr std::array<Property<Raft>, 4> kGoals = {{
    {"leader-elected", "some run elects a leader", &LeaderElected},
    {"entry-committed-on-all", "some run commits an entry on every node",
     &EntryCommittedOnAll},
    {"new-leader-after-crash",
     "some run elects a leader in a later term than a crashed leader's",
     &NewLeaderAfterCrash, Needs::kCrashes},
    {"read-served",
     "some run serves a ReadIndex read (the leaders' stand-in read or a "
     "client's get)",
     &ReadServed},
}};

constexpr std::array<LivenessProperty<Raft>, 1> kLiveness = {{
    {"eventually-leader", "eventually some up node is a leader",
     Temporal::kEventually, &SomeUpLeader},
}};

}  // namespace

std::span<const Property<Raft>> Raft::invariants() { return kInvariants; }
std::span<const Property<Raft>> Raft::goals() { return kGoals; }
std::span<const LivenessProperty<Raft>> Raft::liveness() { return kLiveness; }

}  // namespace stepwise::core::raft
