// The transition relation of a cluster: which actions are enabled and what
// each one leads to, under the chosen network semantics and fault budgets.
//
// This is the single definition of "what can happen next" shared by the
// explorer, the random simulator, the schedule fuzzers and `stepwise replay`.
// A Semantics object keeps scratch buffers: use one per thread.

#ifndef STEPWISE_MODEL_CHECK_SEMANTICS_H_
#define STEPWISE_MODEL_CHECK_SEMANTICS_H_

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "core/protocol.h"
#include "model_check/action.h"
#include "model_check/cluster.h"
#include "model_check/options.h"
#include "model_check/order.h"

namespace stepwise::mc {

// Protocols whose nodes each take an explicit, schedulable start step (as in
// specifications where "each node takes its own start step") declare
// `static constexpr bool kStartIsAction = true`. Otherwise every node starts
// as part of the initial state.
template <typename P>
constexpr bool StartIsAction() {
  if constexpr (requires { P::kStartIsAction; }) {
    return P::kStartIsAction;
  } else {
    return false;
  }
}

// Protocols whose timeouts have known relative lengths declare
// `static uint8_t timeout_class(Timer)`: 0 for a timer that stands for a
// node's own choice (it fires whenever timers may), k > 0 for a timeout.
// Under synchronous timers a timeout of class k fires only while no node that
// is up has a shorter one (class 1 .. k-1) armed: every class-k timeout
// outlasts every shorter class's timeout and the messages it waits for.
template <typename P>
concept HasTimeoutClasses = requires(typename P::Timer timer) {
  { P::timeout_class(timer) } -> std::convertible_to<uint8_t>;
};
inline constexpr uint8_t kNoTimeoutArmed = 255;

// Where a successor built in place differs from its parent: only node
// `node` (its state, timers and flags), the budgets, the cut, the history
// (events appended) and the network, which is the parent's minus the message
// at `erased` (if any) plus new messages from `appended_from` on.
struct SuccessorChange {
  static constexpr size_t kNoneErased = ~size_t{0};
  NodeId node = 0;
  size_t erased = kNoneErased;
  size_t appended_from = 0;
};

// Whether a successor built in place is its parent again: a step that
// changed nothing, such as a message received again from a monotone network.
// Most successors of such networks are; seeing it here is cheaper than
// hashing them.
template <typename P>
bool SameAsParent(const Cluster<P>& parent, const Cluster<P>& next,
                  const SuccessorChange& change) {
  if (change.erased != SuccessorChange::kNoneErased ||
      next.network.size() != parent.network.size() ||
      next.history.size() != parent.history.size() ||
      next.crashes_left != parent.crashes_left ||
      next.drops_left != parent.drops_left ||
      next.partitions_left != parent.partitions_left ||
      next.cut != parent.cut || next.requests_left != parent.requests_left) {
    return false;
  }
  const NodeId node = change.node;
  return node >= parent.size() || (next.states[node] == parent.states[node] &&
                                   next.timers[node] == parent.timers[node] &&
                                   next.up[node] == parent.up[node] &&
                                   next.started[node] == parent.started[node]);
}

// A successor kept as its difference from the parent, which is much smaller
// than the successor: most successors are already visited and are dropped
// without ever being built whole.
template <typename P>
struct SuccessorDelta {
  SuccessorChange change;
  typename P::State state{};
  uint32_t timers = 0;
  uint8_t up = 0;
  uint8_t started = 0;
  int32_t crashes_left = 0;
  int32_t drops_left = 0;
  int32_t partitions_left = 0;
  uint64_t cut = 0;
  int32_t requests_left = 0;
  std::vector<core::Envelope<P>> appended;
  std::vector<core::HistoryEvent<P>> history;  // after the parent's

