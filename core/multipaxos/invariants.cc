#include "core/multipaxos/invariants.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "core/linearizability/history.h"
#include "core/raft/kv_history.h"

namespace stepwise::core::multipaxos {
namespace {

// The acceptors whose latest vote in `slot` is (`ballot`, `value`).
struct VoteGroup {
  Slot slot = 0;
  Ballot ballot = kNoBallot;
  const Value* value = nullptr;
  uint32_t voters = 0;
};

std::vector<VoteGroup> GroupVotes(const View& view) {
  std::vector<VoteGroup> groups;
  for (NodeId n = 0; n < view.nodes.size(); ++n) {
    for (const SlotVote& vote : view.nodes[n].votes) {
      auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) {
        return g.slot == vote.slot && g.ballot == vote.ballot &&
               *g.value == vote.value;
      });
      if (it == groups.end()) {
        groups.push_back({vote.slot, vote.ballot, &vote.value, 0});
        it = groups.end() - 1;
      }
      it->voters |= uint32_t{1} << n;
    }
  }
  return groups;
}

// Calls `visit(slot, value)` for every decision anywhere and every value a
// majority's votes choose.
template <typename Visit>
void ForEachDecision(const View& view, Visit&& visit) {
  for (const State& node : view.nodes) {
    for (size_t i = 0; i < node.decided.size(); ++i) {
      if (node.decided[i].has_value()) {
        visit(static_cast<Slot>(i + 1), *node.decided[i]);
      }
    }
  }
  for (const Envelope<MultiPaxos>& envelope : view.in_flight) {
    if (const auto* decide = std::get_if<Decide>(&envelope.message)) {
      visit(decide->slot, decide->value);
    }
  }
  const int quorum = static_cast<int>(MultiPaxos::Quorum(view.config));
  for (const VoteGroup& group : GroupVotes(view)) {
    if (std::popcount(group.voters) >= quorum) visit(group.slot, *group.value);
  }
}

}  // namespace

bool SlotAgreement(const View& view) {
  std::array<const Value*, kMaxSlots + 1> first{};
  bool agree = true;
  ForEachDecision(view, [&](Slot slot, const Value& value) {
    if (slot == 0 || slot > kMaxSlots) return;  // never decided by a node
    if (first[slot] == nullptr) {
      first[slot] = &value;
    } else if (!(*first[slot] == value)) {
      agree = false;
    }
  });
  return agree;
}

bool AppliedPrefixesAgree(const View& view) {
  for (const State& node : view.nodes) {
    if (node.applied > node.decided.size()) return false;
    for (uint32_t i = 0; i < node.applied; ++i) {
      if (!node.decided[i].has_value()) return false;
    }
  }
  for (NodeId a = 0; a < view.nodes.size(); ++a) {
    for (NodeId b = a + 1; b < view.nodes.size(); ++b) {
      if (!view.up[a] || !view.up[b]) continue;
      const State& x = view.nodes[a];
      const State& y = view.nodes[b];
      if (x.applied == y.applied && !(x.kv == y.kv)) return false;
    }
  }
  return true;
}

bool DecidedWasRequested(const View& view) {
  bool valid = true;
  ForEachDecision(view, [&](Slot, const Value& value) {
    const auto* proposal = std::get_if<raft::Proposal>(&value);
    if (proposal == nullptr) return;
    const bool sent = std::any_of(
        view.history.begin(), view.history.end(), [&](const auto& event) {
          return !event.is_return && event.client == proposal->client &&
                 event.request_id == proposal->seq &&
                 event.command == proposal->command;
        });
    if (!sent) valid = false;
  });
  return valid;
}

bool ClientHistoryLinearizable(const View& view) {
  return raft::KvHistoryLinearizable<MultiPaxos>(view.history);
}

bool SomeLeader(const View& view) {
  return std::any_of(view.nodes.begin(), view.nodes.end(),
                     [](const State& s) { return s.role == Role::kLeading; });
}

