// The Paxos Commit schedule fuzzer's logic in the ordinary build: the
// checked-in corpus replays clean on the correct protocol, and for every
// textbook bug a random search finds a violation whose trace file
// `stepwise replay` reproduces.

#include "fuzz/paxoscommit_schedule.h"

#include "fuzz/schedule_test_support.h"
#include "gtest/gtest.h"

namespace stepwise::fuzz {
namespace {

using core::paxoscommit::Bug;
using core::paxoscommit::PaxosCommit;

TEST(PaxosCommitScheduleTest, CorpusReplaysCleanOnTheCorrectProtocol) {
  EXPECT_GE(ExpectCorpusClean<PaxosCommit>(RunPaxosCommitSchedule,
                                           STEPWISE_SCHEDULE_CORPUS_DIR),
            5u);
}

TEST(PaxosCommitScheduleTest, EveryBugIsFoundAndItsTraceReplays) {
  for (Bug bug : {Bug::kFPlusOneAcceptors, Bug::kIgnoreReportedVotes,
                  Bug::kVolatileAcceptor}) {
    const auto finding = SearchRandomInputs<PaxosCommit>(
        RunPaxosCommitSchedule, bug, 20000, kPaxosCommitMaxSteps);
    ASSERT_TRUE(finding.has_value()) << EnumName(bug);
    ExpectFindingReplays(*finding, mc::KebabName(EnumName(bug)));
  }
}

}  // namespace
}  // namespace stepwise::fuzz
