// Liveness checking on the explicit state graph, under weak fairness.
//
// The checker builds the whole reachable graph (without symmetry reduction,
// which is unsound for liveness in general), then looks for a fair cycle that
// never satisfies the property:
//   eventually P        - a fair SCC reachable from an initial state through
//                         states where P never held;
//   always eventually P - a fair SCC, reachable at all, whose states all
//                         violate P.
// Every state has an implicit stuttering self-loop, so a state where no fair
// step is enabled is a (fair) cycle of its own: "the run stops here".
// Weak fairness: a step (a delivery, timer, start, restart or heal, named by
// its action) that changes the state and is enabled in every state of an SCC
// must be taken inside the SCC, or the SCC is not fair. Faults (crash, drop,
// partition) are never required. States outside the protocol's bounds are
// not expanded; they are left out of the cycle search (the result holds only
// within the bounds).
//
// A counterexample is a lasso: a prefix to the cycle, then the cycle, ending
// in the state it loops back to.

#ifndef STEPWISE_MODEL_CHECK_LIVENESS_H_
#define STEPWISE_MODEL_CHECK_LIVENESS_H_

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/protocol.h"
#include "model_check/cluster.h"
#include "model_check/semantics.h"
#include "model_check/trace.h"

namespace stepwise::mc {

inline bool IsFairAction(ActionKind kind) {
  switch (kind) {
    case ActionKind::kStart:
    case ActionKind::kDeliver:
    case ActionKind::kReceive:
    case ActionKind::kTimeout:
    case ActionKind::kRestart:
    case ActionKind::kHeal:
      return true;
    case ActionKind::kRequest:
    case ActionKind::kDrop:
    case ActionKind::kCrash:
    case ActionKind::kPartition:
      return false;
  }
  return false;
}

template <core::Protocol P>
class LivenessChecker {
 public:
  LivenessChecker(typename P::Config config, Options options,
                  uint64_t max_states)
      : config_(std::move(config)),
        options_(options),
        max_states_(max_states) {}

  // Builds the graph. Returns false if it exceeded `max_states`.
  bool Build() {
    Semantics<P> sem(config_, options_);
    std::deque<uint32_t> queue;
    for (Cluster<P>& c : sem.InitialClusters()) {
      const auto [id, fresh] = Intern(std::move(c));
      initial_.push_back(id);
      if (fresh) queue.push_back(id);
    }
    while (!queue.empty()) {
      const uint32_t id = queue.front();
      queue.pop_front();
      if (!sem.WithinBounds(states_[id])) {
        out_of_bounds_[id] = true;
        continue;
      }
      const Cluster<P> c = states_[id];
      sem.ForEachSuccessor(c, [&](const Action<P>& action, Cluster<P>&& next) {
        const auto [to, fresh] = Intern(std::move(next));
        if (fresh) queue.push_back(to);
        edges_[id].push_back({to, action});
      });
      if (states_.size() > max_states_) return false;
    }
    return true;
  }

  size_t size() const { return states_.size(); }

  // Returns a lasso violating `property`, if there is one.
  std::optional<Trace<P>> Check(const core::LivenessProperty<P>& property) {
    const size_t n = states_.size();
    std::vector<uint8_t> holds(n);
    for (size_t i = 0; i < n; ++i) {
      holds[i] = property.holds(states_[i].View(config_)) ? 1 : 0;
    }
    // The states a violating run may visit: for `eventually`, only ¬P states
    // reachable through ¬P states; for `always eventually`, any reachable
    // state may lead there but the cycle itself must avoid P.
    std::vector<uint8_t> in_scope(n, 0);
    std::vector<uint32_t> parent(n, kNone);
    std::vector<Action<P>> parent_action(n);
    std::deque<uint32_t> queue;
    const bool eventually = property.temporal == core::Temporal::kEventually;
    for (uint32_t id : initial_) {
      if (eventually && holds[id]) continue;
      if (parent[id] == kNone) {
        parent[id] = id;
        queue.push_back(id);
      }
    }
    while (!queue.empty()) {
      const uint32_t id = queue.front();
      queue.pop_front();
      for (const Edge& edge : edges_[id]) {
        if (eventually && holds[edge.to]) continue;
        if (parent[edge.to] != kNone) continue;
        parent[edge.to] = id;
        parent_action[edge.to] = edge.action;
        queue.push_back(edge.to);
      }
    }
    for (size_t i = 0; i < n; ++i) {
      in_scope[i] = parent[i] != kNone && !holds[i] && !out_of_bounds_[i];
    }
    const std::vector<uint32_t> component = Components(in_scope);
    std::map<uint32_t, std::vector<uint32_t>> members;
    for (size_t i = 0; i < n; ++i) {
      if (in_scope[i])
        members[component[i]].push_back(static_cast<uint32_t>(i));
    }
    for (const auto& [scc, states] : members) {
      std::vector<const Edge*> required;
      if (!Fair(scc, states, component, &required)) continue;
      return Lasso(states.front(), scc, component, required, parent,
                   parent_action);
    }
    return std::nullopt;
  }

