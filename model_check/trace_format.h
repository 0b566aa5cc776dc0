// Traces for people and for tools: the readable text printed like TLC
// ("State k: <action>" and what changed) and the versioned JSON written by
// --trace-out (schema: model_check/TRACE.md).

#ifndef STEPWISE_MODEL_CHECK_TRACE_FORMAT_H_
#define STEPWISE_MODEL_CHECK_TRACE_FORMAT_H_

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/codec/codec.h"
#include "model_check/action.h"
#include "model_check/cluster.h"
#include "model_check/json.h"
#include "model_check/options.h"
#include "model_check/trace.h"

namespace stepwise::mc {

inline constexpr int kTraceFormatVersion = 1;

// "Prepared" or "Vote {term: 2, granted: true}".
inline std::string CompactJson(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (!value.is_object()) return value.dump();
  std::string out;
  std::string type;
  std::vector<std::string> parts;
  for (const auto& [key, field] : value.items()) {
    if (key == "type") {
      type = field.get<std::string>();
    } else {
      parts.push_back(absl::StrCat(key, ": ", CompactJson(field)));
    }
  }
  out = type;
  if (!parts.empty()) {
    absl::StrAppend(&out, type.empty() ? "{" : " {");
    for (size_t i = 0; i < parts.size(); ++i) {
      absl::StrAppend(&out, i ? ", " : "", parts[i]);
    }
    absl::StrAppend(&out, "}");
  }
  return out;
}

template <typename P>
std::string DescribeEnvelope(const core::Envelope<P>& envelope) {
  return absl::StrCat(CompactJson(ToJson(envelope.message)), " ", envelope.from,
                      "->", envelope.to);
}

template <typename P>
std::vector<std::string> TimerNames(uint32_t mask) {
  std::vector<std::string> names;
  for (uint32_t t = 0; t < 32; ++t) {
    if ((mask >> t) & 1) {
      names.push_back(KebabName(EnumName(static_cast<typename P::Timer>(t))));
    }
  }
  return names;
}

// Marks an action whose node crashed before its durable write.
template <typename P>
std::string WithCrashWindow(const Action<P>& action, std::string text) {
  if (action.crash_before_persist) {
    absl::StrAppend(&text, ", then crash before persisting");
  }
  return text;
}

template <typename P>
std::string DescribeAction(const Action<P>& action) {
  std::string text;
  switch (action.kind) {
    case ActionKind::kStart:
      text = absl::StrCat("Start node ", action.node);
      break;
    case ActionKind::kDeliver:
      text = absl::StrCat("Deliver ", DescribeEnvelope(action.envelope));
      break;
    case ActionKind::kReceive:
      text = absl::StrCat("Receive (copy stays) ",
                          DescribeEnvelope(action.envelope));
      break;
    case ActionKind::kDrop:
      text = absl::StrCat("Drop ", DescribeEnvelope(action.envelope));
      break;
    case ActionKind::kTimeout:
      text = absl::StrCat(
          "Timeout ",
          KebabName(EnumName(static_cast<typename P::Timer>(action.timer))),
          " at node ", action.node);
      break;
    case ActionKind::kRequest:
      text = absl::StrCat("Client request (menu item ", action.request,
                          ") to node ", action.node);
      break;
    case ActionKind::kCrash:
      text = absl::StrCat("Crash node ", action.node);
      break;
    case ActionKind::kRestart:
      text = absl::StrCat("Restart node ", action.node);
      break;
    case ActionKind::kPartition: {
      std::string side;
      for (uint32_t b = 0; b < 8; ++b) {
        if ((action.cut >> b) & 1)
          absl::StrAppend(&side, side.empty() ? "" : ",", b);
      }
      text = absl::StrCat("Partition: node 0 cut from {", side, "}");
      break;
    }
    case ActionKind::kHeal:
      text = "Heal all links";
      break;
  }
  return WithCrashWindow(action, std::move(text));
}

// The step that led to `after`: the action, with a client request spelled
// out (the action records only which of the protocol's commands was sent;
// the invocation it added to the history says what it was).
template <typename P>
std::string DescribeStep(const Action<P>& action, const Cluster<P>& after) {
  if (action.kind == ActionKind::kRequest) {
    for (auto it = after.history.rbegin(); it != after.history.rend(); ++it) {
      if (it->is_return) continue;
      std::string text =
          absl::StrCat("Client ", it->client, " asks node ", action.node, ": ",
                       CompactJson(ToJson(it->command)));
      return WithCrashWindow(action, std::move(text));
    }
  }
  return DescribeAction(action);
}

// "client 2 asks node 0: put x 1" or "client 2 got ok from node 0".
template <typename P>
std::string DescribeHistoryEvent(const core::HistoryEvent<P>& event) {
  return event.is_return
             ? absl::StrCat("client ", event.client, " got ",
                            CompactJson(ToJson(event.result)), " from node ",
                            event.node)
             : absl::StrCat("client ", event.client, " asks node ", event.node,
                            ": ", CompactJson(ToJson(event.command)));
}

// One readable line per node field and per message, keyed so that two
// states can be diffed line by line.
template <typename P>
std::map<std::string, std::string> Describe(const Cluster<P>& c) {
  std::map<std::string, std::string> lines;
  for (NodeId id = 0; id < c.size(); ++id) {
    const std::string node = absl::StrCat("node ", id);
    lines[node + " up"] = c.up[id] ? "true" : "false";
    const Json state = ToJson(c.states[id]);
    for (const auto& [key, value] : state.items()) {
      // A protocol whose nodes play different roles in one flat State may
      // hide the fields a node's role never uses.
      if constexpr (requires { P::shows_field(id, std::string_view()); }) {
        if (!P::shows_field(id, key)) continue;
      }
      lines[absl::StrCat(node, " ", key)] = CompactJson(value);
    }
    std::string timers = "[";
    for (const auto& name : TimerNames<P>(c.timers[id])) {
      absl::StrAppend(&timers, timers.size() > 1 ? ", " : "", name);
    }
    lines[node + " timers"] = timers + "]";
  }
  std::map<std::string, int> messages;
  for (const auto& envelope : c.network) ++messages[DescribeEnvelope(envelope)];
  for (const auto& [text, count] : messages) {
    lines["network " + text] = count > 1 ? absl::StrCat("x", count) : "x1";
  }
  for (size_t k = 0; k < c.history.size(); ++k) {
    lines[absl::StrCat("history ", k + 1)] = DescribeHistoryEvent(c.history[k]);
  }
  lines["budget requests"] = absl::StrCat(c.requests_left);
  lines["budget crashes"] = absl::StrCat(c.crashes_left);
  lines["budget drops"] =
      c.drops_left < 0 ? "unlimited" : absl::StrCat(c.drops_left);
  lines["budget partitions"] = absl::StrCat(c.partitions_left);
  lines["cut links"] = absl::StrCat(c.cut);
  return lines;
}

template <typename P>
std::string FormatTrace(const Trace<P>& trace) {
  std::string out;
  std::map<std::string, std::string> previous;
  for (size_t k = 0; k < trace.states.size(); ++k) {
    const auto lines = Describe(trace.states[k]);
    if (k == 0) {
      absl::StrAppend(&out, "State 1: <Initial state>\n");
      for (const auto& [key, value] : lines) {
        if (key.rfind("budget", 0) == 0 || key == "cut links") continue;
        absl::StrAppend(&out, "  ", key, " = ", value, "\n");
      }
    } else {
      absl::StrAppend(&out, "State ", k + 1, ": <",
                      DescribeStep(trace.actions[k - 1], trace.states[k]),
                      ">\n");
      for (const auto& [key, value] : lines) {
        auto it = previous.find(key);
        if (it == previous.end()) {
          absl::StrAppend(&out, "  + ", key, " = ", value, "\n");
        } else if (it->second != value) {
          absl::StrAppend(&out, "  ", key, ": ", it->second, " -> ", value,
                          "\n");
        }
      }
      for (const auto& [key, value] : previous) {
        if (!lines.contains(key)) {
          absl::StrAppend(&out, "  - ", key, " (was ", value, ")\n");
        }
      }
    }
    previous = lines;
  }
  if (trace.loop_back.has_value()) {
    absl::StrAppend(&out, "Back to state ", *trace.loop_back + 1, "\n");
  }
  return out;
}

inline Json OptionsJson(const Options& options) {
  Json json = Json::object();
  json["network"] = KebabName(EnumName(options.network));
  json["crashes"] = options.crashes;
  json["drops"] = options.drops;
  json["partitions"] = options.partitions;
  json["requests"] = options.requests;
  json["symmetry"] = options.symmetry;
  json["synchronous_timers"] = options.synchronous_timers;
  if (options.crash_stop) json["crash_stop"] = true;
  if (!options.only_properties.empty()) {
    json["only_properties"] = options.only_properties;
  }
  json["mode"] = KebabName(EnumName(options.mode));
  return json;
}

template <typename P>
Json TraceJson(const typename P::Config& config, const Options& options,
               const Trace<P>& trace, const Violation<P>* violation) {
  Json json = Json::object();
  json["format"] = "stepwise-trace";
  json["version"] = kTraceFormatVersion;
  json["protocol"] = std::string(P::kName);
  json["config"] = ToJson(config);
  json["config_bytes"] = absl::BytesToHexString(core::codec::Encode(config));
  json["options"] = OptionsJson(options);
  if (violation != nullptr) {
    json["violation"] = {{"kind", KebabName(EnumName(violation->kind))},
                         {"property", violation->property},
                         {"description", violation->description}};
  } else {
    json["violation"] = nullptr;
  }
  json["loop_back"] =
      trace.loop_back.has_value() ? Json(*trace.loop_back + 1) : Json(nullptr);
  Json states = Json::array();
  for (size_t k = 0; k < trace.states.size(); ++k) {
    Json entry = Json::object();
    entry["index"] = k + 1;
    if (k == 0) {
      entry["action"] = nullptr;
      entry["action_bytes"] = nullptr;
    } else {
      entry["action"] = DescribeStep(trace.actions[k - 1], trace.states[k]);
      entry["action_bytes"] =
          absl::BytesToHexString(core::codec::Encode(trace.actions[k - 1]));
    }
    entry["state"] = ToJson(trace.states[k]);
    entry["state_bytes"] =
        absl::BytesToHexString(core::codec::Encode(trace.states[k]));
    states.push_back(std::move(entry));
  }
  json["states"] = std::move(states);
  return json;
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_TRACE_FORMAT_H_
