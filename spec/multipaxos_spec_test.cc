#include "spec/multipaxos_spec.h"

#include <z3++.h>

#include <cstddef>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "spec/catalog.h"
#include "spec/prove_for_test.h"
#include "spec/prover.h"

namespace stepwise::spec {
namespace {

using core::multipaxos::Bug;
using ::testing::HasSubstr;

std::vector<PropertyResult> ProveMultiPaxos(
    const MultiPaxosSpecOptions& spec_options,
    const ProveOptions& options = {}) {
  return ProveSpec(&MultiPaxosSpec, spec_options, options);
}

TEST(MultiPaxosSpec, SlotAgreementIsInductiveForAnyNumberOfEverything) {
  const std::vector<PropertyResult> results = ProveMultiPaxos({});
  ASSERT_EQ(results.size(), kMultiPaxosGoals + kMultiPaxosLemmas);
  EXPECT_EQ(results[0].name, "slot-agreement");
  EXPECT_FALSE(results[0].lemma);
  EXPECT_EQ(results[1].name, "decided-agree");
  EXPECT_FALSE(results[1].lemma);
  EXPECT_EQ(results[2].name, "validity");
  EXPECT_FALSE(results[2].lemma);
  for (const PropertyResult& result : results) {
    EXPECT_EQ(result.verdict, Verdict::kProved) << result.name << "\n"
                                                << result.counterexample;
  }
}

// Each lemma from kMultiPaxosCoreLemmas on, dropped alone, leaves a
// counterexample to induction (the earlier ones: multipaxos_lemmas_test, to
// keep each test binary short).
class MultiPaxosLaterLemma : public ::testing::TestWithParam<size_t> {};

TEST_P(MultiPaxosLaterLemma, IsNeeded) {
  z3::context ctx;
  const std::vector<std::string> lemmas = MultiPaxosSpec(ctx, {}).LemmaNames();
  ASSERT_EQ(lemmas.size(), kMultiPaxosLemmas);
  ExpectEachLemmaNeeded(&MultiPaxosSpec, MultiPaxosSpecOptions{},
                        {lemmas[GetParam()]});
}

INSTANTIATE_TEST_SUITE_P(MultiPaxosSpec, MultiPaxosLaterLemma,
                         ::testing::Range(kMultiPaxosCoreLemmas,
                                          kMultiPaxosLemmas));

TEST(MultiPaxosSpec, SkipPhaseOneProposesAnUnsafeValue) {
  const std::vector<PropertyResult> results =
      ProveMultiPaxos({.bug = Bug::kSkipPhaseOne});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->verdict, Verdict::kCounterexample);
  EXPECT_EQ(failure->name, "2a-is-safe");
  EXPECT_EQ(failure->broken_by, "phase2a");
}

TEST(MultiPaxosSpec, NoopOverReportedVotesProposesAnUnsafeValue) {
  const std::vector<PropertyResult> results =
      ProveMultiPaxos({.bug = Bug::kNoopOverReportedVotes});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->verdict, Verdict::kCounterexample);
  EXPECT_EQ(failure->name, "2a-is-safe");
  EXPECT_EQ(failure->broken_by, "phase2a");
  EXPECT_THAT(failure->counterexample, HasSubstr("noop"));
}

TEST(MultiPaxosSpec, VolatileVotesForgetsAVoteOnRestart) {
  const std::vector<PropertyResult> results =
      ProveMultiPaxos({.bug = Bug::kVolatileVotes});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->verdict, Verdict::kCounterexample);
  EXPECT_EQ(failure->name, "2b-within-bal");
  EXPECT_EQ(failure->broken_by, "acceptor-restart");
}

TEST(MultiPaxosSpec, UnknownLemmaIsAnError) {
  z3::context ctx;
  const TransitionSystem ts = MultiPaxosSpec(ctx, {});
  const auto results = Prove(ts, {.without = {"no-such-lemma"}});
  ASSERT_FALSE(results.ok());
  EXPECT_THAT(std::string(results.status().message()), HasSubstr("2a-is-safe"));
}

// `stepwise prove multipaxos` builds the model through the catalog, with
// every bug of core::multipaxos; `stepwise bmc` gets a finite instance.
TEST(MultiPaxosSpec, CatalogBuildsTheModel) {
  z3::context ctx;
  for (const char* bug : {"none", "skip-phase-one", "noop-over-reported-votes",
                          "volatile-votes"}) {
    const absl::StatusOr<TransitionSystem> ts =
        BuildSpec(ctx, "multipaxos", bug);
    ASSERT_TRUE(ts.ok()) << bug << ": " << ts.status();
    EXPECT_EQ(ts->name, "multipaxos");
  }
  EXPECT_TRUE(BuildSpec(ctx, "multipaxos", "none", {.nodes = 3}).ok());
  const absl::StatusOr<TransitionSystem> too_big = BuildSpec(
      ctx, "multipaxos", "none", {.nodes = kMultiPaxosMaxFiniteAcceptors + 1});
  ASSERT_FALSE(too_big.ok());
  EXPECT_THAT(std::string(too_big.status().message()),
              HasSubstr("at most 5 acceptors"));
}

}  // namespace
}  // namespace stepwise::spec