  // Assignments, not copies: the vectors keep their storage.
  void Record(const Cluster<P>& parent, const Cluster<P>& next,
              const SuccessorChange& c) {
    assert(c.node < next.size());
    change = c;
    state = next.states[c.node];
    timers = next.timers[c.node];
    up = next.up[c.node];
    started = next.started[c.node];
    crashes_left = next.crashes_left;
    drops_left = next.drops_left;
    partitions_left = next.partitions_left;
    cut = next.cut;
    requests_left = next.requests_left;
    appended.assign(next.network.begin() + c.appended_from, next.network.end());
    history.assign(next.history.begin() + parent.history.size(),
                   next.history.end());
  }

  // Replaces `out` with the successor.
  void Rebuild(const Cluster<P>& parent, Cluster<P>* out) const {
    *out = parent;
    out->states[change.node] = state;
    out->timers[change.node] = timers;
    out->up[change.node] = up;
    out->started[change.node] = started;
    out->crashes_left = crashes_left;
    out->drops_left = drops_left;
    out->partitions_left = partitions_left;
    out->cut = cut;
    out->requests_left = requests_left;
    if (change.erased != SuccessorChange::kNoneErased) {
      out->network.erase(out->network.begin() + change.erased);
    }
    out->network.insert(out->network.end(), appended.begin(), appended.end());
    out->history.insert(out->history.end(), history.begin(), history.end());
  }
};

template <core::Protocol P>
class Semantics {
 public:
  using Config = typename P::Config;
  using State = typename P::State;

  Semantics(Config config, Options options)
      : config_(std::move(config)), options_(options) {}

  const Config& config() const { return config_; }
  const Options& options() const { return options_; }

  std::vector<Cluster<P>> InitialClusters() {
    std::vector<std::vector<State>> assignments;
    const size_t n = P::node_count(config_);
    if constexpr (requires { P::initial_states(config_); }) {
      assignments = P::initial_states(config_);
    } else {
      std::vector<State> states;
      for (NodeId id = 0; id < n; ++id) states.push_back(P::init(config_, id));
      assignments.push_back(std::move(states));
    }
    std::vector<Cluster<P>> clusters;
    for (auto& states : assignments) {
      Cluster<P> c;
      c.states = std::move(states);
      c.timers.assign(n, 0);
      c.up.assign(n, 1);
      c.started.assign(n, 0);
      c.crashes_left = options_.crashes;
      c.drops_left = DropBudget();
      c.partitions_left = options_.partitions;
      c.requests_left = options_.requests;
      if constexpr (!StartIsAction<P>()) {
        for (NodeId id = 0; id < n; ++id) {
          effects_.Clear();
          P::step(config_, id, c.states[id], core::Start{}, effects_);
          c.started[id] = 1;
          ApplyEffects(c, id);
        }
      }
      Canonicalize(c, Ordered());
      clusters.push_back(std::move(c));
    }
    return clusters;
  }

  // States outside the protocol's bounds are kept but not expanded.
  bool WithinBounds(const Cluster<P>& c) const {
    for (const State& state : c.states) {
      if (!P::within_bounds(config_, state)) return false;
    }
    return true;
  }

  // When false, successors are passed on with their network unsorted; the
  // caller must Canonicalize() any successor it keeps or encodes.
  void set_canonicalize(bool canonicalize) { canonicalize_ = canonicalize; }

  // Calls `visit(const Action<P>&, Cluster<P>&&)` once per successor, in a
  // deterministic order. The successor lives in reused storage: the visitor
  // may move from it but must not keep a reference past its return, nor
  // call back into this Semantics object.
  template <typename Visit>
  void ForEachSuccessor(const Cluster<P>& c, Visit&& visit) {
    ForEachOffer(
        c,
        [&](const Action<P>& action, auto&& change) {
          Cluster<P>& next = Fresh(c);
          change(next);
          visit(action, std::move(next));
        },
        [&](const Action<P>& action, NodeId id, auto&& consume, auto&& event) {
          Cluster<P>& base = Fresh(c);
          consume(base);
          RunStep(std::move(base), id, event(), action, visit);
        });
  }

