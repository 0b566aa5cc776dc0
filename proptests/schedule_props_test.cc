// Random schedules through the schedule fuzzers' own runners: the correct
// protocols violate nothing, and RapidCheck finds every textbook bug (of
// Raft, those a few thousand inputs find; raft_props_test has more Raft
// properties), shrinks it, and the shrunk run's trace file replays to the
// same violation.

#include "proptests/schedule_props.h"

#include <string>

#include "core/protocols.h"
#include "fuzz/schedule_shapes.h"
#include "fuzz/schedule_test_support.h"
#include "gtest/gtest.h"
#include "rapidcheck.h"

namespace stepwise::proptests {
namespace {

// Every protocol of the list that has a schedule fuzzer.
using Shaped = core::Protocols::Filter<fuzz::HasScheduleShapeTrait>;

template <typename P>
class ScheduleProps : public ::testing::Test {};

struct ProtocolName {
  template <typename P>
  static std::string GetName(int) {
    return std::string(P::kName);
  }
};

TYPED_TEST_SUITE(ScheduleProps, Shaped::Apply<::testing::Types>, ProtocolName);

TYPED_TEST(ScheduleProps, CorrectProtocolViolatesNothing) {
  using P = TypeParam;
  EXPECT_TRUE(rc::check("correct " + std::string(P::kName), [] {
    FailOnViolation(
        fuzz::ScheduleShape<P>::Run(DrawScheduleInput(), typename P::Bug{}));
  }));
}

// Each bug is found within the protocol's budget of random inputs (fixed
// seed), and the shrunk run is still a violation whose trace replays. A
// protocol's shape may name bugs too deep for a unit test's budget (Raft's
// commit-old-term and read-without-quorum take 10^5 inputs or more: the
// sharpness benchmark's business, tools/bench/fuzz_sharpness.sh).
#ifdef STEPWISE_SANITIZED
// Unoptimized under the sanitizers, hunting every bug takes minutes (Raft's
// and Paxos's rarer ones need thousands of schedules each); the first bug of
// each protocol runs the same hunting, shrinking and replay code.
constexpr bool kHuntEveryBug = false;
#else
constexpr bool kHuntEveryBug = true;
#endif

TYPED_TEST(ScheduleProps, FindsAndShrinksEveryBug) {
  using P = TypeParam;
  using Bug = typename P::Bug;
  int hunted = 0;
  for (size_t i = 1; i < EnumSize(Bug{}); ++i) {
    const auto bug = static_cast<Bug>(i);
    if (!fuzz::PropertyTestsFind<P>(bug)) continue;
    if (!kHuntEveryBug && hunted > 0) break;
    ++hunted;
    const std::string name = mc::KebabName(EnumName(bug));
    const ScheduleHunt<P> hunt = HuntWithRandomSchedules<P>(
        &fuzz::ScheduleShape<P>::Run, bug,
        FixedParams(1, fuzz::PropertyTestBudget<P>()));
    ASSERT_TRUE(hunt.found) << name;
    ASSERT_TRUE(hunt.shrunk.has_value()) << name;
    EXPECT_LE(hunt.shrunk->outcome.steps, hunt.first_steps) << name;
    fuzz::ExpectFindingReplays(*hunt.shrunk, name);
  }
}

}  // namespace
}  // namespace stepwise::proptests
