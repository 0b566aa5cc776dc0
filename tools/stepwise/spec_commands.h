// `stepwise prove <protocol>` (inductive invariants with Z3, any cluster
// size) and `stepwise bmc <protocol>` (bounded model checking with Z3).

#ifndef STEPWISE_TOOLS_STEPWISE_SPEC_COMMANDS_H_
#define STEPWISE_TOOLS_STEPWISE_SPEC_COMMANDS_H_

#include <functional>

#include "CLI/CLI.hpp"

namespace stepwise::tools {

void RegisterProve(CLI::App* app, std::function<void(int)> set_exit_code);
void RegisterBmc(CLI::App* app, std::function<void(int)> set_exit_code);

}  // namespace stepwise::tools

#endif  // STEPWISE_TOOLS_STEPWISE_SPEC_COMMANDS_H_
