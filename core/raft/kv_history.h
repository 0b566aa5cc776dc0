// The key-value store's client history (core/raft/kv.h) checked for
// linearizability: what each command and each answer mean to the
// linearizability checker's key-value model. Every protocol that serves this
// store (Raft, Multi-Paxos) checks its clients' history with it, so the
// meaning of an answer is written once.

#ifndef STEPWISE_CORE_RAFT_KV_HISTORY_H_
#define STEPWISE_CORE_RAFT_KV_HISTORY_H_

#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "core/linearizability/history.h"
#include "core/linearizability/linearizability.h"
#include "core/protocol.h"
#include "core/raft/kv.h"

namespace stepwise::core::raft {

// The checker's input for a client command.
lin::KvInput KvInputOf(const KvCommand& command);

// The checker's output for an answer; nullopt for NotLeader: the request was
// definitely not carried out.
std::optional<lin::KvOutput> KvOutputOf(const KvCommand& command,
                                        const KvResult& result);

// True when the client history is explained by a sequential key-value store
// (Wing & Gong with Lowe's memoization). A NotLeader answer drops its
// request; an unanswered request may or may not have taken effect. A search
// that gives up proves nothing either way and counts as linearizable; the
// model checker's histories are a few operations long, far below its budget.
template <typename P>
bool KvHistoryLinearizable(std::span<const HistoryEvent<P>> history) {
  if (history.empty()) return true;
  const std::vector<lin::ModelOperation<lin::KvModel>> operations =
      lin::OperationsOf<lin::KvModel>(
          history, &KvInputOf,
          [](const KvCommand& command, const KvResult& result) {
            std::optional<lin::KvOutput> output = KvOutputOf(command, result);
            return lin::Answer<lin::KvOutput>{!output.has_value(),
                                              std::move(output)};
          });
  const lin::LinearizabilityResult result =
      lin::CheckLinearizable<lin::KvModel>(operations);
  return result.linearizable || result.gave_up;
}

}  // namespace stepwise::core::raft

#endif  // STEPWISE_CORE_RAFT_KV_HISTORY_H_
