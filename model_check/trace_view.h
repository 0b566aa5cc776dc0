// What `stepwise view` shows of a trace file: the run re-executed through
// the checker's own transition relation, every invariant (and a lasso's
// liveness property) evaluated at every state, each message followed from
// the step that sent it to the step that delivered, dropped or lost it, and
// for a lasso which steps weak fairness forced the cycle to take and which
// it was free to leave out. The result is plain JSON (schema in
// model_check/TRACE.md, "The viewer's data"); tools/stepwise/view/ turns it
// into one self-contained HTML page.

#ifndef STEPWISE_MODEL_CHECK_TRACE_VIEW_H_
#define STEPWISE_MODEL_CHECK_TRACE_VIEW_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "core/protocol.h"
#include "model_check/action.h"
#include "model_check/cluster.h"
#include "model_check/json.h"
#include "model_check/liveness.h"
#include "model_check/replay.h"
#include "model_check/semantics.h"
#include "model_check/trace.h"
#include "model_check/trace_format.h"

namespace stepwise::mc {

struct TraceView {
  // 0: `data` holds the view; 2: the file does not re-execute (`message`
  // says where).
  int exit_code = 0;
  std::string message;
  Json data;
};

namespace internal {

// A message's type name ("Vote"), for arrow labels.
template <typename P>
std::string MessageLabel(const core::Envelope<P>& envelope) {
  const Json message = ToJson(envelope.message);
  if (message.is_object() && message.contains("type") &&
      message["type"].is_string()) {
    return message["type"].get<std::string>();
  }
  return CompactJson(message);
}

// The cluster as nested values a person reads and a diff walks: one object
// per node (up, started, timers, then the protocol's fields), in-flight
// messages counted by description, the clients' history, budgets, cut links.
template <typename P>
Json ReadableCluster(const Cluster<P>& c) {
  Json nodes = Json::array();
  for (NodeId id = 0; id < c.size(); ++id) {
    Json node = Json::object();
    node["up"] = c.up[id] != 0;
    node["started"] = c.started[id] != 0;
    node["timers"] = TimerNames<P>(c.timers[id]);
    const Json state = ToJson(c.states[id]);
    for (const auto& [key, value] : state.items()) {
      if constexpr (requires { P::shows_field(id, std::string_view()); }) {
        if (!P::shows_field(id, key)) continue;
      }
      node[key] = value;
    }
    nodes.push_back(std::move(node));
  }
  Json network = Json::object();
  for (const auto& envelope : c.network) {
    const std::string text = DescribeEnvelope(envelope);
    network[text] = network.value(text, 0) + 1;
  }
  Json history = Json::array();
  for (const auto& event : c.history) {
    history.push_back(DescribeHistoryEvent(event));
  }
  Json cut = Json::array();
  for (NodeId from = 0; from < c.size() && from < 8; ++from) {
    for (NodeId to = 0; to < c.size() && to < 8; ++to) {
      if (c.LinkCut(from, to)) cut.push_back(absl::StrCat(from, "->", to));
    }
  }
  Json readable = Json::object();
  readable["nodes"] = std::move(nodes);
  readable["network"] = std::move(network);
  readable["history"] = std::move(history);
  readable["budgets"] = {{"requests", c.requests_left},
                         {"crashes", c.crashes_left},
                         {"drops", c.drops_left},
                         {"partitions", c.partitions_left}};
  readable["cut"] = std::move(cut);
  return readable;
}

// Follows in-flight messages across steps: each envelope gets an id when it
// first appears (the step that sent it) and keeps it until it leaves.
template <typename P>
class MessageTracker {
 public:
  // Records the step into `next` (by `action`, or the initial state when
  // `action` is null) into `step`: the message delivered or dropped, the
  // messages sent, and those that vanished otherwise (a crash, say).
  void Step(const Action<P>* action, const Cluster<P>& next, Json* step) {
    std::vector<std::pair<core::Envelope<P>, int>> before = std::move(flying_);
    if (action != nullptr && (action->kind == ActionKind::kDeliver ||
                              action->kind == ActionKind::kReceive ||
                              action->kind == ActionKind::kDrop)) {
      for (size_t i = 0; i < before.size(); ++i) {
        if (!(before[i].first == action->envelope)) continue;
        (*step)["message"] = Arrow(action->envelope, before[i].second);
        // A receive leaves its copy in flight; deliver and drop take it.
        if (action->kind != ActionKind::kReceive) {
          before.erase(before.begin() + static_cast<std::ptrdiff_t>(i));
        }
        break;
      }
    }
    std::vector<bool> kept(before.size(), false);
    Json sends = Json::array();
    for (const auto& envelope : next.network) {
      int id = -1;
      for (size_t i = 0; i < before.size() && id < 0; ++i) {
        if (!kept[i] && before[i].first == envelope) {
          kept[i] = true;
          id = before[i].second;
        }
      }
      if (id < 0) {
        id = next_id_++;
        sends.push_back(Arrow(envelope, id));
      }
      flying_.emplace_back(envelope, id);
    }
    Json lost = Json::array();
    for (size_t i = 0; i < before.size(); ++i) {
      if (!kept[i]) lost.push_back(before[i].second);
    }
    (*step)["sends"] = std::move(sends);
    (*step)["lost"] = std::move(lost);
  }

