#include "core/raft/raft.h"
#include "tools/stepwise/protocol_command.h"

namespace stepwise::tools {

void RegisterRaft(CLI::App* check, Registry* registry,
                  std::function<void(int)> set_exit_code) {
  using core::raft::Raft;
  ProtocolCli<Raft> cli;
  cli.summary =
      "Raft: elections, log replication, a replicated key-value store, "
      "ReadIndex reads";
  cli.option_help = {
      "--nodes N          cluster size (default 3)",
      "--max-term T       bound: states past term T are not expanded "
      "(default 2)",
      "--max-log L        bound: states with logs longer than L are not "
      "expanded (default 1)",
      "--max-append K     entries per AppendEntries, 0: no limit (default 1)",
      "--pre-vote         PreVote before elections",
      "--check-quorum     leaders step down without a live quorum; followers "
      "with a leader ignore campaigns",
      "--no-auto-propose  leaders do not propose the model's client command",
      "--no-auto-read     leaders do not start the model's ReadIndex read",
      "--requests K       K clients send put/get requests and the history "
      "must be linearizable (replaces the leaders' stand-in proposal and "
      "read)",
      "--idle-heartbeats  heartbeat followers with nothing to learn",
      "--crashes K        crash budget (default 1 for raft: the "
      "new-leader-after-crash goal needs one; --crashes 0 for none)",
  };
  cli.bug_help = {
      "",
      "a leader commits an earlier term's entry once a majority stores it "
      "(Figure 8)",
      "votes are granted without the log up-to-date check",
      "a vote leaves before the vote is persisted",
      "a follower overwrites a conflicting entry but keeps those after it",
      "a restarted node forgets its vote",
      "a leader answers reads from its own state without confirming it "
      "still leads",
  };
  cli.add_options = [](CLI::App* command, Raft::Config* config) {
    *config = core::raft::ModelCheckingConfig();
    command->add_option("--nodes", config->nodes, "cluster size")
        ->check(CLI::Range(1u, core::raft::kMaxNodes));
    command->add_option("--max-term", config->max_term, "term bound");
    command->add_option("--max-log", config->max_log_length, "log bound");
    command->add_option("--max-append", config->max_append_entries,
                        "entries per AppendEntries (0: no limit)");
    command->add_flag("--pre-vote", config->pre_vote, "PreVote");
    command->add_flag("--check-quorum", config->check_quorum, "CheckQuorum");
    command->add_flag("!--no-auto-propose", config->auto_propose,
                      "leaders do not propose the model's client command");
    command->add_flag("--idle-heartbeats", config->idle_heartbeats,
                      "heartbeat followers with nothing to learn");
    command->add_flag("!--no-auto-read", config->auto_read,
                      "leaders do not start the model's read");
  };
  cli.adapt = [](Raft::Config* config, const mc::Options& options) {
    if (options.requests > 0) {
      config->auto_propose = false;
      config->auto_read = false;
    }
  };
  // One crash by default, so the default run can reach every sanity goal,
  // new-leader-after-crash included.
  cli.default_options = [](mc::Options* options) { options->crashes = 1; };
  RegisterProtocol<Raft>(check, registry, cli, std::move(set_exit_code));
}

}  // namespace stepwise::tools
