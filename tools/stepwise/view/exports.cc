#include "tools/stepwise/view/exports.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace stepwise::tools {
namespace {

using mc::Json;

std::string Participant(const Json& lane) {
  return lane.is_string() ? "C" : absl::StrCat("N", lane.get<int>());
}

// Mermaid message and note text: one line, and no ';' or '#' (statement
// separator and entity marker), written as Mermaid's entity codes.
std::string MermaidText(const std::string& text) {
  return absl::StrReplaceAll(
      text, {{";", "#59;"}, {"#", "#35;"}, {"\n", " "}, {"\r", " "}});
}

// The value of a view step's field, or `fallback` when absent.
std::string Text(const Json& object, const char* key,
                 const std::string& fallback = "") {
  return object.contains(key) && object[key].is_string()
             ? object[key].get<std::string>()
             : fallback;
}

bool HasClients(const Json& view) {
  for (const Json& step : view["steps"]) {
    if (!step.value("requests", Json::array()).empty() ||
        !step.value("replies", Json::array()).empty()) {
      return true;
    }
  }
  return false;
}

// ITF's encoding of a readable value: integers as #bigint, null (which ITF
// lacks) as #unserializable; arrays stay lists and objects records.
Json ItfValue(const Json& value) {
  if (value.is_number_integer()) {
    return {{"#bigint", value.dump()}};
  }
  if (value.is_number()) return {{"#unserializable", value.dump()}};
  if (value.is_null()) return {{"#unserializable", "null"}};
  if (value.is_array()) {
    Json list = Json::array();
    for (const Json& item : value) list.push_back(ItfValue(item));
    return list;
  }
  if (value.is_object()) {
    Json record = Json::object();
    for (const auto& [key, item] : value.items()) record[key] = ItfValue(item);
    return record;
  }
  return value;  // a string or a boolean
}

}  // namespace

std::optional<TraceFormat> ParseTraceFormat(std::string_view name) {
  if (name == "html") return TraceFormat::kHtml;
  if (name == "mermaid") return TraceFormat::kMermaid;
  if (name == "shiviz") return TraceFormat::kShiviz;
  if (name == "itf") return TraceFormat::kItf;
  return std::nullopt;
}

std::string FormatSuffix(TraceFormat format) {
  switch (format) {
    case TraceFormat::kHtml:
      return ".html";
    case TraceFormat::kMermaid:
      return ".mmd";
    case TraceFormat::kShiviz:
      return ".shiviz.log";
    case TraceFormat::kItf:
      return ".itf.json";
  }
  return ".out";
}

std::string MermaidSequence(const Json& view) {
  const int nodes = view["nodes"].get<int>();
  std::string out = "sequenceDiagram\n";
  if (HasClients(view)) absl::StrAppend(&out, "  participant C as clients\n");
  for (int n = 0; n < nodes; ++n) {
    absl::StrAppend(&out, "  participant N", n, " as node ", n, "\n");
  }
  const Json& loop_back = view["loop_back"];
  const size_t cycle_from =
      loop_back.is_number() ? loop_back.get<size_t>() : SIZE_MAX;
  const Json& steps = view["steps"];
  bool in_loop = false;
  for (size_t k = 1; k < steps.size(); ++k) {
    const Json& step = steps[k];
    // State cycle_from (1-based) is where the cycle starts: the steps after
    // it repeat.
    if (!in_loop && k >= cycle_from) {
      absl::StrAppend(&out, "  loop back to state ", cycle_from, "\n");
      in_loop = true;
    }
    const std::string kind = Text(step, "kind");
    const std::string node =
        step.contains("node") ? Participant(step["node"]) : "N0";
    if (step.contains("message")) {
      const Json& m = step["message"];
      const std::string arrow = kind == "drop" ? "-x" : "->>";
      absl::StrAppend(&out, "  ", Participant(m["from"]), arrow,
                      Participant(m["to"]), ": ", MermaidText(Text(m, "text")),
                      kind == "drop" ? " (lost)" : "", "\n");
    } else if (kind == "timeout") {
      absl::StrAppend(&out, "  Note over ", node, ": timeout ",
                      MermaidText(Text(step, "timer")), "\n");
    } else if (kind == "crash" || kind == "restart" || kind == "start") {
      absl::StrAppend(&out, "  Note over ", node, ": ", kind, "\n");
    } else if (kind == "partition" || kind == "heal") {
      std::string links;
      for (const Json& link : step["state"]["cut"]) {
        absl::StrAppend(&links, links.empty() ? "" : " ",
                        link.get<std::string>());
      }
      absl::StrAppend(&out, "  Note over N0,N", nodes - 1, ": ", kind,
                      links.empty() ? "" : " (cut " + links + ")", "\n");
    }
    for (const Json& request : step.value("requests", Json::array())) {
      absl::StrAppend(&out, "  C->>", Participant(request["node"]), ": client ",
                      request["client"].dump(), " ",
                      MermaidText(Text(request, "text")), "\n");
    }
    for (const Json& reply : step.value("replies", Json::array())) {
      absl::StrAppend(&out, "  ", Participant(reply["node"]),
                      "-->>C: to client ", reply["client"].dump(), " ",
                      MermaidText(Text(reply, "text")), "\n");
    }
    if (step.value("crash_before_persist", false)) {
      absl::StrAppend(&out, "  Note over ", node, ": crash before persist\n");
    }
  }
  if (in_loop) {
    absl::StrAppend(&out, "  end\n");
  } else if (loop_back.is_number()) {
    // A lasso that loops back to its last state: the run stops there.
    absl::StrAppend(&out, "  Note over N0,N", nodes - 1,
                    ": no fair step changes this state: the run stays here "
                    "forever\n");
  }
  return out;
}

