// `stepwise check <protocol>` and `stepwise replay`, generic over protocols.
//
// Each protocol contributes a ProtocolCli (its name, its own options and
// bugs); the options shared by every protocol (network, faults, search mode,
// output files) are added here once.

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
};

using mc::KebabName;

// Command-line spellings of an enum's values: {"majority-commit",
// kMajorityCommit}.
template <typename E>
std::map<std::string, E> EnumChoices() {
  std::map<std::string, E> choices;
  for (size_t i = 0; i < EnumSize(E{}); ++i) {
    choices[KebabName(EnumName(static_cast<E>(i)))] = static_cast<E>(i);
  }
  return choices;
}

// Adds `flag` taking one of an enum's command-line spellings. Help and errors
// list the spellings (CLI11's own enum mapping would print the uint8_t values
// as characters).
template <typename E>
CLI::Option* AddEnumOption(CLI::App* command, const std::string& flag, E* value,
                           const std::string& help) {
  std::vector<std::string> names;
  for (size_t i = 0; i < EnumSize(E{}); ++i) {
    names.push_back(KebabName(EnumName(static_cast<E>(i))));
  }
  return command
      ->add_option_function<std::string>(
          flag,
          [value](const std::string& text) {
            *value = EnumChoices<E>().at(text);
          },
          help)
      ->check(CLI::IsMember(names).description(""))
      ->type_name(absl::StrJoin(names, "|"))
      ->default_str(KebabName(EnumName(*value)));
}

// What `stepwise check --list` and `stepwise replay` need from a protocol.
struct ProtocolEntry {
  std::string name;
  std::string summary;
  std::vector<std::string> options;     // e.g. "--rms N  number of RMs"
  std::vector<std::string> invariants;  // "name: description"
  std::vector<std::string> goals;
  std::vector<std::string> liveness;  // "name: description"
  std::vector<std::string> bugs;
  std::function<mc::ReplayOutcome(const mc::Json&)> replay;
};

class Registry {
 public:
  void Add(ProtocolEntry entry) { entries_.push_back(std::move(entry)); }
  const std::vector<ProtocolEntry>& entries() const { return entries_; }
  const ProtocolEntry* Find(const std::string& name) const {
    for (const auto& entry : entries_) {
      if (entry.name == name) return &entry;
    }
    return nullptr;
  }

 private:
  std::vector<ProtocolEntry> entries_;
};

// Adds the shared options of `stepwise check` to a protocol's subcommand.
void AddCommonCheckOptions(CLI::App* command, mc::Options* options,
                           CheckOutputs* outputs);

// Registers `check <name>` for every protocol, plus `check --list`.
void RegisterProtocols(CLI::App* check, Registry* registry,
                       std::function<void(int)> set_exit_code);

// `stepwise replay FILE`.
int RunReplay(const Registry& registry, const std::string& path);

// `stepwise check --list`.
void PrintList(const Registry& registry);

}  // namespace stepwise::tools

#endif  // STEPWISE_TOOLS_STEPWISE_CHECK_COMMAND_H_
