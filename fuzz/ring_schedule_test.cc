// The Chang-Roberts schedule fuzzer's logic in the ordinary build: the seed
// corpus and thousands of random inputs run clean on the correct protocol,
// and a random search finds each textbook bug, one of them only as a
// liveness counterexample (a run at rest with no winner), and every
// finding's trace file replays.

#include "fuzz/ring_schedule.h"

#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "fuzz/schedule_test_support.h"
#include "gtest/gtest.h"
#include "model_check/schedule.h"

namespace stepwise::fuzz {
namespace {

using core::ring::Bug;
using core::ring::ChangRoberts;

TEST(RingScheduleTest, CorpusReplaysCleanOnTheCorrectProtocol) {
  const size_t files = ExpectCorpusClean<ChangRoberts>(
      RunRingSchedule, STEPWISE_SCHEDULE_CORPUS_DIR);
  EXPECT_GE(files, 5u);
  EXPECT_LT(files, 50u) << "keep the seed corpus small";
}

TEST(RingScheduleTest, RandomInputsRunCleanOnTheCorrectProtocol) {
  const auto finding = SearchRandomInputs<ChangRoberts>(
      RunRingSchedule, Bug::kNone, kCleanInputs, 66);
  EXPECT_FALSE(finding.has_value())
      << finding->outcome.violation->property << "\n"
      << mc::FormatTrace(finding->outcome.violation->trace);
}

TEST(RingScheduleTest, EveryBugIsFoundAndItsTraceReplays) {
  for (Bug bug : {Bug::kWinOnWeakerId, Bug::kLostNodeSwallows}) {
    const auto finding =
        SearchRandomInputs<ChangRoberts>(RunRingSchedule, bug, 20000, 66);
    ASSERT_TRUE(finding.has_value()) << EnumName(bug);
    ExpectFindingReplays(*finding, mc::KebabName(EnumName(bug)));
  }
}

// A swallowed id leaves every node waiting: no invariant fails, only
// eventually-leader, and only because the run came to rest.
TEST(RingScheduleTest, AStrandedElectionIsALivenessLasso) {
  const auto finding = SearchRandomInputs<ChangRoberts>(
      RunRingSchedule, Bug::kLostNodeSwallows, 20000, 66);
  ASSERT_TRUE(finding.has_value());
  const auto& violation = *finding->outcome.violation;
  EXPECT_EQ(violation.kind, mc::ViolationKind::kLiveness);
  EXPECT_EQ(violation.property, "eventually-leader");
  ASSERT_TRUE(violation.trace.loop_back.has_value());
  EXPECT_EQ(*violation.trace.loop_back, violation.trace.states.size() - 1);
  EXPECT_EQ(finding->options.drops, 0);
}

// Where messages may be lost, a stranded election is the algorithm's known
// limit: the same runs judged at rest would fail, so lossy shapes must not
// judge them.
TEST(RingScheduleTest, LossyShapesDoNotReportStrandedElections) {
  std::mt19937 rng(7);
  int stranded = 0;
  for (int i = 0; i < 2000; ++i) {
    std::vector<uint8_t> input(66);
    for (auto& byte : input) byte = static_cast<uint8_t>(rng());
    input[0] = static_cast<uint8_t>(input[0] & ~3u) | 1;  // lossy: shape % 4
    const RingRun run = RunRingSchedule(input, Bug::kNone);
    ASSERT_EQ(run.options.network, mc::Network::kLossy);
    EXPECT_FALSE(run.outcome.violation.has_value());
    const auto judged = mc::RunSchedule<ChangRoberts>(
        run.config, run.options, std::span(input).subspan(1), kRingMaxSteps,
        mc::SchedulePick::kByPosition, mc::ScheduleLiveness::kAtRest);
    stranded += judged.violation.has_value();
  }
  EXPECT_GT(stranded, 0);
}

}  // namespace
}  // namespace stepwise::fuzz
