// Three-phase commit (Skeen, "Nonblocking Commit Protocols", SIGMOD 1981)
// with a decentralized termination protocol: one coordinator (node 0) and N
// participants (nodes 1..N).
//
// Normal run. A participant chooses on its own (timers the environment
// fires) to vote yes (kPrepare: it becomes uncertain and tells the
// coordinator) or to give up (kGiveUp: it aborts). With every vote in, the
// coordinator pre-commits and sends PreCommit to each participant, then
// Commit to each. A vote that does not come in time makes it abort
// (kVoteTimeout) and send Abort to each.
//
// One participant at a time. The coordinator sends a phase's message to
// participant 1, waits for its Ack (or, if it never comes, for kAckTimeout),
// then to participant 2, and so on. A crash can therefore stop a broadcast
// after any prefix: the case that makes two-phase commit block and that
// the pre-commit phase exists for.
//
// Termination. An uncertain or pre-committed participant that hears nothing
// (kTerminate) asks every other node for its state and, once the replies are
// in (kCollect), applies Skeen's rule: a live, undecided coordinator is left
// to finish; a decision anyone reports is adopted; a participant that has
// not voted means abort; an undecided participant with a lower id that is up
// is left to decide (Skeen's election of a backup coordinator: the lowest
// one up; asked by a higher one, it starts its own round at once); a
// pre-committed participant (itself included) means pre-commit everyone,
// then commit; all uncertain means abort.
//
// Timeouts have an order (timeout_class): the coordinator's and a
// termination round's waits are shorter than a participant's patience, so
// under --synchronous-timers a participant gives up only on a coordinator
// that is down (or decided), never on one still at work.
//
// The guarantee holds only where Skeen's does: nodes that crash stay down,
// and every timeout outlasts every message delay (--synchronous-timers, the
// default). A partition breaks it (one side commits, the other aborts);
// `stepwise check threepc --partitions 1` shows how.
//
// Durable: a participant's vote and decision (`rm`), the coordinator's phase
// (`tm`). A coordinator that restarts while pre-committing cannot know how
// far its broadcast got: it decides nothing itself, answers as a
// pre-committed participant would, and adopts the decision it hears.

#ifndef STEPWISE_CORE_THREEPC_THREEPC_H_
#define STEPWISE_CORE_THREEPC_THREEPC_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "core/protocol.h"
#include "core/reflect.h"

