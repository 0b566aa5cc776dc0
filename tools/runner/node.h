// One Stepwise node: the unchanged Raft core (core/raft) driven by real
// sockets, timers and a disk.
//
// Everything runs on one Asio io_context thread. Socket reads, timer expiries
// and client commands become core Events; each is stepped through
// `Raft::step`. The loop then carries out the Effects in the order the core
// requires (core/protocol.h): the durable changes of every step in the batch
// are written to the WAL and synced once, and only then do the batch's
// messages and client replies leave. The runner decides nothing the step
// function decides: it only times (jittered election timeouts, heartbeats),
// moves bytes and keeps the disk.
//
// Peers: each node dials every other node and sends on that connection only;
// what it receives arrives on the connections the others dialed. A
// connection starts with a handshake (frame.h): cluster id, node ids and an
// HMAC over both nonces with the shared cluster secret. Send queues are
// bounded; a message that does not fit, or has no connection, is dropped
// (Raft retransmits).
//
// Clients speak RESP (client_commands.h). Each connection is one Raft client
// session (a random 64-bit client id, sequence numbers from 1), so a command
// is applied at most once. Replies go out in request order.

#ifndef STEPWISE_TOOLS_RUNNER_NODE_H_
#define STEPWISE_TOOLS_RUNNER_NODE_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "tools/runner/address.h"

namespace stepwise::runner {

struct NodeOptions {
  uint32_t id = 0;                     // 1-based, as in --peers
  std::map<uint32_t, HostPort> peers;  // every node's peer address, self too
  HostPort client;                     // where RESP clients connect
  std::optional<HostPort> metrics;     // Prometheus text endpoint
  std::string data_dir;
  std::string cluster_id = "stepwise";
  std::string secret;  // shared by every node of the cluster
  // An election timer fires after a uniform draw from [t, 2t).
  uint32_t election_timeout_ms = 1000;
  uint32_t heartbeat_ms = 100;
  // A client command not answered in this time gets "-TIMEOUT": its outcome
  // is unknown (it may still be applied).
  uint32_t request_timeout_ms = 5000;
  bool fsync = true;
  bool pre_vote = true;
  bool check_quorum = true;
  // STEPWISE.ISOLATE and STEPWISE.LOCALGET on the client port (tests only).
  bool fault_injection = false;
  uint32_t max_append_entries = 256;
  size_t peer_queue_bytes = 32u << 20;
};

// Runs the node until SIGINT or SIGTERM. Returns the process exit code: 0
// after a clean stop; 2 when the options or the data directory are unusable
// (e.g. a corrupt WAL record: the message names file and offset); 1 when the
// disk fails while running (the node stops rather than go on without its
// durable state).
int RunNode(const NodeOptions& options);

}  // namespace stepwise::runner

#endif  // STEPWISE_TOOLS_RUNNER_NODE_H_
