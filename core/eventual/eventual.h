// An eventually consistent replicated store: availability over consistency.
//
// Every node is a replica that answers its clients' reads and updates at
// once, alone, whatever the network does: no quorum, no leader, no waiting.
// Replicas exchange their whole state in the background (anti-entropy) and
// merge what they receive, so replicas that have seen the same updates hold
// the same data, in whatever order, duplicated or late, the updates arrived
// (strong eventual consistency). The price is linearizability: a read may
// miss a write that finished elsewhere (the checker shows it with
// `--only linearizable`).
//
// What the clients operate on (one object per cluster, so models stay
// small):
//
//   register (the default): writes and reads of one value. Concurrent
//     writes (neither saw the other) are either kept side by side as
//     siblings that a read returns together, each named by the update that
//     made it (a "dot": origin replica, that replica's update counter), as
//     Dynamo and Riak do; or, with `--lww`, resolved by last-writer-wins on
//     a hybrid logical clock timestamp (Kulkarni et al., "Logical Physical
//     Clocks", 2014) with the writer's id breaking ties.
//   set (`--set`): an observed-remove set, a CRDT: add(e) adds an entry for
//     e tagged with a new dot; remove(e) removes the entries of e this
//     replica has seen. A concurrent add survives a remove (add wins).
//
// Version vectors are the causal context: `version[i]` counts the updates
// made at replica i that this replica has merged. Because replicas always
// ship their whole state, a dot the version covers but the data lacks was
// removed or overwritten, which is how a merge tells "deleted there" from
// "not yet seen there".
//
// Anti-entropy: after its version changes a replica sends its state to every
// peer not known to hold that version, on the gossip timer, at most
// `attempts` times per version; a peer that learned something from it
// acknowledges with the version it holds after merging (a gossip that
// taught nothing, such as a duplicate, is not answered, so duplicates cannot
// multiply). The bound is the model's stand-in for gossiping forever: with
// fewer losses than attempts every replica converges.
//
// Durability: the data persists before the reply or message
// that depends on them leaves; what each peer is known to hold is volatile
// (a restarted replica simply gossips again).

#ifndef STEPWISE_CORE_EVENTUAL_EVENTUAL_H_
#define STEPWISE_CORE_EVENTUAL_EVENTUAL_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "core/clock/hlc.h"
#include "core/protocol.h"
#include "core/reflect.h"

