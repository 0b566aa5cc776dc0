// Which part of a Raft node's durable state (term, vote, log) must still go
// to the write-ahead log after a step.
//
// The runner calls Save after every step that persisted. Comparing whole logs
// each time would cost O(log length) per step, so only terms are kept: by the
// Log Matching property (which the model checker verifies for the core), two
// entries with the same index and term are the same entry, and so are all
// entries before them. Scanning back from the end to the last index whose
// term still matches finds where the log was cut or extended, usually at the
// first index looked at.

#ifndef STEPWISE_TOOLS_RUNNER_DURABLE_TRACKER_H_
#define STEPWISE_TOOLS_RUNNER_DURABLE_TRACKER_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/protocol.h"
#include "core/raft/raft.h"

namespace stepwise::runner {

class DurableTracker {
 public:
  // What is on disk now, e.g. what the WAL recovered.
  DurableTracker(uint64_t term, std::optional<core::NodeId> voted_for,
                 std::span<const core::raft::Entry> log)
      : term_(term), voted_for_(voted_for) {
    terms_.reserve(log.size());
    for (const core::raft::Entry& entry : log) terms_.push_back(entry.term);
  }

  // Hands `sink` (a Wal, or a test double with the same two calls) the
  // records that bring the disk to `state`: SaveHardState(term, vote) if
  // either changed, SaveEntries(first_index, entries) from the first index
  // that differs (entries may be empty: a pure truncation).
  template <typename Sink>
  void Save(const core::raft::State& state, Sink& sink) {
    if (state.term != term_ || state.voted_for != voted_for_) {
      term_ = state.term;
      voted_for_ = state.voted_for;
      sink.SaveHardState(term_, voted_for_);
    }
    size_t same = std::min(terms_.size(), state.log.size());
    while (same > 0 && terms_[same - 1] != state.log[same - 1].term) --same;
    if (same == terms_.size() && same == state.log.size()) return;
    sink.SaveEntries(
        same + 1, std::span<const core::raft::Entry>(state.log).subspan(same));
    terms_.resize(same);
    for (size_t i = same; i < state.log.size(); ++i) {
      terms_.push_back(state.log[i].term);
    }
  }

 private:
  uint64_t term_;
  std::optional<core::NodeId> voted_for_;
  std::vector<uint64_t> terms_;  // terms_[i - 1]: term of the entry at i
};

}  // namespace stepwise::runner

#endif  // STEPWISE_TOOLS_RUNNER_DURABLE_TRACKER_H_
