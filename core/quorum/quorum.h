// A quorum-replicated register: the ABD algorithm (Attiya, Bar-Noy and
// Dolev, "Sharing Memory Robustly in Message-Passing Systems", JACM 1995),
// in its multi-writer form (Lynch and Shvartsman, 1997).
//
// Every node is a replica holding one tagged value, and a coordinator that
// runs its clients' operations one at a time. A tag is (counter, writer):
// ordered by counter, then by the writer's node id, so two writers never
// make the same tag. An operation has two phases, each sent to every replica
// and finished by a quorum of answers:
//
//   read:   Query     -> R replicas answer with their (tag, value); take the
//                        highest;
//           Store     -> write that (tag, value) back until W replicas hold
//                        it (or a newer one), then return the value.
//   write:  Query     -> R replicas answer; the new tag is
//                        (highest counter + 1, self), the counter also
//                        above the coordinator's own replica's, which
//                        adopts the tag first (a timed-out write's tag
//                        must never be reused);
//           Store     -> until W replicas hold it, then return ok.
//
// A replica adopts a stored (tag, value) only when the tag is newer than its
// own, and acknowledges either way. With R + W > N every read quorum meets
// every write quorum, and the register is linearizable; with R + W <= N, or
// without the read's write-back, it is not (the checker shows both). The
// configured quorums are the trade-off a user picks: any R and W from 1 to N
// are accepted.
//
// Consistency over availability: an operation needs a quorum. When the
// coordinator's retry timer has fired `attempts - 1` times (each time it
// resends the phase to the replicas that have not answered) it gives up and
// tells the client the operation timed out: its effect is unknown, as a
// client's time-out is. Time-outs are where a partition shows.
//
// Durability: a replica's tag and value, and the coordinator's operation
// counter (replies name the operation they answer, so a restarted
// coordinator must not reuse a number), persist before the message that
// depends on them leaves. A coordinator's operations in progress are lost
// in a crash; their clients never hear back.

#ifndef STEPWISE_CORE_QUORUM_QUORUM_H_
#define STEPWISE_CORE_QUORUM_QUORUM_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "core/protocol.h"
#include "core/reflect.h"

namespace stepwise::core::quorum {

// Mistakes the checkers must catch (`--bug`).
STEPWISE_ENUM(Bug, kNone,
              // A read returns what its query found without writing it back
              // to a quorum: a later read may return an older value.
              kNoWriteBack,
              // A writer takes its tag from its own replica instead of
              // querying a quorum (single-writer ABD used by many writers):
              // a later write may get a lower tag and be lost.
              kWriteWithoutQuery,
              // A replica stores every tag it is sent, even an older one.
              kOverwriteNewer);

STEPWISE_ENUM(Kind, kRead, kWrite);
STEPWISE_ENUM(Phase, kIdle, kQuery, kStore);
// kOk: done. kTimedOut: no quorum answered in time; the operation may or
// may not take effect. kBusy: the coordinator's queue was full; nothing
// happened.
STEPWISE_ENUM(Status, kOk, kTimedOut, kBusy);
STEPWISE_ENUM(Timer, kRetry);

using Value = uint32_t;                    // 0 is the register's initial value
inline constexpr uint32_t kMaxNodes = 16;  // answer sets are 32-bit masks
inline constexpr uint32_t kMaxQueued = 4;  // operations a coordinator holds
inline constexpr uint32_t kMaxAttempts = 8;

struct Config {
  uint32_t nodes = 3;
  uint32_t read_quorum = 0;   // R; 0: a majority
  uint32_t write_quorum = 0;  // W; 0: a majority
  uint32_t values = 2;        // clients write values 1 .. values
  uint32_t attempts = 2;      // sends of a phase before the time-out
  Bug bug = Bug::kNone;
  STEPWISE_FIELDS(Config, nodes, read_quorum, write_quorum, values, attempts,
                  bug)
};

struct Tag {
  uint32_t counter = 0;
  NodeId writer = 0;
  STEPWISE_FIELDS(Tag, counter, writer)
};
// True when `a` orders after `b`.
constexpr bool Newer(const Tag& a, const Tag& b) {
  return a.counter != b.counter ? a.counter > b.counter : a.writer > b.writer;
}

// A client's operation on the register.
struct Operation {
  Kind kind = Kind::kRead;
  Value value = 0;  // write only
  STEPWISE_FIELDS(Operation, kind, value)
};

// What the client hears: the value read (a read) and the tag the operation
// ended on (the tag read, or the tag written).
struct Outcome {
  Status status = Status::kOk;
  Value value = 0;
  Tag tag;
  STEPWISE_FIELDS(Outcome, status, value, tag)
};

// A client's operation waiting for its coordinator.
struct Pending {
  ClientId client = 0;
  RequestId request_id = 0;
  Operation operation;
  STEPWISE_FIELDS(Pending, client, request_id, operation)
};

struct State {
  // Replica (durable).
  Tag tag;
  Value value = 0;
  // Coordinator. `operations` numbers its operations and is durable.
  uint32_t operations = 0;
  Phase phase = Phase::kIdle;
  Pending current;
  uint32_t answered = 0;  // replicas that answered this phase
  uint32_t attempts = 0;  // sends of this operation's current phase
  Tag best;               // query: the highest tag heard; store: the tag sent
  Value best_value = 0;
  std::vector<Pending> queue;  // at most kMaxQueued, oldest first
  STEPWISE_FIELDS(State, tag, value, operations, phase, current, answered,
                  attempts, best, best_value, queue)
};

struct Query {
  uint32_t operation = 0;
  STEPWISE_FIELDS(Query, operation)
};
struct QueryReply {
  uint32_t operation = 0;
  Tag tag;
  Value value = 0;
  STEPWISE_FIELDS(QueryReply, operation, tag, value)
};
struct Store {
  uint32_t operation = 0;
  Tag tag;
  Value value = 0;
  STEPWISE_FIELDS(Store, operation, tag, value)
};
struct StoreAck {
  uint32_t operation = 0;
  STEPWISE_FIELDS(StoreAck, operation)
};
using Message = std::variant<Query, QueryReply, Store, StoreAck>;

struct QuorumRegister {
  static constexpr std::string_view kName = "quorum";
  using Config = quorum::Config;
  using State = quorum::State;
  using Message = quorum::Message;
  using Command = Operation;
  using Result = Outcome;
  using Timer = quorum::Timer;
  using Bug = quorum::Bug;

  static size_t node_count(const Config& config) { return config.nodes; }
  // "" if the configuration is runnable, else what is wrong with it.
  static std::string_view Validate(const Config& config);
  // The quorum sizes in force (a majority where the configuration says 0).
  static uint32_t ReadQuorum(const Config& config);
  static uint32_t WriteQuorum(const Config& config);

  static State init(const Config&, NodeId) { return State{}; }
  static void step(const Config& config, NodeId self, State& state,
                   const Event<QuorumRegister>& event,
                   Effects<QuorumRegister>& effects);
  static State restart(const Config& config, NodeId self,
                       const State& before_crash);
  static bool within_bounds(const Config&, const State&) { return true; }
  static std::vector<Operation> client_commands(const Config& config);

  static std::span<const Property<QuorumRegister>> invariants();
  static std::span<const Property<QuorumRegister>> goals();
  static std::span<const LivenessProperty<QuorumRegister>> liveness();
};

static_assert(Protocol<QuorumRegister>);
static_assert(HasClientCommands<QuorumRegister>);
static_assert(HasLiveness<QuorumRegister>);

}  // namespace stepwise::core::quorum

#endif  // STEPWISE_CORE_QUORUM_QUORUM_H_
