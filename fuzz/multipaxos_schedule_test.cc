// The Multi-Paxos schedule fuzzer's logic in the ordinary build: the seed
// corpus and thousands of random inputs run clean on the correct protocol,
// the shapes cover what they promise, and a random search finds each
// textbook bug, whose trace file replays.

#include "fuzz/multipaxos_schedule.h"

#include <set>

#include "fuzz/schedule_test_support.h"
#include "gtest/gtest.h"

namespace stepwise::fuzz {
namespace {

using core::multipaxos::Bug;
using core::multipaxos::MultiPaxos;

TEST(MultiPaxosScheduleTest, CorpusReplaysCleanOnTheCorrectProtocol) {
  const size_t files = ExpectCorpusClean<MultiPaxos>(
      RunMultiPaxosSchedule, STEPWISE_SCHEDULE_CORPUS_DIR);
  EXPECT_GE(files, 5u);
  EXPECT_LT(files, 50u) << "keep the seed corpus small";
}

TEST(MultiPaxosScheduleTest, RandomInputsRunCleanOnTheCorrectProtocol) {
  const auto finding = SearchRandomInputs<MultiPaxos>(
      RunMultiPaxosSchedule, Bug::kNone, kCleanInputs, kMultiPaxosMaxSteps + 1);
  EXPECT_FALSE(finding.has_value())
      << finding->outcome.violation->property << "\n"
      << mc::FormatTrace(finding->outcome.violation->trace);
}

TEST(MultiPaxosScheduleTest, ShapesCoverSizesCandidatesFaultsAndTimers) {
  std::set<uint32_t> sizes;
  std::set<uint32_t> candidates;
  bool crash = false;
  bool judged_at_rest = false;
  for (int shape = 0; shape < 256; ++shape) {
    const MultiPaxosRun run =
        MultiPaxosShape(static_cast<uint8_t>(shape), Bug::kNone);
    EXPECT_TRUE(MultiPaxos::Validate(run.config).empty()) << shape;
    sizes.insert(run.config.nodes);
    candidates.insert(run.config.candidates);
    crash |= run.options.crashes == 1;
    const bool at_rest = run.liveness == mc::ScheduleLiveness::kAtRest;
    judged_at_rest |= at_rest;
    // Liveness is promised only to a stable leader with long timeouts.
    if (at_rest) {
      EXPECT_EQ(run.config.candidates, 1u) << shape;
      EXPECT_TRUE(run.options.synchronous_timers) << shape;
      EXPECT_EQ(run.options.crashes, 0) << shape;
    }
  }
  EXPECT_EQ(sizes, (std::set<uint32_t>{3, 5}));
  EXPECT_EQ(candidates, (std::set<uint32_t>{1, 2}));
  EXPECT_TRUE(crash);
  EXPECT_TRUE(judged_at_rest);
}

// volatile-votes needs a crash between a vote that completes a majority and
// the Decide reaching the next leader, and a second client: 400,000 random
// inputs miss it. The model checker catches it (multipaxos_check_test).
TEST(MultiPaxosScheduleTest, EveryBugIsFoundAndItsTraceReplays) {
  for (Bug bug : {Bug::kSkipPhaseOne, Bug::kNoopOverReportedVotes}) {
    const auto finding = SearchRandomInputs<MultiPaxos>(
        RunMultiPaxosSchedule, bug, 20000, kMultiPaxosMaxSteps + 1);
    ASSERT_TRUE(finding.has_value()) << EnumName(bug);
    ExpectFindingReplays(*finding, mc::KebabName(EnumName(bug)));
  }
}

}  // namespace
}  // namespace stepwise::fuzz