std::string ShivizLog(const Json& view) {
  const int nodes = view["nodes"].get<int>();
  // Hosts: the nodes, then "network" for what the environment does.
  const int network = nodes;
  auto host_name = [&](int host) {
    return host == network ? std::string("network")
                           : absl::StrCat("node", host);
  };
  std::vector<std::vector<uint64_t>> clocks(
      nodes + 1, std::vector<uint64_t>(nodes + 1, 0));
  std::map<int, std::vector<uint64_t>> sent;  // message id -> send's clock
  std::string out = "(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})\n\n";
  const Json& steps = view["steps"];
  for (size_t k = 1; k < steps.size(); ++k) {
    const Json& step = steps[k];
    const std::string kind = Text(step, "kind");
    const bool by_network =
        kind == "drop" || kind == "partition" || kind == "heal";
    const int host = by_network ? network : step.value("node", 0);
    std::vector<uint64_t>& clock = clocks[host];
    if (!by_network && step.contains("message")) {
      const auto it = sent.find(step["message"]["id"].get<int>());
      if (it != sent.end()) {
        for (size_t h = 0; h < clock.size(); ++h) {
          clock[h] = std::max(clock[h], it->second[h]);
        }
      }
    }
    ++clock[host];
    for (const Json& message : step.value("sends", Json::array())) {
      sent[message["id"].get<int>()] = clock;
    }
    Json stamp = Json::object();
    for (size_t h = 0; h < clock.size(); ++h) {
      if (clock[h] > 0) stamp[host_name(static_cast<int>(h))] = clock[h];
    }
    absl::StrAppend(&out, Text(step, "action", kind), "\n", host_name(host),
                    " ", stamp.dump(), "\n");
  }
  return out;
}

Json ItfTrace(const Json& view) {
  Json vars =
      Json::array({"nodes", "network", "history", "budgets", "cut", "action"});
  Json states = Json::array();
  const Json& steps = view["steps"];
  for (size_t k = 0; k < steps.size(); ++k) {
    const Json& step = steps[k];
    const Json& state = step["state"];
    Json itf = Json::object();
    itf["#meta"] = {{"index", k}};
    itf["nodes"] = ItfValue(state["nodes"]);
    // In-flight messages: a map from the message to how many copies fly.
    Json network = Json::array();
    for (const auto& [text, count] : state["network"].items()) {
      network.push_back(Json::array({text, ItfValue(count)}));
    }
    itf["network"] = {{"#map", network}};
    itf["history"] = ItfValue(state["history"]);
    itf["budgets"] = ItfValue(state["budgets"]);
    itf["cut"] = {{"#set", state["cut"]}};
    itf["action"] = Text(step, "action", "init");
    states.push_back(std::move(itf));
  }
  Json trace = Json::object();
  trace["#meta"] = {
      {"format", "ITF"},
      {"format-description",
       "https://apalache-mc.org/docs/adr/015adr-trace.html"},
      {"source", view.value("protocol", "")},
      {"description",
       absl::StrCat("stepwise view: ",
                    view["replay"].value("message", std::string()))}};
  trace["vars"] = std::move(vars);
  trace["states"] = std::move(states);
  if (view["loop_back"].is_number()) {
    trace["loop"] = view["loop_back"].get<size_t>() - 1;  // 0-based in ITF
  }
  return trace;
}

}  // namespace stepwise::tools
