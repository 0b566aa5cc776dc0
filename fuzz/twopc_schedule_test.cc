// The two-phase commit schedule fuzzer's logic in the ordinary build: the
// checked-in corpus replays clean on the correct protocol, and for every
// textbook bug a random search over schedules finds a violation whose trace
// file `stepwise replay` reproduces.

#include "fuzz/twopc_schedule.h"

#include "fuzz/schedule_test_support.h"
#include "gtest/gtest.h"

namespace stepwise::fuzz {
namespace {

using core::twopc::Bug;
using core::twopc::TwoPhase;

TEST(TwoPcScheduleTest, CorpusReplaysCleanOnTheCorrectProtocol) {
  EXPECT_GE(ExpectCorpusClean<TwoPhase>(RunTwoPcSchedule,
                                        STEPWISE_SCHEDULE_CORPUS_DIR),
            5u);
}

TEST(TwoPcScheduleTest, EveryBugIsFoundAndItsTraceReplays) {
  for (Bug bug : {Bug::kMajorityCommit, Bug::kAbortAfterPrepare,
                  Bug::kVolatileDecision, Bug::kVolatilePrepare}) {
    const auto finding =
        SearchRandomInputs<TwoPhase>(RunTwoPcSchedule, bug, 20000, 48);
    ASSERT_TRUE(finding.has_value()) << EnumName(bug);
    ExpectFindingReplays(*finding, mc::KebabName(EnumName(bug)));
  }
}

}  // namespace
}  // namespace stepwise::fuzz
