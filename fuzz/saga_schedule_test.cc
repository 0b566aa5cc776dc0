// The saga orchestrator's schedule fuzzer logic in the ordinary build: the
// seed corpus and thousands of random inputs run clean on the correct
// protocol, the shapes cover what they promise, and a random search finds
// each bug, whose trace file replays.

#include "fuzz/saga_schedule.h"

#include <set>

#include "fuzz/schedule_test_support.h"
#include "gtest/gtest.h"

namespace stepwise::fuzz {
namespace {

using core::saga::Bug;
using core::saga::Saga;

TEST(SagaScheduleTest, CorpusReplaysCleanOnTheCorrectProtocol) {
  const size_t files =
      ExpectCorpusClean<Saga>(RunSagaSchedule, STEPWISE_SCHEDULE_CORPUS_DIR);
  EXPECT_GE(files, 5u);
  EXPECT_LT(files, 50u) << "keep the seed corpus small";
}

TEST(SagaScheduleTest, RandomInputsRunCleanOnTheCorrectProtocol) {
  const auto finding =
      SearchRandomInputs<Saga>(RunSagaSchedule, Bug::kNone, kCleanInputs, 96);
  EXPECT_FALSE(finding.has_value())
      << finding->outcome.violation->property << "\n"
      << mc::FormatTrace(finding->outcome.violation->trace);
}

TEST(SagaScheduleTest, ShapesCoverSizesAttemptsNetworksAndFaults) {
  std::set<uint32_t> steps;
  std::set<uint32_t> attempts;
  std::set<mc::Network> networks;
  bool crash = false;
  bool steady_undo = false;
  for (int shape = 0; shape < 256; ++shape) {
    const SagaRun run = SagaShape(static_cast<uint8_t>(shape), Bug::kNone);
    EXPECT_TRUE(Saga::Validate(run.config).empty()) << shape;
    EXPECT_EQ(run.liveness, mc::ScheduleLiveness::kAtRest);
    steps.insert(run.config.steps);
    attempts.insert(run.config.attempts);
    networks.insert(run.options.network);
    crash |= run.options.crashes == 1;
    steady_undo |= !run.config.undo_failures;
  }
  EXPECT_EQ(steps, (std::set<uint32_t>{2, 3, 4, 5}));
  EXPECT_EQ(attempts, (std::set<uint32_t>{1, 2, 3}));
  EXPECT_EQ(networks.size(), 4u);
  EXPECT_TRUE(crash);
  EXPECT_TRUE(steady_undo);
}

TEST(SagaScheduleTest, EveryBugIsFoundAndItsTraceReplays) {
  for (Bug bug : {Bug::kForwardCompensation, Bug::kNoIdempotencyKey,
                  Bug::kForgetLogPosition}) {
    const auto finding =
        SearchRandomInputs<Saga>(RunSagaSchedule, bug, 5000, 96);
    ASSERT_TRUE(finding.has_value()) << EnumName(bug);
    ExpectFindingReplays(*finding, mc::KebabName(EnumName(bug)));
  }
}

}  // namespace
}  // namespace stepwise::fuzz