  // ForEachSuccessor without a copy of `c` per successor: each successor is
  // built in one reused cluster and undone after its visit. Calls
  // `visit(const Action<P>&, const Cluster<P>& next, const SuccessorChange&)`
  // in ForEachSuccessor's order; `next` is never canonicalized, and the
  // visitor must not keep a reference to it nor call back into this object.
  template <typename Visit>
  void ForEachSuccessorInPlace(const Cluster<P>& c, Visit&& visit) {
    Cluster<P>& work = Fresh(c);
    ForEachOffer(
        c,
        [&](const Action<P>& action, auto&& change) {
          const size_t erased = change(work);
          visit(action, std::as_const(work), Changed(c, action.node, erased));
          Restore(c, action.node, erased, work);
        },
        [&](const Action<P>& action, NodeId id, auto&& consume, auto&& event) {
          // The event is taken before `work` changes; it reads `c` only.
          const core::Event<P> e = event();
          const size_t erased = consume(work);
          StepInPlace(c, id, e, action, erased, consume, work, visit);
        });
  }

  // Calls `visit(const Action<P>&)` for the action of every successor, in
  // ForEachSuccessor's order, without building the successors: choosing one
  // of many then costs one successor, not all of them (schedule fuzzers and
  // property tests). Only while a crash is left does a step run, on a copy of
  // its node's state alone, to learn whether its crash-window twin exists.
  template <typename Visit>
  void ForEachAction(const Cluster<P>& c, Visit&& visit) {
    ForEachOffer(
        c, [&](const Action<P>& action, auto&&) { visit(action); },
        [&](const Action<P>& action, NodeId id, auto&&, auto&& event) {
          visit(action);
          if (c.crashes_left == 0) return;
          effects_.Clear();
          scratch_state_ = c.states[id];
          P::step(config_, id, scratch_state_, event(), effects_);
          if (!effects_.output_before_persist()) return;
          Action<P> crashed = action;
          crashed.crash_before_persist = true;
          visit(crashed);
        });
  }

  // Re-executes one recorded action; fails if it is not enabled in `c`.
  // Only the wanted successor is built.
  absl::StatusOr<Cluster<P>> Apply(const Cluster<P>& c,
                                   const Action<P>& wanted) {
    std::optional<Cluster<P>> result;
    const bool crashed = wanted.crash_before_persist;
    // Offered actions never carry the flag: the crash twin is its step's.
    Action<P> offered = wanted;
    offered.crash_before_persist = false;
    bool matched = false;  // actions are unique: stop at the first match
    auto same = [&](const Action<P>& action) {
      if (matched || Compare(action, offered) != 0) return false;
      matched = true;
      return true;
    };
    auto keep = [&](const Action<P>& action, Cluster<P>&& next) {
      if (action.crash_before_persist == crashed) result = std::move(next);
    };
    ForEachOffer(
        c,
        [&](const Action<P>& action, auto&& change) {
          if (!same(action) || crashed) return;
          Cluster<P>& next = Fresh(c);
          change(next);
          keep(action, std::move(next));
        },
        [&](const Action<P>& action, NodeId id, auto&& consume, auto&& event) {
          if (!same(action)) return;
          Cluster<P>& base = Fresh(c);
          consume(base);
          RunStep(std::move(base), id, event(), action, keep);
        });
    if (!result.has_value()) {
      return absl::InvalidArgumentError("action is not enabled in this state");
    }
    return *std::move(result);
  }

 private:
  // Whether some in-flight message could be received now.
  static bool AnyDeliverable(const Cluster<P>& c) {
    for (const auto& envelope : c.network) {
      if (c.up[envelope.to] && c.started[envelope.to] &&
          !c.LinkCut(envelope.from, envelope.to)) {
        return true;
      }
    }
    return false;
  }

