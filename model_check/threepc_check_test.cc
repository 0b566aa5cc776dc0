// The model checker on three-phase commit: in Skeen's setting (crash-stop,
// synchronous timers) it is consistent and non-blocking with every goal
// reached, for one and two failures; each bug is caught with a trace that
// replays; a partition, asynchronous timers or restarts break it, as the
// textbook says they do.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/threepc/manifest.h"
#include "core/threepc/threepc.h"
#include "gtest/gtest.h"
#include "model_check/check_test_support.h"

namespace stepwise::mc {
namespace {

using core::threepc::Bug;
using core::threepc::ThreePhase;

Options DefaultOptions() { return core::DefaultCheckOptions<ThreePhase>(); }

#ifdef STEPWISE_SANITIZED
// Unoptimized under the sanitizers: the smaller models only.
constexpr bool kLargeModels = false;
constexpr ThreePhase::Config kSplitModel{.participants = 2};
#else
constexpr bool kLargeModels = true;
constexpr ThreePhase::Config kSplitModel{};
#endif

void ExpectSafeAndLive(const ThreePhase::Config& config, const Options& options,
                       const std::string& what) {
  const auto result = CheckQuietly<ThreePhase>(config, options);
  EXPECT_EQ(result.verdict, Verdict::kOk) << what;
  EXPECT_EQ(result.liveness_checked, std::vector<std::string>{"non-blocking"})
      << what;
  for (const auto& goal : result.goals) {
    EXPECT_TRUE(goal.reached || !goal.not_applicable.empty())
        << what << ": " << goal.name;
  }
}

TEST(ThreePcCheckTest, SafeAndNonBlockingUnderCrashStopWithEveryGoalReached) {
  Options options = DefaultOptions();
  ExpectSafeAndLive({}, options, "one crash");
  options.crashes = 2;
  ExpectSafeAndLive({}, options, "two crashes");
  if (kLargeModels) {
    options.crashes = 3;
    ExpectSafeAndLive({}, options, "three crashes");
  }
  options.crashes = 0;
  ExpectSafeAndLive({.participants = 2}, options, "no crash");
}

TEST(ThreePcCheckTest, EveryBugIsCaughtWithATraceThatReplays) {
  Options options = DefaultOptions();
  // A commit before every vote is in, seen before any decision differs.
  ExpectCaughtWithReplay<ThreePhase>({.bug = Bug::kCommitOnTimeout}, options,
                                     "commit-needs-all-votes",
                                     "commit-on-timeout");
  // Without the pre-commit phase, or with a rule that ignores it, a
  // coordinator and a participant it told must both fail before the others
  // decide differently.
  options.crashes = 2;
  ExpectCaughtWithReplay<ThreePhase>({.bug = Bug::kSkipPreCommit}, options,
                                     "consistency", "skip-pre-commit");
  ExpectCaughtWithReplay<ThreePhase>({.bug = Bug::kAbortWhenUndecided}, options,
                                     "consistency", "abort-when-undecided");
  // Two termination rounds overlap only when a lower participant is asked
  // (it starts at once); a third failure lets them see different states.
  options.crashes = 3;
  ExpectCaughtWithReplay<ThreePhase>({.bug = Bug::kNoElection}, options,
                                     "consistency", "no-election");
}

TEST(ThreePcCheckTest, APartitionSplitsTheDecision) {
  Options options = DefaultOptions();
  options.crashes = 0;
  options.partitions = 1;
  ExpectCaughtWithReplay<ThreePhase>(kSplitModel, options, "consistency",
                                     "partition");
}

TEST(ThreePcCheckTest, AnEarlyTimeoutSplitsTheDecision) {
  Options options = DefaultOptions();
  options.synchronous_timers = false;
  options.crashes = 0;
  ExpectCaughtWithReplay<ThreePhase>(kSplitModel, options, "consistency",
                                     "asynchronous timers");
}

}  // namespace
}  // namespace stepwise::mc
