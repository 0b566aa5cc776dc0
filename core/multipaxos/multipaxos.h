// Multi-Paxos: a replicated key-value store whose log is a sequence of
// single-decree Paxos instances ("slots") run by one stable leader.
//
// Lamport, "Paxos Made Simple" (2001), section 3, and van Renesse and
// Altinbuken, "Paxos Made Moderately Complex" (2015). Every node is an
// acceptor and a replica; nodes 0 .. candidates-1 may also lead, and ballot
// b belongs to candidate b % candidates. A candidate whose kCampaign timer
// fires starts its next ballot and runs phase 1 once for every slot:
//
//   Prepare(b)          1a  candidate -> every other acceptor
//   Promise(b, votes)   1b  acceptor -> candidate, when b > its promise: it
//                           promises b and reports its vote in every slot
//
// Once a majority promised (itself included), it leads ballot b. For every
// slot up to the highest one reported that it has not seen decided, it
// proposes the value of the highest-ballot vote reported, or a no-op where
// no acceptor of the quorum voted (a gap an earlier leader left). Then each
// client command costs one phase-2 round in its own slot:
//
//   Accept(b, s, v)     2a  leader -> every other acceptor
//   Accepted(b, s)      2b  acceptor -> leader, when b >= its promise
//   Decide(s, v)            leader -> every other replica, once a majority
//                           accepted (b, s)
//
// Replicas apply decided slots strictly in slot order to the same key-value
// store with client sessions as Raft (core/raft/kv.h), so slots decided out
// of order wait for the gaps before them, a command a client retried takes
// effect once, and the linearizability invariant is Raft's. The leader
// answers a client when it applies the command; reads go through the log
// too. A node that does not lead answers NotLeader with the candidate whose
// ballot it promised last. A leader acts as its own acceptor inside its
// steps (it does not message itself).
//
// Durability: an acceptor's promise and votes, a candidate's highest ballot
// (a restarted candidate must never reuse one) and a replica's decided
// slots persist before the message that reveals them leaves. The key-value
// store is rebuilt on restart by applying the decided prefix again.
//
// Bounds: `Config::ballots` bounds the ballots a model may start, as in
// core/paxos; a leader proposes in at most kMaxSlots slots (a request past
// them is not answered: its client may ask again). A leader whose
// proposals stall (its kCampaign timer fires while some are undecided)
// runs phase 1 again in its next ballot.
//
// Thread-safety: everything is a value; `step` is a pure function.

#ifndef STEPWISE_CORE_MULTIPAXOS_MULTIPAXOS_H_
#define STEPWISE_CORE_MULTIPAXOS_MULTIPAXOS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "core/check_options.h"
#include "core/protocol.h"
#include "core/raft/kv.h"
#include "core/raft/raft.h"
#include "core/reflect.h"

