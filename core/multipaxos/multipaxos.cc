#include "core/multipaxos/multipaxos.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <type_traits>
#include <utility>

namespace stepwise::core::multipaxos {
namespace {

using Fx = Effects<MultiPaxos>;

uint32_t Bit(NodeId node) { return uint32_t{1} << node; }
uint32_t Count(uint32_t mask) {
  return static_cast<uint32_t>(std::popcount(mask));
}
// Slots a leader may propose in; messages naming others are not a peer's.
bool InRange(Slot slot) { return slot >= 1 && slot <= kMaxSlots; }

// Every node but `self`: a node acts as its own acceptor and replica inside
// its steps.
void SendToOthers(const Config& config, NodeId self, const Message& message,
                  Fx& effects) {
  for (NodeId to = 0; to < config.nodes; ++to) {
    if (to != self) effects.send(to, message);
  }
}

// The first ballot `self` owns above every ballot it started or promised,
// or kNoBallot when the model's ballots are used up (or it may not lead).
Ballot NextBallot(const Config& config, NodeId self, const State& state) {
  if (self >= config.candidates) return kNoBallot;
  const Ballot floor = std::max(state.ballot, state.promised);
  const auto candidates = static_cast<Ballot>(config.candidates);
  Ballot next = floor + 1;
  next +=
      (static_cast<Ballot>(self) - next % candidates + candidates) % candidates;
  if (config.ballots != 0 && next >= static_cast<Ballot>(config.ballots)) {
    return kNoBallot;
  }
  return next;
}

// The kCampaign timer is armed while the node may start a ballot and has a
// reason to: it does not lead, or it leads with proposals that may stall.
void ArmCampaign(const Config& config, NodeId self, const State& state,
                 Fx& effects) {
  const bool reason = state.role != Role::kLeading || !state.proposals.empty();
  if (reason && NextBallot(config, self, state) != kNoBallot) {
    effects.set_timer(Timer::kCampaign);
  } else {
    effects.cancel_timer(Timer::kCampaign);
  }
}

// Puts `vote` in `votes` (one per slot, sorted by slot); an existing vote in
// its slot is replaced when `replace(existing)` says so.
template <typename Replace>
void PutVote(std::vector<SlotVote>& votes, const SlotVote& vote,
             Replace replace) {
  auto it = std::lower_bound(
      votes.begin(), votes.end(), vote.slot,
      [](const SlotVote& v, Slot slot) { return v.slot < slot; });
  if (it == votes.end() || it->slot != vote.slot) {
    votes.insert(it, vote);
  } else if (replace(*it)) {
    *it = vote;
  }
}

// An acceptor's latest vote in its slot.
void SetVote(std::vector<SlotVote>& votes, const SlotVote& vote) {
  PutVote(votes, vote, [](const SlotVote&) { return true; });
}

// Keeps the higher-ballot vote per slot: what a quorum's promises say.
void MergeReported(std::vector<SlotVote>& reported,
                   const std::vector<SlotVote>& votes) {
  for (const SlotVote& vote : votes) {
    if (!InRange(vote.slot)) continue;  // no acceptor votes there
    PutVote(reported, vote, [&](const SlotVote& existing) {
      return vote.ballot > existing.ballot;
    });
  }
}

bool IsDecided(const State& state, Slot slot) {
  return slot <= state.decided.size() && state.decided[slot - 1].has_value();
}

// The slot after every slot this node decided or proposes in.
Slot NextSlot(const State& state) {
  Slot last = static_cast<Slot>(state.decided.size());
  if (!state.proposals.empty()) {
    last = std::max(last, state.proposals.back().slot);
  }
  return last + 1;
}

// Applies the decided slots after `applied` in slot order, up to the first
// gap. A leader answers the clients of the commands it applies, also of
// earlier leaders' commands (the client may have asked it again).
void ApplyDecided(State& state, Fx* effects) {
  while (state.applied < state.decided.size() &&
         state.decided[state.applied].has_value()) {
    const Value& value = *state.decided[state.applied];
    ++state.applied;
    const auto* proposal = std::get_if<raft::Proposal>(&value);
    if (proposal == nullptr) continue;  // a no-op changes nothing
    std::optional<raft::KvResult> result =
        state.kv.Apply(proposal->client, proposal->seq, proposal->command);
    if (effects == nullptr) continue;
    effects->apply(state.applied, proposal->command);
    if (state.role == Role::kLeading && result.has_value()) {
      effects->reply(proposal->client, proposal->seq, *std::move(result));
    }
  }
}

// Records slot `slot`'s value (durable) and applies what it unblocks.
void Learn(State& state, Slot slot, const Value& value, Fx& effects) {
  if (!InRange(slot) || IsDecided(state, slot)) return;
  if (state.decided.size() < slot) state.decided.resize(slot);
  state.decided[slot - 1] = value;
  effects.persist();
  // A leader re-proposing the slot has nothing more to do there.
  std::erase_if(state.proposals,
                [slot](const Proposal& p) { return p.slot == slot; });
  ApplyDecided(state, &effects);
}

void StepDown(const Config& config, NodeId self, State& state, Fx& effects) {
  state.role = Role::kFollower;
  state.promises = 0;
  state.reported.clear();
  state.proposals.clear();
  ArmCampaign(config, self, state, effects);
}

// A majority accepted `slot` in this leader's ballot: the value is chosen.
void DecideSlot(const Config& config, NodeId self, State& state, Slot slot,
                const Value& value, Fx& effects) {
  const Value chosen = value;  // `value` may live in `state.proposals`
  Learn(state, slot, chosen, effects);
  SendToOthers(config, self, Decide{slot, chosen}, effects);
}

// Phase 2a in one slot, the leader voting first as its own acceptor.
void ProposeAt(const Config& config, NodeId self, State& state, Slot slot,
               const Value& value, Fx& effects) {
  assert(state.role == Role::kLeading && state.promised == state.ballot);
  SetVote(state.votes, {slot, state.ballot, value});
  effects.persist();
  state.proposals.push_back({slot, value, Bit(self)});
  SendToOthers(config, self, Accept{state.ballot, slot, value}, effects);
  if (Count(Bit(self)) >= MultiPaxos::Quorum(config)) {
    DecideSlot(config, self, state, slot, value, effects);
  }
}

// Phase 1 is done: re-propose, in every slot up to the highest reported
// that this node has not seen decided, the highest vote reported there, or
// a no-op in a gap.
void BecomeLeader(const Config& config, NodeId self, State& state,
                  Fx& effects) {
  state.role = Role::kLeading;
  state.promises = 0;
  std::vector<SlotVote> reported = std::move(state.reported);
  state.reported.clear();
  Slot last = static_cast<Slot>(state.decided.size());
  if (!reported.empty()) last = std::max(last, reported.back().slot);
  for (Slot slot = 1; slot <= last; ++slot) {
    if (IsDecided(state, slot)) continue;
    Value value = raft::Noop{};
    auto it =
        std::find_if(reported.begin(), reported.end(),
                     [slot](const SlotVote& v) { return v.slot == slot; });
    if (it != reported.end() && config.bug != Bug::kNoopOverReportedVotes) {
      value = it->value;
    }
    ProposeAt(config, self, state, slot, value, effects);
  }
  ArmCampaign(config, self, state, effects);
}

// Phase 1a: the ballot is durable before anyone hears of it, and the
// candidate promises it as its own acceptor.
void Campaign(const Config& config, NodeId self, State& state, Fx& effects) {
  const Ballot ballot = NextBallot(config, self, state);
  if (ballot == kNoBallot) {
    effects.cancel_timer(Timer::kCampaign);
    return;
  }
  state.ballot = ballot;
  state.promised = ballot;
  state.proposals.clear();
  state.promises = Bit(self);
  state.reported = state.votes;
  state.role = Role::kPreparing;
  effects.persist();
  if (config.bug == Bug::kSkipPhaseOne) {
    state.reported.clear();
    BecomeLeader(config, self, state, effects);
    return;
  }
  SendToOthers(config, self, Prepare{ballot}, effects);
  if (Count(state.promises) >= MultiPaxos::Quorum(config)) {
    BecomeLeader(config, self, state, effects);
  } else {
    ArmCampaign(config, self, state, effects);
  }
}

// Phase 1b: promise a higher ballot and report every vote.
void OnPrepare(const Config& config, NodeId self, NodeId from,
               const Prepare& prepare, State& state, Fx& effects) {
  if (prepare.ballot <= state.promised) return;
  state.promised = prepare.ballot;
  effects.persist();
  if (state.role != Role::kFollower) StepDown(config, self, state, effects);
  effects.send(from, Promise{prepare.ballot, state.votes});
}

void OnPromise(const Config& config, NodeId self, NodeId from,
               const Promise& promise, State& state, Fx& effects) {
  if (state.role != Role::kPreparing || promise.ballot != state.ballot ||
      (state.promises & Bit(from)) != 0) {
    return;
  }
  state.promises |= Bit(from);
  MergeReported(state.reported, promise.votes);
  if (Count(state.promises) >= MultiPaxos::Quorum(config)) {
    BecomeLeader(config, self, state, effects);
  }
}

// Phase 2b: vote unless a higher ballot was promised.
void OnAccept(const Config& config, NodeId self, NodeId from,
              const Accept& accept, State& state, Fx& effects) {
  if (accept.ballot < state.promised || !InRange(accept.slot)) return;
  if (accept.ballot > state.promised) {
    state.promised = accept.ballot;
    if (state.role != Role::kFollower) StepDown(config, self, state, effects);
  }
  SetVote(state.votes, {accept.slot, accept.ballot, accept.value});
  effects.persist();
  effects.send(from, Accepted{accept.ballot, accept.slot});
}

void OnAccepted(const Config& config, NodeId self, NodeId from,
                const Accepted& accepted, State& state, Fx& effects) {
  if (state.role != Role::kLeading || accepted.ballot != state.ballot) return;
  auto it =
      std::find_if(state.proposals.begin(), state.proposals.end(),
                   [&](const Proposal& p) { return p.slot == accepted.slot; });
  if (it == state.proposals.end()) return;
  it->accepted |= Bit(from);
  if (Count(it->accepted) < MultiPaxos::Quorum(config)) return;
  DecideSlot(config, self, state, it->slot, it->value, effects);
  ArmCampaign(config, self, state, effects);
}

// True when request (`client`, `seq`) waits in a slot: proposed, or decided
// behind a gap.
bool Waiting(const State& state, ClientId client, RequestId seq) {
  auto holds = [&](const Value& value) {
    const auto* proposal = std::get_if<raft::Proposal>(&value);
    return proposal != nullptr && proposal->client == client &&
           proposal->seq == seq;
  };
  for (const Proposal& proposal : state.proposals) {
    if (holds(proposal.value)) return true;
  }
  for (size_t i = state.applied; i < state.decided.size(); ++i) {
    if (state.decided[i].has_value() && holds(*state.decided[i])) return true;
  }
  return false;
}

void OnRequest(const Config& config, NodeId self, State& state,
               const Request<MultiPaxos>& request, Fx& effects) {
  if (state.role != Role::kLeading) {
    std::optional<NodeId> leader;
    if (state.promised != kNoBallot) {
      leader = MultiPaxos::OwnerOf(config, state.promised);
    }
    effects.reply(request.client, request.request_id, raft::NotLeader{leader});
    return;
  }
  if (std::optional<raft::KvResult> done =
          state.kv.Lookup(request.client, request.request_id)) {
    effects.reply(request.client, request.request_id, *std::move(done));
    return;
  }
  if (Waiting(state, request.client, request.request_id)) return;
  const Slot slot = NextSlot(state);
  if (slot > kMaxSlots) return;  // the model's bound: the client may retry
  ProposeAt(config, self, state, slot,
            raft::Proposal{request.client, request.request_id, request.command},
            effects);
  ArmCampaign(config, self, state, effects);
}

}  // namespace

std::string_view MultiPaxos::Validate(const Config& config) {
  if (config.nodes < 1 || config.nodes > kMaxNodes) {
    return "multipaxos needs 1 to 16 nodes";
  }
  if (config.candidates < 1 || config.candidates > config.nodes) {
    return "--candidates must be between 1 and --nodes";
  }
  if (config.ballots > kMaxBallots) {
    return "--ballots must be at most 32 (0: unbounded)";
  }
  return "";
}

std::vector<raft::KvCommand> MultiPaxos::client_commands(const Config&) {
  using raft::KvOp;
  return {{KvOp::kPut, "x", "1", ""},
          {KvOp::kPut, "x", "2", ""},
          {KvOp::kGet, "x", "", ""}};
}

State MultiPaxos::restart(const Config& config, NodeId, const State& before) {
  State after;
  after.promised = before.promised;
  if (config.bug != Bug::kVolatileVotes) after.votes = before.votes;
  after.ballot = before.ballot;
  after.decided = before.decided;
  ApplyDecided(after, nullptr);  // rebuild the store: no one to answer
  return after;
}

void MultiPaxos::step(const Config& config, NodeId self, State& state,
                      const Event<MultiPaxos>& event, Fx& effects) {
  assert(Validate(config).empty());
  if (std::holds_alternative<Start>(event)) {
    ArmCampaign(config, self, state, effects);
  } else if (const auto* request = std::get_if<Request<MultiPaxos>>(&event)) {
    OnRequest(config, self, state, *request, effects);
  } else if (std::holds_alternative<Timeout<MultiPaxos>>(event)) {
    // kCampaign, the only timer: no leader is heard, or proposals stall.
    Campaign(config, self, state, effects);
  } else if (const auto* receive = std::get_if<Receive<MultiPaxos>>(&event)) {
    const NodeId from = receive->from;
    if (from >= config.nodes || from == self) return;  // not a peer
    std::visit(
        [&](const auto& message) {
          using M = std::decay_t<decltype(message)>;
          if constexpr (std::is_same_v<M, Prepare>) {
            OnPrepare(config, self, from, message, state, effects);
          } else if constexpr (std::is_same_v<M, Promise>) {
            OnPromise(config, self, from, message, state, effects);
          } else if constexpr (std::is_same_v<M, Accept>) {
            OnAccept(config, self, from, message, state, effects);
          } else if constexpr (std::is_same_v<M, Accepted>) {
            OnAccepted(config, self, from, message, state, effects);
          } else {
            Learn(state, message.slot, message.value, effects);
            if (state.role == Role::kLeading) {
              ArmCampaign(config, self, state, effects);
            }
          }
        },
        receive->message);
  }
}

}  // namespace stepwise::core::multipaxos
