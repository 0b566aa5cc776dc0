#include "core/saga/saga.h"

#include <algorithm>
#include <cassert>
#include <variant>

namespace stepwise::core::saga {
namespace {

using Fx = Effects<Saga>;

bool Active(const State& s) { return !Saga::Final(s.phase); }

Op CurrentOp(const State& s) {
  return s.phase == Phase::kCompensating ? Op::kCompensate : Op::kAction;
}

// --- Orchestrator ---------------------------------------------------------

// (Re)sends the current operation's call, as the log has it.
void SendCall(const Config& config, const State& s, Fx& fx) {
  assert(Active(s) && s.step < config.steps);
  fx.send(s.step + 1, Call{CurrentOp(s), Saga::Key(config, s.run, s.step)});
  fx.set_timer(Timer::kRetry);
}

// A new attempt, logged before the call leaves. The back-off before the
// next one doubles: 0, 1, 3 extra ticks of the retry timer.
void Attempt(const Config& config, State& s, Fx& fx) {
  assert(s.attempts < config.attempts);
  ++s.attempts;
  s.backoff = s.attempts < config.attempts ? (1u << (s.attempts - 1)) - 1 : 0;
  fx.persist();
  SendCall(config, s, fx);
}

void BeginOperation(const Config& config, State& s, Fx& fx) {
  s.attempts = 0;
  Attempt(config, s, fx);
}

void Settle(Phase final, State& s, Fx& fx) {
  assert(Saga::Final(final));
  s.phase = final;
  s.attempts = 0;
  s.backoff = 0;
  fx.cancel_timer(Timer::kRetry);
  fx.persist();
}

// Compensates steps 0 .. count-1, last first (first first under the bug).
void BeginCompensation(const Config& config, uint32_t count, State& s, Fx& fx) {
  assert(count <= config.steps);
  if (count == 0) {
    Settle(Phase::kCompensated, s, fx);
    return;
  }
  s.phase = Phase::kCompensating;
  s.last = count - 1;
  s.step = config.bug == Bug::kForwardCompensation ? 0 : s.last;
  BeginOperation(config, s, fx);
}

void ActionDone(const Config& config, State& s, Fx& fx) {
  if (s.step + 1 == config.steps) {
    Settle(Phase::kCommitted, s, fx);
    return;
  }
  ++s.step;
  BeginOperation(config, s, fx);
}

void CompensationDone(const Config& config, State& s, Fx& fx) {
  const bool forward = config.bug == Bug::kForwardCompensation;
  if (forward ? s.step == s.last : s.step == 0) {
    Settle(Phase::kCompensated, s, fx);
    return;
  }
  s.step = forward ? s.step + 1 : s.step - 1;
  BeginOperation(config, s, fx);
}

void OrchestratorAnswer(const Config& config, NodeId from, const Answer& a,
                        State& s, Fx& fx) {
  // Only the answer to the current call counts; the rest are stale or
  // duplicates.
  if (!Active(s) || from != s.step + 1 || a.op != CurrentOp(s) ||
      a.key != Saga::Key(config, s.run, s.step)) {
    return;
  }
  if (s.phase == Phase::kRunning) {
    if (a.outcome == Outcome::kDone) {
      ActionDone(config, s, fx);
    } else if (a.outcome == Outcome::kRefused) {
      BeginCompensation(config, s.step, s, fx);  // the steps before it
    }
  } else if (a.outcome == Outcome::kDone) {
    CompensationDone(config, s, fx);
  } else if (a.outcome == Outcome::kFailed && s.attempts >= config.attempts) {
    Settle(Phase::kNeedsAttention, s, fx);
  }
  // A failed compensation with attempts left waits for the retry timer.
}

void OrchestratorRetry(const Config& config, State& s, Fx& fx) {
  if (!Active(s)) return;
  if (s.backoff > 0) {
    --s.backoff;
    fx.set_timer(Timer::kRetry);
  } else if (s.attempts < config.attempts) {
    Attempt(config, s, fx);
  } else if (s.phase == Phase::kRunning) {
    // The action's outcome is unknown: compensate it with the rest.
    BeginCompensation(config, s.step + 1, s, fx);
  } else {
    Settle(Phase::kNeedsAttention, s, fx);
  }
}

void OrchestratorStart(const Config& config, State& s, Fx& fx) {
  if (!Active(s)) return;
  if (s.attempts == 0) {
    Attempt(config, s, fx);
  } else {
    SendCall(config, s, fx);  // the logged call, under the same key
  }
}

// --- Service ----------------------------------------------------------------

Record* FindRecord(State& s, uint32_t key) {
  for (Record& record : s.records) {
    if (record.key == key) return &record;
  }
  return nullptr;
}

// Records what happened to `key` (no record without a key).
void Remember(uint32_t key, KeyState state, State& s) {
  if (key == 0) return;
  if (Record* record = FindRecord(s, key)) {
    record->state = state;
    return;
  }
  assert(s.records.size() < kMaxRecords);
  s.records.push_back({key, state});
}

void Reply(Op op, uint32_t key, Outcome outcome, Fx& fx) {
  fx.send(kOrchestrator, Answer{op, key, outcome});
}

void Pend(const Config& config, Op op, uint32_t key, State& s, Fx& fx) {
  s.pending = op;
  s.pending_key = key;
  fx.set_timer(Timer::kSucceed);
  if (op == Op::kAction ? config.refusals : config.undo_failures) {
    fx.set_timer(Timer::kFail);
  }
}

// A compensation that arrives before its action took effect: nothing to
// undo; the key is void, so the action is refused if it comes later.
void Void(uint32_t key, State& s, Fx& fx) {
  assert(key != 0);
  s.pending = Op::kNone;
  s.pending_key = 0;
  fx.cancel_timer(Timer::kSucceed);
  fx.cancel_timer(Timer::kFail);
  Remember(key, KeyState::kVoid, s);
  fx.persist();
  Reply(Op::kCompensate, key, Outcome::kDone, fx);
}

// A call with a key the service has a record of: answered from the record;
// only undoing an applied action is new work.
void AnswerFromRecord(const Config& config, const Call& call,
                      const Record& record, State& s, Fx& fx) {
  if (call.op == Op::kAction) {
    Reply(
        call.op, call.key,
        record.state == KeyState::kApplied ? Outcome::kDone : Outcome::kRefused,
        fx);
  } else if (record.state == KeyState::kApplied) {
    Pend(config, Op::kCompensate, call.key, s, fx);
  } else {
    Reply(call.op, call.key, Outcome::kDone, fx);
  }
}

// Without a key a service cannot tell a repeat from a new call.
void CallWithoutKey(const Config& config, const Call& call, State& s, Fx& fx) {
  if (call.op == Op::kAction || Saga::Holds(s)) {
    Pend(config, call.op, 0, s, fx);
  } else {
    Reply(call.op, 0, Outcome::kDone, fx);  // nothing to undo
  }
}

void ServiceCall(const Config& config, const Call& call, State& s, Fx& fx) {
  if (call.op == Op::kNone) return;
  if (s.pending != Op::kNone) {
    // Busy deciding: a compensation of the pending action cancels it; any
    // other call is dropped (the orchestrator retries).
    if (call.op == Op::kCompensate && s.pending == Op::kAction &&
        call.key != 0 && call.key == s.pending_key) {
      Void(call.key, s, fx);
    }
    return;
  }
  if (call.key == 0) {
    CallWithoutKey(config, call, s, fx);
  } else if (const Record* record = FindRecord(s, call.key)) {
    AnswerFromRecord(config, call, *record, s, fx);
  } else if (s.records.size() >= kMaxRecords) {
    // Out of records: a new key's action is refused, so there is nothing
    // for its compensation to void.
    Reply(call.op, call.key,
          call.op == Op::kAction ? Outcome::kRefused : Outcome::kDone, fx);
  } else if (call.op == Op::kCompensate) {
    Void(call.key, s, fx);
  } else {
    Pend(config, Op::kAction, call.key, s, fx);
  }
}

void ServiceDecide(const Config& config, bool success, State& s, Fx& fx) {
  if (s.pending == Op::kNone) return;
  const Op op = s.pending;
  const uint32_t key = s.pending_key;
  if (!success &&
      !(op == Op::kAction ? config.refusals : config.undo_failures)) {
    return;
  }
  s.pending = Op::kNone;
  s.pending_key = 0;
  fx.cancel_timer(Timer::kSucceed);
  fx.cancel_timer(Timer::kFail);
  if (op == Op::kAction) {
    if (success) ++s.applied;
    Remember(key, success ? KeyState::kApplied : KeyState::kRefused, s);
    fx.persist();
    Reply(op, key, success ? Outcome::kDone : Outcome::kRefused, fx);
  } else if (success) {
    ++s.undone;
    Remember(key, KeyState::kCompensated, s);
    fx.persist();
    Reply(op, key, Outcome::kDone, fx);
  } else {
    Reply(op, key, Outcome::kFailed, fx);  // nothing changed
  }
}

}  // namespace

std::string_view Saga::Validate(const Config& config) {
  if (config.steps < 1 || config.steps > kMaxSteps) {
    return "steps must be 1 to 5";
  }
  if (config.attempts < 1 || config.attempts > kMaxAttempts) {
    return "attempts must be 1 to 4";
  }
  return "";
}

uint32_t Saga::Key(const Config& config, uint32_t run, uint32_t step) {
  if (config.bug == Bug::kNoIdempotencyKey) return 0;
  return run * kKeysPerRun + step + 1;
}

void Saga::step(const Config& config, NodeId self, State& state,
                const Event<Saga>& event, Effects<Saga>& effects) {
  assert(self <= config.steps);
  const bool orchestrator = self == kOrchestrator;
  if (std::holds_alternative<Start>(event)) {
    if (orchestrator) OrchestratorStart(config, state, effects);
  } else if (const auto* receive = std::get_if<Receive<Saga>>(&event)) {
    if (orchestrator) {
      if (const auto* answer = std::get_if<Answer>(&receive->message)) {
        OrchestratorAnswer(config, receive->from, *answer, state, effects);
      }
    } else if (receive->from == kOrchestrator) {
      if (const auto* call = std::get_if<Call>(&receive->message)) {
        ServiceCall(config, *call, state, effects);
      }
    }
  } else if (const auto* timeout = std::get_if<Timeout<Saga>>(&event)) {
    if (orchestrator) {
      if (timeout->timer == Timer::kRetry) {
        OrchestratorRetry(config, state, effects);
      }
    } else if (timeout->timer != Timer::kRetry) {
      ServiceDecide(config, timeout->timer == Timer::kSucceed, state, effects);
    }
  }
  // Client requests carry nothing for a saga: ignored.
}

State Saga::restart(const Config& config, NodeId self,
                    const State& before_crash) {
  State state;
  if (self == kOrchestrator) {
    // Count the restarts that find the saga unfinished.
    state.boots = before_crash.boots + (Final(before_crash.phase) ? 0 : 1);
    if (config.bug == Bug::kForgetLogPosition) {
      state.run = before_crash.run + 1;  // a new run from the first step
    } else {
      state.phase = before_crash.phase;
      state.step = before_crash.step;
      state.last = before_crash.last;
      state.attempts = before_crash.attempts;
      state.run = before_crash.run;
    }
  } else {
    state.records = before_crash.records;
    state.applied = before_crash.applied;
    state.undone = before_crash.undone;
  }
  return state;
}

bool Saga::shows_field(NodeId node, std::string_view field) {
  static constexpr std::array<std::string_view, 5> kServiceFields = {
      "records", "applied", "undone", "pending", "pending_key"};
  const bool service_field =
      std::find(kServiceFields.begin(), kServiceFields.end(), field) !=
      kServiceFields.end();
  return (node == kOrchestrator) != service_field;
}

}  // namespace stepwise::core::saga
