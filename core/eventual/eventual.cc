#include "core/eventual/eventual.h"

#include <algorithm>
#include <cassert>
#include <type_traits>
#include <utility>

namespace stepwise::core::eventual {
namespace {

using Fx = Effects<EventualStore>;

// True when the register should take `remote`'s value over `local`'s.
bool RemoteWins(const Config& config, const Stamp& local, const Stamp& remote) {
  if (local.time < remote.time) return true;
  if (remote.time < local.time || config.bug == Bug::kNoTieBreak) return false;
  return local.writer < remote.writer;
}

// The merge rule shared by siblings and set entries (the causal-context
// merge of an observed-remove set): an entry on one side survives when the
// other side has it too, or has not seen its dot yet. An entry the other
// side has seen and lacks was removed (or overwritten) there.
template <typename Entry>
std::vector<Entry> MergeEntries(std::span<const uint32_t> local_version,
                                const std::vector<Entry>& local,
                                std::span<const uint32_t> remote_version,
                                const std::vector<Entry>& remote,
                                bool keep_every_local) {
  std::vector<Entry> merged;
  for (const Entry& entry : local) {
    const bool on_both =
        std::find(remote.begin(), remote.end(), entry) != remote.end();
    if (keep_every_local || on_both || !Covers(remote_version, entry.dot)) {
      merged.push_back(entry);
    }
  }
  for (const Entry& entry : remote) {
    const bool on_both =
        std::find(local.begin(), local.end(), entry) != local.end();
    if (!on_both && !Covers(local_version, entry.dot)) merged.push_back(entry);
  }
  return merged;
}

bool LessSibling(const Sibling& a, const Sibling& b) { return a.dot < b.dot; }
bool LessMember(const Member& a, const Member& b) {
  return a.element != b.element ? a.element < b.element : a.dot < b.dot;
}

// True when some peer is not known to hold this replica's version and has
// gossip sends left for it.
bool PeerNeedsGossip(const Config& config, NodeId self, const State& state) {
  for (NodeId peer = 0; peer < config.nodes; ++peer) {
    if (peer != self && !Covers(state.known[peer], state.data.version) &&
        state.sends[peer] < config.attempts) {
      return true;
    }
  }
  return false;
}

void ArmGossip(const Config& config, NodeId self, const State& state,
               Fx& effects) {
  if (PeerNeedsGossip(config, self, state)) {
    effects.set_timer(Timer::kGossip);
  } else {
    effects.cancel_timer(Timer::kGossip);
  }
}

// The data changed: it is durable before anything that depends on it
// leaves, and every peer that lacks it is owed a fresh round of gossip.
void DataChanged(const Config& config, NodeId self, State& state, Fx& effects) {
  effects.persist();
  std::fill(state.sends.begin(), state.sends.end(), 0);
  ArmGossip(config, self, state, effects);
}

void RaiseTo(std::vector<uint32_t>& version, std::span<const uint32_t> other) {
  assert(version.size() == other.size());
  for (size_t i = 0; i < version.size(); ++i) {
    version[i] = std::max(version[i], other[i]);
  }
}

void OnRequest(const Config& config, NodeId self, State& state,
               const Request<EventualStore>& request, Fx& effects) {
  const Operation& operation = request.command;
  const bool for_set =
      operation.kind == Kind::kAdd || operation.kind == Kind::kRemove;
  const bool for_register = operation.kind == Kind::kWrite;
  if ((for_set && !config.set) || (for_register && config.set)) {
    effects.reply(request.client, request.request_id,
                  Outcome{Status::kWrongType, {}});
    return;
  }
  if (operation.kind == Kind::kRead) {
    effects.reply(
        request.client, request.request_id,
        Outcome{Status::kOk, EventualStore::Read(config, state.data)});
    return;
  }
  // An update: a new dot from this replica's counter. A last-writer-wins
  // write is stamped by the hybrid clock, resumed from the highest stamp
  // this replica has seen.
  Data& data = state.data;
  clock::HlcTimestamp stamp;
  if (config.lww) {
    clock::HybridClock hybrid({}, data.stamp.time);
    const absl::StatusOr<clock::HlcTimestamp> tick =
        hybrid.Tick(state.physical);
    if (!tick.ok()) {
      effects.reply(request.client, request.request_id,
                    Outcome{Status::kClockExhausted, {}});
      return;
    }
    stamp = *tick;
  }
  const Dot dot{self, ++data.version[self]};
  switch (operation.kind) {
    case Kind::kWrite:
      if (config.lww) {
        data.value = operation.value;
        data.stamp = Stamp{stamp, self};
      } else {
        // The write supersedes every sibling this replica has seen.
        data.siblings = {Sibling{operation.value, dot}};
      }
      break;
    case Kind::kAdd:
      data.members.push_back(Member{operation.value, dot});
      std::sort(data.members.begin(), data.members.end(), &LessMember);
      break;
    case Kind::kRemove:
      // Observed-remove: the entries seen here go; the new dot tells peers
      // there is news (their entries of it that this version covers go too).
      std::erase_if(data.members, [&](const Member& member) {
        return member.element == operation.value;
      });
      break;
    case Kind::kRead:
      assert(false && "reads returned above");
  }
  DataChanged(config, self, state, effects);
  effects.reply(request.client, request.request_id, Outcome{Status::kOk, {}});
}

// A gossip message from another replica of this cluster? Anything else
// (a malformed message off the network) is dropped: version vectors must
// have one entry per replica and every dot must name one.
bool WellFormed(const Config& config, const Data& data) {
  if (data.version.size() != config.nodes) return false;
  const auto dot_ok = [&](const Dot& dot) {
    return dot.node < config.nodes && dot.counter >= 1 &&
           dot.counter <= data.version[dot.node];
  };
  return std::all_of(data.siblings.begin(), data.siblings.end(),
                     [&](const Sibling& s) { return dot_ok(s.dot); }) &&
         std::all_of(data.members.begin(), data.members.end(),
                     [&](const Member& m) { return dot_ok(m.dot); }) &&
         data.stamp.writer < config.nodes;
}

void OnGossip(const Config& config, NodeId self, NodeId from,
              const Gossip& gossip, State& state, Fx& effects) {
  if (!WellFormed(config, gossip.data)) return;
  RaiseTo(state.known[from], gossip.data.version);
  Data merged = EventualStore::Merge(config, state.data, gossip.data);
  if (merged == state.data) {
    // Nothing new: no answer (a duplicate must not make more messages); the
    // sender may now be known to hold this version.
    ArmGossip(config, self, state, effects);
    return;
  }
  state.data = std::move(merged);
  DataChanged(config, self, state, effects);
  effects.send(from, GossipAck{state.data.version});
}

void OnGossipAck(const Config& config, NodeId self, NodeId from,
                 const GossipAck& ack, State& state, Fx& effects) {
  if (ack.version.size() != config.nodes) return;
  RaiseTo(state.known[from], ack.version);
  ArmGossip(config, self, state, effects);
}

// A gossip round: the state goes to every peer not known to hold it that
// has sends left for this version.
void OnGossipTimer(const Config& config, NodeId self, State& state,
                   Fx& effects) {
  for (NodeId peer = 0; peer < config.nodes; ++peer) {
    if (peer == self || Covers(state.known[peer], state.data.version) ||
        state.sends[peer] >= config.attempts) {
      continue;
    }
    effects.send(peer, Gossip{state.data});
    ++state.sends[peer];
    if (config.bug == Bug::kForgetOnSend) {
      RaiseTo(state.known[peer], state.data.version);
    }
  }
  ArmGossip(config, self, state, effects);
}

void OnClockTick(const Config& config, State& state, Fx& effects) {
  if (state.physical < config.clock_ticks) ++state.physical;
  if (state.physical < config.clock_ticks) effects.set_timer(Timer::kClockTick);
}

}  // namespace

bool Covers(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  assert(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] < b[i]) return false;
  }
  return true;
}

