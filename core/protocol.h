// The Protocol concept: the one shape every Stepwise protocol core takes.
//
// A protocol is a type with nested value types and static functions; the model
// checker, fuzzers, property tests and the network runner all drive it through
// `step`, and nothing else. A step is deterministic: the same state and event
// always give the same next state and the same effects. Time and chance are the
// environment's: a timer is a name the environment fires, and every choice a
// node could make on its own is an event the environment offers.
//
// Durability contract (the "Ready" rule of etcd's raft package): when a step
// calls `Effects::persist()`, the durable part of the node's state, as
// `restart()` reads it, must reach stable storage before any message or reply
// emitted by that step leaves the node. Effects remember how many outputs were
// emitted before `persist()` so interpreters (and the model checker, which
// explores a crash in that window) can tell a correct step from one that
// replies before persisting.
//
// Thread-safety: everything here is a value type; no shared state.

#ifndef STEPWISE_CORE_PROTOCOL_H_
#define STEPWISE_CORE_PROTOCOL_H_

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/reflect.h"

namespace stepwise::core {

using NodeId = uint32_t;
using ClientId = uint64_t;
using RequestId = uint64_t;

// ---------------------------------------------------------------------------
// Events: what happens to one node.

struct Start {
  STEPWISE_NO_FIELDS(Start)
};

template <typename P>
struct Receive {
  NodeId from = 0;
  typename P::Message message;
  STEPWISE_FIELDS(Receive, from, message)
};

template <typename P>
struct Timeout {
  typename P::Timer timer{};
  STEPWISE_FIELDS(Timeout, timer)
};

template <typename P>
struct Request {
  ClientId client = 0;
  RequestId request_id = 0;
  typename P::Command command;
  STEPWISE_FIELDS(Request, client, request_id, command)
};

template <typename P>
using Event = std::variant<Start, Receive<P>, Timeout<P>, Request<P>>;

// ---------------------------------------------------------------------------
// Messages in flight, as invariants and interpreters see them.

template <typename P>
struct Envelope {
  NodeId from = 0;
  NodeId to = 0;
  typename P::Message message;
  STEPWISE_FIELDS(Envelope, from, to, message)
};

template <typename P>
struct Reply {
  ClientId client = 0;
  RequestId request_id = 0;
  typename P::Result result;
  STEPWISE_FIELDS(Reply, client, request_id, result)
};

template <typename P>
struct Applied {
  uint64_t index = 0;
  typename P::Command command;
  STEPWISE_FIELDS(Applied, index, command)
};

// One client-visible event, as the model checker records them in order: the
// position in the history is the real-time order that linearizability needs.
template <typename P>
struct HistoryEvent {
  bool is_return = false;  // false: the request was sent; true: answered
  ClientId client = 0;
  RequestId request_id = 0;
  NodeId node = 0;                // the node asked, or the node answering
  typename P::Command command{};  // invocations only
  typename P::Result result{};    // returns only
  STEPWISE_FIELDS(HistoryEvent, is_return, client, request_id, node, command,
                  result)
};

// ---------------------------------------------------------------------------
// Effects: what one step asks its interpreter to do.
//
// An Effects object is reused across steps by the model checker (`Clear()`
// keeps the vectors' capacity), so a steady-state step allocates nothing.
template <typename P>
class Effects {
 public:
  using Timer = typename P::Timer;
  static_assert(EnumSize(Timer{}) <= 32, "timers are kept in a 32-bit mask");

  void send(NodeId to, typename P::Message message) {
    sends_.push_back({0, to, std::move(message)});
  }
  void set_timer(Timer timer) {
    timers_set_ |= Bit(timer);
    timers_cancelled_ &= ~Bit(timer);
  }
  void cancel_timer(Timer timer) {
    timers_cancelled_ |= Bit(timer);
    timers_set_ &= ~Bit(timer);
  }
  // The durable part of the state changed; see the contract at the top.
  void persist() {
    if (!persisted_) {
      sends_before_persist_ = sends_.size();
      replies_before_persist_ = replies_.size();
    }
    persisted_ = true;
  }
  void apply(uint64_t index, typename P::Command command) {
    applied_.push_back({index, std::move(command)});
  }
  void reply(ClientId client, RequestId request_id, typename P::Result result) {
    replies_.push_back({client, request_id, std::move(result)});
  }

  void Clear() {
    sends_.clear();
    replies_.clear();
    applied_.clear();
    timers_set_ = 0;
    timers_cancelled_ = 0;
    persisted_ = false;
    sends_before_persist_ = 0;
    replies_before_persist_ = 0;
  }

  // Outgoing messages; `from` is left 0 for the interpreter to fill in.
  const std::vector<Envelope<P>>& sends() const { return sends_; }
  const std::vector<Reply<P>>& replies() const { return replies_; }
  const std::vector<Applied<P>>& applied() const { return applied_; }
  uint32_t timers_set() const { return timers_set_; }
  uint32_t timers_cancelled() const { return timers_cancelled_; }
  bool persisted() const { return persisted_; }
  // True when some message or reply was emitted before `persist()`: those
  // outputs could leave the node before its durable state is safe.
  bool output_before_persist() const {
    return persisted_ && (sends_before_persist_ + replies_before_persist_) > 0;
  }
  // How many of `sends()` and of `replies()` were emitted before `persist()`.
  size_t sends_before_persist() const { return sends_before_persist_; }
  size_t replies_before_persist() const { return replies_before_persist_; }
  bool empty() const {
    return sends_.empty() && replies_.empty() && applied_.empty() &&
           timers_set_ == 0 && timers_cancelled_ == 0 && !persisted_;
  }

