// The Paxos schedule fuzzer's logic in the ordinary build: the seed corpus
// and thousands of random inputs run clean on the correct protocol, the
// shapes cover what they promise, and a random search finds each textbook
// bug, whose trace file replays.

#include "fuzz/paxos_schedule.h"

#include <set>

#include "fuzz/schedule_test_support.h"
#include "gtest/gtest.h"

namespace stepwise::fuzz {
namespace {

using core::paxos::Bug;
using core::paxos::Paxos;

TEST(PaxosScheduleTest, CorpusReplaysCleanOnTheCorrectProtocol) {
  const size_t files =
      ExpectCorpusClean<Paxos>(RunPaxosSchedule, STEPWISE_SCHEDULE_CORPUS_DIR);
  EXPECT_GE(files, 5u);
  EXPECT_LT(files, 50u) << "keep the seed corpus small";
}

TEST(PaxosScheduleTest, RandomInputsRunCleanOnTheCorrectProtocol) {
  const auto finding =
      SearchRandomInputs<Paxos>(RunPaxosSchedule, Bug::kNone, kCleanInputs, 65);
  EXPECT_FALSE(finding.has_value())
      << finding->outcome.violation->property << "\n"
      << mc::FormatTrace(finding->outcome.violation->trace);
}

TEST(PaxosScheduleTest, ShapesCoverSizesProposersFaultsAndTimers) {
  std::set<uint32_t> sizes;
  std::set<uint32_t> proposers;
  bool crash = false;
  bool synchronous = false;
  bool judged_at_rest = false;
  for (int shape = 0; shape < 256; ++shape) {
    const PaxosRun run = PaxosShape(static_cast<uint8_t>(shape), Bug::kNone);
    EXPECT_TRUE(Paxos::Validate(run.config).empty()) << shape;
    EXPECT_EQ(run.options.requests, 2);
    sizes.insert(run.config.nodes);
    proposers.insert(run.config.proposers);
    crash |= run.options.crashes == 1;
    synchronous |= run.options.synchronous_timers;
    const bool at_rest = run.liveness == mc::ScheduleLiveness::kAtRest;
    judged_at_rest |= at_rest;
    // Liveness is promised only to a lone proposer with long timeouts.
    if (at_rest) {
      EXPECT_EQ(run.config.proposers, 1u) << shape;
      EXPECT_TRUE(run.options.synchronous_timers) << shape;
      EXPECT_EQ(run.options.crashes, 0) << shape;
    }
  }
  EXPECT_EQ(sizes, (std::set<uint32_t>{2, 3, 4}));
  EXPECT_EQ(proposers, (std::set<uint32_t>{1, 2}));
  EXPECT_TRUE(crash);
  EXPECT_TRUE(synchronous);
  EXPECT_TRUE(judged_at_rest);
}

// With the fixed seed, the deepest (volatile-promise) is input 13,012: under
// the sanitizers, where that search takes most of a minute, the optimized
// build's run of this test covers it.
TEST(PaxosScheduleTest, EveryBugIsFoundAndItsTraceReplays) {
#ifdef STEPWISE_SANITIZED
  const Bug bugs[] = {Bug::kAcceptBelowPromise, Bug::kIgnorePromisedVotes,
                      Bug::kHalfQuorum};
#else
  const Bug bugs[] = {Bug::kAcceptBelowPromise, Bug::kIgnorePromisedVotes,
                      Bug::kHalfQuorum, Bug::kVolatilePromise};
#endif
  for (Bug bug : bugs) {
    const auto finding =
        SearchRandomInputs<Paxos>(RunPaxosSchedule, bug, 20000, 65);
    ASSERT_TRUE(finding.has_value()) << EnumName(bug);
    ExpectFindingReplays(*finding, mc::KebabName(EnumName(bug)));
  }
}

}  // namespace
}  // namespace stepwise::fuzz
