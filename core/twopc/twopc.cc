#include "core/twopc/twopc.h"

#include <cassert>
#include <variant>

namespace stepwise::core::twopc {
namespace {

using Fx = Effects<TwoPhase>;

uint32_t AllRmsMask(const Config& config) {
  // Bits 1..rms: one per RM node id.
  return ((uint32_t{1} << config.rms) - 1) << 1;
}

bool EnoughPrepared(const Config& config, uint32_t prepared) {
  if (config.bug == Bug::kMajorityCommit) {
    return 2 * static_cast<uint32_t>(__builtin_popcount(prepared)) > config.rms;
  }
  return prepared == AllRmsMask(config);
}

void Broadcast(const Config& config, const Message& message, Fx& effects) {
  for (NodeId rm = 1; rm <= config.rms; ++rm) effects.send(rm, message);
}

// --- Transaction manager -------------------------------------------------

void TmStart(const Config& config, const State& state, Fx& effects) {
  switch (state.tm) {
    case TmState::kInit:
      effects.set_timer(Timer::kAbort);
      if (EnoughPrepared(config, state.prepared)) {
        effects.set_timer(Timer::kCommit);
      }
      break;
    case TmState::kCommitted:
      // A restarted TM repeats its decision: RMs may have missed it.
      Broadcast(config, Commit{}, effects);
      break;
    case TmState::kAborted:
      Broadcast(config, Abort{}, effects);
      break;
  }
}

void TmReceive(const Config& config, NodeId from, const Message& message,
               State& state, Fx& effects) {
  // Only Prepared is addressed to the TM; anything else, or a Prepared after
  // the decision, is stale and ignored.
  if (!std::holds_alternative<Prepared>(message)) return;
  if (state.tm != TmState::kInit) return;
  if (from == kTm || from > config.rms) return;
  const uint32_t bit = uint32_t{1} << from;
  if (state.prepared & bit) return;  // a duplicate changes nothing
  state.prepared |= bit;
  if (EnoughPrepared(config, state.prepared)) effects.set_timer(Timer::kCommit);
}

void TmDecide(const Config& config, TmState decision, State& state,
              Fx& effects) {
  state.tm = decision;
  effects.cancel_timer(Timer::kAbort);
  effects.cancel_timer(Timer::kCommit);
  effects.persist();
  if (decision == TmState::kCommitted) {
    Broadcast(config, Commit{}, effects);
  } else {
    Broadcast(config, Abort{}, effects);
  }
}

void TmTimeout(const Config& config, Timer timer, State& state, Fx& effects) {
  if (state.tm != TmState::kInit) return;
  if (timer == Timer::kAbort) {
    TmDecide(config, TmState::kAborted, state, effects);
  } else if (timer == Timer::kCommit &&
             EnoughPrepared(config, state.prepared)) {
    TmDecide(config, TmState::kCommitted, state, effects);
  }
}

// --- Resource manager ----------------------------------------------------

void RmStart(const State& state, Fx& effects) {
  switch (state.rm) {
    case RmState::kWorking:
      effects.set_timer(Timer::kPrepare);
      effects.set_timer(Timer::kGiveUp);
      break;
    case RmState::kPrepared:
      // Recovering in doubt: tell the TM again, it may have forgotten.
      effects.send(kTm, Prepared{});
      break;
    case RmState::kCommitted:
    case RmState::kAborted:
      break;
  }
}

void RmFinish(RmState outcome, State& state, Fx& effects) {
  if (state.rm == outcome) return;  // duplicate decision
  state.rm = outcome;
  effects.cancel_timer(Timer::kPrepare);
  effects.cancel_timer(Timer::kGiveUp);
  effects.persist();
}

void RmReceive(const Message& message, State& state, Fx& effects) {
  // As in TwoPhase.tla, the TM's decision is obeyed in any local state; the
  // protocol guarantees a Commit never reaches a working RM.
  if (std::holds_alternative<Commit>(message)) {
    RmFinish(RmState::kCommitted, state, effects);
  } else if (std::holds_alternative<Abort>(message)) {
    RmFinish(RmState::kAborted, state, effects);
  }
}

void RmTimeout(const Config& config, Timer timer, State& state, Fx& effects) {
  if (timer == Timer::kPrepare && state.rm == RmState::kWorking) {
    state.rm = RmState::kPrepared;
    if (config.bug != Bug::kAbortAfterPrepare) {
      effects.cancel_timer(Timer::kGiveUp);
    }
    effects.persist();
    effects.send(kTm, Prepared{});
  } else if (timer == Timer::kGiveUp &&
             (state.rm == RmState::kWorking ||
              (config.bug == Bug::kAbortAfterPrepare &&
               state.rm == RmState::kPrepared))) {
    RmFinish(RmState::kAborted, state, effects);
  }
}

}  // namespace

State TwoPhase::init(const Config&, NodeId) { return State{}; }

void TwoPhase::step(const Config& config, NodeId self, State& state,
                    const Event<TwoPhase>& event, Effects<TwoPhase>& effects) {
  assert(self <= config.rms);
  const bool is_tm = self == kTm;
  if (std::holds_alternative<Start>(event)) {
    if (is_tm) {
      TmStart(config, state, effects);
    } else {
      RmStart(state, effects);
    }
  } else if (const auto* receive = std::get_if<Receive<TwoPhase>>(&event)) {
    if (is_tm) {
      TmReceive(config, receive->from, receive->message, state, effects);
    } else if (receive->from == kTm) {
      RmReceive(receive->message, state, effects);
    }
  } else if (const auto* timeout = std::get_if<Timeout<TwoPhase>>(&event)) {
    if (is_tm) {
      TmTimeout(config, timeout->timer, state, effects);
    } else {
      RmTimeout(config, timeout->timer, state, effects);
    }
  }
  // Client requests carry nothing for two-phase commit: ignored.
}

State TwoPhase::restart(const Config& config, NodeId self,
                        const State& before_crash) {
  State state;
  if (self == kTm) {
    if (config.bug != Bug::kVolatileDecision) state.tm = before_crash.tm;
  } else {
    state.rm = before_crash.rm;
    if (config.bug == Bug::kVolatilePrepare && state.rm == RmState::kPrepared) {
      state.rm = RmState::kWorking;
    }
  }
  return state;
}

std::vector<NodeId> TwoPhase::symmetric_nodes(const Config& config) {
  std::vector<NodeId> rms;
  for (NodeId rm = 1; rm <= config.rms; ++rm) rms.push_back(rm);
  return rms;
}

State TwoPhase::rename(const State& state, Permutation perm) {
  State renamed = state;
  renamed.prepared = 0;
  for (NodeId node = 0; node < perm.size(); ++node) {
    if (state.prepared & (uint32_t{1} << node)) {
      renamed.prepared |= uint32_t{1} << perm[node];
    }
  }
  return renamed;
}

}  // namespace stepwise::core::twopc
