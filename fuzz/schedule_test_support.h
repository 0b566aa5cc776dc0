// What the schedule fuzzers' replay tests share: running a corpus on the
// correct protocol, a seeded random search over inputs (the ordinary build
// has no libFuzzer), and the round trip from a finding to a trace file to
// `stepwise replay`'s code.

#ifndef STEPWISE_FUZZ_SCHEDULE_TEST_SUPPORT_H_
#define STEPWISE_FUZZ_SCHEDULE_TEST_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "fuzz/corpus_files.h"
#include "fuzz/schedule_fuzzer.h"
#include "gtest/gtest.h"
#include "model_check/json.h"
#include "model_check/listed_traces.h"
#include "model_check/replay.h"
#include "model_check/shrink_trace_file.h"

namespace stepwise::fuzz {

// How many random inputs a test runs on the correct protocol. Unoptimized
// under the sanitizers (.ci/run's second stage) a schedule costs tens of
// times more; the optimized build runs the full count.
#ifdef STEPWISE_SANITIZED
inline constexpr int kCleanInputs = 1000;
#else
inline constexpr int kCleanInputs = 5000;
#endif

// Every file under `dir` runs clean on the correct protocol. Returns how
// many files there were.
template <typename P>
size_t ExpectCorpusClean(ScheduleRunner<P> runner,
                         const std::filesystem::path& dir) {
  const auto files = CorpusFiles(dir);
  for (const auto& path : files) {
    const ScheduleRun<P> run = runner(ReadCorpusFile(path), typename P::Bug{});
    EXPECT_FALSE(run.outcome.violation.has_value())
        << path << ": " << run.outcome.violation->property;
  }
  return files.size();
}

// The first of `tries` random inputs of `length` bytes (from a fixed seed)
// whose run violates a property with `bug` on, if any.
template <typename P>
std::optional<ScheduleRun<P>> SearchRandomInputs(ScheduleRunner<P> runner,
                                                 typename P::Bug bug, int tries,
                                                 size_t length,
                                                 uint32_t seed = 42) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> input(length);
  for (int i = 0; i < tries; ++i) {
    for (auto& byte : input) byte = static_cast<uint8_t>(rng());
    ScheduleRun<P> run = runner(input, bug);
    if (run.outcome.violation.has_value()) return run;
  }
  return std::nullopt;
}

// `run`'s finding, written as a trace file and read back, replays to the
// same violation (exit 1, the same property).
template <typename P>
void ExpectFindingReplays(const ScheduleRun<P>& run, const std::string& name) {
  ASSERT_TRUE(run.outcome.violation.has_value()) << name;
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      (std::string(P::kName) + "-finding-" + name + ".json");
  ASSERT_TRUE(WriteFindingTrace(run, path.string())) << path;
  std::ifstream in(path);
  const mc::Json trace = mc::Json::parse(in);
  const mc::ReplayOutcome outcome = mc::Replay<P>(trace);
  EXPECT_EQ(outcome.exit_code, 1) << name << ": " << outcome.message;
  EXPECT_EQ(outcome.property, run.outcome.violation->property) << name;
  std::filesystem::remove(path);
  // `stepwise shrink` shortens an invariant's counterexample, and the
  // shorter trace still replays to the same violation.
  if (run.outcome.violation->kind != mc::ViolationKind::kInvariant) return;
  const mc::ShrinkOutcome shrunk = mc::ShrinkTraceFile<P>(trace);
  ASSERT_EQ(shrunk.exit_code, 0) << name << ": " << shrunk.message;
  EXPECT_LE(shrunk.steps_after, shrunk.steps_before) << name;
  const mc::ReplayOutcome again = mc::Replay<P>(shrunk.trace);
  EXPECT_EQ(again.exit_code, 1) << name << ": " << again.message;
  EXPECT_EQ(again.property, outcome.property) << name;
  std::printf("%s finding %s: %s\n", std::string(P::kName).c_str(),
              name.c_str(), shrunk.message.c_str());
}

}  // namespace stepwise::fuzz

#endif  // STEPWISE_FUZZ_SCHEDULE_TEST_SUPPORT_H_
