// Registers one protocol with the command line: `check <name>` with the
// shared options plus the protocol's own, `--bug`, and replay support.

#ifndef STEPWISE_TOOLS_STEPWISE_PROTOCOL_COMMAND_H_
#define STEPWISE_TOOLS_STEPWISE_PROTOCOL_COMMAND_H_

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "model_check/replay.h"
#include "tools/stepwise/check_command.h"
#include "tools/stepwise/run_check.h"

namespace stepwise::tools {

template <typename P>
struct ProtocolCli {
  std::string summary;
  std::vector<std::string> option_help;
  std::vector<std::string> bug_help;  // one line per bug, in enum order
  // Adds the protocol's own options, bound to `config`.
  std::function<void(CLI::App*, typename P::Config*)> add_options;
  // Rejects configurations the protocol cannot run ("" if fine).
  std::function<std::string(const typename P::Config&)> validate;
  // Adjusts the configuration to the run's options (e.g. real clients
  // replace a protocol's stand-ins when --requests is given).
  std::function<void(typename P::Config*, const mc::Options&)> adapt;
  // The protocol's defaults for the shared options (e.g. a crash budget its
  // sanity goals need); the command line overrides them.
  std::function<void(mc::Options*)> default_options;
};

// "" when every name given to --only is one of the protocol's invariants or
// liveness properties; otherwise a message naming the first unknown one.
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

template <typename P>
void RegisterProtocol(CLI::App* check, Registry* registry,
                      const ProtocolCli<P>& cli,
                      std::function<void(int)> set_exit_code) {
  const std::string name(P::kName);
  CLI::App* command = check->add_subcommand(name, cli.summary);
  auto config = std::make_shared<typename P::Config>();
  auto options = std::make_shared<mc::Options>();
  auto outputs = std::make_shared<CheckOutputs>();
  cli.add_options(command, config.get());
  if (cli.default_options) cli.default_options(options.get());
  AddEnumOption(command, "--bug", &config->bug, "switch on a textbook mistake");
  AddCommonCheckOptions(command, options.get(), outputs.get());
  auto validate = cli.validate;
  auto adapt = cli.adapt;
  command->callback([=] {
    if (adapt) adapt(config.get(), *options);
    const std::string unknown = UnknownProperty<P>(*options);
    if (!unknown.empty()) {
      std::fprintf(stderr, "stepwise: %s\n", unknown.c_str());
      set_exit_code(kExitUsage);
      return;
    }
    if (validate) {
      const std::string problem = validate(*config);
      if (!problem.empty()) {
        std::fprintf(stderr, "stepwise: %s\n", problem.c_str());
        set_exit_code(kExitUsage);
        return;
      }
    }
    set_exit_code(RunCheck<P>(*config, *options, *outputs));
  });

  ProtocolEntry entry;
  entry.name = name;
  entry.summary = cli.summary;
  entry.options = cli.option_help;
  for (const auto& p : P::invariants()) {
    entry.invariants.push_back(
        absl::StrCat(std::string(p.name), ": ", std::string(p.description)));
  }
  for (const auto& p : P::goals()) {
    entry.goals.push_back(
        absl::StrCat(std::string(p.name), ": ", std::string(p.description)));
  }
  if constexpr (core::HasLiveness<P>) {
    for (const auto& p : P::liveness()) {
      entry.liveness.push_back(
          absl::StrCat(std::string(p.name), ": ", std::string(p.description)));
    }
  }
  for (size_t i = 1; i < EnumSize(typename P::Bug{}); ++i) {
    const auto bug = static_cast<typename P::Bug>(i);
    entry.bugs.push_back(absl::StrCat(
        KebabName(EnumName(bug)), ": ",
        i < cli.bug_help.size() ? cli.bug_help[i] : std::string()));
  }
  entry.replay = [](const mc::Json& trace) { return mc::Replay<P>(trace); };
  registry->Add(std::move(entry));
}

}  // namespace stepwise::tools

#endif  // STEPWISE_TOOLS_STEPWISE_PROTOCOL_COMMAND_H_