bool Covers(std::span<const uint32_t> version, const Dot& dot) {
  return dot.node < version.size() && dot.counter <= version[dot.node];
}

std::string_view EventualStore::Validate(const Config& config) {
  if (config.nodes < 1 || config.nodes > kMaxNodes) {
    return "eventual needs 1 to 8 nodes";
  }
  if (config.values < 1 || config.values > kMaxValues) {
    return "--values must be between 1 and 8";
  }
  if (config.attempts < 1 || config.attempts > kMaxAttempts) {
    return "--attempts must be between 1 and 8";
  }
  if (config.clock_ticks > kMaxClockTicks) {
    return "--clock-ticks must be at most 8";
  }
  if (config.set && config.lww) {
    return "--lww resolves the register; the set (--set) needs no resolution";
  }
  return "";
}

State EventualStore::init(const Config& config, NodeId) {
  State state;
  state.data.version.assign(config.nodes, 0);
  state.known.assign(config.nodes, std::vector<uint32_t>(config.nodes, 0));
  state.sends.assign(config.nodes, 0);
  return state;
}

State EventualStore::restart(const Config& config, NodeId self,
                             const State& before) {
  State after = init(config, self);
  after.data = before.data;
  after.physical = before.physical;
  return after;
}

std::vector<Operation> EventualStore::client_commands(const Config& config) {
  std::vector<Operation> commands = {{Kind::kRead, 0}};
  for (Value v = 1; v <= config.values; ++v) {
    if (config.set) {
      commands.push_back({Kind::kAdd, v});
      commands.push_back({Kind::kRemove, v});
    } else {
      commands.push_back({Kind::kWrite, v});
    }
  }
  return commands;
}

