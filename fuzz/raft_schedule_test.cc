// The Raft schedule fuzzer's logic in the ordinary build: the checked-in
// corpus replays clean on the correct protocol, and every stored finding
// (corpus/raft_findings/<bug>/) still violates an invariant with its bug on,
// and its trace file replays to the same violation through `stepwise
// replay`'s code. Findings are libFuzzer's own crash inputs, so this pins
// both the fuzzer's input layout and the bugs' detection.

#include "fuzz/raft_schedule.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/corpus_files.h"
#include "gtest/gtest.h"
#include "model_check/json.h"
#include "model_check/replay.h"

namespace stepwise::fuzz {
namespace {

using core::raft::Bug;
using core::raft::Raft;

TEST(RaftScheduleTest, CorpusReplaysCleanOnTheCorrectProtocol) {
  const auto files = CorpusFiles(STEPWISE_SCHEDULE_CORPUS_DIR);
  for (const auto& path : files) {
    const RaftRun run = RunRaftSchedule(ReadCorpusFile(path), Bug::kNone);
    EXPECT_FALSE(run.outcome.violation.has_value())
        << path << ": " << run.outcome.violation->property;
  }
  EXPECT_GE(files.size(), 5u);
  EXPECT_LT(files.size(), 50u) << "keep the seed corpus small";
}

TEST(RaftScheduleTest, ShapesCoverTheOptions) {
  bool five_nodes = false, pre_vote = false, check_quorum = false;
  for (int shape = 0; shape < 256; ++shape) {
    const RaftRun run = RaftShape(static_cast<uint8_t>(shape), Bug::kNone);
    five_nodes |= run.config.nodes == 5;
    pre_vote |= run.config.pre_vote;
    check_quorum |= run.config.check_quorum;
    EXPECT_LE(run.options.crashes, 2);
    EXPECT_LE(run.options.partitions, 1);
  }
  EXPECT_TRUE(five_nodes);
  EXPECT_TRUE(pre_vote);
  EXPECT_TRUE(check_quorum);
}

// Every textbook bug the fuzzer finds has at least one stored finding; each
// still violates an invariant with its bug, none violates anything on the
// correct protocol, and its trace file replays to the same violation.
TEST(RaftScheduleTest, StoredFindingsReproduceAndTheirTracesReplay) {
  for (const Bug bug : {Bug::kCommitOldTerm, Bug::kVoteWithoutLogCheck,
                        Bug::kReplyBeforePersist, Bug::kNoTruncateOnConflict,
                        Bug::kForgetVoteOnRestart}) {
    const std::string name = mc::KebabName(EnumName(bug));
    ASSERT_EQ(BugByName<Bug>(name), bug);
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
      const std::filesystem::path trace =
          std::filesystem::temp_directory_path() /
          ("raft-finding-" + name + ".json");
      ASSERT_TRUE(WriteFindingTrace(run, trace.string()));
      std::ifstream in(trace);
      const mc::ReplayOutcome outcome = mc::Replay<Raft>(mc::Json::parse(in));
      EXPECT_EQ(outcome.exit_code, 1) << path << ": " << outcome.message;
      EXPECT_EQ(outcome.property, run.outcome.violation->property) << path;
      std::filesystem::remove(trace);
    }
  }
}

TEST(RaftScheduleTest, UnknownBugNamesAreRejected) {
  EXPECT_FALSE(BugByName<Bug>("nosuch").has_value());
  EXPECT_EQ(BugByName<Bug>("none"), Bug::kNone);
}

}  // namespace
}  // namespace stepwise::fuzz
