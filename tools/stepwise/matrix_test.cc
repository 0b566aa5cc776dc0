// Tests of the guarantee matrix on a small subset (3 nodes): Bully under a
// partition elects two leaders (with a trace that `stepwise replay` would
// re-execute), Bully on a reliable synchronous network and the ring on a
// reliable network keep at most one leader, and the Markdown shows it.

#include "tools/stepwise/matrix.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "core/bully/bully.h"
#include "core/raft/raft.h"
#include "core/threepc/threepc.h"
#include "gtest/gtest.h"
#include "model_check/listed_traces.h"
#include "model_check/liveness.h"
#include "model_check/replay.h"

namespace stepwise::tools::matrix {
namespace {

namespace fs = std::filesystem;

const Cell* Find(const Matrix& matrix, Algorithm algorithm, Fault fault,
                 Property property) {
  for (const Cell& cell : matrix.cells) {
    if (cell.algorithm == algorithm && cell.fault == fault &&
        cell.property == property) {
      return &cell;
    }
  }
  return nullptr;
}

class MatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    out_dir_ = new std::string(
        (fs::path(::testing::TempDir()) / "matrix-test-traces").string());
    fs::remove_all(*out_dir_);
    MatrixOptions options;
    options.nodes = {3};
    options.algorithms = {Algorithm::kBully, Algorithm::kRing};
    options.faults = {Fault::kReliable, Fault::kPartitions,
                      Fault::kAsynchronousTimers};
    options.max_states = 200'000;
    options.threads = 1;
    options.out_dir = *out_dir_;
    absl::StatusOr<Matrix> result = RunMatrix(options);
    ASSERT_TRUE(result.ok()) << result.status();
    matrix_ = new Matrix(*std::move(result));
  }
  static void TearDownTestSuite() {
    delete matrix_;
    delete out_dir_;
  }
  static Matrix* matrix_;
  static std::string* out_dir_;
};

Matrix* MatrixTest::matrix_ = nullptr;
std::string* MatrixTest::out_dir_ = nullptr;

TEST_F(MatrixTest, BullyUnderPartitionsElectsTwoLeadersWithATrace) {
  const Cell* cell = Find(*matrix_, Algorithm::kBully, Fault::kPartitions,
                          Property::kAtMostOneLeader);
  ASSERT_NE(cell, nullptr);
  EXPECT_EQ(cell->verdict, CellVerdict::kViolated);
  EXPECT_EQ(cell->trace_path,
            (fs::path(*out_dir_) / "bully-3-partitions-at-most-one-leader.json")
                .string());
  ASSERT_TRUE(fs::exists(cell->trace_path));
  std::ifstream in(cell->trace_path);
  const mc::Json trace = mc::Json::parse(in);
  EXPECT_EQ(trace["protocol"], "bully");
  EXPECT_EQ(trace["options"]["partitions"], 1);
}

// The partition run stops at two leaders; agreement and eventually-leader are
// then checked alone, so no cell is left at "stopped at another property".
TEST_F(MatrixTest, PropertiesLeftOpenByAViolationAreCheckedAlone) {
  for (Property property :
       {Property::kAgreement, Property::kEventuallyLeader}) {
    const Cell* cell =
        Find(*matrix_, Algorithm::kBully, Fault::kPartitions, property);
    ASSERT_NE(cell, nullptr);
    EXPECT_NE(cell->verdict, CellVerdict::kUnknown)
        << Name(property) << ": " << cell->reason;
    if (cell->verdict == CellVerdict::kViolated) {
      std::ifstream in(cell->trace_path);
      const mc::Json trace = mc::Json::parse(in);
      EXPECT_FALSE(trace["options"]["only_properties"].empty());
      const mc::ReplayOutcome outcome = mc::Replay<core::bully::Bully>(trace);
      if (cell->property != Property::kEventuallyLeader) {
        EXPECT_EQ(outcome.exit_code, 1) << outcome.message;
      }
    }
  }
  int follow_ups = 0;
  for (const matrix::Run& run : matrix_->runs) {
    if (run.algorithm == Algorithm::kBully && run.fault == Fault::kPartitions &&
        !run.only.empty()) {
      ++follow_ups;
    }
  }
  EXPECT_GE(follow_ups, 1);
}

TEST_F(MatrixTest, BullyWithAsynchronousTimersElectsTwoLeaders) {
  const Cell* cell =
      Find(*matrix_, Algorithm::kBully, Fault::kAsynchronousTimers,
           Property::kAtMostOneLeader);
  ASSERT_NE(cell, nullptr);
  EXPECT_EQ(cell->verdict, CellVerdict::kViolated);
  EXPECT_TRUE(fs::exists(cell->trace_path));
}

