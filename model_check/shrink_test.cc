// Counterexample shrinking (model_check/shrink.h) on two-phase commit: a
// random walk's and a depth-first counterexample come out no longer than
// they went in, no shorter than breadth-first search's shortest one, still
// replaying to the same violation, and 1-minimal (no single step can go);
// `stepwise shrink`'s file-level entry point refuses what it cannot shrink.

#include <cstddef>
#include <string>
#include <vector>

#include "core/twopc/twopc.h"
#include "gtest/gtest.h"
#include "model_check/explore.h"
#include "model_check/listed_traces.h"

namespace stepwise::mc {
namespace {

using core::twopc::Bug;
using core::twopc::TwoPhase;

const TwoPhase::Config kConfig{.rms = 3, .bug = Bug::kMajorityCommit};

Result<TwoPhase> Check(Options options,
                       const TwoPhase::Config& config = kConfig) {
  options.quiet = true;
  return Explore<TwoPhase>(config, options);
}

bool HasNote(const Result<TwoPhase>& result, const std::string& text) {
  for (const std::string& note : result.notes) {
    if (note.find(text) != std::string::npos) return true;
  }
  return false;
}

// No single step of `violation`'s trace can be left out.
void ExpectOneMinimal(const Options& options,
                      const Violation<TwoPhase>& violation,
                      const TwoPhase::Config& config = kConfig) {
  const Trace<TwoPhase>& trace = violation.trace;
  for (size_t skip = 0; skip < trace.actions.size(); ++skip) {
    std::vector<Action<TwoPhase>> fewer;
    for (size_t i = 0; i < trace.actions.size(); ++i) {
      if (i != skip) fewer.push_back(trace.actions[i]);
    }
    EXPECT_FALSE(Reproduce<TwoPhase>(config, options, trace.states.front(),
                                     fewer, violation.property)
                     .has_value())
        << "step " << skip + 1 << " could be left out";
  }
}

void ExpectReplays(const Options& options, const Violation<TwoPhase>& violation,
                   const TwoPhase::Config& config = kConfig) {
  const ReplayOutcome outcome = Replay<TwoPhase>(
      TraceJson<TwoPhase>(config, options, violation.trace, &violation));
  EXPECT_EQ(outcome.exit_code, 1) << outcome.message;
  EXPECT_EQ(outcome.property, violation.property);
}

TEST(ShrinkTest, RandomWalkCounterexampleIsShrunk) {
  // Four RMs, duplicates and a crash give the walk room for detours: seed
  // 3's walk breaks consistency after 16 steps, 9 of which are needed.
  const TwoPhase::Config config{.rms = 4, .bug = Bug::kMajorityCommit};
  const Options options{.network = Network::kDuplicating,
                        .crashes = 1,
                        .mode = Mode::kSimulate,
                        .seed = 3,
                        .walks = 5000};
  const Result<TwoPhase> walk = Check(options, config);
  ASSERT_TRUE(walk.violation.has_value());
  EXPECT_TRUE(HasNote(walk, "counterexample shrunk from 16 to 9 steps"))
      << (walk.notes.empty() ? "" : walk.notes.back());
  Options bfs_options = options;
  bfs_options.mode = Mode::kBfs;
  const Result<TwoPhase> shortest = Check(bfs_options, config);
  ASSERT_TRUE(shortest.violation.has_value());
  EXPECT_GE(walk.violation->trace.actions.size(),
            shortest.violation->trace.actions.size());
  ExpectReplays(options, *walk.violation, config);
  ExpectOneMinimal(options, *walk.violation, config);
}

TEST(ShrinkTest, DepthFirstCounterexampleIsShrunk) {
  const TwoPhase::Config config{.rms = 4, .bug = Bug::kMajorityCommit};
  const Options options{
      .network = Network::kDuplicating, .crashes = 1, .mode = Mode::kDfs};
  const Result<TwoPhase> dfs = Check(options, config);
  ASSERT_TRUE(dfs.violation.has_value());
  ExpectReplays(options, *dfs.violation, config);
  ExpectOneMinimal(options, *dfs.violation, config);
}

TEST(ShrinkTest, ShorterRunsKeepTheFirstViolationAndEndThere) {
  const Options options{};
  const Result<TwoPhase> bfs = Check(options);
  ASSERT_TRUE(bfs.violation.has_value());
  const Trace<TwoPhase>& trace = bfs.violation->trace;
  // Extra steps after the violation are cut off.
  std::vector<Action<TwoPhase>> longer = trace.actions;
  longer.insert(longer.end(), trace.actions.begin(), trace.actions.end());
  const auto prefix = Reproduce<TwoPhase>(
      kConfig, options, trace.states.front(), longer, bfs.violation->property);
  ASSERT_TRUE(prefix.has_value());
  EXPECT_EQ(prefix->actions.size(), trace.actions.size());
  // Another property's name is not reproduced by this run.
  EXPECT_FALSE(Reproduce<TwoPhase>(kConfig, options, trace.states.front(),
                                   trace.actions, "no-such-invariant")
                   .has_value());
  // Dropping the last step leaves a run that violates nothing.
  std::vector<Action<TwoPhase>> shorter(trace.actions.begin(),
                                        trace.actions.end() - 1);
  EXPECT_FALSE(Reproduce<TwoPhase>(kConfig, options, trace.states.front(),
                                   shorter, bfs.violation->property)
                   .has_value());
}

TEST(ShrinkTest, SpentBudgetKeepsAFailingRun) {
  const Options options{.mode = Mode::kDfs};
  const Result<TwoPhase> walk = Check(options);
  ASSERT_TRUE(walk.violation.has_value());
  const Shrunk<TwoPhase> shrunk = ShrinkTrace<TwoPhase>(
      kConfig, options, walk.violation->trace, walk.violation->property, 1);
  EXPECT_EQ(shrunk.replays, 1u);
  EXPECT_TRUE(shrunk.budget_spent);
  EXPECT_TRUE(Reproduce<TwoPhase>(kConfig, options, shrunk.trace.states.front(),
                                  shrunk.trace.actions,
                                  walk.violation->property)
                  .has_value());
}

TEST(ShrinkTest, TraceFileShrinksOrSaysWhyNot) {
  const Options options{};
  const Result<TwoPhase> bfs = Check(options);
  ASSERT_TRUE(bfs.violation.has_value());
  const Json trace = TraceJson<TwoPhase>(kConfig, options, bfs.violation->trace,
                                         &*bfs.violation);
  // A shortest trace stays as long as it is.
  const ShrinkOutcome same = ShrinkTraceFile<TwoPhase>(trace);
  ASSERT_EQ(same.exit_code, 0) << same.message;
  EXPECT_EQ(same.steps_after, same.steps_before);
  EXPECT_NE(same.message.find("steps ->"), std::string::npos) << same.message;
  EXPECT_EQ(Replay<TwoPhase>(same.trace).exit_code, 1);

  // Nothing violated: nothing to shrink.
  Trace<TwoPhase> initial_only;
  initial_only.states.push_back(bfs.violation->trace.states.front());
  const ShrinkOutcome clean = ShrinkTraceFile<TwoPhase>(
      TraceJson<TwoPhase>(kConfig, options, initial_only, nullptr));
  EXPECT_EQ(clean.exit_code, 2);
  EXPECT_NE(clean.message.find("nothing to shrink"), std::string::npos)
      << clean.message;

  // A damaged file is refused with the replay's reason.
  Json damaged = trace;
  damaged["states"][1]["action_bytes"] = "zz";
  const ShrinkOutcome bad = ShrinkTraceFile<TwoPhase>(damaged);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.message.find("state 2"), std::string::npos) << bad.message;

  // A lasso is not shrunk.
  Json lasso = trace;
  lasso["violation"]["kind"] = "liveness";
  const ShrinkOutcome loop = ShrinkTraceFile<TwoPhase>(lasso);
  EXPECT_EQ(loop.exit_code, 2);
  EXPECT_NE(loop.message.find("lasso"), std::string::npos) << loop.message;
}

}  // namespace
}  // namespace stepwise::mc