  static constexpr uint32_t Bit(Timer timer) {
    return uint32_t{1} << static_cast<uint32_t>(timer);
  }

 private:
  std::vector<Envelope<P>> sends_;
  std::vector<Reply<P>> replies_;
  std::vector<Applied<P>> applied_;
  uint32_t timers_set_ = 0;
  uint32_t timers_cancelled_ = 0;
  bool persisted_ = false;
  size_t sends_before_persist_ = 0;
  size_t replies_before_persist_ = 0;
};

// ---------------------------------------------------------------------------
// Properties declared beside each protocol.

// A snapshot of a whole cluster, as invariants and goals see it.
template <typename P>
struct ClusterView {
  const typename P::Config& config;
  std::span<const typename P::State> nodes;       // indexed by NodeId
  std::span<const uint8_t> up;                    // 1 if the node is running
  std::span<const Envelope<P>> in_flight;         // messages not yet delivered
  std::span<const HistoryEvent<P>> history = {};  // client calls and returns
};

// What the environment must be allowed to do before a sanity goal can be
// reached. A checker that was not given that freedom reports the goal as not
// applicable instead of calling the model vacuous.
enum class Needs : uint8_t {
  kNothing,
  kCrashes,         // a crash budget
  kClientRequests,  // client requests
  kTwoRequests,     // two client requests (one to see the other)
};

template <typename P>
struct Property {
  std::string_view name;
  std::string_view description;
  bool (*holds)(const ClusterView<P>&);
  Needs needs = Needs::kNothing;  // goals only
};

// A liveness property, checked under weak fairness of every non-fault step
// (deliveries, timers, starts, restarts and heals).
enum class Temporal : uint8_t {
  kEventually,        // every fair run reaches a state where `holds`
  kAlwaysEventually,  // every fair run reaches such states infinitely often
};

template <typename P>
struct LivenessProperty {
  std::string_view name;
  std::string_view description;
  Temporal temporal;
  bool (*holds)(const ClusterView<P>&);
};

// Protocols with liveness properties declare `P::liveness()`.
template <typename P>
concept HasLiveness = requires {
  {
    P::liveness()
  } -> std::convertible_to<std::span<const LivenessProperty<P>>>;
};

// A node permutation used for symmetry reduction: `map[old_id] == new_id`.
using Permutation = std::span<const NodeId>;

// ---------------------------------------------------------------------------
// The concept.

template <typename T>
concept RegularValue = std::copyable<T> && std::equality_comparable<T>;

template <typename P>
concept Protocol =
    RegularValue<typename P::Config> && RegularValue<typename P::State> &&
    RegularValue<typename P::Message> && RegularValue<typename P::Command> &&
    RegularValue<typename P::Result> && ReflectedEnum<typename P::Timer> &&
    requires(const typename P::Config& config, NodeId self,
             typename P::State& state, const typename P::State& const_state,
             const Event<P>& event, Effects<P>& effects) {
      { P::kName } -> std::convertible_to<std::string_view>;
      { P::node_count(config) } -> std::convertible_to<size_t>;
      { P::init(config, self) } -> std::same_as<typename P::State>;
      { P::step(config, self, state, event, effects) } -> std::same_as<void>;
      {
        P::restart(config, self, const_state)
      } -> std::same_as<typename P::State>;
      { P::invariants() } -> std::convertible_to<std::span<const Property<P>>>;
      { P::goals() } -> std::convertible_to<std::span<const Property<P>>>;
      // State constraint: states outside the bounds are kept but not expanded.
      { P::within_bounds(config, const_state) } -> std::same_as<bool>;
    };

// A protocol that serves clients offers the commands a model-checking run may
// issue (`stepwise check --requests K` issues up to K of them, to any node).
template <typename P>
concept HasClientCommands = requires(const typename P::Config& config) {
  {
    P::client_commands(config)
  } -> std::same_as<std::vector<typename P::Command>>;
};

// A protocol whose nodes (or a subset of them) are interchangeable.
template <typename P>
concept SymmetricProtocol =
    Protocol<P> &&
    requires(const typename P::Config& config, const typename P::State& state,
             const typename P::Message& message, Permutation perm) {
      // The nodes that may be permuted among themselves.
      { P::symmetric_nodes(config) } -> std::same_as<std::vector<NodeId>>;
      { P::rename(state, perm) } -> std::same_as<typename P::State>;
      { P::rename(message, perm) } -> std::same_as<typename P::Message>;
    };

// A symmetric protocol whose client results name nodes (a leader hint, say)
// renames those too: otherwise a renamed history would still name the old
// nodes, and two renamings of one state would differ.
template <typename P>
concept RenamesResults =
    requires(const typename P::Result& result, Permutation perm) {
      { P::rename(result, perm) } -> std::same_as<typename P::Result>;
    };

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_PROTOCOL_H_
