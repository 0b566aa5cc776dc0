// Random schedules through the schedule fuzzers' own runners: the correct
// protocols violate nothing, and RapidCheck finds every textbook bug (of
// Raft, those a few thousand inputs find; raft_props_test has more Raft
// properties), shrinks it, and the shrunk run's trace file replays to the
// same violation.

#include "proptests/schedule_props.h"

#include <string>

#include "fuzz/bully_schedule.h"
#include "fuzz/raft_schedule.h"
#include "fuzz/ring_schedule.h"
#include "fuzz/schedule_test_support.h"
#include "fuzz/twopc_schedule.h"
#include "gtest/gtest.h"
#include "proptests/raft_schedules.h"
#include "rapidcheck.h"
#include "rapidcheck/gtest.h"

namespace stepwise::proptests {
namespace {

using core::bully::Bully;
using core::raft::Raft;
using core::ring::ChangRoberts;
using core::twopc::TwoPhase;

RC_GTEST_PROP(ScheduleProps, CorrectTwoPhaseCommitViolatesNothing, ()) {
  FailOnViolation(fuzz::RunTwoPcSchedule(DrawScheduleInput(), {}));
}

RC_GTEST_PROP(ScheduleProps, CorrectBullyViolatesNothing, ()) {
  FailOnViolation(fuzz::RunBullySchedule(DrawScheduleInput(), {}));
}

RC_GTEST_PROP(ScheduleProps, CorrectChangRobertsViolatesNothing, ()) {
  FailOnViolation(fuzz::RunRingSchedule(DrawScheduleInput(), {}));
}

RC_GTEST_PROP(ScheduleProps, CorrectRaftViolatesNothing, ()) {
  FailOnViolation(fuzz::RunRaftSchedule(DrawScheduleInput(), {}));
}

// Each bug is found within `max_tests` random inputs (fixed seed), and the
// shrunk run is still a violation whose trace replays.
template <typename P>
void ExpectBugFound(fuzz::ScheduleRunner<P> runner, typename P::Bug bug,
                    int max_tests) {
  const std::string name = mc::KebabName(EnumName(bug));
  const ScheduleHunt<P> hunt =
      HuntWithRandomSchedules<P>(runner, bug, FixedParams(1, max_tests));
  ASSERT_TRUE(hunt.found) << name;
  ASSERT_TRUE(hunt.shrunk.has_value()) << name;
  EXPECT_LE(hunt.shrunk->outcome.steps, hunt.first_steps) << name;
  fuzz::ExpectFindingReplays(*hunt.shrunk, name);
}

template <typename P>
void ExpectEveryBugFound(fuzz::ScheduleRunner<P> runner, int max_tests) {
  for (size_t i = 1; i < EnumSize(typename P::Bug{}); ++i) {
    ExpectBugFound<P>(runner, static_cast<typename P::Bug>(i), max_tests);
  }
}

TEST(ScheduleProps, FindsAndShrinksEveryTwoPhaseCommitBug) {
  ExpectEveryBugFound<TwoPhase>(fuzz::RunTwoPcSchedule, 5000);
}

TEST(ScheduleProps, FindsAndShrinksEveryBullyBug) {
  ExpectEveryBugFound<Bully>(fuzz::RunBullySchedule, 5000);
}

TEST(ScheduleProps, FindsAndShrinksEveryChangRobertsBug) {
  ExpectEveryBugFound<ChangRoberts>(fuzz::RunRingSchedule, 5000);
}

// The Raft bugs a few thousand random inputs find (seed 1: 35 to 2,608);
// commit-old-term and read-without-quorum take 10^5 or more, which is the
// sharpness benchmark's business (tools/bench/fuzz_sharpness.sh), not a
// unit test's.
TEST(ScheduleProps, FindsAndShrinksTheShallowRaftBugs) {
  using core::raft::Bug;
  for (const Bug bug :
       {Bug::kVoteWithoutLogCheck, Bug::kReplyBeforePersist,
        Bug::kNoTruncateOnConflict, Bug::kForgetVoteOnRestart}) {
    ExpectBugFound<Raft>(fuzz::RunRaftSchedule, bug, 20000);
  }
}

}  // namespace
}  // namespace stepwise::proptests
