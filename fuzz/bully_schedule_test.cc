// The Bully schedule fuzzer's logic in the ordinary build: the seed corpus
// and thousands of random inputs run clean on the correct protocol (every
// shape stays in the fault model where Bully is correct), and a random
// search finds each textbook bug, whose trace file replays.

#include "fuzz/bully_schedule.h"

#include <set>

#include "fuzz/schedule_test_support.h"
#include "gtest/gtest.h"

namespace stepwise::fuzz {
namespace {

using core::bully::Bug;
using core::bully::Bully;

TEST(BullyScheduleTest, CorpusReplaysCleanOnTheCorrectProtocol) {
  const size_t files =
      ExpectCorpusClean<Bully>(RunBullySchedule, STEPWISE_SCHEDULE_CORPUS_DIR);
  EXPECT_GE(files, 5u);
  EXPECT_LT(files, 50u) << "keep the seed corpus small";
}

TEST(BullyScheduleTest, RandomInputsRunCleanOnTheCorrectProtocol) {
  const auto finding =
      SearchRandomInputs<Bully>(RunBullySchedule, Bug::kNone, kCleanInputs, 49);
  EXPECT_FALSE(finding.has_value())
      << finding->outcome.violation->property << "\n"
      << mc::FormatTrace(finding->outcome.violation->trace);
}

TEST(BullyScheduleTest, ShapesCoverSizesPrioritiesAndFailStop) {
  std::set<uint32_t> sizes;
  bool ties = false;
  bool fail_stop = false;
  for (int shape = 0; shape < 256; ++shape) {
    const BullyRun run = BullyShape(static_cast<uint8_t>(shape), Bug::kNone);
    sizes.insert(run.config.nodes);
    const auto& p = run.config.priorities;
    ties |= std::set<uint32_t>(p.begin(), p.end()).size() < p.size();
    EXPECT_TRUE(Bully::Validate(run.config).empty()) << shape;
    EXPECT_TRUE(run.options.synchronous_timers);
    EXPECT_EQ(run.options.partitions, 0);
    EXPECT_EQ(run.options.drops, 0);
    fail_stop |= run.options.crash_stop && run.options.crashes == 1;
    EXPECT_EQ(run.options.crashes > 0, run.options.crash_stop) << shape;
  }
  EXPECT_EQ(sizes, (std::set<uint32_t>{3, 4, 5}));
  EXPECT_TRUE(ties);
  EXPECT_TRUE(fail_stop);
}

TEST(BullyScheduleTest, EveryBugIsFoundAndItsTraceReplays) {
  for (Bug bug : {Bug::kNoAnswer, Bug::kLowestWinsCompare, Bug::kNoTieBreak}) {
    const auto finding =
        SearchRandomInputs<Bully>(RunBullySchedule, bug, 20000, 49);
    ASSERT_TRUE(finding.has_value()) << EnumName(bug);
    ExpectFindingReplays(*finding, mc::KebabName(EnumName(bug)));
  }
}

}  // namespace
}  // namespace stepwise::fuzz
