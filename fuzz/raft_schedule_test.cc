// The Raft schedule fuzzer's logic in the ordinary build: the checked-in
// corpus replays clean on the correct protocol, and every stored finding
// (corpus/raft_findings/<bug>/) still violates an invariant with its bug on,
// and its trace file replays to the same violation through `stepwise
// replay`'s code. Findings are libFuzzer's own crash inputs, so this pins
// both the fuzzer's input layout and the bugs' detection.

#include "fuzz/raft_schedule.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "fuzz/schedule_test_support.h"
#include "gtest/gtest.h"

namespace stepwise::fuzz {
namespace {

using core::raft::Bug;
using core::raft::Raft;

TEST(RaftScheduleTest, CorpusReplaysCleanOnTheCorrectProtocol) {
  const size_t files =
      ExpectCorpusClean<Raft>(RunRaftSchedule, STEPWISE_SCHEDULE_CORPUS_DIR);
  EXPECT_GE(files, 5u);
  EXPECT_LT(files, 50u) << "keep the seed corpus small";
}

TEST(RaftScheduleTest, ShapesCoverTheOptions) {
  bool five_nodes = false, pre_vote = false, check_quorum = false;
  bool clients = false;
  for (int shape = 0; shape < 256; ++shape) {
    const RaftRun run = RaftShape(static_cast<uint8_t>(shape), Bug::kNone);
    five_nodes |= run.config.nodes == 5;
    pre_vote |= run.config.pre_vote;
    check_quorum |= run.config.check_quorum;
    // Clients replace the leaders' stand-in commands, never join them.
    EXPECT_EQ(run.options.requests > 0, !run.config.auto_propose) << shape;
    clients |= run.options.requests > 0;
    EXPECT_LE(run.options.crashes, 2);
    EXPECT_LE(run.options.partitions, 1);
  }
  EXPECT_TRUE(five_nodes);
  EXPECT_TRUE(pre_vote);
  EXPECT_TRUE(check_quorum);
  EXPECT_TRUE(clients);
}

// Every textbook bug has at least one stored finding; each
// still violates an invariant with its bug, none violates anything on the
// correct protocol, and its trace file replays to the same violation.
TEST(RaftScheduleTest, StoredFindingsReproduceAndTheirTracesReplay) {
  for (const Bug bug : {Bug::kCommitOldTerm, Bug::kVoteWithoutLogCheck,
                        Bug::kReplyBeforePersist, Bug::kNoTruncateOnConflict,
                        Bug::kForgetVoteOnRestart, Bug::kReadWithoutQuorum}) {
    const std::string name = mc::KebabName(EnumName(bug));
    ASSERT_EQ(core::EnumFromKebab<Bug>(name), bug);
    const auto files = CorpusFiles(
        std::filesystem::path(STEPWISE_SCHEDULE_FINDINGS_DIR) / name);
    EXPECT_FALSE(files.empty()) << "no stored finding for " << name;
    for (const auto& path : files) {
      const std::vector<uint8_t> input = ReadCorpusFile(path);
      EXPECT_FALSE(
          RunRaftSchedule(input, Bug::kNone).outcome.violation.has_value())
          << path;
      const RaftRun run = RunRaftSchedule(input, bug);
      ASSERT_TRUE(run.outcome.violation.has_value()) << path;
      ExpectFindingReplays(run, name);
    }
  }
}

TEST(RaftScheduleTest, UnknownBugNamesAreRejected) {
  EXPECT_FALSE(core::EnumFromKebab<Bug>("nosuch").has_value());
  EXPECT_EQ(core::EnumFromKebab<Bug>("none"), Bug::kNone);
}

}  // namespace
}  // namespace stepwise::fuzz
