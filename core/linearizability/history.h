// Turns a model checker's client history (core::HistoryEvent, in the
// real-time order the checker recorded it) into the operations the
// linearizability checker reads, so every protocol that serves clients
// checks its history the same way.
//
// A call's answer is the first later return with its client and request id
// (`PairCalls`, which a protocol's other history invariants can use too).
// The protocol says what each answer means: `classify(command, result)`
// gives the operation's output, nullopt for "unknown" (a time-out), or
// marks the request rejected (it definitely did not happen, e.g. "not the
// leader"), and then the operation is left out. A call without an answer is
// pending: it may or may not take effect.

#ifndef STEPWISE_CORE_LINEARIZABILITY_HISTORY_H_
#define STEPWISE_CORE_LINEARIZABILITY_HISTORY_H_

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "core/linearizability/linearizability.h"

namespace stepwise::core::lin {

// What an answer says about its operation.
template <typename Output>
struct Answer {
  bool rejected = false;         // the operation did not happen
  std::optional<Output> output;  // nullopt: its outcome is unknown
};

// One call of the history and its answer, as positions in the history (the
// real-time order).
struct CallAndAnswer {
  uint64_t call = 0;
  std::optional<uint64_t> answer;  // none yet: pending
};

// Every call in the history, oldest first, each with its first later answer.
template <typename Event>
std::vector<CallAndAnswer> PairCalls(std::span<const Event> history) {
  std::vector<CallAndAnswer> calls;
  for (uint64_t time = 0; time < history.size(); ++time) {
    const Event& call = history[time];
    if (call.is_return) continue;
    CallAndAnswer pair{time, std::nullopt};
    for (uint64_t later = time + 1; later < history.size(); ++later) {
      const Event& answer = history[later];
      if (answer.is_return && answer.client == call.client &&
          answer.request_id == call.request_id) {
        pair.answer = later;
        break;
      }
    }
    calls.push_back(pair);
  }
  return calls;
}

template <LinearizabilityModel M, typename Event, typename ToInput,
          typename Classify>
std::vector<ModelOperation<M>> OperationsOf(std::span<const Event> history,
                                            ToInput to_input,
                                            Classify classify) {
  std::vector<ModelOperation<M>> operations;
  for (const CallAndAnswer& pair : PairCalls(history)) {
    const Event& call = history[pair.call];
    ModelOperation<M> operation;
    operation.client = call.client;
    operation.call = pair.call;
    operation.input = to_input(call.command);
    if (pair.answer.has_value()) {
      Answer<typename M::Output> meaning =
          classify(call.command, history[*pair.answer].result);
      if (meaning.rejected) continue;
      operation.output = std::move(meaning.output);
      operation.ret = *pair.answer;
    }
    operations.push_back(std::move(operation));
  }
  return operations;
}

}  // namespace stepwise::core::lin

#endif  // STEPWISE_CORE_LINEARIZABILITY_HISTORY_H_
