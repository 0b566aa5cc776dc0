// `stepwise check <protocol>` for every protocol of the list
// (core/protocols.h): the protocol's own options come from its manifest
// (core/<name>/manifest.h), the shared ones from AddCommonCheckOptions.

#ifndef STEPWISE_TOOLS_STEPWISE_PROTOCOL_COMMAND_H_
#define STEPWISE_TOOLS_STEPWISE_PROTOCOL_COMMAND_H_

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "core/manifest.h"
#include "tools/stepwise/check_command.h"
#include "tools/stepwise/run_check.h"
#include "tools/stepwise/run_portfolio.h"

namespace stepwise::tools {

template <typename T>
inline constexpr bool kIsVector = false;
template <typename T, typename A>
inline constexpr bool kIsVector<std::vector<T, A>> = true;

// Adds a manifest's options (core::ConfigOption) to a CLI11 command.
class CliOptionBinder {
 public:
  explicit CliOptionBinder(CLI::App* command) : command_(command) {}

  template <typename T>
  void operator()(const core::ConfigOption& option, T* field) {
    const std::string flag(option.flag);
    const std::string help(option.help);
    if constexpr (std::is_same_v<T, bool>) {
      command_->add_flag(option.negated ? "!" + flag : flag, *field, help);
    } else if constexpr (kIsVector<T>) {
      command_->add_option(flag, *field, help)
          ->delimiter(',')
          ->type_name(std::string(option.value_name))
          ->check(CLI::Range(option.min, option.max));
    } else {
      static_assert(std::is_integral_v<T>, "options are numbers or flags");
      command_->add_option(flag, *field, help)
          ->type_name(std::string(option.value_name))
          ->check(CLI::Range(option.min, option.max));
    }
  }

 private:
  CLI::App* command_;
};

// Describes a manifest's options for `stepwise check --list`, each with its
// default value.
class OptionHelpBinder {
 public:
  template <typename T>
  void operator()(const core::ConfigOption& option, T* field) {
    std::string usage(option.flag);
    if (!option.value_name.empty()) {
      usage += " " + std::string(option.value_name);
    }
    constexpr size_t kColumn = 20;
    std::string line = usage;
    line.append(usage.size() < kColumn ? kColumn - usage.size() : 1, ' ');
    line += std::string(option.help);
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      absl::StrAppend(&line, " (default ", *field, ")");
    }
    lines.push_back(std::move(line));
  }
  std::vector<std::string> lines;
};

// "" when every name given to --only is one of P's invariants or liveness
// properties; otherwise a message naming the first unknown one.
template <typename P>
std::string UnknownProperty(const mc::Options& options) {
  std::vector<std::string> names;
  for (const auto& p : P::invariants()) names.emplace_back(p.name);
  if constexpr (core::HasLiveness<P>) {
    for (const auto& p : P::liveness()) names.emplace_back(p.name);
  }
  for (const std::string& name : options.only_properties) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      return absl::StrCat("--only: ", std::string(P::kName),
                          " has no invariant or liveness property \"", name,
                          "\" (see stepwise check --list)");
    }
  }
  return "";
}

