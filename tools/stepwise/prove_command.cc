// `stepwise prove <protocol>`: proves each invariant and lemma of the
// protocol's Z3 model inductive over uninterpreted sorts (any cluster size),
// or prints a counterexample to induction.

#include <z3++.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "spec/catalog.h"
#include "spec/prover.h"
#include "tools/stepwise/check_command.h"
#include "tools/stepwise/report.h"
#include "tools/stepwise/spec_commands.h"

namespace stepwise::tools {
namespace {

using Json = nlohmann::ordered_json;

struct ProveArgs {
  std::string protocol;
  std::string bug = "none";
  std::vector<std::string> without;
  std::string stats_json;
  bool list_lemmas = false;
  unsigned timeout_ms = 60000;
};

void PrintLemmas(const spec::TransitionSystem& ts) {
  for (const spec::Property& property : ts.properties) {
    std::printf("%-8s %-40s %s\n", property.lemma ? "lemma" : "invariant",
                property.name.c_str(), property.description.c_str());
  }
}

void PrintResult(const spec::PropertyResult& result) {
  const std::string label =
      (result.lemma ? "lemma " : "invariant ") + result.name;
  if (result.verdict == spec::Verdict::kProved) {
    std::printf("  %-50s proved inductive (any N)  %.1f ms\n", label.c_str(),
                result.ms);
    return;
  }
  std::printf("  %-50s NOT inductive (%s, broken by %s)  %.1f ms\n",
              label.c_str(), spec::VerdictName(result.verdict).c_str(),
              result.broken_by.c_str(), result.ms);
  // The counterexample, indented under its property.
  std::string indented = "    ";
  for (char c : result.counterexample) {
    indented += c;
    if (c == '\n') indented += "    ";
  }
  std::printf("%s\n", indented.substr(0, indented.size() - 4).c_str());
}

Json ResultsJson(const ProveArgs& args,
                 const std::vector<spec::PropertyResult>& results, bool proved,
                 double total_ms) {
  Json json = NewReport("prove", args.protocol);
  json["bug"] = args.bug;
  json["without"] = args.without;
  json["verdict"] = proved ? "proved" : "not-inductive";
  json["total_ms"] = total_ms;
  json["properties"] = Json::array();
  for (const spec::PropertyResult& result : results) {
    Json entry;
    entry["name"] = result.name;
    entry["kind"] = result.lemma ? "lemma" : "invariant";
    entry["verdict"] = spec::VerdictName(result.verdict);
    entry["ms"] = result.ms;
    if (result.verdict != spec::Verdict::kProved) {
      entry["broken_by"] = result.broken_by;
      entry["counterexample"] = result.counterexample;
    }
    json["properties"].push_back(entry);
  }
  return json;
}

int RunProve(const ProveArgs& args) {
  z3::context ctx;
  absl::StatusOr<spec::TransitionSystem> ts =
      spec::BuildSpec(ctx, args.protocol, args.bug);
  if (!ts.ok()) {
    std::fprintf(stderr, "stepwise: %s\n",
                 std::string(ts.status().message()).c_str());
    return kExitUsage;
  }
  if (args.list_lemmas) {
    PrintLemmas(*ts);
    return kExitOk;
  }
  spec::ProveOptions options;
  options.without = args.without;
  options.timeout_ms = args.timeout_ms;
  absl::StatusOr<std::vector<spec::PropertyResult>> results =
      spec::Prove(*ts, options);
  if (!results.ok()) {
    std::fprintf(stderr, "stepwise: %s\n",
                 std::string(results.status().message()).c_str());
    return results.status().code() == absl::StatusCode::kInvalidArgument
               ? kExitUsage
               : kExitViolation;
  }
  std::printf("stepwise prove %s: bug %s, without {", args.protocol.c_str(),
              args.bug.c_str());
  for (size_t i = 0; i < args.without.size(); ++i) {
    std::printf("%s%s", i ? ", " : "", args.without[i].c_str());
  }
  std::printf("}, Z3 %s\n", Z3_get_full_version());
  bool proved = true;
  double total_ms = 0;
  for (const spec::PropertyResult& result : *results) {
    PrintResult(result);
    proved = proved && result.verdict == spec::Verdict::kProved;
    total_ms += result.ms;
  }
  std::printf("%zu properties, %.1f ms in Z3\n", results->size(), total_ms);
  std::printf("Verdict: %s\n",
              proved ? "proved (every property is inductive for any N)"
                     : "not inductive");
  if (!args.stats_json.empty()) {
    if (!WriteJsonFile(args.stats_json,
                       ResultsJson(args, *results, proved, total_ms))) {
      return kExitUsage;
    }
  }
  return proved ? kExitOk : kExitViolation;
}

}  // namespace

void RegisterProve(CLI::App* app, std::function<void(int)> set_exit_code) {
  auto args = std::make_shared<ProveArgs>();
  std::string protocols;
  for (const spec::SpecEntry& entry : spec::Specs()) {
    protocols += (protocols.empty() ? "" : " | ") + entry.protocol;
  }
  CLI::App* prove = app->add_subcommand(
      "prove",
      "prove a protocol's invariants inductive with Z3, for any cluster size");
  prove->add_option("protocol", args->protocol, protocols)->required();
  prove->add_option("--without", args->without,
                    "drop a named lemma (repeatable); see --list-lemmas");
  prove->add_option("--bug", args->bug, "plant a mistake in the model");
  prove->add_option("--stats-json", args->stats_json,
                    "write the results as JSON");
  prove->add_flag("--list-lemmas", args->list_lemmas,
                  "list the invariants and lemmas of the model");
  prove->add_option("--timeout-ms", args->timeout_ms, "per Z3 call")
      ->check(CLI::Range(1u, 3600000u));
  prove->callback([args, set_exit_code] { set_exit_code(RunProve(*args)); });
}

}  // namespace stepwise::tools
