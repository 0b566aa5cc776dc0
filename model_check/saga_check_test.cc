// The model checker on the saga orchestrator: a two-step saga with one
// crash keeps every invariant, reaches every goal and every saga ends; each
// bug is caught in the default model with a trace that replays.

#include <string>
#include <vector>

#include "core/saga/manifest.h"
#include "core/saga/saga.h"
#include "gtest/gtest.h"
#include "model_check/check_test_support.h"

namespace stepwise::mc {
namespace {

using core::saga::Bug;
using core::saga::Saga;

Options DefaultOptions() { return core::DefaultCheckOptions<Saga>(); }

// Two steps keep the run (with liveness) near 100,000 states; the default
// three steps (2.3 million states, 5 s) are `stepwise check saga`'s and the
// CI portfolio's.
TEST(SagaCheckTest, TwoStepsWithACrashAreSafeEndAndReachEveryGoal) {
  Options options = DefaultOptions();
  options.liveness = core::LivenessMode::kOn;
  Saga::Config config = core::DefaultConfig<Saga>();
  config.steps = 2;
#ifdef STEPWISE_SANITIZED
  config.attempts = 1;  // 2,238 states instead of 96,793
#endif
  const auto result = CheckQuietly<Saga>(config, options);
  EXPECT_EQ(result.verdict, Verdict::kOk);
  for (const auto& goal : result.goals) {
    EXPECT_TRUE(goal.reached) << goal.name;
  }
  EXPECT_EQ(result.liveness_checked, std::vector<std::string>{"saga-ends"});
}

TEST(SagaCheckTest, EveryBugIsCaughtWithATraceThatReplays) {
  const Options options = DefaultOptions();
  Saga::Config config = core::DefaultConfig<Saga>();
  config.bug = Bug::kForwardCompensation;
  ExpectCaughtWithReplay<Saga>(config, options, "reverse-order",
                               "forward-compensation");
  config.bug = Bug::kNoIdempotencyKey;
  ExpectCaughtWithReplay<Saga>(config, options, "applied-at-most-once",
                               "no-idempotency-key");
  config.bug = Bug::kForgetLogPosition;
  ExpectCaughtWithReplay<Saga>(config, options, "applied-at-most-once",
                               "forget-log-position");
}

}  // namespace
}  // namespace stepwise::mc