// Adds `check <P::kName>` under `check`.
template <typename P>
void RegisterCheck(CLI::App* check, std::function<void(int)> set_exit_code) {
  using Manifest = core::Manifest<P>;
  CLI::App* command = check->add_subcommand(std::string(P::kName),
                                            std::string(Manifest::kSummary));
  auto config = std::make_shared<typename P::Config>(core::DefaultConfig<P>());
  auto options = std::make_shared<mc::Options>(core::DefaultCheckOptions<P>());
  auto outputs = std::make_shared<CheckOutputs>();
  CliOptionBinder binder(command);
  Manifest::BindOptions(binder, config.get());
  AddEnumOption(command, "--bug", &config->bug, "switch on a textbook mistake");
  AddCommonCheckOptions(command, options.get(), outputs.get());
  auto ci = std::make_shared<bool>(false);
  auto portfolio = std::make_shared<PortfolioArgs>();
  command->add_flag("--ci", *ci,
                    "run the protocol's CI portfolio (see check --list) "
                    "within --budget and give one verdict");
  command
      ->add_option("--budget", portfolio->budget_seconds,
                   "--ci: seconds the whole portfolio may take (default 300)")
      ->check(CLI::Range(1.0, 1e6));
  command->callback([=] {
    if (*ci) {
      // The portfolio fixes the models; only these options still apply.
      static const char* const kAllowed[] = {
          "--ci",       "--budget",    "--bug",        "--threads",
          "--progress", "--trace-out", "--stats-json", "--help"};
      for (const CLI::Option* option : command->get_options()) {
        if (option->count() == 0) continue;
        const std::string name = option->get_name();
        if (std::find(std::begin(kAllowed), std::end(kAllowed), name) ==
            std::end(kAllowed)) {
          std::fprintf(stderr,
                       "stepwise: %s does not go with --ci (the portfolio "
                       "sets the model; see stepwise check --list)\n",
                       name.c_str());
          set_exit_code(kExitUsage);
          return;
        }
      }
      portfolio->threads = options->threads;
      portfolio->progress_seconds = options->progress_seconds;
      set_exit_code(RunPortfolio<P>(config->bug, *portfolio, *outputs));
      return;
    }
    core::AdaptConfig<P>(config.get(), *options);
    const std::string unknown = UnknownProperty<P>(*options);
    if (!unknown.empty()) {
      std::fprintf(stderr, "stepwise: %s\n", unknown.c_str());
      set_exit_code(kExitUsage);
      return;
    }
    const std::string problem = core::ValidateConfig<P>(*config);
    if (!problem.empty()) {
      std::fprintf(stderr, "stepwise: %s\n", problem.c_str());
      set_exit_code(kExitUsage);
      return;
    }
    set_exit_code(RunCheck<P>(*config, *options, *outputs));
  });
}

// Prints P's entry of `stepwise check --list`.
template <typename P>
void PrintListEntry() {
  using Manifest = core::Manifest<P>;
  std::printf("%s - %s\n", std::string(P::kName).c_str(),
              std::string(Manifest::kSummary).c_str());
  std::printf("  options:\n");
  OptionHelpBinder help;
  auto config = core::DefaultConfig<P>();
  Manifest::BindOptions(help, &config);
  for (const auto& line : help.lines) std::printf("    %s\n", line.c_str());
  const std::string defaults =
      DescribeOptionDefaults(core::DefaultCheckOptions<P>());
  if (!defaults.empty()) {
    std::printf("    shared options default to: %s\n", defaults.c_str());
  }
  std::printf("  CI portfolio (--ci):\n");
  for (const core::CheckRun<P>& run : core::Portfolio<P>()) {
    std::printf("    %s: %s\n", run.name.c_str(), run.purpose.c_str());
  }
  std::printf("  invariants:\n");
  for (const auto& p : P::invariants()) {
    std::printf("    %s: %s\n", std::string(p.name).c_str(),
                std::string(p.description).c_str());
  }
  std::printf("  sanity goals:\n");
  for (const auto& p : P::goals()) {
    std::printf("    %s: %s\n", std::string(p.name).c_str(),
                std::string(p.description).c_str());
  }
  if constexpr (core::HasLiveness<P>) {
    if (!P::liveness().empty()) {
      std::printf("  liveness (under weak fairness):\n");
    }
    for (const auto& p : P::liveness()) {
      std::printf("    %s: %s\n", std::string(p.name).c_str(),
                  std::string(p.description).c_str());
    }
  }
  std::printf("  bugs (--bug NAME):\n");
  for (size_t i = 1; i < EnumSize(typename P::Bug{}); ++i) {
    const auto bug = static_cast<typename P::Bug>(i);
    std::printf("    %s: %s\n", KebabName(EnumName(bug)).c_str(),
                std::string(core::BugHelp<P>(bug)).c_str());
  }
}

}  // namespace stepwise::tools

#endif  // STEPWISE_TOOLS_STEPWISE_PROTOCOL_COMMAND_H_