namespace stepwise::core::eventual {

// Mistakes the checkers must catch (`--bug`).
STEPWISE_ENUM(Bug, kNone,
              // A merge keeps every sibling of both sides, even one the other
              // side has seen overwritten: an overwritten value comes back.
              kUnionSiblings,
              // Last-writer-wins compares timestamps without the writer's
              // id: two writes with equal timestamps are each kept where
              // they were made.
              kNoTieBreak,
              // The set's merge keeps a local entry the other side has seen
              // and removed: a removed element comes back at some replicas.
              kResurrect,
              // A replica counts a peer as up to date as soon as it sends
              // (no acknowledgement): one lost message and it never gossips
              // that version again.
              kForgetOnSend);

STEPWISE_ENUM(Kind, kRead, kWrite, kAdd, kRemove);
// kWrongType: a register command sent to a set, or the other way round.
// kClockExhausted: the hybrid clock's counter is spent for this physical
// time (2^32 writes in one tick); retry once the physical clock moves.
STEPWISE_ENUM(Status, kOk, kWrongType, kClockExhausted);
STEPWISE_ENUM(Timer, kGossip, kClockTick);

using Value = uint32_t;  // 0 is the register's initial value
inline constexpr uint32_t kMaxNodes = 8;
inline constexpr uint32_t kMaxAttempts = 8;
inline constexpr uint32_t kMaxValues = 8;
inline constexpr uint32_t kMaxClockTicks = 8;

struct Config {
  uint32_t nodes = 3;
  uint32_t values = 2;    // clients write (or add and remove) 1 .. values
  uint32_t attempts = 2;  // gossip sends per peer per version
  // Ticks of each replica's physical clock the model lets pass (the clock
  // timer); 0: physical clocks stand still and the hybrid clock counts alone.
  uint32_t clock_ticks = 0;
  bool set = false;  // clients use the observed-remove set
  bool lww = false;  // the register resolves by last-writer-wins
  Bug bug = Bug::kNone;
  STEPWISE_FIELDS(Config, nodes, values, attempts, clock_ticks, set, lww, bug)
};

// One update: the replica that made it and that replica's update counter.
struct Dot {
  NodeId node = 0;
  uint32_t counter = 0;
  STEPWISE_FIELDS(Dot, node, counter)
};
constexpr bool operator<(const Dot& a, const Dot& b) {
  return a.node != b.node ? a.node < b.node : a.counter < b.counter;
}

// A last-writer-wins timestamp: the clock reading, then the writer's id.
struct Stamp {
  clock::HlcTimestamp time;  // core/clock's hybrid logical clock
  NodeId writer = 0;
  STEPWISE_FIELDS(Stamp, time, writer)
};

// A register value kept in siblings mode, named by the write that made it.
struct Sibling {
  Value value = 0;
  Dot dot;
  STEPWISE_FIELDS(Sibling, value, dot)
};

// An observed-remove set entry: element `element`, added by update `dot`.
struct Member {
  Value element = 0;
  Dot dot;
  STEPWISE_FIELDS(Member, element, dot)
};

// The replicated data, what anti-entropy ships. Only the fields of the
// configured data type are used; the others stay empty.
struct Data {
  std::vector<uint32_t> version;  // one entry per replica
  std::vector<Sibling> siblings;  // register: sorted by dot
  Value value = 0;                // register with --lww
  Stamp stamp;                    // the timestamp of `value`
  std::vector<Member> members;    // set: sorted by (element, dot)
  STEPWISE_FIELDS(Data, version, siblings, value, stamp, members)
};

struct State {
  // Durable. In --lww mode the register's timestamp is the replica's hybrid
  // clock too: it is the highest write timestamp the replica has seen, so a
  // new write, stamped just past it, orders after every write it saw.
  Data data;
  // The replica's physical clock: hardware, so a restart keeps it.
  uint32_t physical = 0;
  // Volatile anti-entropy bookkeeping, one entry per replica: the version
  // each peer is known to hold, and the gossip sends made to it for the
  // current version.
  std::vector<std::vector<uint32_t>> known;
  std::vector<uint32_t> sends;
  STEPWISE_FIELDS(State, data, physical, known, sends)
};

struct Gossip {
  Data data;
  STEPWISE_FIELDS(Gossip, data)
};
struct GossipAck {
  std::vector<uint32_t> version;  // what the sender holds after merging
  STEPWISE_FIELDS(GossipAck, version)
};
using Message = std::variant<Gossip, GossipAck>;

// A client's command. `value` is the value written, or the element added or
// removed.
struct Operation {
  Kind kind = Kind::kRead;
  Value value = 0;
  STEPWISE_FIELDS(Operation, kind, value)
};

// A read returns the values it saw, sorted and distinct: the siblings (more
// than one after concurrent writes), the last writer's value, or the set's
// elements. Updates return no values.
struct Outcome {
  Status status = Status::kOk;
  std::vector<Value> values;
  STEPWISE_FIELDS(Outcome, status, values)
};

struct EventualStore {
  static constexpr std::string_view kName = "eventual";
  using Config = eventual::Config;
  using State = eventual::State;
  using Message = eventual::Message;
  using Command = Operation;
  using Result = Outcome;
  using Timer = eventual::Timer;
  using Bug = eventual::Bug;

  static size_t node_count(const Config& config) { return config.nodes; }
  // "" if the configuration is runnable, else what is wrong with it.
  static std::string_view Validate(const Config& config);

  static State init(const Config& config, NodeId self);
  static void step(const Config& config, NodeId self, State& state,
                   const Event<EventualStore>& event,
                   Effects<EventualStore>& effects);
  static State restart(const Config& config, NodeId self,
                       const State& before_crash);
  static bool within_bounds(const Config&, const State&) { return true; }
  static std::vector<Operation> client_commands(const Config& config);

  // What a read at this replica returns now.
  static std::vector<Value> Read(const Config& config, const Data& data);
  // `into` after merging `from` (both of `config.nodes` replicas).
  static Data Merge(const Config& config, const Data& into, const Data& from);

  static std::span<const Property<EventualStore>> invariants();
  static std::span<const Property<EventualStore>> goals();
  static std::span<const LivenessProperty<EventualStore>> liveness();
};

// True when version vector `a` has seen everything `b` has.
bool Covers(std::span<const uint32_t> a, std::span<const uint32_t> b);
// True when `version` has seen update `dot`.
bool Covers(std::span<const uint32_t> version, const Dot& dot);

static_assert(Protocol<EventualStore>);
static_assert(HasClientCommands<EventualStore>);
static_assert(HasLiveness<EventualStore>);

}  // namespace stepwise::core::eventual

#endif  // STEPWISE_CORE_EVENTUAL_EVENTUAL_H_
