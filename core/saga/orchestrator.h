// Orchestrator: the facade a service embeds to run one saga with the
// verified step function of core/saga/saga.h, unchanged.
//
// It owns no clock, thread or socket. The host calls `Start` (or `Recover`
// after a crash, from the log it stored), `Answer` (a service answered the
// call of step `step`) and `Retry` (the retry timer it armed went off), and
// after each call carries out, in this order:
//   1. if `must_persist()`, store `log()` durably;
//   2. make every call of `calls()` to its step's service, with its key;
//   3. arm the retry timer if `retry_armed()` (its period is the host's
//      choice: the back-off counts its firings), else cancel it.
// The saga is over when `done()`: committed, compensated, or parked in
// needs-attention for a person.
//
// Thread-safety: none; one saga is driven from one thread (or under a lock).

#ifndef STEPWISE_CORE_SAGA_ORCHESTRATOR_H_
#define STEPWISE_CORE_SAGA_ORCHESTRATOR_H_

#include <cassert>
#include <cstdint>
#include <utility>
#include <variant>
#include <vector>

#include "core/protocol.h"
#include "core/saga/saga.h"

namespace stepwise::core::saga {

// One call the host must make: run or compensate step `step`.
struct StepCall {
  uint32_t step = 0;
  Op op = Op::kAction;
  uint32_t key = 0;
  bool operator==(const StepCall&) const = default;
};

class Orchestrator {
 public:
  // REQUIRES: Saga::Validate(config) is empty.
  explicit Orchestrator(Config config)
      : config_(config), state_(Saga::init(config, kOrchestrator)) {
    assert(Saga::Validate(config).empty());
  }

  // An orchestrator that resumes from the log stored before a crash.
  static Orchestrator Recover(Config config, const State& stored_log) {
    Orchestrator orchestrator(config);
    orchestrator.state_ = Saga::restart(config, kOrchestrator, stored_log);
    return orchestrator;
  }

  void Start() { Step(core::Start{}); }
  void Answer(uint32_t step, saga::Answer answer) {
    Step(Receive<Saga>{step + 1, answer});
  }
  void Retry() { Step(Timeout<Saga>{Timer::kRetry}); }

  // What the last call asks of the host (see the top of this file).
  bool must_persist() const { return effects_.persisted(); }
  const State& log() const { return state_; }
  const std::vector<StepCall>& calls() const { return calls_; }
  bool retry_armed() const { return retry_armed_; }

  Phase phase() const { return state_.phase; }
  bool done() const { return Saga::Final(state_.phase); }

 private:
  void Step(const Event<Saga>& event) {
    effects_.Clear();
    Saga::step(config_, kOrchestrator, state_, event, effects_);
    calls_.clear();
    for (const Envelope<Saga>& envelope : effects_.sends()) {
      const auto* call = std::get_if<Call>(&envelope.message);
      assert(call != nullptr && envelope.to >= 1);
      calls_.push_back({envelope.to - 1, call->op, call->key});
    }
    const uint32_t bit = Effects<Saga>::Bit(Timer::kRetry);
    if (effects_.timers_set() & bit) retry_armed_ = true;
    if (effects_.timers_cancelled() & bit) retry_armed_ = false;
    // A retry timer that fired and was not set again is spent.
    if (std::holds_alternative<Timeout<Saga>>(event) &&
        !(effects_.timers_set() & bit)) {
      retry_armed_ = false;
    }
  }

  Config config_;
  State state_;
  Effects<Saga> effects_;
  std::vector<StepCall> calls_;
  bool retry_armed_ = false;
};

}  // namespace stepwise::core::saga

#endif  // STEPWISE_CORE_SAGA_ORCHESTRATOR_H_
