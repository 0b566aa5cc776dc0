// A node's counters and latencies, rendered as Redis INFO fields and as the
// Prometheus text format (both from one list, so they cannot disagree).

#ifndef STEPWISE_TOOLS_RUNNER_METRICS_H_
#define STEPWISE_TOOLS_RUNNER_METRICS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace stepwise::runner {

// Latencies of the most recent operations (a ring of fixed size, so memory
// stays bounded and percentiles follow the current load).
class LatencyWindow {
 public:
  explicit LatencyWindow(size_t capacity = 1 << 14) : capacity_(capacity) {}
  void Record(uint64_t nanos);
  // The q-quantile (0 < q <= 1) of the window in nanoseconds; 0 if empty.
  uint64_t Quantile(double q) const;
  uint64_t count() const { return count_; }

 private:
  size_t capacity_;
  std::vector<uint64_t> samples_;
  size_t next_ = 0;
  uint64_t count_ = 0;
};

struct NodeMetrics {
  // Raft.
  uint64_t elections_started = 0;  // became (pre-)candidate
  uint64_t leader_changes = 0;     // the known leader changed
  uint64_t became_leader = 0;
  uint64_t proposals = 0;
  uint64_t reads = 0;
  uint64_t entries_applied = 0;
  // Peers.
  uint64_t peer_bytes_in = 0;
  uint64_t peer_bytes_out = 0;
  uint64_t peer_messages_in = 0;
  uint64_t peer_messages_out = 0;
  uint64_t peer_messages_dropped = 0;  // send queue full or link down
  uint64_t peer_rejected = 0;          // bad frames, handshakes, cluster ids
  // Clients.
  uint64_t client_bytes_in = 0;
  uint64_t client_bytes_out = 0;
  uint64_t client_connections = 0;  // accepted so far
  uint64_t client_commands = 0;
  uint64_t client_protocol_errors = 0;
  uint64_t client_timeouts = 0;  // answered "outcome unknown"
  LatencyWindow write_latency;   // request to reply, replicated writes
  LatencyWindow read_latency;    // request to reply, ReadIndex reads
  // The step loop.
  uint64_t batches = 0;  // steps whose durable changes shared one sync
  uint64_t steps = 0;
};

// One field, as both formats print it.
struct MetricField {
  std::string name;  // snake_case, e.g. "raft_term"
  std::string help;
  std::string value;     // printed as is
  bool counter = false;  // Prometheus type: counter or gauge
  bool numeric = true;   // false: INFO only (e.g. role names)
};

// Redis INFO text: "# Section" headers are not needed by clients; one
// "name:value" per line, CRLF-terminated as Redis does.
std::string RenderInfo(const std::vector<MetricField>& fields);
// Prometheus text exposition format 0.0.4, names prefixed "stepwise_".
std::string RenderPrometheus(const std::vector<MetricField>& fields);

}  // namespace stepwise::runner

#endif  // STEPWISE_TOOLS_RUNNER_METRICS_H_
