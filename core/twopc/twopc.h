// Two-phase commit: one transaction manager (TM) and N resource managers (RMs).
//
// Follows Gray & Lamport, "Consensus on Transaction Commit" (2006), and the
// TwoPhase specification of the TLA+ Examples: node 0 is the TM, nodes 1..N
// are RMs. Every choice a node makes on its own is a timer the environment
// fires:
//   RM kPrepare  - the RM finished its work: it becomes prepared and tells the
//   TM; RM kGiveUp   - the RM chooses to abort while still working; TM kAbort
//   - the TM aborts spontaneously while undecided; TM kCommit   - armed once
//   every RM has prepared: the TM commits.
// The TM's decision and an RM's prepared/committed/aborted state are durable.
// The TM's record of who prepared is volatile: after a restart prepared RMs
// announce themselves again when they restart, or the TM aborts.

#ifndef STEPWISE_CORE_TWOPC_TWOPC_H_
#define STEPWISE_CORE_TWOPC_TWOPC_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "core/protocol.h"
#include "core/reflect.h"

namespace stepwise::core::twopc {

inline constexpr NodeId kTm = 0;
inline constexpr uint32_t kMaxRms = 31;  // `prepared` is a 32-bit node mask

// Textbook mistakes the checkers must catch (`--bug`).
STEPWISE_ENUM(Bug, kNone,
              // The TM commits once a majority of RMs has prepared.
              kMajorityCommit,
              // An RM may still give up after it has prepared.
              kAbortAfterPrepare,
              // The TM's decision is not durable: a restarted TM is undecided.
              kVolatileDecision,
              // An RM's prepared state is not durable.
              kVolatilePrepare);

STEPWISE_ENUM(RmState, kWorking, kPrepared, kCommitted, kAborted);
STEPWISE_ENUM(TmState, kInit, kCommitted, kAborted);
STEPWISE_ENUM(Timer, kPrepare, kGiveUp, kAbort, kCommit);

struct Config {
  uint32_t rms = 3;
  Bug bug = Bug::kNone;
  STEPWISE_FIELDS(Config, rms, bug)
};

// One node's state. RMs use `rm`; the TM uses `tm` and `prepared`. Keeping a
// single flat type keeps clusters small and hashing cheap.
struct State {
  RmState rm = RmState::kWorking;
  TmState tm = TmState::kInit;
  uint32_t prepared = 0;  // TM only: bit i set when RM i reported Prepared
  STEPWISE_FIELDS(State, rm, tm, prepared)
};

struct Prepared {
  STEPWISE_NO_FIELDS(Prepared)
};
struct Commit {
  STEPWISE_NO_FIELDS(Commit)
};
struct Abort {
  STEPWISE_NO_FIELDS(Abort)
};
using Message = std::variant<Prepared, Commit, Abort>;

struct TwoPhase {
  static constexpr std::string_view kName = "twopc";
  using Config = twopc::Config;
  using State = twopc::State;
  using Message = twopc::Message;
  using Command = std::monostate;
  using Result = std::monostate;
  using Timer = twopc::Timer;
  using Bug = twopc::Bug;

  static size_t node_count(const Config& config) { return config.rms + 1; }
  static State init(const Config& config, NodeId self);
  static void step(const Config& config, NodeId self, State& state,
                   const Event<TwoPhase>& event, Effects<TwoPhase>& effects);
  static State restart(const Config& config, NodeId self,
                       const State& before_crash);
  static bool within_bounds(const Config&, const State&) { return true; }

  static std::span<const Property<TwoPhase>> invariants();
  static std::span<const Property<TwoPhase>> goals();
  static std::span<const LivenessProperty<TwoPhase>> liveness();

  // For readable traces: the TM uses `tm` and `prepared`, an RM only `rm`.
  static bool shows_field(NodeId node, std::string_view field) {
    return node == kTm ? field != "rm" : field == "rm";
  }

  // The RMs are interchangeable; the TM is not.
  static std::vector<NodeId> symmetric_nodes(const Config& config);
  static State rename(const State& state, Permutation perm);
  static Message rename(const Message& message, Permutation) { return message; }
};

static_assert(Protocol<TwoPhase>);
static_assert(SymmetricProtocol<TwoPhase>);
static_assert(HasLiveness<TwoPhase>);

}  // namespace stepwise::core::twopc

#endif  // STEPWISE_CORE_TWOPC_TWOPC_H_
