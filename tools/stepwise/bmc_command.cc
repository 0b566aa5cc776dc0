// `stepwise bmc <protocol> --rms N --depth K`: bounded model checking of the
// protocol's Z3 model for a fixed number of nodes, as a cross-check of the
// explicit-state explorer (`stepwise check`).

#include <z3++.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "nlohmann/json.hpp"
#include "spec/bmc.h"
#include "spec/catalog.h"
#include "tools/stepwise/check_command.h"
#include "tools/stepwise/spec_commands.h"

namespace stepwise::tools {
namespace {

struct BmcArgs {
  std::string protocol;
  std::string bug = "none";
  uint32_t rms = 3;
  int depth = 12;
  bool lemmas = false;
  std::string stats_json;
  unsigned timeout_ms = 300000;
};

bool WriteStats(const BmcArgs& args, const spec::BmcResult& result) {
  nlohmann::ordered_json json;
  json["format"] = "stepwise-bmc";
  json["version"] = 1;
  json["protocol"] = args.protocol;
  json["rms"] = args.rms;
  json["bug"] = args.bug;
  json["max_depth"] = args.depth;
  json["lemmas"] = args.lemmas;
  json["verdict"] = spec::BmcVerdictName(result.verdict);
  json["depth"] = result.depth;
  json["ms"] = result.ms;
  if (result.verdict == spec::BmcVerdict::kViolation) {
    json["violated"] = result.violated;
    json["trace"] = result.trace;
  }
  std::ofstream out(args.stats_json);
  out << json.dump(2) << "\n";
  out.close();
  if (!out) {
    std::fprintf(stderr, "stepwise: cannot write %s\n",
                 args.stats_json.c_str());
    return false;
  }
  return true;
}

int RunBmc(const BmcArgs& args) {
  z3::context ctx;
  absl::StatusOr<spec::TransitionSystem> ts =
      spec::BuildSpec(ctx, args.protocol, args.bug, args.rms);
  if (!ts.ok()) {
    std::fprintf(stderr, "stepwise: %s\n",
                 std::string(ts.status().message()).c_str());
    return kExitUsage;
  }
  std::printf("stepwise bmc %s: %u RMs, depth %d, bug %s, %s\n",
              args.protocol.c_str(), args.rms, args.depth, args.bug.c_str(),
              args.lemmas ? "invariants and lemmas" : "invariants");
  absl::StatusOr<spec::BmcResult> result =
      spec::Bmc(*ts, {.depth = args.depth,
                      .timeout_ms = args.timeout_ms,
                      .lemmas = args.lemmas});
  if (!result.ok()) {
    std::fprintf(stderr, "stepwise: %s\n",
                 std::string(result.status().message()).c_str());
    return kExitUsage;
  }
  int code = kExitOk;
  switch (result->verdict) {
    case spec::BmcVerdict::kNoViolation:
      std::printf("No violation within %d steps (Z3 %.1f ms).\nVerdict: ok\n",
                  result->depth, result->ms);
      break;
    case spec::BmcVerdict::kViolation:
      std::printf(
          "Error: %s is violated after %d steps (Z3 %.1f ms).\n"
          "Counterexample, %d states:\n%sVerdict: violation\n",
          result->violated.c_str(), result->depth, result->ms,
          result->depth + 1, result->trace.c_str());
      code = kExitViolation;
      break;
    case spec::BmcVerdict::kUnknown:
      std::printf("%sVerdict: unknown\n", result->trace.c_str());
      code = kExitViolation;
      break;
  }
  if (!args.stats_json.empty() && !WriteStats(args, *result)) {
    return kExitUsage;
  }
  return code;
}

}  // namespace

void RegisterBmc(CLI::App* app, std::function<void(int)> set_exit_code) {
  auto args = std::make_shared<BmcArgs>();
  CLI::App* bmc = app->add_subcommand(
      "bmc", "bounded model checking with Z3 for a fixed number of nodes");
  bmc->add_option("protocol", args->protocol, "twopc")->required();
  bmc->add_option("--rms,--nodes", args->rms, "number of RMs")
      ->check(CLI::Range(1u, 31u));
  bmc->add_option("--depth", args->depth, "steps to unroll")
      ->check(CLI::Range(0, spec::kMaxBmcDepth));
  bmc->add_option("--bug", args->bug, "plant a mistake in the model");
  bmc->add_flag("--lemmas", args->lemmas,
                "also check the lemmas of `stepwise prove`");
  bmc->add_option("--stats-json", args->stats_json, "write the result as JSON");
  bmc->add_option("--timeout-ms", args->timeout_ms, "per Z3 call")
      ->check(CLI::Range(1u, 3600000u));
  bmc->callback([args, set_exit_code] { set_exit_code(RunBmc(*args)); });
}

}  // namespace stepwise::tools
