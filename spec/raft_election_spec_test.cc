#include "spec/raft_election_spec.h"

#include <z3++.h>

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "spec/prove_for_test.h"
#include "spec/prover.h"

namespace stepwise::spec {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

std::vector<PropertyResult> ProveRaft(
    const RaftElectionSpecOptions& spec_options,
    const ProveOptions& options = {}) {
  return ProveSpec(&RaftElectionSpec, spec_options, options);
}

TEST(RaftElectionSpec, ElectionSafetyIsInductiveForAnyClusterSize) {
  const std::vector<PropertyResult> results = ProveRaft({});
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0].name, "election-safety");
  for (const PropertyResult& result : results) {
    EXPECT_EQ(result.verdict, Verdict::kProved) << result.name << "\n"
                                                << result.counterexample;
  }
}

TEST(RaftElectionSpec, EveryLemmaIsNeeded) {
  z3::context ctx;
  const std::vector<std::string> lemmas =
      RaftElectionSpec(ctx, {}).LemmaNames();
  ASSERT_EQ(lemmas.size(), 4u);
  for (const std::string& lemma : lemmas) {
    const PropertyResult* failure = nullptr;
    const std::vector<PropertyResult> results =
        ProveRaft({}, {.without = {lemma}});
    failure = FirstFailure(results);
    ASSERT_NE(failure, nullptr) << "still inductive without " << lemma;
    EXPECT_EQ(failure->verdict, Verdict::kCounterexample) << lemma;
    EXPECT_THAT(failure->counterexample,
                HasSubstr("counterexample to induction"));
  }
}

TEST(RaftElectionSpec, WithoutOneVotePerTermTwoLeadersShareAVoter) {
  const std::vector<PropertyResult> results =
      ProveRaft({}, {.without = {"one-vote-per-term"}});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->name, "election-safety");
  EXPECT_EQ(failure->broken_by, "become-leader");
  EXPECT_THAT(failure->counterexample, ContainsRegex("leader: \\+\\(n[0-9]"));
  EXPECT_THAT(failure->counterexample, HasSubstr("quorum member"));
}

TEST(RaftElectionSpec, DoubleVoteIsNotProvableAndNamesTheVoter) {
  const std::vector<PropertyResult> results = ProveRaft({.double_vote = true});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->verdict, Verdict::kCounterexample);
  EXPECT_EQ(failure->name, "one-vote-per-term");
  EXPECT_THAT(failure->counterexample,
              ContainsRegex("grant-vote\\(n=n[0-9], c=n[0-9], t=t[0-9]\\)"));
  EXPECT_THAT(failure->counterexample, ContainsRegex("voted: \\+\\(n[0-9]"));
}

TEST(RaftElectionSpec, ForgetVoteOnRestartIsNotProvable) {
  const std::vector<PropertyResult> results =
      ProveRaft({.forget_vote_on_restart = true});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->verdict, Verdict::kCounterexample);
  EXPECT_THAT(failure->counterexample, HasSubstr("restart(n=n"));
}

}  // namespace
}  // namespace stepwise::spec
