#include "spec/paxoscommit_spec.h"

#include <z3++.h>

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "spec/prove_for_test.h"
#include "spec/prover.h"

namespace stepwise::spec {
namespace {

using core::paxoscommit::Bug;
using ::testing::HasSubstr;

std::vector<PropertyResult> ProvePaxosCommit(
    const PaxosCommitSpecOptions& spec_options,
    const ProveOptions& options = {}) {
  return ProveSpec(&PaxosCommitSpec, spec_options, options);
}

TEST(PaxosCommitSpec, ConsistencyIsInductiveForAnyNumberOfRmsAndAcceptors) {
  const std::vector<PropertyResult> results = ProvePaxosCommit({});
  ASSERT_EQ(results.size(), 17u);
  EXPECT_EQ(results[0].name, "consistency");
  EXPECT_FALSE(results[0].lemma);
  EXPECT_EQ(results[1].name, "decisions-agree");
  EXPECT_FALSE(results[1].lemma);
  for (const PropertyResult& result : results) {
    EXPECT_EQ(result.verdict, Verdict::kProved) << result.name << "\n"
                                                << result.counterexample;
  }
}

// The lemmas that tie the instances to the RMs and the decision (the
// Paxos ones: paxoscommit_lemmas_test, to keep each test binary short).
TEST(PaxosCommitSpec, EveryCommitLemmaIsNeeded) {
  z3::context ctx;
  const std::vector<std::string> lemmas = PaxosCommitSpec(ctx, {}).LemmaNames();
  ASSERT_EQ(lemmas.size(), kPaxosCommitLemmas);
  ExpectEachLemmaNeeded(
      &PaxosCommitSpec, PaxosCommitSpecOptions{},
      std::vector<std::string>(lemmas.begin() + kPaxosCommitPaxosLemmas,
                               lemmas.end()));
}

TEST(PaxosCommitSpec, WithoutTheSafetyLemmaAPhase2aBreaksAgreement) {
  const std::vector<PropertyResult> results =
      ProvePaxosCommit({}, {.without = {"2a-is-safe"}});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->verdict, Verdict::kCounterexample);
  EXPECT_THAT(failure->counterexample, HasSubstr("phase2b"));
}

TEST(PaxosCommitSpec, FPlusOneAcceptorsProposesAnUnsafeValue) {
  const std::vector<PropertyResult> results =
      ProvePaxosCommit({.bug = Bug::kFPlusOneAcceptors});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->verdict, Verdict::kCounterexample);
  EXPECT_EQ(failure->name, "2a-is-safe");
  EXPECT_EQ(failure->broken_by, "phase2a");
  EXPECT_THAT(failure->counterexample, HasSubstr("quorum member"));
}

TEST(PaxosCommitSpec, IgnoreReportedVotesProposesAbortedOverAReport) {
  const std::vector<PropertyResult> results =
      ProvePaxosCommit({.bug = Bug::kIgnoreReportedVotes});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->verdict, Verdict::kCounterexample);
  EXPECT_EQ(failure->name, "2a-is-safe");
  EXPECT_EQ(failure->broken_by, "phase2a");
  EXPECT_THAT(failure->counterexample, HasSubstr("v=aborted"));
}

TEST(PaxosCommitSpec, VolatileAcceptorForgetsItsVoteOnRestart) {
  const std::vector<PropertyResult> results =
      ProvePaxosCommit({.bug = Bug::kVolatileAcceptor});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->verdict, Verdict::kCounterexample);
  EXPECT_EQ(failure->broken_by, "acceptor-restart");
}

TEST(PaxosCommitSpec, UnknownLemmaIsAnError) {
  z3::context ctx;
  const TransitionSystem ts = PaxosCommitSpec(ctx, {});
  const auto results = Prove(ts, {.without = {"no-such-lemma"}});
  ASSERT_FALSE(results.ok());
  EXPECT_THAT(std::string(results.status().message()), HasSubstr("2a-is-safe"));
}

}  // namespace
}  // namespace stepwise::spec
