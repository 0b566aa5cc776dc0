// What a client's RESP command asks a node to do, and how a Raft result is
// answered in RESP.
//
// Commands that change or read the store go through Raft (a write is a log
// entry; a read is a ReadIndex read), so every one is linearizable. The rest
// are answered by the node at once. Redis semantics are kept where a Redis
// client would notice: SET NX/XX answer nil when the condition fails, DEL
// answers the number of keys removed, INCR answers the new value.

#ifndef STEPWISE_TOOLS_RUNNER_CLIENT_COMMANDS_H_
#define STEPWISE_TOOLS_RUNNER_CLIENT_COMMANDS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "core/protocol.h"
#include "core/raft/kv.h"

namespace stepwise::runner {

// How the result of a replicated command is spelled in RESP.
enum class ReplyStyle : uint8_t { kGet, kSet, kDel, kIncr };

struct ReplicatedCommand {
  core::raft::KvCommand command;
  ReplyStyle style = ReplyStyle::kGet;
};

// Answered by the node without Raft.
enum class LocalOp : uint8_t {
  kPing,
  kQuit,
  kInfo,
  kRole,      // STEPWISE.ROLE: role, term, leader (for scripts and tests)
  kLocalGet,  // STEPWISE.LOCALGET key: this node's applied value, not
              // linearizable (fault-injection builds of a test only)
  kIsolate,   // STEPWISE.ISOLATE ms: drop every peer frame for ms
};
struct LocalCommand {
  LocalOp op = LocalOp::kPing;
  std::string argument;
  uint64_t number = 0;
};

// A reply known without asking anyone (errors, PING, COMMAND ...).
struct ImmediateReply {
  std::string resp;  // encoded
};

using ClientAction =
    std::variant<ReplicatedCommand, LocalCommand, ImmediateReply>;

// `fault_injection`: whether STEPWISE.ISOLATE and STEPWISE.LOCALGET are
// allowed (node flag --enable-fault-injection).
ClientAction InterpretCommand(std::span<const std::string> args,
                              bool fault_injection);

// Appends the RESP reply to a replicated command. `client_address_of` maps a
// leader hint to the address clients reach it at (empty when unknown); a
// NotLeader result becomes `-MOVED 0 HOST:PORT` (Redis Cluster's redirect,
// which `redis-cli -c` follows) or `-CLUSTERDOWN` when no leader is known.
void AppendResultReply(
    std::string* out, ReplyStyle style, const core::raft::KvResult& result,
    const std::function<std::string(core::NodeId)>& client_address_of);

}  // namespace stepwise::runner

#endif  // STEPWISE_TOOLS_RUNNER_CLIENT_COMMANDS_H_
