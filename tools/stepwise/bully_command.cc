#include <string>

#include "core/bully/bully.h"
#include "tools/stepwise/protocol_command.h"

namespace stepwise::tools {

void RegisterBully(CLI::App* check, Registry* registry,
                   std::function<void(int)> set_exit_code) {
  using core::bully::Bully;
  ProtocolCli<Bully> cli;
  cli.summary =
      "Garcia-Molina Bully election with Answer/Coordinator timeouts, "
      "ping/ack failure detection and optional priorities";
  cli.option_help = {
      "--nodes N             cluster size (default 3); node i has id i+1",
      "--priorities P1,P2..  one priority per node (default: priority = id); "
      "the highest wins, ties to the larger id",
      "--max-elections K     elections each node may start (default 2)"};
  cli.bug_help = {
      "",
      "a node receiving Election does not reply Answer, so lower nodes win "
      "too",
      "the rank comparison is reversed, so the lowest-ranked node wins",
      "equal priorities are not broken by id, so tied nodes both win",
  };
  cli.add_options = [](CLI::App* command, Bully::Config* config) {
    command->add_option("--nodes", config->nodes, "cluster size")
        ->check(CLI::Range(1u, core::bully::kMaxNodes));
    command
        ->add_option("--priorities", config->priorities,
                     "one priority per node, comma-separated")
        ->delimiter(',');
    command
        ->add_option("--max-elections", config->max_elections,
                     "elections each node may start")
        ->check(CLI::Range(1u, 16u));
  };
  cli.validate = [](const Bully::Config& config) {
    return std::string(Bully::Validate(config));
  };
  RegisterProtocol<Bully>(check, registry, cli, std::move(set_exit_code));
}

}  // namespace stepwise::tools
