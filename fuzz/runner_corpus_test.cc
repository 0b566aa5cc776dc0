// Replays the RESP and frame fuzzers' corpora (fuzz/corpus/resp/,
// fuzz/corpus/frame/) through the checks the libFuzzer binaries run, so every
// build checks the seeds and every reproducer ever added there.
//
// After a wire-format change, rewrite the seeds with
//   STEPWISE_WRITE_RUNNER_SEEDS=1 runner_corpus_test

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/corpus_files.h"
#include "fuzz/runner_wire.h"
#include "gtest/gtest.h"

#ifndef STEPWISE_RESP_CORPUS_DIR
#define STEPWISE_RESP_CORPUS_DIR "fuzz/corpus/resp"
#endif
#ifndef STEPWISE_FRAME_CORPUS_DIR
#define STEPWISE_FRAME_CORPUS_DIR "fuzz/corpus/frame"
#endif

namespace stepwise::fuzz {
namespace {

namespace fs = std::filesystem;

struct Target {
  std::string_view name;
  fs::path dir;
  std::function<WireCheck(std::string_view)> check;
  std::function<std::vector<WireSeed>()> seeds;
};

std::vector<Target> Targets() {
  return {{"resp", STEPWISE_RESP_CORPUS_DIR, CheckRespInput, RespSeeds},
          {"frame", STEPWISE_FRAME_CORPUS_DIR, CheckFrameInput, FrameSeeds}};
}

std::string ReadText(const fs::path& path) {
  const std::vector<uint8_t> bytes = ReadCorpusFile(path);
  return std::string(bytes.begin(), bytes.end());
}

bool IsReject(std::string_view name) { return name.starts_with("reject-"); }

TEST(RunnerCorpus, EveryFileReplays) {
  for (const Target& target : Targets()) {
    const std::vector<fs::path> files = CorpusFiles(target.dir);
    ASSERT_FALSE(files.empty()) << "no corpus in " << target.dir;
    for (const fs::path& file : files) {
      const WireCheck check = target.check(ReadText(file));
      EXPECT_EQ(check.failure, "") << file;
      // Files named reject-* are malformed on purpose: each must be refused.
      if (IsReject(file.filename().string())) {
        EXPECT_TRUE(check.error) << file;
      }
    }
  }
}

TEST(RunnerCorpus, SeedsAreCheckedIn) {
  const bool write = std::getenv("STEPWISE_WRITE_RUNNER_SEEDS") != nullptr;
  for (const Target& target : Targets()) {
    for (const WireSeed& seed : target.seeds()) {
      const fs::path path = target.dir / seed.name;
      if (write) {
        fs::create_directories(target.dir);
        std::ofstream(path, std::ios::binary) << seed.bytes;
      }
      ASSERT_TRUE(fs::exists(path))
          << path << " is missing: run STEPWISE_WRITE_RUNNER_SEEDS=1 "
          << "runner_corpus_test";
      EXPECT_EQ(ReadText(path), seed.bytes)
          << path << " is stale: run STEPWISE_WRITE_RUNNER_SEEDS=1 "
          << "runner_corpus_test";
    }
  }
}

TEST(RunnerCorpus, SeedsParse) {
  for (const Target& target : Targets()) {
    for (const WireSeed& seed : target.seeds()) {
      const WireCheck check = target.check(seed.bytes);
      EXPECT_EQ(check.failure, "") << target.name << "/" << seed.name;
      EXPECT_LE(seed.bytes.size(), 512u) << seed.name << ": keep seeds small";
      if (IsReject(seed.name)) {
        EXPECT_TRUE(check.error) << seed.name;
      } else {
        EXPECT_GT(check.items, 0u) << target.name << "/" << seed.name;
      }
    }
  }
}

TEST(RunnerCorpus, FrameSeedsDecodeEveryKindOfPayload) {
  // handshake: 2 hellos (the proof frame decodes as nothing); refusal: 1;
  // messages: 4 Raft messages.
  size_t decoded = 0;
  for (const WireSeed& seed : FrameSeeds()) {
    if (seed.name == "handshake" || seed.name == "refusal" ||
        seed.name == "messages") {
      decoded += CheckFrameInput(seed.bytes).decoded;
    }
  }
  EXPECT_EQ(decoded, 7u);
}

// A small deterministic fuzz pass for builds without libFuzzer: every
// truncation of every seed and a spread of values at every byte.
TEST(RunnerCorpus, SeedMutationsNeverFail) {
  size_t runs = 0;
  for (const Target& target : Targets()) {
    for (const WireSeed& seed : target.seeds()) {
      for (size_t n = 0; n <= seed.bytes.size(); ++n) {
        ASSERT_EQ(target.check(seed.bytes.substr(0, n)).failure, "")
            << seed.name << " cut at " << n;
        ++runs;
      }
      for (size_t i = 0; i < seed.bytes.size(); ++i) {
        std::string mutated = seed.bytes;
        for (int value : {0x00, 0x01, 0x0a, 0x0d, 0x24, 0x2a, 0x2d, 0x30, 0x31,
                          0x39, 0x7f, 0x80, 0xff}) {
          mutated[i] = static_cast<char>(value);
          ASSERT_EQ(target.check(mutated).failure, "")
              << seed.name << " byte " << i << " = " << value;
          ++runs;
        }
      }
    }
  }
  EXPECT_GT(runs, 1000u);
}

}  // namespace
}  // namespace stepwise::fuzz