  // The class of the shortest timeout armed at a node that is up
  // (kNoTimeoutArmed if none): see HasTimeoutClasses.
  static uint8_t ShortestArmedTimeout(const Cluster<P>& c) {
    uint8_t shortest = kNoTimeoutArmed;
    for (NodeId id = 0; id < c.size(); ++id) {
      if (!c.up[id]) continue;
      if (StartIsAction<P>() && !c.started[id]) continue;
      for (uint32_t armed = c.timers[id]; armed != 0; armed &= armed - 1) {
        const uint8_t timeout_class = static_cast<uint8_t>(P::timeout_class(
            static_cast<typename P::Timer>(std::countr_zero(armed))));
        if (timeout_class != 0 && timeout_class < shortest) {
          shortest = timeout_class;
        }
      }
    }
    return shortest;
  }

  static Action<P> MakeAction(ActionKind kind, NodeId node) {
    Action<P> action;
    action.kind = kind;
    action.node = node;
    return action;
  }

  static constexpr size_t kNoneErased = SuccessorChange::kNoneErased;

  bool Ordered() const { return options_.network == Network::kOrdered; }
  bool Monotone() const { return options_.network == Network::kMonotone; }

  int32_t DropBudget() const {
    if (options_.network == Network::kLossy && options_.drops == 0) {
      return kUnlimited;
    }
    return options_.drops;
  }

  // The single definition of the successor order. Every enabled action of
  // `c` is offered before anything is copied or stepped:
  //   fault(action, change): `change(Cluster<P>&)` turns a copy of `c` into
  //     the successor;
  //   step(action, id, consume, event): `consume(Cluster<P>&)` takes the
  //     event out of a copy of `c`, then node `id` steps on `event()`.
  // `change` and `consume` return the index of the message they erased from
  // the network, or kNoneErased, so that an in-place successor can be undone.
  // The callables refer to `c`: use them only during the offer.
  template <typename Fault, typename Step>
  void ForEachOffer(const Cluster<P>& c, Fault&& fault, Step&& step) {
    const NodeId n = static_cast<NodeId>(c.size());
    if constexpr (StartIsAction<P>()) {
      for (NodeId id = 0; id < n; ++id) {
        if (!c.up[id] || c.started[id]) continue;
        step(
            MakeAction(ActionKind::kStart, id), id,
            [id](Cluster<P>& base) {
              base.started[id] = 1;
              return kNoneErased;
            },
            [] { return core::Event<P>(core::Start{}); });
      }
    }
    OfferMessageActions(c, fault, step);
    OfferRequestActions(c, step);
    const bool timers_may_fire =
        !options_.synchronous_timers || !AnyDeliverable(c);
    uint8_t shortest_armed = kNoTimeoutArmed;
    if constexpr (HasTimeoutClasses<P>) {
      if (options_.synchronous_timers && timers_may_fire) {
        shortest_armed = ShortestArmedTimeout(c);
      }
    }
    for (NodeId id = 0; id < n && timers_may_fire; ++id) {
      if (!c.up[id]) continue;
      if (StartIsAction<P>() && !c.started[id]) continue;
      // Lowest armed timer first, one set bit at a time.
      for (uint32_t armed = c.timers[id]; armed != 0; armed &= armed - 1) {
        const uint32_t t = static_cast<uint32_t>(std::countr_zero(armed));
        if constexpr (HasTimeoutClasses<P>) {
          if (P::timeout_class(static_cast<typename P::Timer>(t)) >
              shortest_armed) {
            continue;  // a shorter timeout is still running somewhere
          }
        }
        Action<P> action = MakeAction(ActionKind::kTimeout, id);
        action.timer = static_cast<uint8_t>(t);
        step(
            action, id,
            [id, t](Cluster<P>& base) {
              base.timers[id] &= ~(uint32_t{1} << t);
              return kNoneErased;
            },
            [t] {
              return core::Event<P>(
                  core::Timeout<P>{static_cast<typename P::Timer>(t)});
            });
      }
    }
    OfferFaultActions(c, fault, step);
  }

