#include "core/threepc/threepc.h"

#include <cassert>
#include <variant>

namespace stepwise::core::threepc {
namespace {

using Fx = Effects<ThreePhase>;

uint32_t AllVotes(const Config& config) {
  // Bits 1..participants: one per participant's node id.
  return ((uint32_t{1} << config.participants) - 1) << 1;
}

bool Decided(RmState rm) {
  return rm == RmState::kCommitted || rm == RmState::kAborted;
}
bool Decided(TmState tm) {
  return tm == TmState::kCommitted || tm == TmState::kAborted;
}

Message MessageOf(Sending sending) {
  switch (sending) {
    case Sending::kPreCommit:
      return PreCommit{};
    case Sending::kCommit:
      return Commit{};
    case Sending::kAbort:
    case Sending::kNothing:
      break;
  }
  assert(sending == Sending::kAbort);
  return Abort{};
}

Sending DecisionOf(bool commit) {
  return commit ? Sending::kCommit : Sending::kAbort;
}

// --- One participant at a time ---------------------------------------------
//
// A node sending `state.sending` waits on `state.target` for an Ack (or for
// kAckTimeout, when the target is down) before it moves to the next node.
// The coordinator sends to the participants; a participant running the
// termination rule sends PreCommit to the other participants and its
// decision to every other node, the coordinator included (a recovering
// coordinator learns it so).

bool IsTarget(const Config& config, NodeId self, Sending sending, NodeId node) {
  if (node == self) return false;
  if (node == kCoordinator) {
    return self != kCoordinator && sending != Sending::kPreCommit;
  }
  return node <= config.participants;
}

// The first target after `after` (kNoTarget for "from the start"), or
// node_count when there is none.
constexpr NodeId kNoTarget = ~NodeId{0};
NodeId NextTarget(const Config& config, NodeId self, Sending sending,
                  NodeId after) {
  const NodeId end = static_cast<NodeId>(config.participants + 1);
  for (NodeId node = after == kNoTarget ? 0 : after + 1; node < end; ++node) {
    if (IsTarget(config, self, sending, node)) return node;
  }
  return end;
}

void SendTo(const Config& config, NodeId self, State& state, NodeId after,
            Fx& effects);

// Ends the broadcast in progress, if any.
void StopSending(State& state, Fx& effects) {
  state.sending = Sending::kNothing;
  state.target = 0;
  effects.cancel_timer(Timer::kAckTimeout);
}

void StartSending(const Config& config, NodeId self, State& state,
                  Sending sending, Fx& effects) {
  state.sending = sending;
  SendTo(config, self, state, kNoTarget, effects);
}

// Every target had its message: the pre-commit phase ends in a commit.
void FinishSending(const Config& config, NodeId self, State& state,
                   Fx& effects) {
  const Sending finished = state.sending;
  StopSending(state, effects);
  if (finished != Sending::kPreCommit) return;
  if (self == kCoordinator) {
    state.tm = TmState::kCommitted;
  } else {
    state.rm = RmState::kCommitted;
  }
  effects.persist();
  StartSending(config, self, state, Sending::kCommit, effects);
}

void SendTo(const Config& config, NodeId self, State& state, NodeId after,
            Fx& effects) {
  const NodeId next = NextTarget(config, self, state.sending, after);
  if (next > config.participants) {
    FinishSending(config, self, state, effects);
    return;
  }
  state.target = next;
  effects.send(next, MessageOf(state.sending));
  effects.set_timer(Timer::kAckTimeout);
}

// The current target acknowledged, or is taken to be down.
void MoveOn(const Config& config, NodeId self, State& state, Fx& effects) {
  if (state.sending == Sending::kNothing) return;
  SendTo(config, self, state, state.target, effects);
}

void ReceiveAck(const Config& config, NodeId self, NodeId from, const Ack& ack,
                State& state, Fx& effects) {
  if (ack.of != state.sending || from != state.target) return;  // stale
  MoveOn(config, self, state, effects);
}

// --- Coordinator -----------------------------------------------------------

void CoordinatorDecide(const Config& config, bool commit, State& state,
                       Fx& effects) {
  state.tm = commit ? TmState::kCommitted : TmState::kAborted;
  effects.cancel_timer(Timer::kVoteTimeout);
  effects.persist();
  StartSending(config, kCoordinator, state, DecisionOf(commit), effects);
}

void CoordinatorStart(const Config& config, State& state, Fx& effects) {
  switch (state.tm) {
    case TmState::kWaiting:
      effects.set_timer(Timer::kVoteTimeout);
      break;
    case TmState::kCommitted:
    case TmState::kAborted:
      // A restarted coordinator repeats its decision: some may lack it.
      StartSending(config, kCoordinator, state,
                   DecisionOf(state.tm == TmState::kCommitted), effects);
      break;
    case TmState::kPreCommitting:  // restart() turns it into kRecovering
    case TmState::kRecovering:
      break;
  }
}

void CoordinatorVote(const Config& config, NodeId from, State& state,
                     Fx& effects) {
  if (state.tm != TmState::kWaiting) return;
  state.votes |= uint32_t{1} << from;
  if (state.votes != AllVotes(config)) return;
  if (config.bug == Bug::kSkipPreCommit) {
    CoordinatorDecide(config, /*commit=*/true, state, effects);
    return;
  }
  state.tm = TmState::kPreCommitting;
  effects.cancel_timer(Timer::kVoteTimeout);
  effects.persist();
  StartSending(config, kCoordinator, state, Sending::kPreCommit, effects);
}

// A participant running the termination rule asks: an undecided coordinator
// says it is alive (the participant then leaves the transaction to it), a
// decided one repeats its decision.
void CoordinatorAsked(NodeId from, const State& state, Fx& effects) {
  switch (state.tm) {
    case TmState::kCommitted:
      effects.send(from, Commit{});
      break;
    case TmState::kAborted:
      effects.send(from, Abort{});
      break;
    case TmState::kRecovering:
      effects.send(from, StateReply{Phase::kPreCommitted});
      break;
    case TmState::kWaiting:
    case TmState::kPreCommitting:
      effects.send(from, StateReply{Phase::kCoordinating});
      break;
  }
}

// A participant running the termination rule decided for everyone.
void CoordinatorLearns(bool commit, NodeId from, State& state, Fx& effects) {
  const Sending decision = DecisionOf(commit);
  if (!Decided(state.tm)) {
    state.tm = commit ? TmState::kCommitted : TmState::kAborted;
    StopSending(state, effects);
    effects.cancel_timer(Timer::kVoteTimeout);
    effects.persist();
  }
  effects.send(from, Ack{decision});
}

void CoordinatorReceive(const Config& config, NodeId from,
                        const Message& message, State& state, Fx& effects) {
  if (from == kCoordinator || from > config.participants) return;
  if (std::holds_alternative<Prepared>(message)) {
    CoordinatorVote(config, from, state, effects);
  } else if (const auto* ack = std::get_if<Ack>(&message)) {
    ReceiveAck(config, kCoordinator, from, *ack, state, effects);
  } else if (std::holds_alternative<StateRequest>(message)) {
    CoordinatorAsked(from, state, effects);
  } else if (std::holds_alternative<Commit>(message)) {
    CoordinatorLearns(/*commit=*/true, from, state, effects);
  } else if (std::holds_alternative<Abort>(message)) {
    CoordinatorLearns(/*commit=*/false, from, state, effects);
  }
  // PreCommit and StateReply are never addressed to the coordinator.
}

void CoordinatorTimeout(const Config& config, Timer timer, State& state,
                        Fx& effects) {
  if (timer == Timer::kVoteTimeout && state.tm == TmState::kWaiting) {
    CoordinatorDecide(config, /*commit=*/false, state, effects);
  } else if (timer == Timer::kAckTimeout) {
    MoveOn(config, kCoordinator, state, effects);
  }
}

// --- Participant -----------------------------------------------------------

void StopTerminating(State& state, Fx& effects) {
  state.collecting = false;
  state.heard = 0;
  effects.cancel_timer(Timer::kTerminate);
  effects.cancel_timer(Timer::kCollect);
}

// The participant decides on its own: gave up, or the termination rule.
void ParticipantDecide(const Config& config, NodeId self, bool commit,
                       bool tell_others, State& state, Fx& effects) {
  state.rm = commit ? RmState::kCommitted : RmState::kAborted;
  StopTerminating(state, effects);
  effects.cancel_timer(Timer::kPrepare);
  effects.cancel_timer(Timer::kGiveUp);
  effects.persist();
  if (tell_others) {
    StartSending(config, self, state, DecisionOf(commit), effects);
  }
}

// Commit or Abort from the coordinator or from another participant.
void ParticipantLearns(const Config& config, NodeId self, bool commit,
                       NodeId from, State& state, Fx& effects) {
  if (!Decided(state.rm)) {
    // A pre-commit this participant was sending is moot now.
    if (state.sending == Sending::kPreCommit) StopSending(state, effects);
    ParticipantDecide(config, self, commit, /*tell_others=*/false, state,
                      effects);
  }
  effects.send(from, Ack{DecisionOf(commit)});
}

void ParticipantStart(State& state, Fx& effects) {
  switch (state.rm) {
    case RmState::kWorking:
      effects.set_timer(Timer::kPrepare);
      effects.set_timer(Timer::kGiveUp);
      break;
    case RmState::kUncertain:
    case RmState::kPreCommitted:
      effects.set_timer(Timer::kTerminate);
      break;
    case RmState::kCommitted:
    case RmState::kAborted:
      break;
  }
}

void BeginTermination(const Config& config, NodeId self, State& state,
                      Fx& effects);

// Whether the participant could run the termination rule now.
bool MayTerminate(const State& state) {
  return (state.rm == RmState::kUncertain ||
          state.rm == RmState::kPreCommitted) &&
         !state.collecting && state.sending == Sending::kNothing;
}

void ParticipantAsked(const Config& config, NodeId self, NodeId from,
                      State& state, Fx& effects) {
  switch (state.rm) {
    case RmState::kCommitted:
      effects.send(from, Commit{});
      return;
    case RmState::kAborted:
      effects.send(from, Abort{});
      return;
    case RmState::kWorking:
      effects.send(from, StateReply{Phase::kWorking});
      return;
    case RmState::kUncertain:
      effects.send(from, StateReply{Phase::kUncertain});
      break;
    case RmState::kPreCommitted:
      effects.send(from, StateReply{Phase::kPreCommitted});
      break;
  }
  // A higher participant asking will leave the decision to this one: start
  // now rather than when this one's own timeout runs out.
  if (from != kCoordinator && from > self && MayTerminate(state)) {
    BeginTermination(config, self, state, effects);
  }
}

void ParticipantHears(NodeId self, NodeId from, const StateReply& reply,
                      State& state) {
  if (!state.collecting) return;  // late: that round is over
  switch (reply.phase) {
    case Phase::kWorking:
      state.heard |= kHeardWorking;
      break;
    case Phase::kPreCommitted:
      state.heard |= kHeardPreCommitted;
      break;
    case Phase::kCoordinating:
      state.heard |= kHeardCoordinator;
      break;
    case Phase::kUncertain:
      break;
  }
  if (from != kCoordinator && from < self) state.heard |= kHeardLower;
}

void ParticipantReceive(const Config& config, NodeId self, NodeId from,
                        const Message& message, State& state, Fx& effects) {
  if (from > config.participants || from == self) return;
  if (std::holds_alternative<PreCommit>(message)) {
    if (Decided(state.rm)) {
      // Not an acknowledgement: the sender must learn the decision.
      ParticipantAsked(config, self, from, state, effects);
      return;
    }
    if (state.rm == RmState::kUncertain) {
      state.rm = RmState::kPreCommitted;
      effects.persist();
    }
    effects.send(from, Ack{Sending::kPreCommit});
  } else if (std::holds_alternative<Commit>(message)) {
    ParticipantLearns(config, self, /*commit=*/true, from, state, effects);
  } else if (std::holds_alternative<Abort>(message)) {
    ParticipantLearns(config, self, /*commit=*/false, from, state, effects);
  } else if (const auto* ack = std::get_if<Ack>(&message)) {
    ReceiveAck(config, self, from, *ack, state, effects);
  } else if (std::holds_alternative<StateRequest>(message)) {
    ParticipantAsked(config, self, from, state, effects);
  } else if (const auto* reply = std::get_if<StateReply>(&message)) {
    ParticipantHears(self, from, *reply, state);
  }
  // Prepared is addressed to the coordinator only.
}

void BeginTermination(const Config& config, NodeId self, State& state,
                      Fx& effects) {
  state.collecting = true;
  state.heard = 0;
  for (NodeId node = 0; node <= config.participants; ++node) {
    if (node != self) effects.send(node, StateRequest{});
  }
  effects.set_timer(Timer::kCollect);
}

// Skeen's termination rule, on the replies of every node still up.
void ApplyTerminationRule(const Config& config, NodeId self, State& state,
                          Fx& effects) {
  const uint8_t heard = state.heard;
  state.collecting = false;
  state.heard = 0;
  if ((heard & kHeardCoordinator) != 0) {
    effects.set_timer(Timer::kTerminate);  // it is alive: let it finish
    return;
  }
  if ((heard & kHeardWorking) == 0 && (heard & kHeardLower) != 0 &&
      config.bug != Bug::kNoElection) {
    // The lowest participant that is up decides (asked, it has started);
    // ask again if it fails.
    effects.set_timer(Timer::kTerminate);
    return;
  }
  const bool someone_pre_committed =
      state.rm == RmState::kPreCommitted || (heard & kHeardPreCommitted) != 0;
  const bool rule_sees_pre_commit =
      someone_pre_committed && config.bug != Bug::kAbortWhenUndecided;
  if ((heard & kHeardWorking) != 0 || !rule_sees_pre_commit) {
    ParticipantDecide(config, self, /*commit=*/false, /*tell_others=*/true,
                      state, effects);
    return;
  }
  if (state.rm == RmState::kUncertain) {
    state.rm = RmState::kPreCommitted;
    effects.persist();
  }
  StartSending(config, self, state, Sending::kPreCommit, effects);
}

void ParticipantTimeout(const Config& config, NodeId self, Timer timer,
                        State& state, Fx& effects) {
  switch (timer) {
    case Timer::kPrepare:
      if (state.rm != RmState::kWorking) return;
      state.rm = RmState::kUncertain;
      effects.cancel_timer(Timer::kGiveUp);
      effects.persist();
      effects.send(kCoordinator, Prepared{});
      effects.set_timer(Timer::kTerminate);
      return;
    case Timer::kGiveUp:
      if (state.rm != RmState::kWorking) return;
      ParticipantDecide(config, self, /*commit=*/false, /*tell_others=*/false,
                        state, effects);
      return;
    case Timer::kTerminate:
      if (!MayTerminate(state)) return;
      if (config.bug == Bug::kCommitOnTimeout &&
          state.rm == RmState::kUncertain) {
        ParticipantDecide(config, self, /*commit=*/true,
                          /*tell_others=*/false, state, effects);
        return;
      }
      BeginTermination(config, self, state, effects);
      return;
    case Timer::kCollect:
      if (!state.collecting || Decided(state.rm)) return;
      ApplyTerminationRule(config, self, state, effects);
      return;
    case Timer::kAckTimeout:
      MoveOn(config, self, state, effects);
      return;
    case Timer::kVoteTimeout:
      return;  // the coordinator's
  }
}

}  // namespace

void ThreePhase::step(const Config& config, NodeId self, State& state,
                      const Event<ThreePhase>& event,
                      Effects<ThreePhase>& effects) {
  assert(self <= config.participants);
  const bool is_coordinator = self == kCoordinator;
  if (std::holds_alternative<Start>(event)) {
    if (is_coordinator) {
      CoordinatorStart(config, state, effects);
    } else {
      ParticipantStart(state, effects);
    }
  } else if (const auto* receive = std::get_if<Receive<ThreePhase>>(&event)) {
    if (is_coordinator) {
      CoordinatorReceive(config, receive->from, receive->message, state,
                         effects);
    } else {
      ParticipantReceive(config, self, receive->from, receive->message, state,
                         effects);
    }
  } else if (const auto* timeout = std::get_if<Timeout<ThreePhase>>(&event)) {
    if (is_coordinator) {
      CoordinatorTimeout(config, timeout->timer, state, effects);
    } else {
      ParticipantTimeout(config, self, timeout->timer, state, effects);
    }
  }
  // Client requests carry nothing for atomic commit: ignored.
}

State ThreePhase::restart(const Config&, NodeId self,
                          const State& before_crash) {
  State state;
  if (self == kCoordinator) {
    state.tm = before_crash.tm == TmState::kPreCommitting ? TmState::kRecovering
                                                          : before_crash.tm;
  } else {
    state.rm = before_crash.rm;
  }
  return state;
}

}  // namespace stepwise::core::threepc
