// `stepwise check <protocol>` and `stepwise replay`, generic over the
// protocol list (core/protocols.h).
//
// Each protocol's own options and bugs come from its manifest; the options
// shared by every protocol (network, faults, search mode, output files) are
// added here once.

#ifndef STEPWISE_TOOLS_STEPWISE_CHECK_COMMAND_H_
#define STEPWISE_TOOLS_STEPWISE_CHECK_COMMAND_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_join.h"
#include "model_check/json.h"
#include "model_check/options.h"
#include "model_check/replay.h"

namespace stepwise::tools {

inline constexpr int kExitOk = 0;
inline constexpr int kExitViolation = 1;
inline constexpr int kExitUsage = 2;

// Output choices shared by every check.
struct CheckOutputs {
  std::string trace_out;
  std::string stats_json;
  std::string html;  // the viewer page of the counterexample
};

using mc::KebabName;

// Adds `flag` taking one of an enum's command-line spellings. Help and errors
// list the spellings (CLI11's own enum mapping would print the uint8_t values
// as characters).
template <typename E>
CLI::Option* AddEnumOption(CLI::App* command, const std::string& flag, E* value,
                           const std::string& help) {
  const std::vector<std::string> names = core::KebabNames<E>();
  return command
      ->add_option_function<std::string>(
          flag,
          [value](const std::string& text) {
            *value = *core::EnumFromKebab<E>(text);  // checked by IsMember
          },
          help)
      ->check(CLI::IsMember(names).description(""))
      ->type_name(absl::StrJoin(names, "|"))
      ->default_str(KebabName(EnumName(*value)));
}

// Adds the shared options of `stepwise check` to a protocol's subcommand.
void AddCommonCheckOptions(CLI::App* command, mc::Options* options,
                           CheckOutputs* outputs);

// The shared options whose defaults `defaults` changes, as flags
// ("--crashes 1"); "" when it changes none.
std::string DescribeOptionDefaults(const mc::Options& defaults);

// Registers `check <name>` for every protocol of the list, and
// `check --list`.
void RegisterCheckCommands(CLI::App* app,
                           std::function<void(int)> set_exit_code);

// `stepwise check --list`.
void PrintList();

}  // namespace stepwise::tools

#endif  // STEPWISE_TOOLS_STEPWISE_CHECK_COMMAND_H_
