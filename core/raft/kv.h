// The replicated state machine of the Raft core: a small key-value store with
// client sessions.
//
// Commands are applied in log order on every node. A client session remembers
// the highest sequence number applied for each client and the result it
// produced, so a command that a client retried (and that therefore reached the
// log twice, or reached a new leader's log once more) takes effect exactly once
// and the retry is answered with the original result (Raft dissertation §6.3).
// Sessions never expire here; bounding them is future work.
//
// A value type: copyable, comparable, hashable, codec-encodable. Thread-safety:
// none needed (no shared state).

#ifndef STEPWISE_CORE_RAFT_KV_H_
#define STEPWISE_CORE_RAFT_KV_H_

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/protocol.h"
#include "core/reflect.h"

namespace stepwise::core::raft {

// kPutIfAbsent and kPutIfPresent are Redis's SET NX and SET XX; kIncr adds
// one to a decimal integer value (a missing key counts as 0), as Redis's
// INCR. New operations go at the end: the codec encodes the position.
STEPWISE_ENUM(KvOp, kGet, kPut, kDelete, kCas, kPutIfAbsent, kPutIfPresent,
              kIncr);

// What a client asks for. `value` is the new value of put, cas and the
// conditional puts; `expected` is the value cas compares against.
struct KvCommand {
  KvOp op = KvOp::kGet;
  std::string key;
  std::string value;
  std::string expected;
  STEPWISE_FIELDS(KvCommand, op, key, value, expected)
};

// Results a client can receive.
struct KvOk {
  std::string value;  // get: the value read; otherwise empty
  STEPWISE_FIELDS(KvOk, value)
};
struct KvNotFound {
  STEPWISE_NO_FIELDS(KvNotFound)
};
struct KvCasFailed {
  std::string current;  // the value the key holds
  STEPWISE_FIELDS(KvCasFailed, current)
};
// kIncr on a value that is not a 64-bit decimal integer, or that would
// overflow.
struct KvNotInteger {
  STEPWISE_NO_FIELDS(KvNotInteger)
};
// This node is not the leader (or lost leadership before answering).
struct NotLeader {
  std::optional<NodeId> leader;  // who this node believes leads, if anyone
  STEPWISE_FIELDS(NotLeader, leader)
};
// Results of each operation:
//   get:             KvOk{value} | KvNotFound
//   put:             KvOk
//   delete:          KvOk | KvNotFound
//   cas:             KvOk | KvNotFound | KvCasFailed{current}
//   put-if-absent:   KvOk | KvCasFailed{current}
//   put-if-present:  KvOk | KvNotFound
//   incr:            KvOk{new value} | KvNotInteger
// New alternatives go at the end (the codec encodes the position).
using KvResult =
    std::variant<KvOk, KvNotFound, KvCasFailed, NotLeader, KvNotInteger>;

struct KvPair {
  std::string key;
  std::string value;
  STEPWISE_FIELDS(KvPair, key, value)
};

struct Session {
  ClientId client = 0;
  RequestId seq = 0;  // highest sequence number applied for this client
  KvResult result;    // what it produced
  STEPWISE_FIELDS(Session, client, seq, result)
};

// The applied state: pairs sorted by key, sessions sorted by client.
struct KvStore {
  std::vector<KvPair> pairs;
  std::vector<Session> sessions;
  STEPWISE_FIELDS(KvStore, pairs, sessions)

  // Applies `command` of request (`client`, `seq`) exactly once. Returns the
  // result to send the client; a retry of the last applied request returns
  // the cached result without applying again; an older request returns
  // nothing (the client has moved on).
  std::optional<KvResult> Apply(ClientId client, RequestId seq,
                                const KvCommand& command);

  // The outcome of (`client`, `seq`) if it was already applied: the cached
  // result for the last one, KvOk{} for older ones the client no longer waits
  // for. Empty if it was not applied.
  std::optional<KvResult> Lookup(ClientId client, RequestId seq) const;

  // A read: KvOk{value} or KvNotFound.
  KvResult Get(const std::string& key) const;
};

}  // namespace stepwise::core::raft

#endif  // STEPWISE_CORE_RAFT_KV_H_