 private:
  static constexpr uint32_t kNone = ~uint32_t{0};
  struct Edge {
    uint32_t to;
    Action<P> action;
  };

  std::pair<uint32_t, bool> Intern(Cluster<P>&& c) {
    std::string key = Encode(c);
    auto [it, fresh] = index_.try_emplace(
        std::move(key), static_cast<uint32_t>(states_.size()));
    if (fresh) {
      states_.push_back(std::move(c));
      edges_.emplace_back();
      out_of_bounds_.push_back(false);
    }
    return {it->second, fresh};
  }

  // Tarjan's algorithm (iterative) over the in-scope subgraph.
  std::vector<uint32_t> Components(const std::vector<uint8_t>& in_scope) {
    const size_t n = states_.size();
    std::vector<uint32_t> index(n, kNone), low(n, 0), component(n, kNone);
    std::vector<uint8_t> on_stack(n, 0);
    std::vector<uint32_t> stack;
    uint32_t next_index = 0;
    uint32_t next_component = 0;
    struct Frame {
      uint32_t node;
      size_t edge;
    };
    for (uint32_t root = 0; root < n; ++root) {
      if (!in_scope[root] || index[root] != kNone) continue;
      std::vector<Frame> frames{{root, 0}};
      index[root] = low[root] = next_index++;
      stack.push_back(root);
      on_stack[root] = 1;
      while (!frames.empty()) {
        Frame& frame = frames.back();
        const uint32_t v = frame.node;
        if (frame.edge < edges_[v].size()) {
          const uint32_t w = edges_[v][frame.edge++].to;
          if (!in_scope[w]) continue;
          if (index[w] == kNone) {
            index[w] = low[w] = next_index++;
            stack.push_back(w);
            on_stack[w] = 1;
            frames.push_back({w, 0});
          } else if (on_stack[w]) {
            low[v] = std::min(low[v], index[w]);
          }
          continue;
        }
        if (low[v] == index[v]) {
          uint32_t w;
          do {
            w = stack.back();
            stack.pop_back();
            on_stack[w] = 0;
            component[w] = next_component;
          } while (w != v);
          ++next_component;
        }
        frames.pop_back();
        if (!frames.empty()) {
          const uint32_t parent = frames.back().node;
          low[parent] = std::min(low[parent], low[v]);
        }
      }
    }
    return component;
  }

  // Fair actions that change the state, keyed without the crash flag.
  static std::string ActionKey(const Action<P>& action) {
    Action<P> key = action;
    key.crash_before_persist = false;
    std::string out;
    core::codec::AppendBody(key, &out);
    return out;
  }