  template <typename Fault, typename Step>
  void OfferMessageActions(const Cluster<P>& c, Fault& fault, Step& step) {
    const auto& net = c.network;
    for (size_t i = 0; i < net.size(); ++i) {
      const core::Envelope<P>& envelope = net[i];
      const bool same_as_previous = i > 0 && Compare(net[i - 1], envelope) == 0;
      const bool same_link_as_previous = i > 0 &&
                                         net[i - 1].from == envelope.from &&
                                         net[i - 1].to == envelope.to;
      if (Ordered() ? same_link_as_previous : same_as_previous) continue;
      // A node receives only once it is up and has taken its start step.
      if (c.up[envelope.to] && c.started[envelope.to] &&
          !c.LinkCut(envelope.from, envelope.to)) {
        if (!Monotone()) OfferDelivery(c, i, ActionKind::kDeliver, step);
        if (Monotone() || options_.network == Network::kDuplicating) {
          OfferDelivery(c, i, ActionKind::kReceive, step);
        }
      }
      if (c.drops_left != 0 && !Monotone()) {
        Action<P> action = MakeAction(ActionKind::kDrop, envelope.to);
        action.envelope = envelope;
        fault(action, [i](Cluster<P>& next) {
          next.network.erase(next.network.begin() + i);
          if (next.drops_left > 0) --next.drops_left;
          return i;
        });
      }
    }
  }

  // A new client (numbered by its invocation) sends one command to a node.
  template <typename Step>
  void OfferRequestActions(const Cluster<P>& c, Step& step) {
    if constexpr (core::HasClientCommands<P>) {
      if (c.requests_left <= 0) return;
      if (commands_.empty()) commands_ = P::client_commands(config_);
      core::ClientId client = 1;
      for (const auto& event : c.history) client += event.is_return ? 0 : 1;
      for (NodeId id = 0; id < c.size(); ++id) {
        if (!c.up[id] || (StartIsAction<P>() && !c.started[id])) continue;
        for (uint32_t i = 0; i < commands_.size(); ++i) {
          Action<P> action = MakeAction(ActionKind::kRequest, id);
          action.request = i;
          const typename P::Command& command = commands_[i];
          step(
              action, id,
              [&, id](Cluster<P>& base) {
                --base.requests_left;
                core::HistoryEvent<P> invoke;
                invoke.client = client;
                invoke.request_id = 1;
                invoke.node = id;
                invoke.command = command;
                base.history.push_back(invoke);
                return kNoneErased;
              },
              [&] {
                return core::Event<P>(core::Request<P>{client, 1, command});
              });
        }
      }
    }
  }

  template <typename Step>
  void OfferDelivery(const Cluster<P>& c, size_t index, ActionKind kind,
                     Step& step) {
    const core::Envelope<P>& envelope = c.network[index];
    Action<P> action = MakeAction(kind, envelope.to);
    action.envelope = envelope;
    step(
        action, envelope.to,
        [index, kind](Cluster<P>& base) {
          if (kind != ActionKind::kDeliver) return kNoneErased;
          base.network.erase(base.network.begin() + index);
          return index;
        },
        [&envelope] {
          return core::Event<P>(
              core::Receive<P>{envelope.from, envelope.message});
        });
  }

