#include "tools/runner/durable_tracker.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace stepwise::runner {
namespace {

using core::raft::Entry;
using core::raft::State;

// Replays what the tracker hands it, as the WAL would on recovery.
struct RecordingSink {
  uint64_t term = 0;
  std::optional<core::NodeId> voted_for;
  std::vector<Entry> log;
  int hard_states = 0;
  int entry_records = 0;

  void SaveHardState(uint64_t t, std::optional<core::NodeId> v) {
    term = t;
    voted_for = v;
    ++hard_states;
  }
  void SaveEntries(uint64_t first, std::span<const Entry> entries) {
    ASSERT_LE(first, log.size() + 1);
    log.resize(first - 1);
    log.insert(log.end(), entries.begin(), entries.end());
    ++entry_records;
  }
};

Entry At(uint64_t term) { return Entry{term, core::raft::Noop{}}; }

TEST(DurableTrackerTest, SavesOnlyWhatChanged) {
  State state;
  DurableTracker tracker(0, std::nullopt, {});
  RecordingSink sink;
  tracker.Save(state, sink);
  EXPECT_EQ(sink.hard_states + sink.entry_records, 0);

  state.term = 1;
  state.voted_for = 2;
  state.log = {At(1)};
  tracker.Save(state, sink);
  EXPECT_EQ(sink.hard_states, 1);
  EXPECT_EQ(sink.entry_records, 1);

  state.log.push_back(At(1));
  tracker.Save(state, sink);
  EXPECT_EQ(sink.hard_states, 1) << "term and vote did not change";
  EXPECT_EQ(sink.entry_records, 2);
  EXPECT_EQ(sink.log, state.log);

  tracker.Save(state, sink);
  EXPECT_EQ(sink.entry_records, 2) << "nothing changed";
}

TEST(DurableTrackerTest, ACutAndReplacedTailIsRewrittenFromTheCut) {
  State state;
  state.log = {At(1), At(1), At(2), At(2)};
  DurableTracker tracker(0, std::nullopt, state.log);
  RecordingSink sink;
  sink.log = state.log;
  state.log.resize(2);
  state.log.push_back(At(3));
  tracker.Save(state, sink);
  EXPECT_EQ(sink.log, state.log);

  state.log.resize(1);  // a pure truncation
  tracker.Save(state, sink);
  EXPECT_EQ(sink.log, state.log);
}

}  // namespace
}  // namespace stepwise::runner