  bool Fair(uint32_t scc, const std::vector<uint32_t>& states,
            const std::vector<uint32_t>& component,
            std::vector<const Edge*>* required) {
    // Actions enabled (and state-changing) in every state of the SCC.
    std::map<std::string, size_t> enabled_count;
    for (uint32_t s : states) {
      std::map<std::string, bool> here;
      for (const Edge& edge : edges_[s]) {
        if (edge.to == s || !IsFairAction(edge.action.kind)) continue;
        here[ActionKey(edge.action)] = true;
      }
      for (const auto& [key, unused] : here) ++enabled_count[key];
    }
    std::map<std::string, const Edge*> taken;
    for (uint32_t s : states) {
      for (const Edge& edge : edges_[s]) {
        if (edge.to != s && component[edge.to] == scc &&
            !out_of_bounds_[edge.to]) {
          taken.try_emplace(ActionKey(edge.action), &edge);
        }
      }
    }
    for (const auto& [key, count] : enabled_count) {
      if (count != states.size()) continue;
      auto it = taken.find(key);
      if (it == taken.end()) return false;  // continuously enabled, never taken
      required->push_back(it->second);
    }
    return true;
  }

  // Shortest path inside one SCC from `from` to `to` (edges as a list).
  std::vector<std::pair<uint32_t, const Edge*>> PathWithin(
      uint32_t from, uint32_t to, uint32_t scc,
      const std::vector<uint32_t>& component) {
    std::unordered_map<uint32_t, std::pair<uint32_t, const Edge*>> via;
    std::deque<uint32_t> queue{from};
    via[from] = {from, nullptr};
    while (!queue.empty() && !via.contains(to)) {
      const uint32_t v = queue.front();
      queue.pop_front();
      for (const Edge& edge : edges_[v]) {
        if (component[edge.to] != scc || via.contains(edge.to)) continue;
        via[edge.to] = {v, &edge};
        queue.push_back(edge.to);
      }
    }
    std::vector<std::pair<uint32_t, const Edge*>> path;
    for (uint32_t at = to; at != from;) {
      const auto [prev, edge] = via.at(at);
      path.push_back({prev, edge});
      at = prev;
    }
    std::reverse(path.begin(), path.end());
    return path;
  }

  Trace<P> Lasso(uint32_t entry, uint32_t scc,
                 const std::vector<uint32_t>& component,
                 const std::vector<const Edge*>& required,
                 const std::vector<uint32_t>& parent,
                 const std::vector<Action<P>>& parent_action) {
    Trace<P> trace;
    std::vector<uint32_t> prefix;
    for (uint32_t at = entry;; at = parent[at]) {
      prefix.push_back(at);
      if (parent[at] == at) break;
    }
    std::reverse(prefix.begin(), prefix.end());
    trace.states.push_back(states_[prefix[0]]);
    for (size_t k = 1; k < prefix.size(); ++k) {
      trace.actions.push_back(parent_action[prefix[k]]);
      trace.states.push_back(states_[prefix[k]]);
    }
    trace.loop_back = trace.states.size() - 1;
    // The cycle: through every required edge, every state of the SCC, and
    // back to the entry.
    uint32_t at = entry;
    auto follow = [&](uint32_t target) {
      for (const auto& [from, edge] : PathWithin(at, target, scc, component)) {
        trace.actions.push_back(edge->action);
        trace.states.push_back(states_[edge->to]);
      }
      at = target;
    };
    for (const Edge* edge : required) {
      uint32_t source = kNone;
      for (uint32_t s = 0; s < edges_.size() && source == kNone; ++s) {
        for (const Edge& candidate : edges_[s]) {
          if (&candidate == edge) source = s;
        }
      }
      follow(source);
      trace.actions.push_back(edge->action);
      trace.states.push_back(states_[edge->to]);
      at = edge->to;
    }
    // Visiting every state of the SCC interrupts each step that is enabled
    // in only some of them, so the cycle shown is itself fair.
    for (uint32_t member = 0; member < component.size(); ++member) {
      if (component[member] == scc && member != at) follow(member);
    }
    if (at != entry) follow(entry);
    return trace;
  }

  typename P::Config config_;
  Options options_;
  uint64_t max_states_;
  std::unordered_map<std::string, uint32_t> index_;
  std::vector<Cluster<P>> states_;
  std::vector<std::vector<Edge>> edges_;
  std::vector<uint8_t> out_of_bounds_;
  std::vector<uint32_t> initial_;
};

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_LIVENESS_H_
