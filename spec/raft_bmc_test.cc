// Bounded model checking of the finite Raft election model (`stepwise bmc
// raft`), and its agreement with the explicit-state checker: every
// election-level textbook bug is a violation of election safety for both, the
// correct protocol for neither. The log-level bugs go to the replication
// model (raft_log_bmc_test.cc).

#include <z3++.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/raft/raft.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model_check/explore.h"
#include "spec/bmc.h"
#include "spec/catalog.h"
#include "spec/raft_bmc_for_test.h"

namespace stepwise::spec {
namespace {

using core::raft::Bug;
using core::raft::Raft;
using ::testing::HasSubstr;

// Sanitizers slow Z3 and the explorer several times over. The solver time
// roughly doubles with each step: 2 terms, depth 7 take about 2.5 s.
#ifdef STEPWISE_SANITIZED
constexpr int kCorrectDepth = 5;
constexpr uint64_t kStateBudget = 20'000;
#else
constexpr int kCorrectDepth = 7;
constexpr uint64_t kStateBudget = 100'000;
#endif

// The shortest counterexamples take 9 steps: a candidate times out, gets a
// vote, counts it and leads; the voter loses its vote (or votes twice); a
// second candidate does the same with that voter. Two terms are enough.
constexpr int kBugDepth = 9;
constexpr SpecSize kThreeNodes = {.nodes = 3, .terms = 2};

mc::Result<Raft> CheckRaft(Bug bug, uint64_t max_states = 0) {
  Raft::Config config = core::raft::ModelCheckingConfig();
  config.max_term = 2;
  config.max_log_length = 1;
  config.auto_read = false;
  config.bug = bug;
  mc::Options options{.crashes = 1};
  if (max_states > 0) options.max_states = max_states;
  return CheckRaftCore(config, options);
}

const SpecEntry& RaftEntry() {
  for (const SpecEntry& entry : Specs()) {
    if (entry.protocol == "raft") return entry;
  }
  ADD_FAILURE() << "no raft model";
  return Specs().front();
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  for (const std::string& n : names) {
    if (n == name) return true;
  }
  return false;
}

TEST(RaftBmc, CorrectElectionHasNoViolationWithThreeNodes) {
  const BmcResult result = RunRaftBmc("none", kCorrectDepth, kThreeNodes);
  EXPECT_EQ(result.verdict, BmcVerdict::kNoViolation) << result.trace;
  EXPECT_EQ(result.depth, kCorrectDepth);
}

// Both checkers on one election-level textbook bug of core/raft: BMC of the
// election model and the explicit checker on the C++ step function (3 nodes,
// terms up to 2, one crash) each find an election-safety violation.
void ExpectBothFind(Bug bug, const std::string& action) {
  const BmcResult bmc = RunRaftBmc(RaftBugName(bug), kBugDepth, kThreeNodes);
  ASSERT_EQ(bmc.verdict, BmcVerdict::kViolation);
  EXPECT_EQ(bmc.violated, "election-safety");
  EXPECT_EQ(bmc.depth, kBugDepth);
  EXPECT_THAT(bmc.trace, HasSubstr("<" + action + "("));
  const mc::Result<Raft> explicit_result = CheckRaft(bug);
  ASSERT_EQ(explicit_result.verdict, mc::Verdict::kViolation);
  ASSERT_TRUE(explicit_result.violation.has_value());
  EXPECT_EQ(explicit_result.violation->property, "election-safety");
}

TEST(RaftBmc, ForgetVoteOnRestartIsFoundByBmcAndTheModelChecker) {
  ExpectBothFind(Bug::kForgetVoteOnRestart, "restart");
}

TEST(RaftBmc, ReplyBeforePersistIsFoundByBmcAndTheModelChecker) {
  ExpectBothFind(Bug::kReplyBeforePersist, "crash-before-persist");
}

// The model's own planted mistake (no C++ counterpart).
TEST(RaftBmc, DoubleVoteIsFound) {
  const BmcResult result = RunRaftBmc("double-vote", kBugDepth, kThreeNodes);
  ASSERT_EQ(result.verdict, BmcVerdict::kViolation);
  EXPECT_EQ(result.violated, "election-safety");
  EXPECT_EQ(result.depth, 8);  // no crash needed
}

// ... and on the correct protocol neither finds one (BMC above; the explicit
// checker within a state budget).
TEST(RaftBmc, ModelCheckerFindsNoViolationInTheCorrectProtocol) {
  const mc::Result<Raft> result = CheckRaft(Bug::kNone, kStateBudget);
  EXPECT_FALSE(result.violation.has_value() &&
               result.violation->kind == mc::ViolationKind::kInvariant)
      << result.violation->property;
}

// Every core/raft bug has a model BMC runs at its default instance: the
// election model for the election-level bugs, the replication model for the
// log-level ones (which Prove, for any N, refuses by name).
TEST(RaftBmc, EveryTextbookBugIsModelled) {
  const SpecEntry& entry = RaftEntry();
  EXPECT_TRUE(entry.unmodelled_bugs.empty());
  for (size_t i = 1; i < EnumSize(Bug::kNone); ++i) {
    const std::string bug = RaftBugName(static_cast<Bug>(i));
    SCOPED_TRACE(bug);
    ASSERT_TRUE(Contains(entry.bugs, bug));
    z3::context ctx;
    const BmcDefaults defaults = DefaultBmc("raft", bug);
    absl::StatusOr<TransitionSystem> ts =
        BuildSpec(ctx, "raft", bug, defaults.size);
    ASSERT_TRUE(ts.ok()) << ts.status();
    EXPECT_EQ(ts->name, IsRaftLogBug(bug) ? "raft-log" : "raft");
    EXPECT_EQ(IsRaftLogBug(bug), Contains(entry.finite_only_bugs, bug));
    absl::StatusOr<TransitionSystem> any_size = BuildSpec(ctx, "raft", bug);
    if (!IsRaftLogBug(bug)) {
      EXPECT_TRUE(any_size.ok()) << any_size.status();
      continue;
    }
    ASSERT_FALSE(any_size.ok());
    EXPECT_EQ(any_size.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(any_size.status().message()),
                HasSubstr("stepwise bmc raft --bug " + bug));
  }
}

TEST(RaftBmc, SizesAreChecked) {
  z3::context ctx;
  EXPECT_FALSE(BuildSpec(ctx, "raft", "none", {.nodes = 3}).ok());
  EXPECT_FALSE(BuildSpec(ctx, "raft", "none", {.nodes = 8, .terms = 2}).ok());
  EXPECT_FALSE(BuildSpec(ctx, "twopc", "none", {.nodes = 3, .terms = 2}).ok());
  EXPECT_TRUE(BuildSpec(ctx, "raft", "none").ok());
}

}  // namespace
}  // namespace stepwise::spec
