// A saga orchestrator (Garcia-Molina and Salem, "Sagas", SIGMOD 1987) and
// the participant services it calls.
//
// A saga is a list of steps, each an action and a compensation. Node 0 is
// the orchestrator; node i (1..steps) is the participant service of step
// i - 1 (the order flow: validate order, reserve stock, charge payment,
// create order, notify). One node per step keeps each service's state apart,
// so the properties read what every service applied, not what the
// orchestrator's log claims.
//
// The orchestrator runs the actions in order. A refused action makes it
// compensate the steps before it in reverse order. Every call carries an
// idempotency key, (run, step), so a service applies a repeated call once
// and answers it from its record. An unanswered call is retried when the
// orchestrator's retry timer fires, after a logical back-off (the timer
// fires 2^(a-1) - 1 extra times before attempt a + 1), up to `attempts`
// calls; then:
//   * an action whose answer never came may or may not have taken effect,
//     so the orchestrator compensates it too (with its key: a service that
//     never applied it records the key as void and refuses the action if it
//     arrives later), then the steps before it;
//   * a compensation that keeps failing parks the saga in needs-attention
//     (for a person) instead of looping.
//
// Durability: the saga log (phase, step, the last step to compensate, the
// attempt count and the run) is persisted before every call, and read back
// on restart: the orchestrator resends the logged call under the same key.
// A service's records and its applied effects are durable; a call it is
// still deciding is lost in a crash (the orchestrator retries).
//
// Chance is the environment's: a service that receives a new call arms
// kSucceed and, when it may fail, kFail; whichever the environment fires
// decides (a refused action, a failed compensation). Time-outs are the
// orchestrator's kRetry; duplicate answers come from retries, restarts and
// the network (a message received again).

#ifndef STEPWISE_CORE_SAGA_SAGA_H_
#define STEPWISE_CORE_SAGA_SAGA_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "core/protocol.h"
#include "core/reflect.h"

namespace stepwise::core::saga {

inline constexpr NodeId kOrchestrator = 0;
inline constexpr uint32_t kMaxSteps = 5;
inline constexpr uint32_t kMaxAttempts = 4;
// Keys a service remembers; beyond it a new key is refused (only the
// forgotten-log bug ever makes a second key).
inline constexpr uint32_t kMaxRecords = 4;
// Key of step s in run r: 10 r + s + 1 (readable in traces); 0 is no key.
inline constexpr uint32_t kKeysPerRun = 10;

// The order flow's steps, in order.
inline constexpr std::array<std::string_view, kMaxSteps> kStepNames = {
    "validate order", "reserve stock", "charge payment", "create order",
    "notify"};

// Mistakes the checkers must catch (`--bug`).
STEPWISE_ENUM(Bug, kNone,
              // Compensations run in the order of the steps, not reversed.
              kForwardCompensation,
              // Calls carry no idempotency key: a retried call is applied
              // again (a double charge).
              kNoIdempotencyKey,
              // A restarted orchestrator loses its place in the log and runs
              // the saga again from the first step, under new keys.
              kForgetLogPosition);

// kRunning: actions, kCompensating: compensations; the rest are final.
STEPWISE_ENUM(Phase, kRunning, kCompensating, kCommitted, kCompensated,
              kNeedsAttention);
STEPWISE_ENUM(Op, kNone, kAction, kCompensate);
// An action is done or refused; a compensation is done or failed (and may be
// retried).
STEPWISE_ENUM(Outcome, kDone, kRefused, kFailed);
// What a service did with a key: applied the action, refused it, applied and
// then undid it, or was told to compensate before it applied (void: the
// action is refused if it arrives later).
STEPWISE_ENUM(KeyState, kApplied, kRefused, kCompensated, kVoid);
STEPWISE_ENUM(Timer, kRetry, kSucceed, kFail);

struct Config {
  uint32_t steps = 3;
  uint32_t attempts = 2;      // calls per action or compensation
  bool refusals = true;       // a service may refuse an action
  bool undo_failures = true;  // a compensation may fail
  Bug bug = Bug::kNone;
  STEPWISE_FIELDS(Config, steps, attempts, refusals, undo_failures, bug)
};

struct Record {
  uint32_t key = 0;
  KeyState state = KeyState::kApplied;
  STEPWISE_FIELDS(Record, key, state)
};

// One node's state; the orchestrator uses the first group, a service the
// second (traces show each its own: Saga::shows_field).
struct State {
  // Orchestrator: the saga log (durable) ...
  Phase phase = Phase::kRunning;
  uint32_t step = 0;      // the step being run or compensated (0-based)
  uint32_t last = 0;      // compensating: the highest step to compensate
  uint32_t attempts = 0;  // calls made for the current operation
  uint32_t run = 0;       // which run of the saga; keys are (run, step)
  // ... beside it, durable: restarts that found the saga unfinished ...
  uint32_t boots = 0;
  // ... and volatile: retry ticks to wait before the next call.
  uint32_t backoff = 0;
  // Service (durable): one record per key, and how many times it applied
  // the action's effect and undid it.
  std::vector<Record> records;
  uint32_t applied = 0;
  uint32_t undone = 0;
  // Service (volatile): the call it is deciding.
  Op pending = Op::kNone;
  uint32_t pending_key = 0;
  STEPWISE_FIELDS(State, phase, step, last, attempts, run, boots, backoff,
                  records, applied, undone, pending, pending_key)
};

// Orchestrator -> service: run or compensate the action named by `key`.
struct Call {
  Op op = Op::kAction;
  uint32_t key = 0;
  STEPWISE_FIELDS(Call, op, key)
};
// Service -> orchestrator.
struct Answer {
  Op op = Op::kAction;
  uint32_t key = 0;
  Outcome outcome = Outcome::kDone;
  STEPWISE_FIELDS(Answer, op, key, outcome)
};
using Message = std::variant<Call, Answer>;

struct Saga {
  static constexpr std::string_view kName = "saga";
  using Config = saga::Config;
  using State = saga::State;
  using Message = saga::Message;
  using Command = std::monostate;
  using Result = std::monostate;
  using Timer = saga::Timer;
  using Bug = saga::Bug;

  static size_t node_count(const Config& config) { return config.steps + 1; }
  // "" if the configuration is runnable, else what is wrong with it.
  static std::string_view Validate(const Config& config);
  // The idempotency key of `step` in `run` (0 under kNoIdempotencyKey).
  static uint32_t Key(const Config& config, uint32_t run, uint32_t step);
  static bool Final(Phase phase) {
    return phase != Phase::kRunning && phase != Phase::kCompensating;
  }
  // A service's action effect is in place (applied more often than undone).
  static bool Holds(const State& service) {
    return service.applied > service.undone;
  }

  static State init(const Config&, NodeId) { return State{}; }
  static void step(const Config& config, NodeId self, State& state,
                   const Event<Saga>& event, Effects<Saga>& effects);
  static State restart(const Config& config, NodeId self,
                       const State& before_crash);
  static bool within_bounds(const Config&, const State&) { return true; }

  static std::span<const Property<Saga>> invariants();
  static std::span<const Property<Saga>> goals();
  static std::span<const LivenessProperty<Saga>> liveness();

  static bool shows_field(NodeId node, std::string_view field);
};

static_assert(Protocol<Saga>);
static_assert(HasLiveness<Saga>);

}  // namespace stepwise::core::saga

#endif  // STEPWISE_CORE_SAGA_SAGA_H_