namespace stepwise::core::multipaxos {

// Textbook mistakes the checkers must catch (`--bug`).
STEPWISE_ENUM(Bug, kNone,
              // A new leader skips phase 1: it leads its ballot at once and
              // proposes in the slots after its own decided log.
              kSkipPhaseOne,
              // A new leader fills every slot it has not seen decided with
              // a no-op, ignoring the votes its promises report.
              kNoopOverReportedVotes,
              // An acceptor's votes are not durable: after a restart it
              // remembers only its promise.
              kVolatileVotes);

STEPWISE_ENUM(Role, kFollower, kPreparing, kLeading);
STEPWISE_ENUM(Timer, kCampaign);

using Ballot = int32_t;  // 0, 1, 2, ...; kNoBallot before any
using Slot = uint32_t;   // 1, 2, ...
inline constexpr Ballot kNoBallot = -1;
inline constexpr uint32_t kMaxNodes = 16;  // acceptor sets are 32-bit masks
inline constexpr uint32_t kMaxSlots = 8;   // slots a leader proposes in
inline constexpr uint32_t kMaxBallots = 32;

struct Config {
  uint32_t nodes = 3;       // acceptors and replicas
  uint32_t candidates = 2;  // nodes 0 .. candidates-1 may lead
  uint32_t ballots = 2;     // ballots 0 .. ballots-1 may start; 0: unbounded
  Bug bug = Bug::kNone;
  STEPWISE_FIELDS(Config, nodes, candidates, ballots, bug)
};

// What a slot holds: a client's command with its session (Raft's log entry
// payload), or the no-op a new leader proposes in a gap.
using Value = std::variant<raft::Noop, raft::Proposal>;

// An acceptor's vote in one slot: what it accepted last there.
struct SlotVote {
  Slot slot = 0;
  Ballot ballot = kNoBallot;
  Value value;
  STEPWISE_FIELDS(SlotVote, slot, ballot, value)
};

// A leader's phase-2 round in one slot, until a majority accepted it.
struct Proposal {
  Slot slot = 0;
  Value value;
  uint32_t accepted = 0;  // acceptors that accepted it (a mask)
  STEPWISE_FIELDS(Proposal, slot, value, accepted)
};

struct State {
  // Acceptor (durable): the highest ballot promised, and its latest vote in
  // each slot (sorted by slot, one per slot).
  Ballot promised = kNoBallot;
  std::vector<SlotVote> votes;
  // Candidate. `ballot`, the highest ballot it started, is durable.
  Ballot ballot = kNoBallot;
  Role role = Role::kFollower;
  uint32_t promises = 0;            // preparing: acceptors that promised
  std::vector<SlotVote> reported;   // preparing: highest vote per slot heard
  std::vector<Proposal> proposals;  // leading: undecided slots, by slot
  // Replica. `decided[s - 1]` is slot s's value once known (durable);
  // slots 1 .. applied are applied to `kv`.
  std::vector<std::optional<Value>> decided;
  uint32_t applied = 0;
  raft::KvStore kv;
  STEPWISE_FIELDS(State, promised, votes, ballot, role, promises, reported,
                  proposals, decided, applied, kv)
};

struct Prepare {  // 1a
  Ballot ballot = 0;
  STEPWISE_FIELDS(Prepare, ballot)
};
struct Promise {  // 1b
  Ballot ballot = 0;
  std::vector<SlotVote> votes;
  STEPWISE_FIELDS(Promise, ballot, votes)
};
struct Accept {  // 2a
  Ballot ballot = 0;
  Slot slot = 0;
  Value value;
  STEPWISE_FIELDS(Accept, ballot, slot, value)
};
struct Accepted {  // 2b
  Ballot ballot = 0;
  Slot slot = 0;
  STEPWISE_FIELDS(Accepted, ballot, slot)
};
struct Decide {
  Slot slot = 0;
  Value value;
  STEPWISE_FIELDS(Decide, slot, value)
};
using Message = std::variant<Prepare, Promise, Accept, Accepted, Decide>;

struct MultiPaxos {
  static constexpr std::string_view kName = "multipaxos";
  using Config = multipaxos::Config;
  using State = multipaxos::State;
  using Message = multipaxos::Message;
  using Command = raft::KvCommand;
  using Result = raft::KvResult;
  using Timer = multipaxos::Timer;
  using Bug = multipaxos::Bug;

  static size_t node_count(const Config& config) { return config.nodes; }
  // "" if the configuration is runnable, else what is wrong with it.
  static std::string_view Validate(const Config& config);
  static uint32_t Quorum(const Config& config) { return config.nodes / 2 + 1; }
  // The candidate that owns ballot `ballot`.
  static NodeId OwnerOf(const Config& config, Ballot ballot) {
    return static_cast<NodeId>(ballot) % config.candidates;
  }

  static State init(const Config&, NodeId) { return State{}; }
  static void step(const Config& config, NodeId self, State& state,
                   const Event<MultiPaxos>& event,
                   Effects<MultiPaxos>& effects);
  static State restart(const Config& config, NodeId self,
                       const State& before_crash);
  static bool within_bounds(const Config&, const State&) { return true; }
  // Raft's client commands: two writes of one key and a read of it.
  static std::vector<raft::KvCommand> client_commands(const Config& config);

  static std::span<const Property<MultiPaxos>> invariants();
  static std::span<const Property<MultiPaxos>> goals();
  // Why a goal cannot be reached under `config` and `options` ("" if it
  // can; model_check/explorer.h): a gap needs a second candidate, and a gap
  // or a slot decided out of order needs messages that overtake or vanish.
  static std::string_view goal_out_of_reach(std::string_view goal,
                                            const Config& config,
                                            const CheckOptions& options);
  static std::span<const LivenessProperty<MultiPaxos>> liveness();
};

static_assert(Protocol<MultiPaxos>);
static_assert(HasClientCommands<MultiPaxos>);
static_assert(HasLiveness<MultiPaxos>);

}  // namespace stepwise::core::multipaxos

#endif  // STEPWISE_CORE_MULTIPAXOS_MULTIPAXOS_H_
