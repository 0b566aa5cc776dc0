// A local cluster of `stepwise node` processes for end-to-end tests: started
// on free loopback ports in a temporary directory, with fault injection on,
// and stopped (SIGKILL) when the object goes away.

#ifndef STEPWISE_TOOLS_RUNNER_TEST_CLUSTER_H_
#define STEPWISE_TOOLS_RUNNER_TEST_CLUSTER_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tools/runner/address.h"
#include "tools/runner/resp_client.h"

namespace stepwise::runner {

class TestCluster {
 public:
  struct Options {
    uint32_t nodes = 3;
    uint32_t election_timeout_ms = 300;
    uint32_t heartbeat_ms = 50;
    uint32_t request_timeout_ms = 1500;
    std::string cluster_id = "test";
    std::string secret = "test-secret";
  };

  // `binary`: the stepwise executable.
  TestCluster(std::string binary, Options options);
  ~TestCluster();
  TestCluster(const TestCluster&) = delete;
  TestCluster& operator=(const TestCluster&) = delete;

  // Starts node `id` (1-based) on its data directory; its stderr goes to
  // log_path(id).
  void Start(uint32_t id);
  void StartAll();
  // Sends `signal` (SIGKILL reaps the process; SIGSTOP/SIGCONT pause it).
  void Signal(uint32_t id, int signal);
  // Runs node `id` in the foreground until it exits (at most 20 s, then
  // SIGALRM ends it); returns its exit code and what it printed.
  int RunToExit(uint32_t id, std::string* output);

  // The node every live node agrees leads, once one does within `wait`.
  std::optional<uint32_t> WaitForLeader(std::chrono::milliseconds wait);
  // Sends one command to node `id`.
  absl::StatusOr<wire::RespValue> Call(uint32_t id,
                                       const std::vector<std::string>& args);

  uint32_t size() const { return options_.nodes; }
  const HostPort& client_address(uint32_t id) const { return clients_[id - 1]; }
  const HostPort& peer_address(uint32_t id) const { return peers_[id - 1]; }
  std::filesystem::path wal_dir(uint32_t id) const;
  std::filesystem::path log_path(uint32_t id) const;
  const Options& options() const { return options_; }

 private:
  std::vector<std::string> Arguments(uint32_t id) const;

  std::string binary_;
  Options options_;
  std::filesystem::path dir_;
  std::vector<HostPort> clients_;
  std::vector<HostPort> peers_;
  std::vector<pid_t> pids_;
};

}  // namespace stepwise::runner

#endif  // STEPWISE_TOOLS_RUNNER_TEST_CLUSTER_H_
