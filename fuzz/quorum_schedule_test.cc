// The quorum register's schedule fuzzer logic in the ordinary build: the
// seed corpus and thousands of random inputs run clean on the correct
// protocol, the shapes cover what they promise, and a random search finds
// each bug, whose trace file replays.

#include "fuzz/quorum_schedule.h"

#include <set>

#include "fuzz/schedule_test_support.h"
#include "gtest/gtest.h"

namespace stepwise::fuzz {
namespace {

using core::quorum::Bug;
using core::quorum::QuorumRegister;

TEST(QuorumScheduleTest, CorpusReplaysCleanOnTheCorrectProtocol) {
  const size_t files = ExpectCorpusClean<QuorumRegister>(
      RunQuorumSchedule, STEPWISE_SCHEDULE_CORPUS_DIR);
  EXPECT_GE(files, 5u);
  EXPECT_LT(files, 50u) << "keep the seed corpus small";
}

TEST(QuorumScheduleTest, RandomInputsRunCleanOnTheCorrectProtocol) {
  const auto finding = SearchRandomInputs<QuorumRegister>(
      RunQuorumSchedule, Bug::kNone, kCleanInputs, 80);
  EXPECT_FALSE(finding.has_value())
      << finding->outcome.violation->property << "\n"
      << mc::FormatTrace(finding->outcome.violation->trace);
}

TEST(QuorumScheduleTest, ShapesCoverSizesFaultsTimersAndValues) {
  std::set<uint32_t> sizes;
  std::set<uint32_t> values;
  bool crash = false;
  bool eager = false;
  bool judged_at_rest = false;
  for (int shape = 0; shape < 256; ++shape) {
    const QuorumRun run = QuorumShape(static_cast<uint8_t>(shape), Bug::kNone);
    EXPECT_TRUE(QuorumRegister::Validate(run.config).empty()) << shape;
    EXPECT_EQ(run.options.requests, 3);
    sizes.insert(run.config.nodes);
    values.insert(run.config.values);
    crash |= run.options.crashes == 1;
    eager |= !run.options.synchronous_timers;
    const bool at_rest = run.liveness == mc::ScheduleLiveness::kAtRest;
    judged_at_rest |= at_rest;
    // Success is promised only without faults and with long timeouts.
    if (at_rest) {
      EXPECT_TRUE(run.options.synchronous_timers) << shape;
      EXPECT_EQ(run.options.crashes, 0) << shape;
    }
  }
  EXPECT_EQ(sizes, (std::set<uint32_t>{2, 3, 4}));
  EXPECT_EQ(values, (std::set<uint32_t>{1, 2}));
  EXPECT_TRUE(crash);
  EXPECT_TRUE(eager);
  EXPECT_TRUE(judged_at_rest);
}

TEST(QuorumScheduleTest, EveryBugIsFoundAndItsTraceReplays) {
  for (Bug bug :
       {Bug::kNoWriteBack, Bug::kWriteWithoutQuery, Bug::kOverwriteNewer}) {
    const auto finding =
        SearchRandomInputs<QuorumRegister>(RunQuorumSchedule, bug, 5000, 80);
    ASSERT_TRUE(finding.has_value()) << EnumName(bug);
    ExpectFindingReplays(*finding, mc::KebabName(EnumName(bug)));
  }
}

}  // namespace
}  // namespace stepwise::fuzz
