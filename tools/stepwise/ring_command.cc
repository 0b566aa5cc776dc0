#include "core/ring/ring.h"
#include "tools/stepwise/protocol_command.h"

namespace stepwise::tools {

void RegisterRing(CLI::App* check, Registry* registry,
                  std::function<void(int)> set_exit_code) {
  using core::ring::ChangRoberts;
  ProtocolCli<ChangRoberts> cli;
  cli.summary =
      "Chang-Roberts leader election on a unidirectional ring (every subset "
      "of nodes may initiate)";
  cli.option_help = {
      "--nodes N       ring size (default 3); node i has id i+1",
      "--largest-wins  elect the largest id (default: the smallest, as TLA+)",
      "--announce      the winner sends a Coordinator round",
      "--ids 3,1,2     node i's id, in ring order (default: i+1)"};
  cli.bug_help = {
      "",
      "a candidate declares victory on an id that loses to its own",
      "a node that has lost swallows ids instead of forwarding them",
  };
  cli.add_options = [](CLI::App* command, ChangRoberts::Config* config) {
    command->add_option("--nodes", config->nodes, "ring size")
        ->check(CLI::Range(1u, core::ring::kMaxNodes));
    command->add_flag("--largest-wins", config->largest_wins,
                      "elect the largest id");
    command->add_flag("--announce", config->announce,
                      "announce the winner around the ring");
    command
        ->add_option("--ids", config->ids,
                     "node i's id, in ring order (comma-separated)")
        ->delimiter(',');
  };
  cli.validate = [](const ChangRoberts::Config& config) {
    return std::string(ChangRoberts::Validate(config));
  };
  RegisterProtocol<ChangRoberts>(check, registry, cli,
                                 std::move(set_exit_code));
}

}  // namespace stepwise::tools
