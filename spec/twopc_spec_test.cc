#include "spec/twopc_spec.h"

#include <z3++.h>

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "spec/prove_for_test.h"
#include "spec/prover.h"

namespace stepwise::spec {
namespace {

using core::twopc::Bug;
using ::testing::HasSubstr;

std::vector<PropertyResult> ProveTwoPc(const TwoPcSpecOptions& spec_options,
                                       const ProveOptions& options = {}) {
  return ProveSpec(&TwoPcSpec, spec_options, options);
}

TEST(TwoPcSpec, ConsistencyIsInductiveForAnyNumberOfRms) {
  const std::vector<PropertyResult> results = ProveTwoPc({});
  ASSERT_EQ(results.size(), 8u);
  EXPECT_EQ(results[0].name, "consistency");
  EXPECT_FALSE(results[0].lemma);
  for (const PropertyResult& result : results) {
    EXPECT_EQ(result.verdict, Verdict::kProved) << result.name << "\n"
                                                << result.counterexample;
  }
}

TEST(TwoPcSpec, EveryLemmaIsNeeded) {
  z3::context ctx;
  const std::vector<std::string> lemmas = TwoPcSpec(ctx, {}).LemmaNames();
  ASSERT_EQ(lemmas.size(), 7u);
  for (const std::string& lemma : lemmas) {
    const std::vector<PropertyResult> results =
        ProveTwoPc({}, {.without = {lemma}});
    const PropertyResult* failure = FirstFailure(results);
    ASSERT_NE(failure, nullptr) << "still inductive without " << lemma;
    EXPECT_EQ(failure->verdict, Verdict::kCounterexample) << lemma;
    EXPECT_THAT(failure->counterexample,
                HasSubstr("counterexample to induction"));
    EXPECT_THAT(failure->counterexample, HasSubstr("before"));
  }
}

TEST(TwoPcSpec, WithoutCommittedRmLemmaAGiveUpBreaksConsistency) {
  const std::vector<PropertyResult> results =
      ProveTwoPc({}, {.without = {"committed-rm-implies-commit-msg"}});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->name, "consistency");
  EXPECT_THAT(failure->counterexample, HasSubstr("=committed"));
  EXPECT_THAT(failure->counterexample, HasSubstr("working -> aborted"));
}

TEST(TwoPcSpec, EveryTextbookBugIsNotProvable) {
  for (Bug bug : {Bug::kMajorityCommit, Bug::kAbortAfterPrepare,
                  Bug::kVolatileDecision, Bug::kVolatilePrepare}) {
    const std::vector<PropertyResult> results = ProveTwoPc({.bug = bug});
    const PropertyResult* failure = FirstFailure(results);
    ASSERT_NE(failure, nullptr) << EnumName(bug);
    EXPECT_EQ(failure->verdict, Verdict::kCounterexample) << EnumName(bug);
  }
}

TEST(TwoPcSpec, AbortAfterPrepareCounterexampleNamesTheRm) {
  const std::vector<PropertyResult> results =
      ProveTwoPc({.bug = Bug::kAbortAfterPrepare});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->broken_by, "rm-give-up");
  EXPECT_THAT(failure->counterexample, HasSubstr("rm-give-up(r=rm"));
  EXPECT_THAT(failure->counterexample, HasSubstr("prepared -> aborted"));
}

TEST(TwoPcSpec, MajorityCommitCounterexampleShowsTheMajority) {
  const std::vector<PropertyResult> results =
      ProveTwoPc({.bug = Bug::kMajorityCommit});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->broken_by, "tm-commit");
  EXPECT_THAT(failure->counterexample, HasSubstr("majority member"));
}

TEST(TwoPcSpec, UnknownLemmaIsAnError) {
  z3::context ctx;
  const TransitionSystem ts = TwoPcSpec(ctx, {});
  const auto results = Prove(ts, {.without = {"no-such-lemma"}});
  ASSERT_FALSE(results.ok());
  EXPECT_THAT(std::string(results.status().message()),
              HasSubstr("committed-rm-implies-commit-msg"));
}

}  // namespace
}  // namespace stepwise::spec
