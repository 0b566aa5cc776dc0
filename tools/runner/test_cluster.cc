#include "tools/runner/test_cluster.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"

namespace stepwise::runner {
namespace {

// A port the kernel just handed out and released: free unless another
// process grabs it in between, which on a test machine's loopback is rare.
uint16_t FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

// Runs `args` in a child whose stdout and stderr go to `output` (opened with
// `mode`: O_APPEND or O_TRUNC); with `alarm_seconds` > 0 the child is ended
// by SIGALRM after that long.
pid_t Spawn(const std::vector<std::string>& args,
            const std::filesystem::path& output, int mode,
            unsigned alarm_seconds) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  const int fd = open(output.c_str(), O_WRONLY | O_CREAT | mode, 0644);
  dup2(fd, STDERR_FILENO);
  dup2(fd, STDOUT_FILENO);
  if (alarm_seconds > 0) alarm(alarm_seconds);
  std::vector<char*> argv;
  for (const std::string& arg : args) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);
  execv(argv[0], argv.data());
  _exit(127);
}

}  // namespace

TestCluster::TestCluster(std::string binary, Options options)
    : binary_(std::move(binary)), options_(std::move(options)) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "stepwise-cluster-XXXXXX")
          .string();
  dir_ = mkdtemp(pattern.data());
  for (uint32_t i = 0; i < options_.nodes; ++i) {
    clients_.push_back({"127.0.0.1", FreePort()});
    peers_.push_back({"127.0.0.1", FreePort()});
    std::filesystem::create_directories(dir_ / absl::StrCat("n", i + 1));
  }
  pids_.assign(options_.nodes, 0);
  std::ofstream(dir_ / "secret") << options_.secret << "\n";
}

TestCluster::~TestCluster() {
  for (uint32_t id = 1; id <= options_.nodes; ++id) Signal(id, SIGKILL);
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::filesystem::path TestCluster::wal_dir(uint32_t id) const {
  return dir_ / absl::StrCat("n", id) / "wal";
}

std::filesystem::path TestCluster::log_path(uint32_t id) const {
  return dir_ / absl::StrCat("n", id) / "node.log";
}

std::vector<std::string> TestCluster::Arguments(uint32_t id) const {
  std::string peers;
  for (uint32_t i = 0; i < options_.nodes; ++i) {
    absl::StrAppend(&peers, i ? "," : "", i + 1, "=", peers_[i].ToString());
  }
  return {binary_,
          "node",
          "--id",
          std::to_string(id),
          "--peers",
          peers,
          "--client",
          clients_[id - 1].ToString(),
          "--data-dir",
          wal_dir(id).string(),
          "--cluster-id",
          options_.cluster_id,
          "--secret-file",
          (dir_ / "secret").string(),
          "--election-timeout-ms",
          std::to_string(options_.election_timeout_ms),
          "--heartbeat-ms",
          std::to_string(options_.heartbeat_ms),
          "--request-timeout-ms",
          std::to_string(options_.request_timeout_ms),
          "--enable-fault-injection"};
}

void TestCluster::Start(uint32_t id) {
  pids_[id - 1] = Spawn(Arguments(id), log_path(id), O_APPEND, 0);
}

void TestCluster::StartAll() {
  for (uint32_t id = 1; id <= options_.nodes; ++id) Start(id);
}

void TestCluster::Signal(uint32_t id, int signal) {
  const pid_t pid = pids_[id - 1];
  if (pid <= 0) return;
  if (signal == SIGKILL) kill(pid, SIGCONT);  // a stopped node dies too
  kill(pid, signal);
  if (signal == SIGKILL || signal == SIGTERM) {
    waitpid(pid, nullptr, 0);
    pids_[id - 1] = 0;
  }
}

int TestCluster::RunToExit(uint32_t id, std::string* output) {
  const std::filesystem::path out = dir_ / "run-to-exit.txt";
  // A node that unexpectedly keeps running is ended by SIGALRM.
  const pid_t pid = Spawn(Arguments(id), out, O_TRUNC, 20);
  int status = 0;
  waitpid(pid, &status, 0);
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  *output = text.str();
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

absl::StatusOr<wire::RespValue> TestCluster::Call(
    uint32_t id, const std::vector<std::string>& args) {
  absl::StatusOr<RespClient> client =
      RespClient::Connect(clients_[id - 1], std::chrono::milliseconds(2000));
  if (!client.ok()) return client.status();
  return client->Call(args);
}

std::optional<uint32_t> TestCluster::WaitForLeader(
    std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < deadline) {
    for (uint32_t id = 1; id <= options_.nodes; ++id) {
      if (pids_[id - 1] <= 0) continue;
      absl::StatusOr<wire::RespValue> role = Call(id, {"STEPWISE.ROLE"});
      if (role.ok() && role->kind == wire::RespValue::Kind::kArray &&
          role->elements.size() == 3 && role->elements[0].text == "leader") {
        return id;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return std::nullopt;
}

}  // namespace stepwise::runner
