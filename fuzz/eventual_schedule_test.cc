// The eventually consistent store's schedule fuzzer logic in the ordinary
// build: the seed corpus and thousands of random inputs run clean on the
// correct protocol, the shapes cover what they promise, and a random search
// finds each bug, whose trace file replays.

#include "fuzz/eventual_schedule.h"

#include <set>

#include "fuzz/schedule_test_support.h"
#include "gtest/gtest.h"

namespace stepwise::fuzz {
namespace {

using core::eventual::Bug;
using core::eventual::EventualStore;

TEST(EventualScheduleTest, CorpusReplaysCleanOnTheCorrectProtocol) {
  const size_t files = ExpectCorpusClean<EventualStore>(
      RunEventualSchedule, STEPWISE_SCHEDULE_CORPUS_DIR);
  EXPECT_GE(files, 5u);
  EXPECT_LT(files, 50u) << "keep the seed corpus small";
}

TEST(EventualScheduleTest, RandomInputsRunCleanOnTheCorrectProtocol) {
  const auto finding = SearchRandomInputs<EventualStore>(
      RunEventualSchedule, Bug::kNone, kCleanInputs, 80);
  EXPECT_FALSE(finding.has_value())
      << finding->outcome.violation->property << "\n"
      << mc::FormatTrace(finding->outcome.violation->trace);
}

TEST(EventualScheduleTest, ShapesCoverSizesDataTypesNetworksAndFaults) {
  std::set<uint32_t> sizes;
  std::set<mc::Network> networks;
  bool set = false;
  bool lww = false;
  bool siblings = false;
  bool crash = false;
  bool eager = false;
  for (int shape = 0; shape < 256; ++shape) {
    const EventualRun run =
        EventualShape(static_cast<uint8_t>(shape), Bug::kNone);
    EXPECT_TRUE(EventualStore::Validate(run.config).empty()) << shape;
    EXPECT_EQ(run.options.requests, 3);
    EXPECT_FALSE(run.options.Checks("linearizable")) << "not promised";
    EXPECT_TRUE(run.options.Checks("same-updates-same-data"));
    EXPECT_EQ(run.liveness, mc::ScheduleLiveness::kAtRest);
    // Convergence is promised only while losses stay below the attempts.
    if (run.options.network == mc::Network::kLossy) {
      EXPECT_LT(static_cast<uint32_t>(run.options.drops), run.config.attempts);
    }
    sizes.insert(run.config.nodes);
    networks.insert(run.options.network);
    set |= run.config.set;
    lww |= run.config.lww;
    siblings |= !run.config.set && !run.config.lww;
    crash |= run.options.crashes == 1;
    eager |= !run.options.synchronous_timers;
  }
  EXPECT_EQ(sizes, (std::set<uint32_t>{2, 3, 4}));
  EXPECT_EQ(networks.size(), 4u);
  EXPECT_TRUE(set && lww && siblings);
  EXPECT_TRUE(crash);
  EXPECT_TRUE(eager);
}

TEST(EventualScheduleTest, EveryBugIsFoundAndItsTraceReplays) {
  for (Bug bug : {Bug::kUnionSiblings, Bug::kNoTieBreak, Bug::kResurrect,
                  Bug::kForgetOnSend}) {
    const auto finding =
        SearchRandomInputs<EventualStore>(RunEventualSchedule, bug, 5000, 80);
    ASSERT_TRUE(finding.has_value()) << EnumName(bug);
    ExpectFindingReplays(*finding, mc::KebabName(EnumName(bug)));
  }
}

}  // namespace
}  // namespace stepwise::fuzz