  template <typename Fault, typename Step>
  void OfferFaultActions(const Cluster<P>& c, Fault& fault, Step& step) {
    const NodeId n = static_cast<NodeId>(c.size());
    for (NodeId id = 0; id < n; ++id) {
      if (c.up[id] && c.crashes_left != 0) {
        fault(MakeAction(ActionKind::kCrash, id), [this, id](Cluster<P>& next) {
          Crash(next, id);
          return kNoneErased;
        });
      } else if (!c.up[id] && !options_.crash_stop) {
        step(
            MakeAction(ActionKind::kRestart, id), id,
            [id](Cluster<P>& base) {
              base.up[id] = 1;
              base.started[id] = 1;
              return kNoneErased;
            },
            [] { return core::Event<P>(core::Start{}); });
      }
    }
    if (c.partitions_left > 0 && c.cut == 0 && n <= 8) {
      // Every split into two non-empty sides; the side holding node 0 is
      // named by `side` so each split is generated once.
      for (uint32_t side = 1; side < (uint32_t{1} << n) - 1; side += 2) {
        Action<P> action = MakeAction(ActionKind::kPartition, 0);
        for (NodeId a = 0; a < n; ++a) {
          for (NodeId b = 0; b < n; ++b) {
            if (((side >> a) & 1) != ((side >> b) & 1)) {
              action.cut |= uint64_t{1} << (a * 8 + b);
            }
          }
        }
        fault(action, [&action](Cluster<P>& next) {
          next.cut = action.cut;
          --next.partitions_left;
          return kNoneErased;
        });
      }
    }
    if (c.cut != 0) {
      fault(MakeAction(ActionKind::kHeal, 0), [](Cluster<P>& next) {
        next.cut = 0;
        return kNoneErased;
      });
    }
  }

  void Crash(Cluster<P>& c, NodeId id) {
    c.states[id] = P::restart(config_, id, c.states[id]);
    c.up[id] = 0;
    c.timers[id] = 0;
    if (c.crashes_left > 0) --c.crashes_left;
  }

  // Runs one step of node `id` on `base` (the cluster with the event already
  // consumed) and visits the result; if the step emitted output before
  // persist(), also visits the crash in that window.
  template <typename Visit>
  void RunStep(Cluster<P>&& base, NodeId id, const core::Event<P>& event,
               const Action<P>& action, Visit& visit) {
    effects_.Clear();
    const bool crash_window_possible = base.crashes_left != 0;
    // Without a crash window `base` itself becomes the successor.
    Cluster<P>* next = &base;
    if (crash_window_possible) {
      scratch_next_ = base;
      next = &scratch_next_;
    }
    P::step(config_, id, next->states[id], event, effects_);
    ApplyEffects(*next, id);
    if (canonicalize_) Canonicalize(*next, Ordered());
    const bool crash_branch =
        crash_window_possible && effects_.output_before_persist();
    std::vector<core::Envelope<P>> early_sends;
    std::vector<core::Reply<P>> early_replies;
    if (crash_branch) {
      early_sends.assign(
          effects_.sends().begin(),
          effects_.sends().begin() + effects_.sends_before_persist());
      early_replies.assign(
          effects_.replies().begin(),
          effects_.replies().begin() + effects_.replies_before_persist());
    }
    visit(action, std::move(*next));
    if (!crash_branch) return;
    CrashAfterEarlyOutput(base, id, early_sends, early_replies);
    if (canonicalize_) Canonicalize(base, Ordered());
    Action<P> crashed = action;
    crashed.crash_before_persist = true;
    visit(crashed, std::move(base));
  }

  // RunStep for ForEachSuccessorInPlace: `work` is `c` with the event
  // consumed; it is `c` again on return.
  template <typename Consume, typename Visit>
  void StepInPlace(const Cluster<P>& c, NodeId id, const core::Event<P>& event,
                   const Action<P>& action, size_t erased, Consume& consume,
                   Cluster<P>& work, Visit& visit) {
    effects_.Clear();
    const bool crash_window_possible = work.crashes_left != 0;
    P::step(config_, id, work.states[id], event, effects_);
    ApplyEffects(work, id);
    const SuccessorChange change = Changed(c, id, erased);
    visit(action, std::as_const(work), change);
    Restore(c, id, erased, work);
    if (!crash_window_possible || !effects_.output_before_persist()) return;
    // The visitor does not call back into this object: effects_ still holds
    // the step's output.
    consume(work);
    CrashAfterEarlyOutput(
        work, id,
        std::span(effects_.sends()).first(effects_.sends_before_persist()),
        std::span(effects_.replies()).first(effects_.replies_before_persist()));
    Action<P> crashed = action;
    crashed.crash_before_persist = true;
    visit(crashed, std::as_const(work), change);
    Restore(c, id, erased, work);
  }

