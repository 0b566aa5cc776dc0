// `stepwise cluster up|status|down --dir D`: a local cluster of `stepwise
// node` processes on one machine, for trying the runner out.
//
// Layout of D: `cluster.json` (ports, pids), `secret` (the shared cluster
// secret, mode 0600), and `nN/` per node (`wal/` and `node.log`). Node N
// serves clients on base_port + N - 1, peers on base_port + 100 + N - 1 and
// metrics on base_port + 200 + N - 1. `up` on a directory that already has a
// cluster (stopped) restarts it from its WALs.

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "tools/runner/resp_client.h"
#include "tools/stepwise/check_command.h"
#include "wire/resp.h"

namespace stepwise::tools {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

struct ClusterArgs {
  std::string dir;
  uint32_t nodes = 3;
  uint32_t base_port = 7379;
  std::string host = "127.0.0.1";
  bool no_fsync = false;
  int wait_seconds = 20;
};

struct NodeEntry {
  uint32_t id = 0;
  runner::HostPort client;
  runner::HostPort peer;
  runner::HostPort metrics;
  pid_t pid = 0;
};

fs::path ManifestPath(const std::string& dir) {
  return fs::path(dir) / "cluster.json";
}

bool Alive(pid_t pid) { return pid > 0 && kill(pid, 0) == 0; }

bool WriteManifest(const std::string& dir, const std::vector<NodeEntry>& nodes,
                   const ClusterArgs& args) {
  Json manifest;
  manifest["host"] = args.host;
  manifest["base_port"] = args.base_port;
  manifest["no_fsync"] = args.no_fsync;
  for (const NodeEntry& node : nodes) {
    manifest["nodes"].push_back({{"id", node.id},
                                 {"client", node.client.ToString()},
                                 {"peer", node.peer.ToString()},
                                 {"metrics", node.metrics.ToString()},
                                 {"pid", node.pid}});
  }
  std::ofstream out(ManifestPath(dir));
  out << manifest.dump(2) << "\n";
  return static_cast<bool>(out);
}

// Reads cluster.json; an error names the file and what is wrong.
bool ReadManifest(const std::string& dir, std::vector<NodeEntry>* nodes,
                  ClusterArgs* args) {
  const fs::path path = ManifestPath(dir);
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "stepwise cluster: no cluster in %s (no %s)\n",
                 dir.c_str(), path.c_str());
    return false;
  }
  try {
    const Json manifest = Json::parse(in);
    args->host = manifest.at("host").get<std::string>();
    args->base_port = manifest.at("base_port").get<uint32_t>();
    args->no_fsync = manifest.value("no_fsync", false);
    for (const Json& entry : manifest.at("nodes")) {
      NodeEntry node;
      node.id = entry.at("id").get<uint32_t>();
      for (auto [field, address] :
           {std::pair{"client", &node.client}, std::pair{"peer", &node.peer},
            std::pair{"metrics", &node.metrics}}) {
        auto parsed =
            runner::ParseHostPort(entry.at(field).get<std::string>(), field);
        if (!parsed.ok()) throw std::runtime_error(parsed.status().ToString());
        *address = *parsed;
      }
      node.pid = entry.at("pid").get<pid_t>();
      nodes->push_back(node);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stepwise cluster: %s is not a cluster manifest: %s\n",
                 path.c_str(), e.what());
    return false;
  }
  return true;
}

std::string SelfExecutable() {
  std::error_code error;
  fs::path self = fs::read_symlink("/proc/self/exe", error);
  return error ? std::string("stepwise") : self.string();
}

// Starts `stepwise node` detached from this process (own session, output
// to its log file), so it outlives `cluster up`.
pid_t Spawn(const std::vector<std::string>& argv, const fs::path& log) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  setsid();
  const int null_fd = open("/dev/null", O_RDONLY);
  const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
  if (log_fd >= 0) {
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
  }
  std::vector<char*> args;
  for (const std::string& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  std::perror("execv");
  _exit(127);
}

std::string MakeSecret() {
  std::random_device device;
  std::string secret;
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 64; ++i) secret += kHex[device() % 16];
  return secret;
}

struct Role {
  std::string role;
  int64_t term = 0;
  int64_t leader = 0;
};

std::optional<Role> AskRole(const runner::HostPort& client) {
  auto connection =
      runner::RespClient::Connect(client, std::chrono::milliseconds(500));
  if (!connection.ok()) return std::nullopt;
  auto reply = connection->Call({"STEPWISE.ROLE"});
  if (!reply.ok() || reply->kind != wire::RespValue::Kind::kArray ||
      reply->elements.size() != 3) {
    return std::nullopt;
  }
  return Role{reply->elements[0].text, reply->elements[1].integer,
              reply->elements[2].integer};
}

