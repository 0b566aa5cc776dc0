// Bounded model checking of the Raft replication model (spec/raft_log_spec.h,
// `stepwise bmc raft --bug NAME` for the log-level bugs of core/raft), and
// its agreement with the explicit-state checker on the C++ core: each bug is
// a violation for both, at the depth BMC's shortest counterexample takes,
// and the correct model has none at those instances and depths.

#include <z3++.h>

#include <string>

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

struct LogBug {
  Bug bug;
  std::string invariant;  // the first one BMC finds violated
  int depth;              // the shortest counterexample's steps
  std::string action;     // the step that shows the bug, in the trace
};

// Measured (spec/README.md); DefaultBmc must find each at these depths.
const LogBug kVoteWithoutLogCheck = {Bug::kVoteWithoutLogCheck,
                                     "leader-completeness", 5, "become-leader"};
const LogBug kReadWithoutQuorum = {Bug::kReadWithoutQuorum,
                                   "linearizable-reads", 6, "read"};
const LogBug kNoTruncateOnConflict = {Bug::kNoTruncateOnConflict,
                                      "log-terms-monotonic", 6, "replicate"};
const LogBug kCommitOldTerm = {Bug::kCommitOldTerm,
                               "committed-entries-election-proof", 7, "commit"};

// BMC of the bug at its default instance and depth.
void ExpectBmcFinds(const LogBug& c) {
  const std::string bug = RaftBugName(c.bug);
  const BmcDefaults defaults = DefaultBmc("raft", bug);
  EXPECT_EQ(defaults.depth, c.depth);
  const BmcResult result = RunRaftBmc(bug, defaults.depth, defaults.size);
  ASSERT_EQ(result.verdict, BmcVerdict::kViolation) << result.trace;
  EXPECT_EQ(result.violated, c.invariant) << result.trace;
  // BMC asks depth by depth, so this is the shortest counterexample.
  EXPECT_EQ(result.depth, c.depth) << result.trace;
  EXPECT_THAT(result.trace, HasSubstr("<" + c.action + "("));
}

// The explicit checker on the C++ core, with the options
// model_check/raft_check_test.cc uses for the bug.
void ExpectModelCheckerFinds(const Raft::Config& config,
                             const mc::Options& options,
                             const std::string& invariant) {
  const mc::Result<Raft> result = CheckRaftCore(config, options);
  ASSERT_EQ(result.verdict, mc::Verdict::kViolation);
  ASSERT_TRUE(result.violation.has_value());
  EXPECT_EQ(result.violation->kind, mc::ViolationKind::kInvariant);
  EXPECT_EQ(result.violation->property, invariant);
}

Raft::Config CoreConfig(Bug bug, uint64_t max_term, uint64_t max_log) {
  Raft::Config config = core::raft::ModelCheckingConfig();
  config.max_term = max_term;
  config.max_log_length = max_log;
  config.auto_read = false;
  config.bug = bug;
  return config;
}

TEST(RaftLogBmc, VoteWithoutLogCheckIsFoundByBmcAndTheModelChecker) {
  ExpectBmcFinds(kVoteWithoutLogCheck);
  ExpectModelCheckerFinds(CoreConfig(Bug::kVoteWithoutLogCheck, 2, 1),
                          {.crashes = 1}, "leader-completeness");
}

TEST(RaftLogBmc, NoTruncateOnConflictIsFoundByBmcAndTheModelChecker) {
  ExpectBmcFinds(kNoTruncateOnConflict);
  ExpectModelCheckerFinds(CoreConfig(Bug::kNoTruncateOnConflict, 2, 2), {},
                          "log-terms-monotonic");
}

// The explicit checker needs millions of states for the next two (docs/raft.md:
// commit-old-term 11.9 M states, about 48 s; read-without-quorum about 21 M
// states, 108-148 s; the DISABLED_ tests below took 148 s and 141 s on the
// loaded 2-core machine), too many for the suite. Run those searches with
// --gtest_also_run_disabled_tests.
TEST(RaftLogBmc, CommitOldTermIsFoundByBmc) { ExpectBmcFinds(kCommitOldTerm); }

TEST(RaftLogBmc, ReadWithoutQuorumIsFoundByBmc) {
  ExpectBmcFinds(kReadWithoutQuorum);
}

