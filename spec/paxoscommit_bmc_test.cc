// Bounded model checking of the Paxos Commit model's finite instances (one
// RM, three acceptors, ballots b0 < b1): each planted bug of
// core::paxoscommit is a run from the initial state in which Commit and
// Abort are both sent, and the correct model has no violation as deep.

#include <z3++.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "spec/bmc.h"
#include "spec/catalog.h"
#include "spec/paxoscommit_spec.h"

namespace stepwise::spec {
namespace {

using core::paxoscommit::Bug;
using ::testing::HasSubstr;

BmcResult RunBmc(const PaxosCommitSpecOptions& spec_options, int depth) {
  z3::context ctx;
  const TransitionSystem ts = PaxosCommitSpec(ctx, spec_options);
  absl::StatusOr<BmcResult> result = Bmc(ts, {.depth = depth});
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : BmcResult{};
}

// The shortest counterexample of each bug (BMC deepens one step at a time),
// as the catalog's defaults for `stepwise bmc paxoscommit --bug NAME`.
TEST(PaxosCommitBmc, EveryBugIsARunToTwoDecisions) {
  for (Bug bug : {Bug::kFPlusOneAcceptors, Bug::kIgnoreReportedVotes,
                  Bug::kVolatileAcceptor}) {
    SCOPED_TRACE(EnumName(bug));
    const BmcDefaults defaults =
        DefaultBmc("paxoscommit", core::KebabName(EnumName(bug)));
    const BmcResult result =
        RunBmc({.bug = bug, .rms = defaults.size.nodes}, defaults.depth);
    ASSERT_EQ(result.verdict, BmcVerdict::kViolation);
    EXPECT_EQ(result.depth, defaults.depth);
    EXPECT_EQ(result.violated, "decisions-agree");
    EXPECT_THAT(result.trace, HasSubstr("<decide-commit()>"));
    EXPECT_THAT(result.trace, HasSubstr("<decide-abort("));
  }
}

TEST(PaxosCommitBmc, IgnoreReportedVotesProposesAbortedOverAReportedVote) {
  const BmcResult result =
      RunBmc({.bug = Bug::kIgnoreReportedVotes, .rms = 1}, 11);
  ASSERT_EQ(result.verdict, BmcVerdict::kViolation);
  EXPECT_THAT(result.trace, HasSubstr("phase1b_vote: +(rm1"));
  EXPECT_THAT(result.trace, HasSubstr("phase2a(r=rm1, b=b1"));
  EXPECT_THAT(result.trace, HasSubstr("v=aborted"));
}

TEST(PaxosCommitBmc, VolatileAcceptorRunRestartsAnAcceptor) {
  const BmcResult result =
      RunBmc({.bug = Bug::kVolatileAcceptor, .rms = 1}, 12);
  ASSERT_EQ(result.verdict, BmcVerdict::kViolation);
  EXPECT_THAT(result.trace, HasSubstr("<acceptor-restart(a=acc"));
}

TEST(PaxosCommitBmc, CorrectProtocolHasNoViolation) {
  const BmcDefaults defaults = DefaultBmc("paxoscommit", "none");
  const BmcResult result = RunBmc({.rms = defaults.size.nodes}, defaults.depth);
  EXPECT_EQ(result.verdict, BmcVerdict::kNoViolation) << result.trace;
  EXPECT_EQ(result.depth, defaults.depth);
}

}  // namespace
}  // namespace stepwise::spec