TEST_F(MatrixTest, ReliableSynchronousBullyAndReliableRingHold) {
  for (Algorithm algorithm : {Algorithm::kBully, Algorithm::kRing}) {
    for (Property property : {Property::kAtMostOneLeader, Property::kAgreement,
                              Property::kEventuallyLeader}) {
      const Cell* cell = Find(*matrix_, algorithm, Fault::kReliable, property);
      ASSERT_NE(cell, nullptr);
      EXPECT_EQ(cell->verdict, CellVerdict::kHolds)
          << Name(algorithm) << " " << Name(property) << " " << cell->reason;
    }
  }
}

TEST_F(MatrixTest, MarkdownShowsTheCells) {
  const std::string markdown = MatrixMarkdown(*matrix_);
  EXPECT_NE(markdown.find("### at-most-one-leader"), std::string::npos);
  EXPECT_NE(markdown.find("| algorithm | n | reliable | partitions | "
                          "async-timers |"),
            std::string::npos)
      << markdown;
  EXPECT_NE(markdown.find("| bully | 3 | ✓ | ✗ `" + *out_dir_ +
                          "/bully-3-partitions-at-most-one-leader.json` |"),
            std::string::npos)
      << markdown;
  EXPECT_NE(markdown.find("| ring | 3 | ✓ |"), std::string::npos) << markdown;
}

TEST_F(MatrixTest, JsonHasOneEntryPerCell) {
  const mc::Json json = MatrixJson(*matrix_);
  EXPECT_EQ(json["cells"].size(), 2u * 3u * 3u);
  for (const auto& cell : json["cells"]) {
    EXPECT_TRUE(cell.contains("verdict"));
    EXPECT_TRUE(cell.contains("trace"));
  }
}

// Raft election as the matrix runs it (3 nodes, no client proposals or
// reads, max term 2, max log length 1, symmetry): its read-served goal is out
// of reach, which the matrix notes and then checks liveness anyway, so every
// cell is settled: election-safety, agreement and eventually-leader hold.
TEST(MatrixRaftElectionTest, ThreeNodesReliableHoldsEveryProperty) {
  MatrixOptions options;
  options.nodes = {3};
  options.algorithms = {Algorithm::kRaftElection};
  options.faults = {Fault::kReliable};
  options.threads = 2;
  options.out_dir =
      (fs::path(::testing::TempDir()) / "matrix-raft-test-traces").string();
  absl::StatusOr<Matrix> matrix = RunMatrix(options);
  ASSERT_TRUE(matrix.ok()) << matrix.status();
  for (Property property : PropertiesOf(Family::kElection)) {
    const Cell* cell =
        Find(*matrix, Algorithm::kRaftElection, Fault::kReliable, property);
    ASSERT_NE(cell, nullptr);
    EXPECT_EQ(cell->verdict, CellVerdict::kHolds)
        << Name(property) << ": " << cell->reason;
  }
  EXPECT_EQ(Find(*matrix, Algorithm::kRaftElection, Fault::kReliable,
                 Property::kAgreement)
                ->checked_as,
            "agreement");
  ASSERT_EQ(matrix->runs.size(), 1u);
  EXPECT_EQ(matrix->runs[0].verdict, "ok");
}

// A configuration where eventually-leader fails, so the check is not
// vacuous: two of three nodes stop for good (no quorum is left) and, with
// PreVote, the survivor's campaigns never raise its term, so its run stays
// inside the bounds forever and shows as a lasso. (The network is monotone,
// a set, so the PreVote requests it keeps sending to the stopped nodes do
// not grow the state.)
// With PreVote the bound is term 0: a won pre-vote round starts term 1 and
// leaves the bounds, which keeps the graph small; the survivor's lost rounds
// stay at term 0.
core::raft::Config LoneSurvivorConfig(bool pre_vote) {
  core::raft::Config config = core::raft::ModelCheckingConfig();
  config.auto_propose = false;
  config.auto_read = false;
  config.max_term = pre_vote ? 0 : 1;
  config.pre_vote = pre_vote;
  return config;
}

mc::Options LoneSurvivorOptions() {
  mc::Options options;
  options.network = mc::Network::kMonotone;
  options.crashes = 2;
  options.crash_stop = true;
  return options;
}

const core::LivenessProperty<core::raft::Raft>& EventuallyLeader() {
  for (const auto& property : core::raft::Raft::liveness()) {
    if (property.name == "eventually-leader") return property;
  }
  std::abort();
}

TEST(RaftEventuallyLeaderTest, LoneSurvivorWithPreVoteIsALasso) {
  mc::LivenessChecker<core::raft::Raft> checker(
      LoneSurvivorConfig(true), LoneSurvivorOptions(), 1'000'000);
  ASSERT_TRUE(checker.Build());
  const auto lasso = checker.Check(EventuallyLeader());
  ASSERT_TRUE(lasso.has_value());
  ASSERT_TRUE(lasso->loop_back.has_value());
  // The loop: two nodes down, the third never leads.
  const mc::Cluster<core::raft::Raft>& last = lasso->states.back();
  EXPECT_EQ(std::count(last.up.begin(), last.up.end(), 1), 1);
  for (const auto& state : lasso->states) {
    for (const auto& node : state.states) {
      EXPECT_NE(node.role, core::raft::Role::kLeader);
    }
  }
}

