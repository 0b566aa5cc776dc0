// `stepwise matrix`: the guarantee matrix of the election or the atomic
// commit algorithms (see matrix.h). Prints Markdown tables on stdout, one
// progress line per run on stderr, writes counterexamples and a JSON summary
// under --out-dir. Exits 0 when the matrix was produced (violations are
// findings), 2 on bad usage or when a file cannot be written.

#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "tools/stepwise/check_command.h"
#include "tools/stepwise/matrix.h"
#include "tools/stepwise/report.h"

namespace stepwise::tools {
namespace {

struct MatrixArgs {
  std::string family = "election";
  std::vector<int> nodes = {3, 4};
  std::vector<std::string> algorithms;
  std::vector<std::string> faults;
  uint64_t max_states = 2'000'000;
  int threads = 0;
  std::string out_dir = "matrix-traces";
  std::string json;
};

template <typename T>
bool ParseAll(const std::vector<std::string>& names,
              std::optional<T> (*parse)(std::string_view), const char* flag,
              std::vector<T>* out) {
  if (names.empty()) return true;
  out->clear();
  for (const std::string& name : names) {
    const std::optional<T> value = parse(name);
    if (!value.has_value()) {
      std::fprintf(stderr, "stepwise matrix: unknown %s '%s'\n", flag,
                   name.c_str());
      return false;
    }
    out->push_back(*value);
  }
  return true;
}

int RunMatrixCommand(const MatrixArgs& args) {
  matrix::MatrixOptions options;
  const std::optional<matrix::Family> family = matrix::ParseFamily(args.family);
  if (!family.has_value()) {
    std::fprintf(stderr,
                 "stepwise matrix: unknown family '%s' (election, commit)\n",
                 args.family.c_str());
    return kExitUsage;
  }
  options.family = *family;
  options.nodes = args.nodes;
  options.max_states = args.max_states;
  options.threads = args.threads;
  options.out_dir = args.out_dir;
  options.progress = [](const std::string& line) {
    std::fprintf(stderr, "%s\n", line.c_str());
  };
  if (!ParseAll(args.algorithms, &matrix::ParseAlgorithm, "algorithm",
                &options.algorithms) ||
      !ParseAll(args.faults, &matrix::ParseFault, "fault model",
                &options.faults)) {
    return kExitUsage;
  }
  const absl::StatusOr<matrix::Matrix> result = matrix::RunMatrix(options);
  if (!result.ok()) {
    std::fprintf(stderr, "stepwise matrix: %s\n",
                 std::string(result.status().message()).c_str());
    return kExitUsage;
  }
  std::printf("%s", matrix::MatrixMarkdown(*result).c_str());
  const std::string json_path =
      args.json.empty()
          ? (std::filesystem::path(args.out_dir) / "matrix.json").string()
          : args.json;
  if (!WriteJsonFile(json_path, matrix::MatrixJson(*result))) {
    return kExitUsage;
  }
  std::fprintf(stderr, "matrix: %.1f s; JSON written to %s\n", result->seconds,
               json_path.c_str());
  return kExitOk;
}

}  // namespace

void RegisterMatrix(CLI::App* app, std::function<void(int)> set_exit_code) {
  auto args = std::make_shared<MatrixArgs>();
  CLI::App* cmd = app->add_subcommand(
      "matrix",
      "Model-check every election (or atomic commit) algorithm under every "
      "fault model and print which properties hold");
  cmd->add_option("--family", args->family,
                  "election (bully, priority, ring, raft-election) or commit "
                  "(twopc, threepc, paxoscommit); default election");
  cmd->add_option("--nodes", args->nodes,
                  "Cluster sizes, participants for commit (default 3,4)")
      ->delimiter(',')
      ->check(CLI::Range(2, 8));
  cmd->add_option("--algorithms", args->algorithms,
                  "Subset of the family's algorithms")
      ->delimiter(',');
  cmd->add_option("--faults", args->faults,
                  "Subset of reliable,lossy,duplicating,crashes,crash-stop,"
                  "partitions,async-timers (default: the family's)")
      ->delimiter(',');
  cmd->add_option("--max-states", args->max_states,
                  "Distinct states per run before it counts as incomplete")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--threads", args->threads, "Threads per run; 0: every core")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--out-dir", args->out_dir,
                  "Directory for counterexample traces (default "
                  "matrix-traces)");
  cmd->add_option("--json", args->json,
                  "JSON summary file (default <out-dir>/matrix.json)");
  cmd->callback(
      [args, set_exit_code] { set_exit_code(RunMatrixCommand(*args)); });
}

}  // namespace stepwise::tools
