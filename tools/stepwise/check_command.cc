#include "tools/stepwise/check_command.h"

#include <cctype>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/protocols.h"
#include "model_check/listed_traces.h"
#include "tools/stepwise/protocol_command.h"
#include "tools/stepwise/run_check.h"

namespace stepwise::tools {

std::string DescribeOptions(const mc::Options& options, int threads) {
  auto budget = [](int value) {
    return value == mc::kUnlimited ? std::string("unlimited")
                                   : absl::StrCat(value);
  };
  return absl::StrCat(
      "network ", KebabName(EnumName(options.network)), ", crashes ",
      budget(options.crashes), ", drops ",
      options.network == mc::Network::kLossy && options.drops == 0
          ? std::string("unlimited")
          : budget(options.drops),
      ", partitions ", options.partitions, ", requests ", options.requests,
      ", mode ", KebabName(EnumName(options.mode)), ", symmetry ",
      options.symmetry ? "on" : "off",
      options.synchronous_timers ? ", synchronous timers" : "",
      options.crash_stop ? ", crash-stop" : "",
      options.only_properties.empty()
          ? std::string()
          : absl::StrCat(", only ",
                         absl::StrJoin(options.only_properties, ",")),
      ", threads ", threads);
}

void AddCommonCheckOptions(CLI::App* command, mc::Options* options,
                           CheckOutputs* outputs) {
  AddEnumOption(command, "--network", &options->network,
                "what the network may do to messages");
  command->add_option("--crashes", options->crashes, "crash budget")
      ->check(CLI::Range(0, 100));
  command->add_flag("--crash-stop", options->crash_stop,
                    "crashed nodes stay down (fail-stop) instead of "
                    "restarting from durable state");
  command
      ->add_option("--only", options->only_properties,
                   "check only these invariants / liveness properties "
                   "(comma-separated names)")
      ->delimiter(',');
  command
      ->add_option("--drops", options->drops,
                   "message-loss budget (lossy: unlimited unless given)")
      ->check(CLI::Range(0, 100000));
  command
      ->add_option("--partitions", options->partitions,
                   "how many times links may be cut")
      ->check(CLI::Range(0, 100));
  command
      ->add_option("--requests", options->requests,
                   "client requests the run may issue (protocols with clients)")
      ->check(CLI::Range(0, 100));
  AddEnumOption(command, "--mode", &options->mode,
                "breadth-first, depth-first or random walks");
  AddEnumOption(command, "--liveness", &options->liveness,
                "check liveness: auto (small models only), on or off");
  command->add_flag("--synchronous-timers", options->synchronous_timers,
                    "timers fire only when no message can be delivered "
                    "(every timeout outlasts every message delay)");
  command->add_flag("--symmetry", options->symmetry,
                    "reduce by permutations of interchangeable nodes");
  command->add_option("--threads", options->threads, "0: every core")
      ->check(CLI::Range(0, 255));
  command
      ->add_option("--memory", options->memory_gb,
                   "GB the run may hold in memory; past it the BFS frontier "
                   "spills to disk (0: no limit)")
      ->check(CLI::Range(0.0, 1e6));
  command
      ->add_option("--max-seconds", options->max_seconds,
                   "stop (incomplete) after this many seconds (0: no limit)")
      ->check(CLI::Range(0.0, 1e7));
  command->add_option("--max-states", options->max_states,
                      "stop (incomplete) after this many distinct states");
  command->add_option("--seed", options->seed, "simulation seed");
  command->add_option("--walks", options->walks, "simulation walks");
  command->add_option("--depth", options->depth,
                      "steps per simulated walk; depth bound for dfs");
  command->add_option("--progress", options->progress_seconds,
                      "seconds between progress lines on stderr (0: none)");
  command->add_option("--trace-out", outputs->trace_out,
                      "write the counterexample as JSON to this file");
  command->add_option("--html", outputs->html,
                      "write the counterexample's viewer page (stepwise "
                      "view) to this file");
  command->add_option("--stats-json", outputs->stats_json,
                      "write the run's statistics as JSON to this file");
}

std::string DescribeOptionDefaults(const mc::Options& defaults) {
  const mc::Options plain;
  std::vector<std::string> flags;
  if (defaults.network != plain.network) {
    flags.push_back(
        absl::StrCat("--network ", KebabName(EnumName(defaults.network))));
  }
  auto number = [&](const char* flag, int value, int plain_value) {
    if (value != plain_value) flags.push_back(absl::StrCat(flag, " ", value));
  };
  number("--crashes", defaults.crashes, plain.crashes);
  number("--drops", defaults.drops, plain.drops);
  number("--partitions", defaults.partitions, plain.partitions);
  number("--requests", defaults.requests, plain.requests);
  auto flag = [&](const char* name, bool value, bool plain_value) {
    if (value != plain_value) flags.push_back(name);
  };
  flag("--crash-stop", defaults.crash_stop, plain.crash_stop);
  flag("--synchronous-timers", defaults.synchronous_timers,
       plain.synchronous_timers);
  flag("--symmetry", defaults.symmetry, plain.symmetry);
  return absl::StrJoin(flags, " ");
}

void PrintList() {
  core::Protocols::ForEach([]<typename P>() { PrintListEntry<P>(); });
}

void RegisterCheckCommands(CLI::App* app,
                           std::function<void(int)> set_exit_code) {
  CLI::App* check = app->add_subcommand(
      "check", "model-check a protocol exhaustively (or by simulation)");
  auto list = std::make_shared<bool>(false);
  check->add_flag("--list", *list,
                  "list protocols, their options, properties and bugs");
  core::Protocols::ForEach(
      [&]<typename P>() { RegisterCheck<P>(check, set_exit_code); });
  check->callback([check, list, set_exit_code] {
    if (*list) {
      PrintList();
    } else if (check->get_subcommands().empty()) {
      std::fprintf(stderr,
                   "stepwise: check needs a protocol (see stepwise check "
                   "--list)\n");
      set_exit_code(kExitUsage);
    }
  });
}

}  // namespace stepwise::tools
