// Bounded model checking of the Paxos model's finite instances (three
// acceptors, ballots b0 < b1, values v1 and v2): each planted bug of
// core::paxos is a run from the initial state in which two values are
// chosen, and the correct model has no violation as deep.

#include <z3++.h>

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "spec/bmc.h"
#include "spec/catalog.h"
#include "spec/paxos_spec.h"

namespace stepwise::spec {
namespace {

using core::paxos::Bug;
using ::testing::HasSubstr;

BmcResult RunBmc(const PaxosSpecOptions& spec_options, int depth) {
  z3::context ctx;
  const TransitionSystem ts = PaxosSpec(ctx, spec_options);
  absl::StatusOr<BmcResult> result = Bmc(ts, {.depth = depth});
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : BmcResult{};
}

// The shortest counterexample of `bug` (BMC deepens one step at a time), as
// the catalog's default for `stepwise bmc paxos --bug NAME`: two values
// chosen.
BmcResult ExpectTwoValuesChosen(Bug bug) {
  const BmcDefaults defaults =
      DefaultBmc("paxos", core::KebabName(EnumName(bug)));
  const BmcResult result =
      RunBmc({.bug = bug, .acceptors = defaults.size.nodes}, defaults.depth);
  EXPECT_EQ(result.verdict, BmcVerdict::kViolation);
  EXPECT_EQ(result.depth, defaults.depth);
  EXPECT_EQ(result.violated, "agreement");
  EXPECT_THAT(result.trace, HasSubstr("phase2b: +(acc"));
  return result;
}

TEST(PaxosBmc, HalfQuorumChoosesTwoValuesWithDisjointQuorums) {
  const BmcResult result = ExpectTwoValuesChosen(Bug::kHalfQuorum);
  EXPECT_EQ(result.depth, 10);
}

TEST(PaxosBmc, IgnorePromisedVotesProposesOverAReportedVote) {
  const BmcResult result = ExpectTwoValuesChosen(Bug::kIgnorePromisedVotes);
  EXPECT_THAT(result.trace, HasSubstr("phase1b_vote: +(acc"));
}

TEST(PaxosBmc, AcceptBelowPromiseVotesInAnAbandonedBallot) {
  ExpectTwoValuesChosen(Bug::kAcceptBelowPromise);
}

TEST(PaxosBmc, VolatilePromiseRunRestartsAnAcceptor) {
  const BmcResult result = ExpectTwoValuesChosen(Bug::kVolatilePromise);
  EXPECT_THAT(result.trace, HasSubstr("<acceptor-restart(a=acc"));
}

// To depth 10, where the shallowest bug shows; `stepwise bmc paxos` goes to
// the catalog's depth (15) and the proof covers every depth. The full depth
// here cost about 20 s of CI time.
TEST(PaxosBmc, CorrectProtocolHasNoViolation) {
  const BmcDefaults defaults = DefaultBmc("paxos", "none");
  const BmcResult result = RunBmc({.acceptors = defaults.size.nodes}, 10);
  EXPECT_EQ(result.verdict, BmcVerdict::kNoViolation) << result.trace;
  EXPECT_EQ(result.depth, 10);
}

}  // namespace
}  // namespace stepwise::spec