// stepwise check raft --bug commit-old-term --max-term 3 --max-log 2
//   --no-auto-read --no-auto-propose --crashes 0
TEST(RaftLogBmc, DISABLED_CommitOldTermIsFoundByTheModelChecker) {
  Raft::Config config = CoreConfig(Bug::kCommitOldTerm, 3, 2);
  config.auto_propose = false;
  ExpectModelCheckerFinds(config, {}, "committed-entries-election-proof");
}

// stepwise check raft --bug read-without-quorum --max-term 2 --max-log 2
//   --requests 2 --crashes 0
TEST(RaftLogBmc, DISABLED_ReadWithoutQuorumIsFoundByTheModelChecker) {
  // Client requests replace the leaders' stand-in proposal (as the CLI does):
  // the history the linearizability check judges holds only theirs.
  Raft::Config config = CoreConfig(Bug::kReadWithoutQuorum, 2, 2);
  config.auto_propose = false;
  ExpectModelCheckerFinds(config, {.requests = 2}, "linearizable");
}

// The correct model at each bug's instance, to each bug's depth (sanitizers
// slow Z3 several times over: two steps less there).
#ifdef STEPWISE_SANITIZED
constexpr int kShallower = 2;
#else
constexpr int kShallower = 0;
#endif

void ExpectCorrectModelHolds(const LogBug& c) {
  SCOPED_TRACE(RaftBugName(c.bug));
  const BmcDefaults defaults = DefaultBmc("raft", RaftBugName(c.bug));
  const int depth = defaults.depth - kShallower;
  const BmcResult result = RunRaftBmc("none", depth, defaults.size);
  EXPECT_EQ(result.verdict, BmcVerdict::kNoViolation) << result.trace;
  EXPECT_EQ(result.depth, depth);
}

TEST(RaftLogBmc, CorrectModelHasNoViolationWhereEachBugHasOne) {
  ExpectCorrectModelHolds(kVoteWithoutLogCheck);
  ExpectCorrectModelHolds(kReadWithoutQuorum);
  ExpectCorrectModelHolds(kNoTruncateOnConflict);
  ExpectCorrectModelHolds(kCommitOldTerm);
}

// `stepwise bmc raft --log-length L` (bug none) checks at least the size and
// depth that find each log-level bug, terms and log slots alike.
TEST(RaftLogBmc, DefaultCorrectRunCoversEveryBug) {
  const BmcDefaults correct = DefaultBmc("raft", "none", true);
  for (const LogBug& c : {kVoteWithoutLogCheck, kReadWithoutQuorum,
                          kNoTruncateOnConflict, kCommitOldTerm}) {
    SCOPED_TRACE(RaftBugName(c.bug));
    const BmcDefaults bug = DefaultBmc("raft", RaftBugName(c.bug));
    EXPECT_GE(correct.depth, bug.depth);
    EXPECT_EQ(correct.size.nodes, bug.size.nodes);
    EXPECT_GE(correct.size.terms, bug.size.terms);
    EXPECT_GE(correct.size.log_length, bug.size.log_length);
  }
}

TEST(RaftLogBmc, ModelsAndSizesAreChecked) {
  z3::context ctx;
  // An election-level bug has no replication model.
  EXPECT_FALSE(BuildSpec(ctx, "raft", "forget-vote-on-restart",
                         {.nodes = 3, .terms = 3, .log_length = 1})
                   .ok());
  EXPECT_FALSE(BuildSpec(ctx, "raft", "commit-old-term",
                         {.nodes = 6, .terms = 3, .log_length = 1})
                   .ok());
  EXPECT_FALSE(
      BuildSpec(ctx, "raft", "none", {.nodes = 3, .terms = 3, .log_length = 9})
          .ok());
  EXPECT_FALSE(
      BuildSpec(ctx, "twopc", "none", {.nodes = 3, .log_length = 1}).ok());
  absl::StatusOr<TransitionSystem> log_model =
      BuildSpec(ctx, "raft", "none", {.nodes = 3, .terms = 3, .log_length = 2});
  ASSERT_TRUE(log_model.ok()) << log_model.status();
  EXPECT_EQ(log_model->name, "raft-log");
  // Prove keeps the election model.
  absl::StatusOr<TransitionSystem> any_size = BuildSpec(ctx, "raft", "none");
  ASSERT_TRUE(any_size.ok()) << any_size.status();
  EXPECT_EQ(any_size->name, "raft");
}

}  // namespace
}  // namespace stepwise::spec