namespace stepwise::core::threepc {

inline constexpr NodeId kCoordinator = 0;
inline constexpr uint32_t kMaxParticipants = 16;  // `votes` is a node mask

// Textbook mistakes the checkers must catch (`--bug`).
STEPWISE_ENUM(Bug, kNone,
              // An uncertain participant that times out commits instead of
              // running the termination protocol.
              kCommitOnTimeout,
              // The coordinator commits as soon as every vote is in, without
              // the pre-commit phase (two-phase commit with termination).
              kSkipPreCommit,
              // The termination rule aborts unless someone has committed,
              // as if pre-committed meant uncertain (two-phase commit's
              // termination).
              kAbortWhenUndecided,
              // Every participant that times out applies the termination
              // rule itself instead of leaving it to the lowest one up.
              kNoElection);

// A participant: not voted (q), voted yes (w), pre-committed (p), decided.
STEPWISE_ENUM(RmState, kWorking, kUncertain, kPreCommitted, kCommitted,
              kAborted);
// The coordinator. kRecovering: restarted while pre-committing.
STEPWISE_ENUM(TmState, kWaiting, kPreCommitting, kCommitted, kAborted,
              kRecovering);
// The message a node is sending one participant at a time.
STEPWISE_ENUM(Sending, kNothing, kPreCommit, kCommit, kAbort);
STEPWISE_ENUM(Timer, kPrepare, kGiveUp, kVoteTimeout, kAckTimeout, kTerminate,
              kCollect);
// What a node answers a termination StateRequest when it has not decided.
STEPWISE_ENUM(Phase, kWorking, kUncertain, kPreCommitted, kCoordinating);

struct Config {
  uint32_t participants = 3;
  Bug bug = Bug::kNone;
  STEPWISE_FIELDS(Config, participants, bug)
};

// Bits of State::heard while a participant collects termination replies.
inline constexpr uint8_t kHeardWorking = 1;
inline constexpr uint8_t kHeardPreCommitted = 2;
inline constexpr uint8_t kHeardCoordinator = 4;
inline constexpr uint8_t kHeardLower = 8;  // an undecided lower participant

// One node's state; one flat type for both roles keeps clusters small.
struct State {
  RmState rm = RmState::kWorking;  // participant (durable)
  TmState tm = TmState::kWaiting;  // coordinator (durable)
  uint32_t votes = 0;              // coordinator: bit i when i voted yes
  Sending sending = Sending::kNothing;
  NodeId target = 0;        // the node `sending` waits on for an Ack
  bool collecting = false;  // participant: termination replies awaited
  uint8_t heard = 0;        // kHeard* bits of those replies
  STEPWISE_FIELDS(State, rm, tm, votes, sending, target, collecting, heard)
};

struct Prepared {  // a yes vote
  STEPWISE_NO_FIELDS(Prepared)
};
struct PreCommit {
  STEPWISE_NO_FIELDS(PreCommit)
};
struct Commit {
  STEPWISE_NO_FIELDS(Commit)
};
struct Abort {
  STEPWISE_NO_FIELDS(Abort)
};
struct Ack {  // of PreCommit, Commit or Abort
  Sending of = Sending::kNothing;
  STEPWISE_FIELDS(Ack, of)
};
struct StateRequest {
  STEPWISE_NO_FIELDS(StateRequest)
};
struct StateReply {
  Phase phase = Phase::kWorking;
  STEPWISE_FIELDS(StateReply, phase)
};
using Message = std::variant<Prepared, PreCommit, Commit, Abort, Ack,
                             StateRequest, StateReply>;

struct ThreePhase {
  static constexpr std::string_view kName = "threepc";
  using Config = threepc::Config;
  using State = threepc::State;
  using Message = threepc::Message;
  using Command = std::monostate;
  using Result = std::monostate;
  using Timer = threepc::Timer;
  using Bug = threepc::Bug;

  static size_t node_count(const Config& config) {
    return config.participants + 1;
  }
  static State init(const Config&, NodeId) { return State{}; }
  static void step(const Config& config, NodeId self, State& state,
                   const Event<ThreePhase>& event,
                   Effects<ThreePhase>& effects);
  static State restart(const Config& config, NodeId self,
                       const State& before_crash);
  static bool within_bounds(const Config&, const State&) { return true; }
  // How the timeouts compare under --synchronous-timers
  // (model_check/semantics.h): a participant's own choices are not
  // timeouts; the coordinator's and a termination round's waits are short;
  // a participant gives up on the others only after every short wait.
  static uint8_t timeout_class(Timer timer) {
    switch (timer) {
      case Timer::kPrepare:
      case Timer::kGiveUp:
        return 0;
      case Timer::kVoteTimeout:
      case Timer::kAckTimeout:
      case Timer::kCollect:
        return 1;
      case Timer::kTerminate:
        break;
    }
    return 2;
  }

  static std::span<const Property<ThreePhase>> invariants();
  static std::span<const Property<ThreePhase>> goals();
  static std::span<const LivenessProperty<ThreePhase>> liveness();

  // For readable traces: each role shows only its own fields.
  static bool shows_field(NodeId node, std::string_view field) {
    if (field == "sending" || field == "target") return true;
    if (node == kCoordinator) return field == "tm" || field == "votes";
    return field == "rm" || field == "collecting" || field == "heard";
  }
};

static_assert(Protocol<ThreePhase>);
static_assert(HasLiveness<ThreePhase>);

}  // namespace stepwise::core::threepc

#endif  // STEPWISE_CORE_THREEPC_THREEPC_H_