// Without PreVote the survivor's every campaign raises its term, so the run
// leaves the bounds (max term) rather than loop inside them: the checker
// does not judge it. This is what a ✓ under the term bound means: every
// fair run elects a leader or campaigns past the maximum term.
TEST(RaftEventuallyLeaderTest, LoneSurvivorWithoutPreVoteLeavesTheBounds) {
  mc::LivenessChecker<core::raft::Raft> checker(
      LoneSurvivorConfig(false), LoneSurvivorOptions(), 1'000'000);
  ASSERT_TRUE(checker.Build());
  EXPECT_FALSE(checker.Check(EventuallyLeader()).has_value());
}

// Atomic commit with two participants: two-phase commit is consistent
// everywhere but blocks when its coordinator fails for good; three-phase
// commit and Paxos Commit are consistent and non-blocking there, and a
// partition splits three-phase commit's decision.
TEST(MatrixCommitTest, TwoAndThreePhaseCommitTradeBlockingForPartitions) {
  MatrixOptions options;
  options.family = Family::kCommit;
  options.nodes = {2};
  options.faults = {Fault::kCrashStop, Fault::kPartitions};
  options.threads = 1;
  options.max_states = 1'000'000;
  options.out_dir =
      (fs::path(::testing::TempDir()) / "matrix-commit-test-traces").string();
  absl::StatusOr<Matrix> matrix = RunMatrix(options);
  ASSERT_TRUE(matrix.ok()) << matrix.status();
  EXPECT_EQ(matrix->options.algorithms, AlgorithmsOf(Family::kCommit));
  auto verdict = [&](Algorithm algorithm, Fault fault, Property property) {
    const Cell* cell = Find(*matrix, algorithm, fault, property);
    return cell == nullptr ? CellVerdict::kNotDeclared : cell->verdict;
  };
  EXPECT_EQ(
      verdict(Algorithm::kTwoPc, Fault::kCrashStop, Property::kConsistency),
      CellVerdict::kHolds);
  EXPECT_EQ(
      verdict(Algorithm::kTwoPc, Fault::kCrashStop, Property::kNonBlocking),
      CellVerdict::kViolated);
  EXPECT_EQ(
      verdict(Algorithm::kThreePc, Fault::kCrashStop, Property::kConsistency),
      CellVerdict::kHolds);
  EXPECT_EQ(
      verdict(Algorithm::kThreePc, Fault::kCrashStop, Property::kNonBlocking),
      CellVerdict::kHolds);
  // Paxos Commit: consistent, and the backup finishes for a failed TM.
  EXPECT_EQ(verdict(Algorithm::kPaxosCommit, Fault::kCrashStop,
                    Property::kConsistency),
            CellVerdict::kHolds);
  EXPECT_EQ(verdict(Algorithm::kPaxosCommit, Fault::kCrashStop,
                    Property::kNonBlocking),
            CellVerdict::kHolds);
  EXPECT_EQ(
      verdict(Algorithm::kTwoPc, Fault::kPartitions, Property::kConsistency),
      CellVerdict::kHolds);
  const Cell* split = Find(*matrix, Algorithm::kThreePc, Fault::kPartitions,
                           Property::kConsistency);
  ASSERT_NE(split, nullptr);
  ASSERT_EQ(split->verdict, CellVerdict::kViolated);
  std::ifstream in(split->trace_path);
  const mc::Json trace = mc::Json::parse(in);
  EXPECT_EQ(mc::Replay<core::threepc::ThreePhase>(trace).exit_code, 1);
  const std::string markdown = MatrixMarkdown(*matrix);
  EXPECT_NE(markdown.find("## Guarantee matrix: atomic commit"),
            std::string::npos);
  EXPECT_NE(markdown.find("### non-blocking"), std::string::npos);
  EXPECT_EQ(markdown.find("### at-most-one-leader"), std::string::npos);
}

TEST(MatrixCommitTest, AnAlgorithmOfAnotherFamilyIsRefused) {
  MatrixOptions options;
  options.family = Family::kCommit;
  options.algorithms = {Algorithm::kBully};
  const absl::StatusOr<Matrix> matrix = RunMatrix(options);
  ASSERT_FALSE(matrix.ok());
  EXPECT_NE(matrix.status().message().find("--family election"),
            std::string::npos)
      << matrix.status();
}

TEST(MatrixNamesTest, RoundTrip) {
  for (Family family : kAllFamilies) {
    EXPECT_EQ(ParseFamily(Name(family)), family);
  }
  for (Algorithm algorithm : kAllAlgorithms) {
    EXPECT_EQ(ParseAlgorithm(Name(algorithm)), algorithm);
  }
  for (Fault fault : kAllFaults) EXPECT_EQ(ParseFault(Name(fault)), fault);
  EXPECT_FALSE(ParseAlgorithm("paxos").has_value());
}

}  // namespace
}  // namespace stepwise::tools::matrix
