// Random schedules through the schedule fuzzers' own runners (twopc, Bully,
// Chang-Roberts; Raft has raft_props_test): the correct protocols violate
// nothing, and RapidCheck finds every textbook bug, shrinks it, and the
// shrunk run's trace file replays to the same violation.

#include "proptests/schedule_props.h"

#include <string>

#include "fuzz/bully_schedule.h"
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

// Each bug is found within `max_tests` random inputs (fixed seed), and the
// shrunk run is still a violation whose trace replays.
template <typename P>
void ExpectEveryBugFound(fuzz::ScheduleRunner<P> runner, int max_tests) {
  for (size_t i = 1; i < EnumSize(typename P::Bug{}); ++i) {
    const auto bug = static_cast<typename P::Bug>(i);
    const std::string name = mc::KebabName(EnumName(bug));
    const ScheduleHunt<P> hunt =
        HuntWithRandomSchedules<P>(runner, bug, FixedParams(1, max_tests));
    ASSERT_TRUE(hunt.found) << name;
    ASSERT_TRUE(hunt.shrunk.has_value()) << name;
    EXPECT_LE(hunt.shrunk->outcome.steps, hunt.first_steps) << name;
    fuzz::ExpectFindingReplays(*hunt.shrunk, name);
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

}  // namespace
}  // namespace stepwise::proptests
