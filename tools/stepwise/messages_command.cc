// `stepwise messages`: message complexity of the election algorithms, by
// simulation (see message_complexity.h). Prints a Markdown table; exits 0, or
// 1 if a scenario failed to elect a leader, 2 on bad usage.

#include <cstdio>
#include <functional>
#include <memory>

#include "CLI/CLI.hpp"
#include "tools/stepwise/check_command.h"
#include "tools/stepwise/message_complexity.h"

namespace stepwise::tools {

void RegisterMessages(CLI::App* app, std::function<void(int)> set_exit_code) {
  struct Args {
    uint32_t min_nodes = 3;
    uint32_t max_nodes = 8;
    uint32_t samples = 1000;
    uint64_t seed = 1;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app->add_subcommand(
      "messages",
      "Count the messages of one election of Bully and Chang-Roberts for "
      "growing clusters, best and worst case, beside the textbook bounds");
  cmd->add_option("--min-nodes", args->min_nodes, "smallest cluster")
      ->check(CLI::Range(2u, 8u))
      ->capture_default_str();
  cmd->add_option("--max-nodes", args->max_nodes, "largest cluster")
      ->check(CLI::Range(2u, 8u))
      ->capture_default_str();
  cmd->add_option("--samples", args->samples,
                  "random id arrangements per ring average")
      ->check(CLI::Range(1u, 1'000'000u))
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "seed of the random arrangements")
      ->capture_default_str();
  cmd->callback([args, set_exit_code] {
    if (args->min_nodes > args->max_nodes) {
      std::fprintf(stderr,
                   "stepwise messages: --min-nodes %u exceeds --max-nodes %u\n",
                   args->min_nodes, args->max_nodes);
      set_exit_code(kExitUsage);
      return;
    }
    const auto rows = complexity::MeasureMessages(
        args->min_nodes, args->max_nodes, args->samples, args->seed);
    if (!rows.ok()) {
      std::fprintf(stderr, "stepwise messages: %s\n",
                   std::string(rows.status().message()).c_str());
      set_exit_code(kExitViolation);
      return;
    }
    std::printf("%s",
                complexity::MessagesMarkdown(*rows, args->samples).c_str());
    set_exit_code(kExitOk);
  });
}

}  // namespace stepwise::tools