void PrintLogTail(const fs::path& log) {
  std::ifstream in(log);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  const size_t from = lines.size() > 10 ? lines.size() - 10 : 0;
  for (size_t i = from; i < lines.size(); ++i) {
    std::fprintf(stderr, "    %s\n", lines[i].c_str());
  }
}

int Up(const ClusterArgs& requested) {
  ClusterArgs args = requested;
  std::vector<NodeEntry> nodes;
  std::error_code error;
  fs::create_directories(args.dir, error);
  if (error) {
    std::fprintf(stderr, "stepwise cluster: cannot create %s: %s\n",
                 args.dir.c_str(), error.message().c_str());
    return kExitUsage;
  }
  if (fs::exists(ManifestPath(args.dir))) {
    if (!ReadManifest(args.dir, &nodes, &args)) return kExitUsage;
    for (const NodeEntry& node : nodes) {
      if (Alive(node.pid)) {
        std::fprintf(stderr,
                     "stepwise cluster: %s already runs (node %u is pid %d); "
                     "stepwise cluster down --dir %s first\n",
                     args.dir.c_str(), node.id, node.pid, args.dir.c_str());
        return kExitUsage;
      }
    }
    std::printf("restarting the cluster in %s from its write-ahead logs\n",
                args.dir.c_str());
  } else {
    if (args.nodes < 1 || args.nodes > 31 || args.base_port < 1 ||
        args.base_port + 200 + args.nodes > 65535) {
      std::fprintf(stderr,
                   "stepwise cluster: need 1..31 nodes and a base port that "
                   "leaves room for base+200+N\n");
      return kExitUsage;
    }
    for (uint32_t id = 1; id <= args.nodes; ++id) {
      const uint16_t offset = static_cast<uint16_t>(args.base_port + id - 1);
      nodes.push_back(
          NodeEntry{id,
                    {args.host, offset},
                    {args.host, static_cast<uint16_t>(offset + 100)},
                    {args.host, static_cast<uint16_t>(offset + 200)},
                    0});
    }
  }
  const fs::path secret_path = fs::path(args.dir) / "secret";
  if (!fs::exists(secret_path)) {
    std::ofstream out(secret_path);
    out << MakeSecret() << "\n";
    out.close();
    chmod(secret_path.c_str(), 0600);
  }
  std::string peers;
  for (const NodeEntry& node : nodes) {
    absl::StrAppend(&peers, peers.empty() ? "" : ",", node.id, "=",
                    node.peer.ToString());
  }
  const std::string self = SelfExecutable();
  for (NodeEntry& node : nodes) {
    const fs::path node_dir = fs::path(args.dir) / absl::StrCat("n", node.id);
    fs::create_directories(node_dir, error);
    std::vector<std::string> argv = {self,
                                     "node",
                                     "--id",
                                     std::to_string(node.id),
                                     "--peers",
                                     peers,
                                     "--client",
                                     node.client.ToString(),
                                     "--metrics",
                                     node.metrics.ToString(),
                                     "--data-dir",
                                     (node_dir / "wal").string(),
                                     "--secret-file",
                                     secret_path.string()};
    if (args.no_fsync) argv.push_back("--no-fsync");
    node.pid = Spawn(argv, node_dir / "node.log");
  }
  if (!WriteManifest(args.dir, nodes, args)) {
    std::fprintf(stderr, "stepwise cluster: cannot write %s\n",
                 ManifestPath(args.dir).c_str());
    return kExitUsage;
  }

  // Wait for every node to answer and one of them to lead.
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::seconds(args.wait_seconds);
  int64_t leader = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    for (NodeEntry& node : nodes) {
      int status = 0;
      if (waitpid(node.pid, &status, WNOHANG) == node.pid) {
        std::fprintf(stderr,
                     "stepwise cluster: node %u exited during start-up; the "
                     "end of its log:\n",
                     node.id);
        PrintLogTail(fs::path(args.dir) / absl::StrCat("n", node.id) /
                     "node.log");
        for (const NodeEntry& other : nodes) kill(other.pid, SIGTERM);
        return kExitViolation;
      }
    }
    int answering = 0;
    leader = 0;
    for (const NodeEntry& node : nodes) {
      if (std::optional<Role> role = AskRole(node.client)) {
        ++answering;
        if (role->role == "leader") leader = node.id;
      }
    }
    if (answering == static_cast<int>(nodes.size()) && leader != 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::printf("cluster of %zu nodes in %s\n", nodes.size(), args.dir.c_str());
  for (const NodeEntry& node : nodes) {
    std::printf(
        "  node %u: client %s  peers %s  metrics http://%s/metrics  "
        "pid %d  log %s/n%u/node.log%s\n",
        node.id, node.client.ToString().c_str(), node.peer.ToString().c_str(),
        node.metrics.ToString().c_str(), node.pid, args.dir.c_str(), node.id,
        static_cast<int64_t>(node.id) == leader ? "  (leader)" : "");
  }
  if (leader == 0) {
    std::fprintf(stderr,
                 "stepwise cluster: no leader after %d s; see the node logs\n",
                 args.wait_seconds);
    return kExitViolation;
  }
  std::printf(
      "connect: redis-cli -c -h %s -p %u   (-c follows MOVED to the "
      "leader)\nstop:    stepwise cluster down --dir %s\n",
      args.host.c_str(), static_cast<unsigned>(nodes[0].client.port),
      args.dir.c_str());
  return kExitOk;
}

int Status(const ClusterArgs& requested) {
  ClusterArgs args = requested;
  std::vector<NodeEntry> nodes;
  if (!ReadManifest(args.dir, &nodes, &args)) return kExitUsage;
  int down = 0;
  std::printf("%-5s %-8s %-22s %-12s %-6s %s\n", "node", "pid", "client",
              "role", "term", "leader");
  for (const NodeEntry& node : nodes) {
    std::optional<Role> role;
    if (Alive(node.pid)) role = AskRole(node.client);
    if (!role) ++down;
    std::printf(
        "%-5u %-8d %-22s %-12s %-6s %s\n", node.id, node.pid,
        node.client.ToString().c_str(), role ? role->role.c_str() : "down",
        role ? std::to_string(role->term).c_str() : "-",
        role && role->leader ? std::to_string(role->leader).c_str() : "-");
  }
  return down == 0 ? kExitOk : kExitViolation;
}

int Down(const ClusterArgs& requested) {
  ClusterArgs args = requested;
  std::vector<NodeEntry> nodes;
  if (!ReadManifest(args.dir, &nodes, &args)) return kExitUsage;
  for (const NodeEntry& node : nodes) {
    if (Alive(node.pid)) kill(node.pid, SIGTERM);
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (NodeEntry& node : nodes) {
    while (Alive(node.pid) && std::chrono::steady_clock::now() < deadline) {
      waitpid(node.pid, nullptr, WNOHANG);  // reaps it if it is our child
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (Alive(node.pid)) {
      std::fprintf(stderr,
                   "stepwise cluster: node %u ignored SIGTERM; "
                   "killing it\n",
                   node.id);
      kill(node.pid, SIGKILL);
    }
    node.pid = 0;
  }
  WriteManifest(args.dir, nodes, args);
  std::printf(
      "cluster in %s stopped (data kept; `cluster up --dir %s` "
      "restarts it)\n",
      args.dir.c_str(), args.dir.c_str());
  return kExitOk;
}

}  // namespace

void RegisterCluster(CLI::App* app, std::function<void(int)> set_exit_code) {
  CLI::App* cluster = app->add_subcommand(
      "cluster", "start, inspect and stop a local cluster of nodes");
  cluster->require_subcommand(1);
  auto args = std::make_shared<ClusterArgs>();
  CLI::App* up = cluster->add_subcommand(
      "up", "start a local cluster in the background and wait for a leader");
  CLI::App* status =
      cluster->add_subcommand("status", "show each node's role and term");
  CLI::App* down = cluster->add_subcommand("down", "stop the cluster's nodes");
  args->dir = "stepwise-cluster";
  for (CLI::App* command : {up, status, down}) {
    command->add_option("--dir", args->dir, "the cluster's directory")
        ->capture_default_str();
  }
  up->add_option("--nodes", args->nodes, "number of nodes")
      ->capture_default_str()
      ->check(CLI::Range(1, 31));
  up->add_option("--base-port", args->base_port,
                 "client ports start here; peers +100, metrics +200")
      ->capture_default_str();
  up->add_option("--host", args->host, "address to listen on")
      ->capture_default_str();
  up->add_flag("--no-fsync", args->no_fsync,
               "run the nodes without fdatasync (experiments only)");
  up->add_option("--wait-seconds", args->wait_seconds,
                 "how long to wait for a leader")
      ->capture_default_str();
  up->callback([args, set_exit_code] { set_exit_code(Up(*args)); });
  status->callback([args, set_exit_code] { set_exit_code(Status(*args)); });
  down->callback([args, set_exit_code] { set_exit_code(Down(*args)); });
}

}  // namespace stepwise::tools
