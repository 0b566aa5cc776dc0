#include "spec/paxos_spec.h"

#include <z3++.h>

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "spec/prove_for_test.h"
#include "spec/prover.h"

namespace stepwise::spec {
namespace {

using core::paxos::Bug;
using ::testing::HasSubstr;

std::vector<PropertyResult> ProvePaxos(const PaxosSpecOptions& spec_options,
                                       const ProveOptions& options = {}) {
  return ProveSpec(&PaxosSpec, spec_options, options);
}

TEST(PaxosSpec, AgreementIsInductiveForAnyNumberOfAcceptorsAndBallots) {
  const std::vector<PropertyResult> results = ProvePaxos({});
  ASSERT_EQ(results.size(), kPaxosGoals + kPaxosLemmas);
  EXPECT_EQ(results[0].name, "agreement");
  EXPECT_FALSE(results[0].lemma);
  EXPECT_EQ(results[1].name, "learners-agree");
  EXPECT_FALSE(results[1].lemma);
  EXPECT_EQ(results[2].name, "validity");
  EXPECT_FALSE(results[2].lemma);
  for (const PropertyResult& result : results) {
    EXPECT_EQ(result.verdict, Verdict::kProved) << result.name << "\n"
                                                << result.counterexample;
  }
}

// The lemmas after the first kPaxosCoreLemmas (those: paxos_lemmas_test,
// to keep each test binary short).
TEST(PaxosSpec, EveryLaterLemmaIsNeeded) {
  z3::context ctx;
  const std::vector<std::string> lemmas = PaxosSpec(ctx, {}).LemmaNames();
  ASSERT_EQ(lemmas.size(), kPaxosLemmas);
  ExpectEachLemmaNeeded(&PaxosSpec, PaxosSpecOptions{},
                        std::vector<std::string>(
                            lemmas.begin() + kPaxosCoreLemmas, lemmas.end()));
}

TEST(PaxosSpec, AcceptBelowPromiseVotesInALeftBallot) {
  const std::vector<PropertyResult> results =
      ProvePaxos({.bug = Bug::kAcceptBelowPromise});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->verdict, Verdict::kCounterexample);
  EXPECT_EQ(failure->name, "agreement");
  EXPECT_EQ(failure->broken_by, "phase2b");
}

TEST(PaxosSpec, IgnorePromisedVotesProposesAnUnsafeValue) {
  const std::vector<PropertyResult> results =
      ProvePaxos({.bug = Bug::kIgnorePromisedVotes});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->verdict, Verdict::kCounterexample);
  EXPECT_EQ(failure->name, "2a-is-safe");
  EXPECT_EQ(failure->broken_by, "phase2a");
}

TEST(PaxosSpec, HalfQuorumProposesAnUnsafeValue) {
  const std::vector<PropertyResult> results =
      ProvePaxos({.bug = Bug::kHalfQuorum});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->verdict, Verdict::kCounterexample);
  EXPECT_EQ(failure->name, "2a-is-safe");
  EXPECT_EQ(failure->broken_by, "phase2a");
  EXPECT_THAT(failure->counterexample, HasSubstr("quorum member"));
}

TEST(PaxosSpec, VolatilePromiseForgetsAPromiseOnRestart) {
  const std::vector<PropertyResult> results =
      ProvePaxos({.bug = Bug::kVolatilePromise});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->verdict, Verdict::kCounterexample);
  EXPECT_EQ(failure->name, "promise-is-kept");
  EXPECT_EQ(failure->broken_by, "acceptor-restart");
}

TEST(PaxosSpec, UnknownLemmaIsAnError) {
  z3::context ctx;
  const TransitionSystem ts = PaxosSpec(ctx, {});
  const auto results = Prove(ts, {.without = {"no-such-lemma"}});
  ASSERT_FALSE(results.ok());
  EXPECT_THAT(std::string(results.status().message()), HasSubstr("2a-is-safe"));
}

}  // namespace
}  // namespace stepwise::spec
