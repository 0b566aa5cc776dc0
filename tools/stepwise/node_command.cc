// `stepwise node`: runs one node of a Raft key-value cluster (tools/runner).

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>

#include "CLI/CLI.hpp"
#include "tools/runner/address.h"
#include "tools/runner/node.h"
#include "tools/stepwise/check_command.h"

namespace stepwise::tools {
namespace {

struct NodeArgs {
  uint32_t id = 0;
  std::string peers;
  std::string client;
  std::string metrics;
  std::string data_dir;
  std::string cluster_id = "stepwise";
  std::string secret_file;
  uint32_t election_timeout_ms = 1000;
  uint32_t heartbeat_ms = 100;
  uint32_t request_timeout_ms = 5000;
  bool no_fsync = false;
  bool no_pre_vote = false;
  bool no_check_quorum = false;
  bool fault_injection = false;
};

// The secret comes from a file (never the command line, which `ps` shows) or
// the environment.
bool ReadSecret(const NodeArgs& args, std::string* secret) {
  if (!args.secret_file.empty()) {
    std::ifstream in(args.secret_file);
    if (!in) {
      std::fprintf(stderr, "stepwise node: cannot read --secret-file %s\n",
                   args.secret_file.c_str());
      return false;
    }
    std::stringstream contents;
    contents << in.rdbuf();
    *secret = contents.str();
    while (!secret->empty() &&
           (secret->back() == '\n' || secret->back() == '\r')) {
      secret->pop_back();
    }
  } else if (const char* env = std::getenv("STEPWISE_CLUSTER_SECRET")) {
    *secret = env;
  }
  if (secret->empty()) {
    std::fprintf(stderr,
                 "stepwise node: no cluster secret: give --secret-file or set "
                 "STEPWISE_CLUSTER_SECRET\n");
    return false;
  }
  return true;
}

int RunNodeCommand(const NodeArgs& args) {
  runner::NodeOptions options;
  options.id = args.id;
  auto peers = runner::ParsePeers(args.peers);
  auto client = runner::ParseHostPort(args.client, "--client");
  for (const absl::Status& status : {peers.status(), client.status()}) {
    if (!status.ok()) {
      std::fprintf(stderr, "stepwise node: %s\n",
                   std::string(status.message()).c_str());
      return kExitUsage;
    }
  }
  options.peers = *peers;
  options.client = *client;
  if (!args.metrics.empty()) {
    auto metrics = runner::ParseHostPort(args.metrics, "--metrics");
    if (!metrics.ok()) {
      std::fprintf(stderr, "stepwise node: %s\n",
                   std::string(metrics.status().message()).c_str());
      return kExitUsage;
    }
    options.metrics = *metrics;
  }
  if (!ReadSecret(args, &options.secret)) return kExitUsage;
  options.data_dir = args.data_dir;
  options.cluster_id = args.cluster_id;
  options.election_timeout_ms = args.election_timeout_ms;
  options.heartbeat_ms = args.heartbeat_ms;
  options.request_timeout_ms = args.request_timeout_ms;
  options.fsync = !args.no_fsync;
  options.pre_vote = !args.no_pre_vote;
  options.check_quorum = !args.no_check_quorum;
  options.fault_injection = args.fault_injection;
  return runner::RunNode(options);
}

}  // namespace

void RegisterNode(CLI::App* app, std::function<void(int)> set_exit_code) {
  CLI::App* node = app->add_subcommand(
      "node", "run one node of a Raft key-value cluster (RESP clients)");
  auto args = std::make_shared<NodeArgs>();
  node->add_option("--id", args->id, "this node's id (1..N)")
      ->required()
      ->check(CLI::Range(1, 31));
  node->add_option("--peers", args->peers,
                   "every node's peer address: 1=HOST:PORT,2=HOST:PORT,...")
      ->required();
  node->add_option("--client", args->client,
                   "HOST:PORT where RESP clients (redis-cli) connect")
      ->required();
  node->add_option("--metrics", args->metrics,
                   "HOST:PORT for the Prometheus text endpoint (/metrics)");
  node->add_option("--data-dir", args->data_dir,
                   "directory of this node's write-ahead log")
      ->required();
  node->add_option("--cluster-id", args->cluster_id,
                   "name every node of the cluster shares")
      ->capture_default_str();
  node->add_option("--secret-file", args->secret_file,
                   "file holding the shared cluster secret (default: "
                   "$STEPWISE_CLUSTER_SECRET)");
  node->add_option("--election-timeout-ms", args->election_timeout_ms,
                   "election timeout t; timers fire after a draw from [t, 2t)")
      ->capture_default_str()
      ->check(CLI::Range(10, 600000));
  node->add_option("--heartbeat-ms", args->heartbeat_ms,
                   "leader heartbeat interval")
      ->capture_default_str()
      ->check(CLI::Range(1, 60000));
  node->add_option("--request-timeout-ms", args->request_timeout_ms,
                   "answer a client TIMEOUT (outcome unknown) after this")
      ->capture_default_str()
      ->check(CLI::Range(10, 3600000));
  node->add_flag("--no-fsync", args->no_fsync,
                 "skip fdatasync (unsafe: a power cut loses acknowledged "
                 "writes; for experiments only)");
  node->add_flag("--no-pre-vote", args->no_pre_vote, "switch off PreVote");
  node->add_flag("--no-check-quorum", args->no_check_quorum,
                 "switch off CheckQuorum");
  node->add_flag("--enable-fault-injection", args->fault_injection,
                 "accept STEPWISE.ISOLATE and STEPWISE.LOCALGET (tests)");
  node->callback(
      [args, set_exit_code] { set_exit_code(RunNodeCommand(*args)); });
}

}  // namespace stepwise::tools
