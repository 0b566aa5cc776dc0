// Runs one model-checking job and reports it: the summary and verdict on
// stdout, progress on stderr, and optionally a trace file and a stats file.

#ifndef STEPWISE_TOOLS_STEPWISE_RUN_CHECK_H_
#define STEPWISE_TOOLS_STEPWISE_RUN_CHECK_H_

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "fmt/core.h"
#include "model_check/explore.h"
#include "model_check/json.h"
#include "model_check/listed_traces.h"
#include "model_check/trace_format.h"
#include "tools/stepwise/check_command.h"
#include "tools/stepwise/report.h"
#include "tools/stepwise/trace_file.h"

namespace stepwise::tools {

std::string DescribeOptions(const mc::Options& options, int threads);

template <typename P>
mc::Json StatsJson(const typename P::Config& config, const mc::Options& options,
                   const mc::Result<P>& result) {
  mc::Json json = NewReport("check", P::kName);
  json["config"] = mc::ToJson(config);
  json["options"] = mc::OptionsJson(options);
  json["verdict"] = std::string(KebabName(EnumName(result.verdict)));
  json["incomplete_reason"] = result.incomplete_reason;
  json["distinct_states"] = result.distinct_states;
  json["generated_states"] = result.generated_states;
  json["max_depth"] = result.max_depth;
  json["seconds"] = result.seconds;
  json["states_per_second"] = result.StatesPerSecond();
  json["bytes_per_state"] = result.BytesPerState();
  json["threads"] = result.threads;
  json["collision_probability"] = result.CollisionProbability();
  mc::Json goals = mc::Json::array();
  for (const auto& goal : result.goals) {
    mc::Json entry = {{"name", goal.name}, {"reached", goal.reached}};
    if (!goal.not_applicable.empty()) {
      entry["not_applicable"] = goal.not_applicable;
    }
    goals.push_back(std::move(entry));
  }
  json["goals"] = goals;
  if (result.violation.has_value()) {
    json["violation"] = {
        {"kind", KebabName(EnumName(result.violation->kind))},
        {"property", result.violation->property},
        {"trace_length", result.violation->trace.states.size()}};
  } else {
    json["violation"] = nullptr;
  }
  return json;
}

// What one run found, for callers that run several (--ci).
struct CheckSummary {
  mc::Verdict verdict = mc::Verdict::kOk;
  std::string incomplete_reason;
  std::string property;  // the violated one
  uint64_t distinct_states = 0;
  double seconds = 0;
};

template <typename P>
int RunCheck(const typename P::Config& config, const mc::Options& options,
             const CheckOutputs& outputs, CheckSummary* summary = nullptr) {
  if (options.symmetry && mc::SymmetryTooLarge<P>(config)) {
    std::fprintf(stderr,
                 "stepwise: --symmetry supports at most %zu interchangeable "
                 "nodes\n",
                 mc::kMaxSymmetricNodes);
    return kExitUsage;
  }
  if (options.requests > 0 && !core::HasClientCommands<P>) {
    std::fprintf(stderr, "stepwise: %s serves no clients; drop --requests\n",
                 std::string(P::kName).c_str());
    return kExitUsage;
  }
  const mc::Result<P> result = mc::Explore<P>(config, options);
  if (summary != nullptr) {
    summary->verdict = result.verdict;
    summary->incomplete_reason = result.incomplete_reason;
    summary->property =
        result.violation.has_value() ? result.violation->property : "";
    summary->distinct_states = result.distinct_states;
    summary->seconds = result.seconds;
  }

  std::printf("stepwise check %s: %s\n", std::string(P::kName).c_str(),
              mc::CompactJson(mc::ToJson(config)).c_str());
  std::printf("  %s\n", DescribeOptions(options, result.threads).c_str());
  std::printf(
      "%llu distinct states, %llu generated, depth %llu, %.2f s "
      "(%.0f states/s)\n",
      static_cast<unsigned long long>(result.distinct_states),
      static_cast<unsigned long long>(result.generated_states),
      static_cast<unsigned long long>(result.max_depth), result.seconds,
      result.StatesPerSecond());
  std::printf(
      "visited set: %.1f MiB, %.1f bytes/state; fingerprint collision "
      "probability (optimistic) %.1e\n",
      result.visited_bytes / 1048576.0, result.BytesPerState(),
      result.CollisionProbability());
  for (const auto& goal : result.goals) {
    if (!goal.reached && !goal.not_applicable.empty()) {
      std::printf("goal %-20s not applicable (%s)\n", goal.name.c_str(),
                  goal.not_applicable.c_str());
      continue;
    }
    std::printf("goal %-20s %s\n", goal.name.c_str(),
                goal.reached ? "reached" : "NOT reached");
  }
  for (const auto& name : result.liveness_checked) {
    std::printf("liveness %-17s holds\n", name.c_str());
  }
  for (const auto& note : result.notes) {
    std::printf("note: %s\n", note.c_str());
  }
  if (result.violation.has_value()) {
    const auto& violation = *result.violation;
    if (violation.kind == mc::ViolationKind::kVacuous) {
      std::printf(
          "Error: sanity goal %s (%s) was never reached: the model is "
          "vacuous.\n",
          violation.property.c_str(), violation.description.c_str());
    } else {
      std::printf("Error: %s %s is violated (%s).\n",
                  violation.kind == mc::ViolationKind::kLiveness
                      ? "liveness property"
                      : "invariant",
                  violation.property.c_str(), violation.description.c_str());
      std::printf("Counterexample, %zu states:\n%s",
                  violation.trace.states.size(),
                  mc::FormatTrace(violation.trace).c_str());
      const mc::Json trace =
          mc::TraceJson<P>(config, options, violation.trace, &violation);
      if (!outputs.trace_out.empty()) {
        if (!WriteJsonFile(outputs.trace_out, trace)) return kExitUsage;
        std::printf("Trace written to %s\n", outputs.trace_out.c_str());
      }
      if (!outputs.html.empty()) {
        const mc::TraceView view = mc::ViewTrace<P>(trace);
        if (view.exit_code != kExitOk) {
          std::fprintf(stderr, "stepwise: the counterexample: %s\n",
                       view.message.c_str());
          return kExitUsage;
        }
        const std::string title = absl::StrCat(
            "stepwise check ", std::string(P::kName), ": ", violation.property);
        if (!WriteViewerPage(outputs.html, view.data, title)) return kExitUsage;
        std::printf("Viewer page written to %s\n", outputs.html.c_str());
      }
    }
  } else if (result.verdict == mc::Verdict::kIncomplete) {
    std::printf("Incomplete: %s. No error found in what was explored.\n",
                result.incomplete_reason.c_str());
  } else {
    std::printf("No error found: every invariant holds in every state.\n");
  }
  const bool counterexample =
      result.violation.has_value() &&
      result.violation->kind != mc::ViolationKind::kVacuous;
  if (!outputs.html.empty() && !counterexample) {
    std::printf("No counterexample, so no viewer page was written.\n");
  }
  std::printf("Verdict: %s\n", KebabName(EnumName(result.verdict)).c_str());
  if (!outputs.stats_json.empty() &&
      !WriteJsonFile(outputs.stats_json, StatsJson(config, options, result))) {
    return kExitUsage;
  }
  return result.verdict == mc::Verdict::kViolation ? kExitViolation : kExitOk;
}

}  // namespace stepwise::tools

#endif  // STEPWISE_TOOLS_STEPWISE_RUN_CHECK_H_
