#include "spec/threepc_spec.h"

#include <z3++.h>

#include <chrono>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "spec/bmc.h"
#include "spec/prove_for_test.h"
#include "spec/prover.h"

namespace stepwise::spec {
namespace {

using core::threepc::Bug;
using ::testing::HasSubstr;

std::vector<PropertyResult> ProveThreePc(const ThreePcSpecOptions& spec_options,
                                         const ProveOptions& options = {}) {
  return ProveSpec(&ThreePcSpec, spec_options, options);
}

BmcResult RunBmc(const ThreePcSpecOptions& spec_options, int depth,
                 bool lemmas = false) {
  z3::context ctx;
  const TransitionSystem ts = ThreePcSpec(ctx, spec_options);
  absl::StatusOr<BmcResult> result =
      Bmc(ts, {.depth = depth, .lemmas = lemmas});
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : BmcResult{};
}

TEST(ThreePcSpec, ConsistencyIsInductiveForAnyNumberOfParticipants) {
  const std::vector<PropertyResult> results = ProveThreePc({});
  ASSERT_EQ(results.size(), 10u);
  EXPECT_EQ(results[0].name, "consistency");
  EXPECT_FALSE(results[0].lemma);
  EXPECT_EQ(results[1].name, "commit-needs-all-votes");
  EXPECT_FALSE(results[1].lemma);
  for (const PropertyResult& result : results) {
    EXPECT_EQ(result.verdict, Verdict::kProved)
        << result.name << " " << result.broken_by << "\n"
        << result.counterexample;
  }
}

TEST(ThreePcSpec, EveryLemmaIsNeeded) {
  z3::context ctx;
  const std::vector<std::string> lemmas = ThreePcSpec(ctx, {}).LemmaNames();
  ASSERT_EQ(lemmas.size(), 8u);
  for (const std::string& lemma : lemmas) {
    const std::vector<PropertyResult> results =
        ProveThreePc({}, {.without = {lemma}});
    const PropertyResult* failure = FirstFailure(results);
    ASSERT_NE(failure, nullptr) << "still inductive without " << lemma;
    EXPECT_EQ(failure->verdict, Verdict::kCounterexample) << lemma;
    EXPECT_THAT(failure->counterexample,
                HasSubstr("counterexample to induction"));
    EXPECT_THAT(failure->counterexample, HasSubstr("before"));
  }
}

// Without the lemma that a commit leaves every live participant
// pre-committed, the termination rule may abort beside a commit.
TEST(ThreePcSpec, WithoutCommitLemmaTheRuleAbortsBesideACommit) {
  const std::vector<PropertyResult> results =
      ProveThreePc({}, {.without = {"commit-implies-up-went-on"}});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->name, "consistency");
  EXPECT_EQ(failure->broken_by, "terminate");
  EXPECT_THAT(failure->counterexample, HasSubstr("uncertain -> aborted"));
}

TEST(ThreePcSpec, EveryExpressibleBugIsNotProvable) {
  for (Bug bug :
       {Bug::kCommitOnTimeout, Bug::kSkipPreCommit, Bug::kAbortWhenUndecided}) {
    const std::vector<PropertyResult> results = ProveThreePc({.bug = bug});
    const PropertyResult* failure = FirstFailure(results);
    ASSERT_NE(failure, nullptr) << EnumName(bug);
    EXPECT_EQ(failure->verdict, Verdict::kCounterexample) << EnumName(bug);
  }
}

// The model's termination round is one atomic step; no-election goes wrong
// only when a round decides on a reply that went stale while it collected
// (docs/threepc.md). Dropping the election from the atomic round is still
// safe, so the model cannot stand for that bug: the catalog refuses it.
TEST(ThreePcSpec, NoElectionIsInvisibleToTheAtomicRound) {
  const std::vector<PropertyResult> results =
      ProveThreePc({.bug = Bug::kNoElection});
  EXPECT_EQ(FirstFailure(results), nullptr);
}

// Depth 12 (the default of `stepwise bmc threepc`) takes about a minute;
// 10 covers the runs of the bugs below but abort-when-undecided's.
TEST(ThreePcBmc, CorrectProtocolHasNoViolationWithThreeParticipants) {
  const BmcResult result = RunBmc({.participants = 3}, 10);
  EXPECT_EQ(result.verdict, BmcVerdict::kNoViolation) << result.trace;
  EXPECT_EQ(result.depth, 10);
}

TEST(ThreePcBmc, CorrectProtocolKeepsEveryLemma) {
  const BmcResult result = RunBmc({.participants = 2}, 8, true);
  EXPECT_EQ(result.verdict, BmcVerdict::kNoViolation) << result.trace;
}

struct BugCase {
  Bug bug;
  const char* violated;
  int depth;  // the shortest counterexample with 3 participants
};

TEST(ThreePcBmc, EveryExpressibleBugIsFoundWithThreeParticipants) {
  for (const BugCase& c :
       {BugCase{Bug::kCommitOnTimeout, "commit-needs-all-votes", 2},
        BugCase{Bug::kSkipPreCommit, "consistency", 6},
        BugCase{Bug::kAbortWhenUndecided, "consistency", 11}}) {
    const BmcResult result = RunBmc({.bug = c.bug, .participants = 3}, 12);
    ASSERT_EQ(result.verdict, BmcVerdict::kViolation) << EnumName(c.bug);
    EXPECT_EQ(result.violated, c.violated) << EnumName(c.bug);
    EXPECT_EQ(result.depth, c.depth) << EnumName(c.bug) << "\n" << result.trace;
  }
}

// Skipping the pre-commit phase: the coordinator commits and fails before
// telling anyone; the participants, all uncertain, abort by the rule.
TEST(ThreePcBmc, SkipPreCommitTraceAbortsByTheRule) {
  const BmcResult result =
      RunBmc({.bug = Bug::kSkipPreCommit, .participants = 2}, 10);
  ASSERT_EQ(result.verdict, BmcVerdict::kViolation);
  EXPECT_EQ(result.violated, "consistency");
  EXPECT_THAT(result.trace, HasSubstr("<tm-crash()>"));
  EXPECT_THAT(result.trace, HasSubstr("tm: waiting -> committed"));
  EXPECT_THAT(result.trace, HasSubstr("uncertain -> aborted"));
}

// The model is not vacuous: the termination rule both commits and aborts
// without the coordinator (as the core's goal committed-without-coordinator
// asks of the explicit checker).
TEST(ThreePcBmc, TheRuleCommitsAndAbortsWithoutTheCoordinator) {
  for (bool commit : {true, false}) {
    z3::context ctx;
    TransitionSystem ts = ThreePcSpec(ctx, {.participants = 2});
    const z3::expr p = EnumerationElement(ts.sorts[0].sort, 0);
    const z3::expr goal =
        EnumerationElement(ts.symbols[kThreePcRm].range, commit ? 3 : 4);
    ts.properties.push_back(
        {"never-decided-by-the-rule", "a reachability goal, negated", false,
         [=](const StateCopy& s) {
           return !(!s[kThreePcTmUp]() && s[kThreePcRm](p) == goal &&
                    s[kThreePcTm]() !=
                        EnumerationElement(ts.symbols[kThreePcTm].range, 2) &&
                    s[kThreePcTm]() !=
                        EnumerationElement(ts.symbols[kThreePcTm].range, 3));
         }});
    absl::StatusOr<BmcResult> result = Bmc(ts, {.depth = 10});
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->verdict, BmcVerdict::kViolation) << commit;
    EXPECT_EQ(result->violated, "never-decided-by-the-rule");
  }
}

}  // namespace
}  // namespace stepwise::spec