  // The crash-before-persist branch of a step: what node `id` sent and
  // answered before persisting gets out, then the node crashes (`c` is the
  // cluster with the event consumed, before the step).
  void CrashAfterEarlyOutput(Cluster<P>& c, NodeId id,
                             std::span<const core::Envelope<P>> early_sends,
                             std::span<const core::Reply<P>> early_replies) {
    for (const auto& send : early_sends) AddToNetwork(c, id, send);
    for (const auto& reply : early_replies) RecordReply(c, id, reply);
    Crash(c, id);
  }

  static SuccessorChange Changed(const Cluster<P>& c, NodeId node,
                                 size_t erased) {
    return SuccessorChange{node, erased,
                           c.network.size() - (erased == kNoneErased ? 0 : 1)};
  }

  // Undoes an in-place successor of `c` in `work`: every action changes at
  // most one node, the scalars, and appends to the history and the network
  // after erasing at most one message.
  static void Restore(const Cluster<P>& c, NodeId node, size_t erased,
                      Cluster<P>& work) {
    if (node < c.size()) {
      work.states[node] = c.states[node];
      work.timers[node] = c.timers[node];
      work.up[node] = c.up[node];
      work.started[node] = c.started[node];
    }
    work.crashes_left = c.crashes_left;
    work.drops_left = c.drops_left;
    work.partitions_left = c.partitions_left;
    work.cut = c.cut;
    work.requests_left = c.requests_left;
    work.history.erase(work.history.begin() + c.history.size(),
                       work.history.end());
    const size_t kept = Changed(c, node, erased).appended_from;
    work.network.erase(work.network.begin() + kept, work.network.end());
    if (erased != kNoneErased) {
      work.network.insert(work.network.begin() + erased, c.network[erased]);
    }
    assert(work == c);
  }

  void AddToNetwork(Cluster<P>& c, NodeId from, const core::Envelope<P>& send) {
    core::Envelope<P> envelope = send;
    envelope.from = from;
    if (Monotone()) {
      for (const auto& existing : c.network) {
        if (existing == envelope) return;
      }
    }
    c.network.push_back(std::move(envelope));
  }

  // Records the first answer to an outstanding request; later duplicates and
  // answers to requests never made are ignored, as a client would.
  void RecordReply(Cluster<P>& c, NodeId id, const core::Reply<P>& reply) {
    bool outstanding = false;
    for (const auto& event : c.history) {
      if (event.client != reply.client ||
          event.request_id != reply.request_id) {
        continue;
      }
      outstanding = !event.is_return;
    }
    if (!outstanding) return;
    core::HistoryEvent<P> answer;
    answer.is_return = true;
    answer.client = reply.client;
    answer.request_id = reply.request_id;
    answer.node = id;
    answer.result = reply.result;
    c.history.push_back(std::move(answer));
  }

  void ApplyEffects(Cluster<P>& c, NodeId id) {
    for (const auto& send : effects_.sends()) AddToNetwork(c, id, send);
    for (const auto& reply : effects_.replies()) RecordReply(c, id, reply);
    c.timers[id] =
        (c.timers[id] & ~effects_.timers_cancelled()) | effects_.timers_set();
  }

  // A copy of `c` in reused storage: generating a successor allocates
  // nothing once the scratch vectors have grown.
  Cluster<P>& Fresh(const Cluster<P>& c) {
    scratch_base_ = c;
    return scratch_base_;
  }

  Config config_;
  Options options_;
  bool canonicalize_ = true;
  core::Effects<P> effects_;
  Cluster<P> scratch_base_;
  Cluster<P> scratch_next_;
  State scratch_state_;                        // ForEachAction's trial steps
  std::vector<typename P::Command> commands_;  // the request menu, cached
};

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_SEMANTICS_H_