bool DecidedEverywhere(const View& view) {
  for (Slot slot = 1; slot <= kMaxSlots; ++slot) {
    const bool everywhere =
        std::all_of(view.nodes.begin(), view.nodes.end(), [&](const State& s) {
          return slot <= s.decided.size() && s.decided[slot - 1].has_value();
        });
    if (everywhere) return true;
  }
  return false;
}

bool SomeClientAnswered(const View& view) {
  return std::any_of(
      view.history.begin(), view.history.end(), [](const auto& event) {
        return event.is_return &&
               !std::holds_alternative<raft::NotLeader>(event.result);
      });
}

bool DecidedOutOfOrder(const View& view) {
  return std::any_of(view.nodes.begin(), view.nodes.end(), [](const State& s) {
    const auto gap =
        std::find(s.decided.begin(), s.decided.end(), std::optional<Value>());
    return gap != s.decided.end();  // the last slot is always decided
  });
}

bool GapFilledWithNoop(const View& view) {
  return std::any_of(view.nodes.begin(), view.nodes.end(), [](const State& s) {
    return std::any_of(
        s.decided.begin(), s.decided.end(), [](const std::optional<Value>& v) {
          return v.has_value() && std::holds_alternative<raft::Noop>(*v);
        });
  });
}

bool EveryRequestAnswered(const View& view) {
  const std::vector<lin::CallAndAnswer> calls = lin::PairCalls(view.history);
  return std::all_of(calls.begin(), calls.end(),
                     [](const auto& call) { return call.answer.has_value(); });
}

namespace {

constexpr std::array<Property<MultiPaxos>, 4> kInvariants = {{
    {"slot-agreement", "at most one value is chosen or decided in each slot",
     &SlotAgreement},
    {"applied-prefixes-agree",
     "replicas apply slots in order and equal prefixes give equal stores",
     &AppliedPrefixesAgree},
    {"validity", "every command decided in a slot was sent by a client",
     &DecidedWasRequested},
    {"linearizable",
     "the client history is explained by a sequential key-value store",
     &ClientHistoryLinearizable},
}};

constexpr std::array<Property<MultiPaxos>, 5> kGoals = {{
    {"leader-elected", "some candidate finishes phase 1 and leads",
     &SomeLeader},
    {"decided-everywhere", "some slot is decided on every replica",
     &DecidedEverywhere, Needs::kClientRequests},
    {"client-answered", "some client hears its command's outcome",
     &SomeClientAnswered, Needs::kClientRequests},
    {"decided-out-of-order",
     "a replica learns a slot before an earlier one (it must wait to apply)",
     &DecidedOutOfOrder, Needs::kTwoRequests},
    {"gap-filled-with-noop",
     "a new leader fills a slot no promise reported with a no-op",
     &GapFilledWithNoop, Needs::kTwoRequests},
}};

constexpr std::array<LivenessProperty<MultiPaxos>, 1> kLiveness = {{
    {"requests-answered",
     "every client request is eventually answered (needs one candidate: a "
     "stable leader)",
     Temporal::kAlwaysEventually, &EveryRequestAnswered},
}};

}  // namespace

std::span<const Property<MultiPaxos>> MultiPaxos::invariants() {
  return kInvariants;
}
std::span<const Property<MultiPaxos>> MultiPaxos::goals() { return kGoals; }

std::string_view MultiPaxos::goal_out_of_reach(std::string_view goal,
                                               const Config& config,
                                               const CheckOptions& options) {
  const bool gap_goal = goal == "gap-filled-with-noop";
  // A lone candidate votes for its own proposals first, so its promises
  // always report every slot it used.
  if (gap_goal && config.candidates < 2) return "needs --candidates 2";
  // On FIFO links that lose nothing, every acceptor votes in a leader's
  // slots in order, and every replica hears its decisions in order.
  const bool in_order = options.network == Network::kOrdered &&
                        options.drops == 0 && options.partitions == 0;
  if ((gap_goal || goal == "decided-out-of-order") && in_order) {
    return "needs messages that overtake or are lost (--network reliable or "
           "--drops 1)";
  }
  return "";
}
std::span<const LivenessProperty<MultiPaxos>> MultiPaxos::liveness() {
  return kLiveness;
}

}  // namespace stepwise::core::multipaxos