std::vector<Value> EventualStore::Read(const Config& config, const Data& data) {
  std::vector<Value> values;
  if (config.set) {
    for (const Member& member : data.members) values.push_back(member.element);
  } else if (config.lww) {
    if (data.value != 0) values.push_back(data.value);
  } else {
    for (const Sibling& sibling : data.siblings) {
      values.push_back(sibling.value);
    }
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

Data EventualStore::Merge(const Config& config, const Data& into,
                          const Data& from) {
  Data merged = into;
  RaiseTo(merged.version, from.version);
  if (config.set) {
    merged.members = MergeEntries(into.version, into.members, from.version,
                                  from.members, config.bug == Bug::kResurrect);
    std::sort(merged.members.begin(), merged.members.end(), &LessMember);
  } else if (config.lww) {
    if (RemoteWins(config, into.stamp, from.stamp)) {
      merged.value = from.value;
      merged.stamp = from.stamp;
    }
  } else {
    merged.siblings =
        MergeEntries(into.version, into.siblings, from.version, from.siblings,
                     config.bug == Bug::kUnionSiblings);
    std::sort(merged.siblings.begin(), merged.siblings.end(), &LessSibling);
  }
  return merged;
}

void EventualStore::step(const Config& config, NodeId self, State& state,
                         const Event<EventualStore>& event, Fx& effects) {
  assert(Validate(config).empty());
  if (std::holds_alternative<Start>(event)) {
    ArmGossip(config, self, state, effects);
    if (state.physical < config.clock_ticks) {
      effects.set_timer(Timer::kClockTick);
    }
  } else if (const auto* request =
                 std::get_if<Request<EventualStore>>(&event)) {
    OnRequest(config, self, state, *request, effects);
  } else if (const auto* timeout =
                 std::get_if<Timeout<EventualStore>>(&event)) {
    if (timeout->timer == Timer::kGossip) {
      OnGossipTimer(config, self, state, effects);
    } else {
      OnClockTick(config, state, effects);
    }
  } else if (const auto* receive =
                 std::get_if<Receive<EventualStore>>(&event)) {
    const NodeId from = receive->from;
    if (from >= config.nodes || from == self) return;  // not a peer
    if (const auto* gossip = std::get_if<Gossip>(&receive->message)) {
      OnGossip(config, self, from, *gossip, state, effects);
    } else {
      OnGossipAck(config, self, from, std::get<GossipAck>(receive->message),
                  state, effects);
    }
  }
}

}  // namespace stepwise::core::eventual
