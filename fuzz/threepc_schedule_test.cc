// The three-phase commit schedule fuzzer's logic in the ordinary build: the
// checked-in corpus replays clean on the correct protocol, and for every
// textbook bug that random schedules reach a random search finds a
// violation whose trace file `stepwise replay` reproduces.

#include "fuzz/threepc_schedule.h"

#include "fuzz/schedule_test_support.h"
#include "gtest/gtest.h"

namespace stepwise::fuzz {
namespace {

using core::threepc::Bug;
using core::threepc::ThreePhase;

TEST(ThreePcScheduleTest, CorpusReplaysCleanOnTheCorrectProtocol) {
  EXPECT_GE(ExpectCorpusClean<ThreePhase>(RunThreePcSchedule,
                                          STEPWISE_SCHEDULE_CORPUS_DIR),
            5u);
}

// Every bug but no-election, which random schedules do not reach (see
// threepc_schedule.h; the model checker catches it).
TEST(ThreePcScheduleTest, EveryShallowBugIsFoundAndItsTraceReplays) {
  for (Bug bug :
       {Bug::kCommitOnTimeout, Bug::kSkipPreCommit, Bug::kAbortWhenUndecided}) {
    const auto finding =
        SearchRandomInputs<ThreePhase>(RunThreePcSchedule, bug, 20000, 96);
    ASSERT_TRUE(finding.has_value()) << EnumName(bug);
    ExpectFindingReplays(*finding, mc::KebabName(EnumName(bug)));
  }
}

}  // namespace
}  // namespace stepwise::fuzz