  // The ids still in flight after the last step.
  Json InFlight() const {
    Json ids = Json::array();
    for (const auto& [envelope, id] : flying_) ids.push_back(id);
    return ids;
  }

 private:
  static Json Arrow(const core::Envelope<P>& envelope, int id) {
    return {{"id", id},
            {"from", envelope.from},
            {"to", envelope.to},
            {"label", MessageLabel(envelope)},
            {"text", DescribeEnvelope(envelope)}};
  }

  std::vector<std::pair<core::Envelope<P>, int>> flying_;
  int next_id_ = 1;
};

// The client calls and answers that appeared between two states.
template <typename P>
void ClientEvents(const Cluster<P>& before, const Cluster<P>& after,
                  Json* step) {
  Json requests = Json::array();
  Json replies = Json::array();
  for (size_t k = before.history.size(); k < after.history.size(); ++k) {
    const auto& event = after.history[k];
    Json entry = {{"client", event.client}, {"node", event.node}};
    if (event.is_return) {
      entry["text"] = CompactJson(ToJson(event.result));
      replies.push_back(std::move(entry));
    } else {
      entry["text"] = CompactJson(ToJson(event.command));
      requests.push_back(std::move(entry));
    }
  }
  (*step)["requests"] = std::move(requests);
  (*step)["replies"] = std::move(replies);
}

// For a lasso (the states from `loop_back`, 0-based, to the end): the fair
// steps enabled in every state of the cycle, which weak fairness makes the
// cycle take, and those enabled in some of its states only, which it may
// leave out (a strong-fairness assumption would force them).
template <typename P>
Json CycleFairness(const typename P::Config& config, const Options& options,
                   const Trace<P>& trace, size_t loop_back) {
  Semantics<P> semantics(config, options);
  // The cycle's states, without the repeated last one; a lasso that loops
  // back to its last state stutters there (no fair step changes it), and
  // that state is the cycle.
  const size_t first = loop_back;
  const size_t end = std::max(trace.states.size() - 1, first + 1);
  const bool stutters = first + 1 == trace.states.size();
  std::map<std::string, size_t> enabled_in;  // action text -> states
  for (size_t k = first; k < end; ++k) {
    std::set<std::string> here;
    semantics.ForEachSuccessor(trace.states[k],
                               [&](const Action<P>& action, Cluster<P>&& next) {
                                 if (!IsFairAction(action.kind)) return;
                                 if (next == trace.states[k])
                                   return;  // a self-loop
                                 here.insert(DescribeAction(action));
                               });
    for (const std::string& text : here) ++enabled_in[text];
  }
  std::set<std::string> taken;
  for (size_t k = first; k < trace.actions.size(); ++k) {
    taken.insert(DescribeAction(trace.actions[k]));
  }
  Json always = Json::array();
  Json sometimes = Json::array();
  for (const auto& [text, count] : enabled_in) {
    if (count == end - first) {
      always.push_back({{"step", text}, {"taken", taken.contains(text)}});
    } else if (!taken.contains(text)) {
      sometimes.push_back(text);
    }
  }
  return {{"states", end - first},
          {"stutters", stutters},
          {"always_enabled", std::move(always)},
          {"sometimes_enabled_not_taken", std::move(sometimes)}};
}

}  // namespace internal

// The view of the trace file `trace`: fails (exit_code 2) only when the file
// does not re-execute; a trace that violates nothing is shown as well.
template <core::Protocol P>
TraceView ViewTrace(const Json& trace) {
  auto fail = [](std::string message) {
    return TraceView{2, std::move(message), Json(nullptr)};
  };
  absl::StatusOr<RecordedTrace<P>> recorded = ReadTrace<P>(trace);
  if (!recorded.ok()) return fail(std::string(recorded.status().message()));
  const ReplayOutcome replayed = Replay<P>(trace, *recorded);
  if (replayed.exit_code == 2) return fail(replayed.message);
  const typename P::Config& config = recorded->config;
  const Options& options = recorded->options;
  const Trace<P>& run = recorded->trace;

  Json properties = Json::array();
  std::vector<bool (*)(const core::ClusterView<P>&)> predicates;
  for (const auto& invariant : P::invariants()) {
    properties.push_back({{"name", invariant.name},
                          {"description", invariant.description},
                          {"kind", "invariant"},
                          {"checked", options.Checks(invariant.name)}});
    predicates.push_back(invariant.holds);
  }
  if constexpr (core::HasLiveness<P>) {
    for (const auto& liveness : P::liveness()) {
      properties.push_back(
          {{"name", liveness.name},
           {"description", liveness.description},
           {"kind", liveness.temporal == core::Temporal::kEventually
                        ? "eventually"
                        : "always-eventually"},
           {"checked", options.Checks(liveness.name)}});
      predicates.push_back(liveness.holds);
    }
  }

  internal::MessageTracker<P> messages;
  Json steps = Json::array();
  for (size_t k = 0; k < run.states.size(); ++k) {
    const Cluster<P>& state = run.states[k];
    const Action<P>* action = k == 0 ? nullptr : &run.actions[k - 1];
    Json step = Json::object();
    step["index"] = k + 1;
    if (action == nullptr) {
      step["action"] = nullptr;
      step["kind"] = "initial";
    } else {
      step["action"] = DescribeStep(*action, state);
      step["kind"] = KebabName(EnumName(action->kind));
      step["node"] = action->node;
      if (action->kind == ActionKind::kTimeout) {
        step["timer"] =
            KebabName(EnumName(static_cast<typename P::Timer>(action->timer)));
      }
      step["crash_before_persist"] = action->crash_before_persist;
      internal::ClientEvents(run.states[k - 1], state, &step);
    }
    messages.Step(action, state, &step);
    Json holds = Json::array();
    for (const auto& predicate : predicates) {
      holds.push_back(predicate(state.View(config)));
    }
    step["holds"] = std::move(holds);
    step["state"] = internal::ReadableCluster(state);
    steps.push_back(std::move(step));
  }

  Json data = Json::object();
  data["protocol"] = std::string(P::kName);
  data["config"] = trace.value("config", Json(nullptr));
  data["options"] = OptionsJson(options);
  data["violation"] = trace.value("violation", Json(nullptr));
  data["replay"] = {{"exit_code", replayed.exit_code},
                    {"message", replayed.message}};
  data["nodes"] = run.states.front().size();
  data["properties"] = std::move(properties);
  const Json& loop = trace.value("loop_back", Json(nullptr));
  data["loop_back"] = loop;
  data["fairness"] = nullptr;
  if (loop.is_number_unsigned() && replayed.exit_code == 1) {
    // Replay checked that loop_back is within the trace and closes a lasso.
    data["fairness"] = internal::CycleFairness<P>(config, options, run,
                                                  loop.get<size_t>() - 1);
  }
  data["in_flight"] = messages.InFlight();
  data["steps"] = std::move(steps);
  return TraceView{0, replayed.message, std::move(data)};
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_TRACE_VIEW_H_
