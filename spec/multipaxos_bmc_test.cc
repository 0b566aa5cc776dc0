// Bounded model checking of the Multi-Paxos model's finite instance (three
// acceptors, ballots b0 < b1, one slot, values noop and v1): each planted
// bug of core::multipaxos is a run from the initial state in which two
// values are chosen in a slot, and the correct model has no violation as
// deep.

#include <z3++.h>

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "spec/bmc.h"
#include "spec/catalog.h"
#include "spec/multipaxos_spec.h"

namespace stepwise::spec {
namespace {

using core::multipaxos::Bug;
using ::testing::HasSubstr;

// Through the catalog, as `stepwise bmc multipaxos --bug NAME` runs it.
BmcResult RunBmc(const std::string& bug, int depth, const SpecSize& size) {
  z3::context ctx;
  const absl::StatusOr<TransitionSystem> ts =
      BuildSpec(ctx, "multipaxos", bug, size);
  EXPECT_TRUE(ts.ok()) << ts.status();
  if (!ts.ok()) return BmcResult{};
  absl::StatusOr<BmcResult> result = Bmc(*ts, {.depth = depth});
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : BmcResult{};
}

// The shortest counterexample of `bug` (BMC deepens one step at a time) at
// the catalog's default for `stepwise bmc multipaxos --bug NAME`.
BmcResult ExpectTwoValuesChosen(Bug bug) {
  const std::string name = core::KebabName(EnumName(bug));
  const BmcDefaults defaults = DefaultBmc("multipaxos", name);
  const BmcResult result = RunBmc(name, defaults.depth, defaults.size);
  EXPECT_EQ(result.verdict, BmcVerdict::kViolation);
  EXPECT_EQ(result.depth, defaults.depth);
  EXPECT_EQ(result.violated, "slot-agreement");
  EXPECT_THAT(result.trace, HasSubstr("phase2b: +(acc"));
  return result;
}

TEST(MultiPaxosBmc, SkipPhaseOneChoosesTwoValuesWithoutPromises) {
  const BmcResult result = ExpectTwoValuesChosen(Bug::kSkipPhaseOne);
  EXPECT_EQ(result.depth, 7);
  EXPECT_THAT(result.trace, ::testing::Not(HasSubstr("phase1b(")));
}

TEST(MultiPaxosBmc, NoopOverReportedVotesProposesANoopOverAVote) {
  const BmcResult result = ExpectTwoValuesChosen(Bug::kNoopOverReportedVotes);
  EXPECT_EQ(result.depth, 13);
  EXPECT_THAT(result.trace, HasSubstr("phase1b_vote: +(acc"));
}

TEST(MultiPaxosBmc, VolatileVotesRunRestartsAnAcceptor) {
  const BmcResult result = ExpectTwoValuesChosen(Bug::kVolatileVotes);
  EXPECT_EQ(result.depth, 14);
  EXPECT_THAT(result.trace, HasSubstr("acceptor-restart("));
}

TEST(MultiPaxosBmc, CorrectModelHasNoViolationAsDeep) {
  const BmcDefaults defaults = DefaultBmc("multipaxos", "none");
  EXPECT_EQ(defaults.depth, 14);
  const BmcResult result = RunBmc("none", defaults.depth, defaults.size);
  EXPECT_EQ(result.verdict, BmcVerdict::kNoViolation) << result.trace;
  EXPECT_EQ(result.depth, defaults.depth);
}

}  // namespace
}  // namespace stepwise::spec
