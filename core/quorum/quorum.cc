#include "core/quorum/quorum.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <type_traits>
#include <utility>

namespace stepwise::core::quorum {
namespace {

using Fx = Effects<QuorumRegister>;

uint32_t Bit(NodeId node) { return uint32_t{1} << node; }
uint32_t Count(uint32_t mask) {
  return static_cast<uint32_t>(std::popcount(mask));
}
uint32_t Majority(const Config& config) { return config.nodes / 2 + 1; }

// The message of the current phase, as sent to every replica and resent to
// those that have not answered.
Message PhaseMessage(const State& state) {
  if (state.phase == Phase::kQuery) return Query{state.operations};
  return Store{state.operations, state.best, state.best_value};
}

void SendPhase(const Config& config, const State& state, uint32_t skip,
               Fx& effects) {
  const Message message = PhaseMessage(state);
  for (NodeId to = 0; to < config.nodes; ++to) {
    if ((skip & Bit(to)) == 0) effects.send(to, message);
  }
}

void EnterPhase(const Config& config, Phase phase, Tag tag, Value value,
                State& state, Fx& effects) {
  state.phase = phase;
  state.best = tag;
  state.best_value = value;
  state.answered = 0;
  state.attempts = 1;
  SendPhase(config, state, 0, effects);
  effects.set_timer(Timer::kRetry);
}

// Starts the oldest queued operation if the coordinator is free. The
// operation's number is durable before any replica hears it.
void StartNext(const Config& config, NodeId self, State& state, Fx& effects) {
  if (state.phase != Phase::kIdle || state.queue.empty()) return;
  state.current = state.queue.front();
  state.queue.erase(state.queue.begin());
  ++state.operations;
  effects.persist();
  const Operation& operation = state.current.operation;
  if (operation.kind == Kind::kWrite && config.bug == Bug::kWriteWithoutQuery) {
    EnterPhase(config, Phase::kStore, Tag{state.tag.counter + 1, self},
               operation.value, state, effects);
    return;
  }
  EnterPhase(config, Phase::kQuery, Tag{}, 0, state, effects);
}

// Answers the client and frees the coordinator for the next operation. The
// coordinator's working fields go back to their idle values, so idle
// coordinators that differ only in what they did last are one state.
void Finish(const Config& config, NodeId self, State& state, Outcome outcome,
            Fx& effects) {
  effects.reply(state.current.client, state.current.request_id, outcome);
  state.phase = Phase::kIdle;
  state.current = Pending{};
  state.answered = 0;
  state.attempts = 0;
  state.best = Tag{};
  state.best_value = 0;
  effects.cancel_timer(Timer::kRetry);
  StartNext(config, self, state, effects);
}

void OnRequest(const Config& config, NodeId self, State& state,
               const Request<QuorumRegister>& request, Fx& effects) {
  if (state.queue.size() >= kMaxQueued) {
    effects.reply(request.client, request.request_id,
                  Outcome{Status::kBusy, 0, Tag{}});
    return;
  }
  state.queue.push_back({request.client, request.request_id, request.command});
  StartNext(config, self, state, effects);
}

void OnQueryReply(const Config& config, NodeId self, NodeId from,
                  const QueryReply& reply, State& state, Fx& effects) {
  if (state.phase != Phase::kQuery || reply.operation != state.operations) {
    return;
  }
  state.answered |= Bit(from);
  if (Newer(reply.tag, state.best)) {
    state.best = reply.tag;
    state.best_value = reply.value;
  }
  if (Count(state.answered) < QuorumRegister::ReadQuorum(config)) return;
  const Operation& operation = state.current.operation;
  if (operation.kind == Kind::kWrite) {
    // Above every counter a quorum reported and every counter this
    // coordinator wrote with: a write of its that timed out may still be
    // on its way to replicas that this query missed, and reusing its tag
    // would name two values. Its own replica holds each tag it writes
    // (durably) before any Store leaves, which is what makes it remember.
    const Tag tag{std::max(state.best.counter, state.tag.counter) + 1, self};
    state.tag = tag;
    state.value = operation.value;
    effects.persist();
    EnterPhase(config, Phase::kStore, tag, operation.value, state, effects);
  } else if (config.bug == Bug::kNoWriteBack) {
    Finish(config, self, state,
           Outcome{Status::kOk, state.best_value, state.best}, effects);
  } else {
    // The write-back: the value read is on a write quorum before the read
    // returns, so no later read can return an older one.
    EnterPhase(config, Phase::kStore, state.best, state.best_value, state,
               effects);
  }
}

void OnStore(const Config& config, NodeId from, const Store& store,
             State& state, Fx& effects) {
  const bool adopt = config.bug == Bug::kOverwriteNewer
                         ? !(store.tag == state.tag)
                         : Newer(store.tag, state.tag);
  if (adopt) {
    state.tag = store.tag;
    state.value = store.value;
    effects.persist();
  }
  effects.send(from, StoreAck{store.operation});
}

void OnStoreAck(const Config& config, NodeId self, NodeId from,
                const StoreAck& ack, State& state, Fx& effects) {
  if (state.phase != Phase::kStore || ack.operation != state.operations) {
    return;
  }
  state.answered |= Bit(from);
  if (Count(state.answered) < QuorumRegister::WriteQuorum(config)) return;
  Finish(config, self, state,
         Outcome{Status::kOk, state.best_value, state.best}, effects);
}

// The phase has waited a timeout: resend to the replicas that have not
// answered, or, after the last attempt, give up.
void OnRetry(const Config& config, NodeId self, State& state, Fx& effects) {
  if (state.phase == Phase::kIdle) return;
  if (state.attempts < config.attempts) {
    ++state.attempts;
    SendPhase(config, state, state.answered, effects);
    effects.set_timer(Timer::kRetry);
    return;
  }
  Finish(config, self, state, Outcome{Status::kTimedOut, 0, Tag{}}, effects);
}

}  // namespace

std::string_view QuorumRegister::Validate(const Config& config) {
  if (config.nodes < 1 || config.nodes > kMaxNodes) {
    return "quorum needs 1 to 16 nodes";
  }
  if (config.read_quorum > config.nodes) {
    return "--read-quorum must be at most --nodes (0: a majority)";
  }
  if (config.write_quorum > config.nodes) {
    return "--write-quorum must be at most --nodes (0: a majority)";
  }
  if (config.values < 1) return "--values must be at least 1";
  if (config.attempts < 1 || config.attempts > kMaxAttempts) {
    return "--attempts must be between 1 and 8";
  }
  return "";
}

uint32_t QuorumRegister::ReadQuorum(const Config& config) {
  return config.read_quorum != 0 ? config.read_quorum : Majority(config);
}

uint32_t QuorumRegister::WriteQuorum(const Config& config) {
  return config.write_quorum != 0 ? config.write_quorum : Majority(config);
}

std::vector<Operation> QuorumRegister::client_commands(const Config& config) {
  std::vector<Operation> commands = {{Kind::kRead, 0}};
  for (Value v = 1; v <= config.values; ++v) {
    commands.push_back({Kind::kWrite, v});
  }
  return commands;
}

State QuorumRegister::restart(const Config&, NodeId, const State& before) {
  State after;
  after.tag = before.tag;
  after.value = before.value;
  after.operations = before.operations;
  return after;
}

void QuorumRegister::step(const Config& config, NodeId self, State& state,
                          const Event<QuorumRegister>& event, Fx& effects) {
  assert(Validate(config).empty());
  if (const auto* request = std::get_if<Request<QuorumRegister>>(&event)) {
    OnRequest(config, self, state, *request, effects);
  } else if (std::holds_alternative<Timeout<QuorumRegister>>(event)) {
    OnRetry(config, self, state, effects);  // kRetry, the only timer
  } else if (const auto* receive =
                 std::get_if<Receive<QuorumRegister>>(&event)) {
    const NodeId from = receive->from;
    if (from >= config.nodes) return;  // no such node: nothing to answer
    std::visit(
        [&](const auto& message) {
          using M = std::decay_t<decltype(message)>;
          if constexpr (std::is_same_v<M, Query>) {
            effects.send(from,
                         QueryReply{message.operation, state.tag, state.value});
          } else if constexpr (std::is_same_v<M, QueryReply>) {
            OnQueryReply(config, self, from, message, state, effects);
          } else if constexpr (std::is_same_v<M, Store>) {
            OnStore(config, from, message, state, effects);
          } else {
            OnStoreAck(config, self, from, message, state, effects);
          }
        },
        receive->message);
  }
}

}  // namespace stepwise::core::quorum
