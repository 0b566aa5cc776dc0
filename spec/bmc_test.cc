#include "spec/bmc.h"

#include <z3++.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "spec/twopc_spec.h"

namespace stepwise::spec {
namespace {

using core::twopc::Bug;
using ::testing::HasSubstr;

BmcResult RunBmc(const TwoPcSpecOptions& spec_options, int depth,
                 bool lemmas = false) {
  z3::context ctx;
  const TransitionSystem ts = TwoPcSpec(ctx, spec_options);
  absl::StatusOr<BmcResult> result =
      Bmc(ts, {.depth = depth, .lemmas = lemmas});
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : BmcResult{};
}

TEST(TwoPcBmc, CorrectProtocolHasNoViolationWithThreeRms) {
  const BmcResult result = RunBmc({.rms = 3}, 12);
  EXPECT_EQ(result.verdict, BmcVerdict::kNoViolation) << result.trace;
  EXPECT_EQ(result.depth, 12);
}

TEST(TwoPcBmc, EveryTextbookBugIsFound) {
  for (Bug bug : {Bug::kMajorityCommit, Bug::kAbortAfterPrepare,
                  Bug::kVolatileDecision, Bug::kVolatilePrepare}) {
    const BmcResult result = RunBmc({.bug = bug, .rms = 3}, 12);
    EXPECT_EQ(result.verdict, BmcVerdict::kViolation) << EnumName(bug);
    EXPECT_THAT(result.trace, HasSubstr("State 1: <Initial state>"));
  }
}

TEST(TwoPcBmc, AbortAfterPrepareTraceEndsInInconsistency) {
  const BmcResult result =
      RunBmc({.bug = Bug::kAbortAfterPrepare, .rms = 2}, 10);
  ASSERT_EQ(result.verdict, BmcVerdict::kViolation);
  EXPECT_EQ(result.violated, "consistency");
  EXPECT_EQ(result.depth,
            7);  // the shortest run: BMC deepens one step at a time
  EXPECT_THAT(result.trace, HasSubstr("<rm-give-up(r=rm"));
  EXPECT_THAT(result.trace, HasSubstr("prepared -> aborted"));
}

TEST(TwoPcBmc, LemmasCatchABugEarlier) {
  const BmcResult result =
      RunBmc({.bug = Bug::kAbortAfterPrepare, .rms = 2}, 10, true);
  ASSERT_EQ(result.verdict, BmcVerdict::kViolation);
  EXPECT_EQ(result.violated, "prepared-rm-aborts-only-on-abort-msg");
  EXPECT_EQ(result.depth, 2);
}

TEST(TwoPcBmc, CorrectProtocolKeepsEveryLemma) {
  const BmcResult result = RunBmc({.rms = 2}, 8, true);
  EXPECT_EQ(result.verdict, BmcVerdict::kNoViolation) << result.trace;
}

TEST(TwoPcBmc, DepthIsBounded) {
  z3::context ctx;
  const TransitionSystem ts = TwoPcSpec(ctx, {.rms = 2});
  EXPECT_FALSE(Bmc(ts, {.depth = kMaxBmcDepth + 1}).ok());
  EXPECT_FALSE(Bmc(ts, {.depth = -1}).ok());
}

}  // namespace
}  // namespace stepwise::spec
