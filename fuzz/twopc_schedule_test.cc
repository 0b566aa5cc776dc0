// The two-phase commit schedule fuzzer's logic in the ordinary build: the
// checked-in corpus replays clean on the correct protocol, and for every
// textbook bug a random search over schedules finds a violation whose trace
// file `stepwise replay` reproduces.

#include "fuzz/twopc_schedule.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "fuzz/corpus_files.h"
#include "gtest/gtest.h"
#include "model_check/replay.h"
#include "model_check/trace_format.h"

namespace stepwise::fuzz {
namespace {

using core::twopc::Bug;
using core::twopc::TwoPhase;

TEST(TwoPcScheduleTest, CorpusReplaysCleanOnTheCorrectProtocol) {
  size_t files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(STEPWISE_SCHEDULE_CORPUS_DIR)) {
    const std::vector<uint8_t> input = ReadCorpusFile(entry.path());
    const TwoPcRun run = RunTwoPcSchedule(input, Bug::kNone);
    EXPECT_FALSE(run.outcome.violation.has_value()) << entry.path();
    ++files;
  }
  EXPECT_GE(files, 5u);
}

TEST(TwoPcScheduleTest, EveryBugIsFoundAndItsTraceReplays) {
  for (Bug bug : {Bug::kMajorityCommit, Bug::kAbortAfterPrepare,
                  Bug::kVolatileDecision, Bug::kVolatilePrepare}) {
    std::mt19937 rng(42);
    std::optional<TwoPcRun> finding;
    int tries = 0;
    for (; tries < 20000 && !finding.has_value(); ++tries) {
      std::vector<uint8_t> input(48);
      for (auto& byte : input) byte = static_cast<uint8_t>(rng());
      TwoPcRun run = RunTwoPcSchedule(input, bug);
      if (run.outcome.violation.has_value()) finding = std::move(run);
    }
    ASSERT_TRUE(finding.has_value()) << EnumName(bug);
    const auto& violation = *finding->outcome.violation;
    // The finding becomes a trace file, and the file replays to it.
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        ("twopc-finding-" + std::string(EnumName(bug)) + ".json");
    std::ofstream(path) << mc::TraceJson<TwoPhase>(finding->config,
                                                   finding->options,
                                                   violation.trace, &violation)
                               .dump(2);
    std::ifstream in(path);
    const mc::Json parsed = mc::Json::parse(in);
    const mc::ReplayOutcome outcome = mc::Replay<TwoPhase>(parsed);
    EXPECT_EQ(outcome.exit_code, 1) << outcome.message;
    EXPECT_EQ(outcome.property, violation.property);
    std::filesystem::remove(path);
  }
}

}  // namespace
}  // namespace stepwise::fuzz
