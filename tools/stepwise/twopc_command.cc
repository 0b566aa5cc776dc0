#include "absl/strings/str_cat.h"
#include "core/twopc/twopc.h"
#include "tools/stepwise/protocol_command.h"

namespace stepwise::tools {

void RegisterTwoPhase(CLI::App* check, Registry* registry,
                      std::function<void(int)> set_exit_code) {
  using core::twopc::TwoPhase;
  ProtocolCli<TwoPhase> cli;
  cli.summary =
      "two-phase commit: one transaction manager, N resource managers";
  cli.option_help = {"--rms N   number of resource managers (default 3)"};
  cli.bug_help = {
      "",
      "the TM commits once a majority of RMs has prepared",
      "an RM may still give up after it has prepared",
      "the TM's decision is not durable: a restarted TM is undecided",
      "an RM's prepared state is not durable",
  };
  cli.add_options = [](CLI::App* command, TwoPhase::Config* config) {
    command->add_option("--rms", config->rms, "number of resource managers")
        ->check(CLI::Range(1u, core::twopc::kMaxRms));
  };
  RegisterProtocol<TwoPhase>(check, registry, cli, std::move(set_exit_code));
}

}  // namespace stepwise::tools
