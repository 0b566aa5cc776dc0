#include "core/paxos/paxos.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <type_traits>
#include <utility>

namespace stepwise::core::paxos {
namespace {

using Fx = Effects<Paxos>;

uint32_t Bit(NodeId node) { return uint32_t{1} << node; }
uint32_t Count(uint32_t mask) {
  return static_cast<uint32_t>(std::popcount(mask));
}

void Broadcast(const Config& config, const Message& message, Fx& effects) {
  for (NodeId to = 0; to < config.nodes; ++to) effects.send(to, message);
}

// Proposers are the learners: each hears every vote, as Lamport's
// "distinguished learners" do, so the proposer a client asked answers it.
void TellLearners(const Config& config, const Message& message, Fx& effects) {
  for (NodeId to = 0; to < config.proposers; ++to) effects.send(to, message);
}

// The first ballot `self` owns after `after` (its first when kNoBallot), or
// kNoBallot when the model's ballots are used up.
Ballot NextBallot(const Config& config, NodeId self, Ballot after) {
  const Ballot next = after == kNoBallot
                          ? static_cast<Ballot>(self)
                          : after + static_cast<Ballot>(config.proposers);
  if (config.ballots != 0 && next >= static_cast<Ballot>(config.ballots)) {
    return kNoBallot;
  }
  return next;
}

// Phase 1a: the ballot is durable before anyone hears of it, so a restarted
// proposer never starts it again with another value.
void StartBallot(const Config& config, NodeId self, State& state, Fx& effects) {
  const Ballot ballot = NextBallot(config, self, state.ballot);
  if (ballot == kNoBallot) {
    state.phase = Phase::kIdle;  // out of ballots: the model gives up here
    effects.cancel_timer(Timer::kRetry);
    return;
  }
  state.ballot = ballot;
  state.phase = Phase::kPreparing;
  state.promises = 0;
  state.prior_ballot = kNoBallot;
  state.prior_value = kNoValue;
  effects.persist();
  Broadcast(config, Prepare{ballot}, effects);
  effects.set_timer(Timer::kRetry);
}

void OnRequest(const Config& config, NodeId self, State& state,
               const Request<Paxos>& request, Fx& effects) {
  // Only proposers learn: any other node sends the client to one.
  if (!Paxos::IsProposer(config, self) || state.learned != kNoValue) {
    effects.reply(request.client, request.request_id, Decision{state.learned});
    return;
  }
  // A client beyond the bound is not answered by this node; it may ask
  // again or ask another.
  if (state.waiting.size() < kMaxWaiting) {
    state.waiting.push_back({request.client, request.request_id});
  }
  if (state.proposal == kNoValue) state.proposal = request.command.value;
  if (state.phase == Phase::kIdle) StartBallot(config, self, state, effects);
}

// Phase 1b: promise a higher ballot and report the latest vote.
void OnPrepare(NodeId from, const Prepare& prepare, State& state, Fx& effects) {
  if (prepare.ballot <= state.promised) return;
  state.promised = prepare.ballot;
  effects.persist();
  effects.send(from,
               Promise{prepare.ballot, state.voted_ballot, state.voted_value});
}

// Phase 2a, once a quorum promised: the value of the highest vote reported
// is the only one that can be safe; with none, the client's.
void OnPromise(const Config& config, NodeId from, const Promise& promise,
               State& state, Fx& effects) {
  if (state.phase != Phase::kPreparing || promise.ballot != state.ballot) {
    return;
  }
  state.promises |= Bit(from);
  if (promise.voted_ballot > state.prior_ballot) {
    state.prior_ballot = promise.voted_ballot;
    state.prior_value = promise.voted_value;
  }
  if (Count(state.promises) < Paxos::Quorum(config)) return;
  const bool adopt = state.prior_ballot != kNoBallot &&
                     config.bug != Bug::kIgnorePromisedVotes;
  const Value value = adopt ? state.prior_value : state.proposal;
  assert(value != kNoValue);  // a proposer prepares only once asked
  state.phase = Phase::kAccepting;
  Broadcast(config, Accept{state.ballot, value}, effects);
}

// Phase 2b: vote unless a higher ballot was promised.
void OnAccept(const Config& config, const Accept& accept, State& state,
              Fx& effects) {
  if (accept.ballot < state.promised &&
      config.bug != Bug::kAcceptBelowPromise) {
    return;
  }
  const bool again =
      state.voted_ballot == accept.ballot && state.voted_value == accept.value;
  if (accept.ballot > state.promised) state.promised = accept.ballot;
  state.voted_ballot = accept.ballot;
  state.voted_value = accept.value;
  if (!again) {
    if (state.votes.size() == kMaxRecordedVotes) {
      state.votes.erase(state.votes.begin());
    }
    state.votes.push_back({accept.ballot, accept.value});
  }
  effects.persist();
  TellLearners(config, Accepted{accept.ballot, accept.value}, effects);
}

// Learning: a quorum of Accepted for one ballot decides its value.
void OnAccepted(const Config& config, NodeId from, const Accepted& accepted,
                State& state, Fx& effects) {
  if (state.learned != kNoValue || accepted.ballot < state.tally_ballot) {
    return;
  }
  if (accepted.ballot > state.tally_ballot) {
    state.tally_ballot = accepted.ballot;
    state.tally_value = accepted.value;
    state.tally = 0;
  }
  state.tally |= Bit(from);
  if (Count(state.tally) < Paxos::Quorum(config)) return;
  state.learned = state.tally_value;
  for (const Waiter& waiter : state.waiting) {
    effects.reply(waiter.client, waiter.request_id, Decision{state.learned});
  }
  state.waiting.clear();
  if (state.phase != Phase::kIdle) {
    state.phase = Phase::kIdle;
    effects.cancel_timer(Timer::kRetry);
  }
}

}  // namespace

std::string_view Paxos::Validate(const Config& config) {
  if (config.nodes < 1 || config.nodes > kMaxNodes) {
    return "paxos needs 1 to 16 nodes";
  }
  if (config.proposers < 1 || config.proposers > config.nodes) {
    return "--proposers must be between 1 and --nodes";
  }
  if (config.values < 1) return "--values must be at least 1";
  if (config.ballots > kMaxRecordedVotes) {
    return "--ballots must be at most 32 (0: unbounded)";
  }
  return "";
}

uint32_t Paxos::Quorum(const Config& config) {
  if (config.bug == Bug::kHalfQuorum) return std::max(1u, config.nodes / 2);
  return config.nodes / 2 + 1;
}

std::vector<Propose> Paxos::client_commands(const Config& config) {
  std::vector<Propose> commands;
  for (Value v = 1; v <= config.values; ++v) commands.push_back({v});
  return commands;
}

State Paxos::restart(const Config& config, NodeId, const State& before) {
  State after;
  after.promised = config.bug == Bug::kVolatilePromise ? before.voted_ballot
                                                       : before.promised;
  after.voted_ballot = before.voted_ballot;
  after.voted_value = before.voted_value;
  after.ballot = before.ballot;
  after.votes = before.votes;
  return after;
}

void Paxos::step(const Config& config, NodeId self, State& state,
                 const Event<Paxos>& event, Fx& effects) {
  assert(Validate(config).empty());
  if (const auto* request = std::get_if<Request<Paxos>>(&event)) {
    OnRequest(config, self, state, *request, effects);
  } else if (std::holds_alternative<Timeout<Paxos>>(event)) {
    // kRetry, the only timer: the ballot stalled.
    if (state.phase != Phase::kIdle && state.learned == kNoValue) {
      StartBallot(config, self, state, effects);
    }
  } else if (const auto* receive = std::get_if<Receive<Paxos>>(&event)) {
    const NodeId from = receive->from;
    std::visit(
        [&](const auto& message) {
          using M = std::decay_t<decltype(message)>;
          if constexpr (std::is_same_v<M, Prepare>) {
            OnPrepare(from, message, state, effects);
          } else if constexpr (std::is_same_v<M, Promise>) {
            OnPromise(config, from, message, state, effects);
          } else if constexpr (std::is_same_v<M, Accept>) {
            OnAccept(config, message, state, effects);
          } else {
            OnAccepted(config, from, message, state, effects);
          }
        },
        receive->message);
  }
}

}  // namespace stepwise::core::paxos
