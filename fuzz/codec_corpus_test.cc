// Replays the codec fuzzer's corpus (fuzz/corpus/codec/) through the same
// code the libFuzzer binary runs, so every build checks the seeds and every
// reproducer that was ever added there.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz/codec_fuzzer.h"
#include "fuzz/codec_seeds.h"
#include "gtest/gtest.h"

#ifndef STEPWISE_CODEC_CORPUS_DIR
#define STEPWISE_CODEC_CORPUS_DIR "fuzz/corpus/codec"
#endif

namespace stepwise::fuzz {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<fs::path> CorpusFiles() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(STEPWISE_CODEC_CORPUS_DIR)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

int RunFuzzer(const std::string& input) {
  return LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()),
                                input.size());
}

TEST(CodecCorpus, EveryFileReplays) {
  const std::vector<fs::path> files = CorpusFiles();
  ASSERT_FALSE(files.empty()) << "no corpus in " STEPWISE_CODEC_CORPUS_DIR;
  size_t round_tripped = 0;
  for (const fs::path& file : files) {
    const std::string input = ReadFile(file);
    const CodecOutcome outcome = CheckCodecInput(input);
    EXPECT_NE(outcome, CodecOutcome::kMismatch) << file;
    if (outcome == CodecOutcome::kRoundTripped) ++round_tripped;
    EXPECT_EQ(RunFuzzer(input), 0) << file;
  }
  EXPECT_GE(round_tripped, CodecSeeds().size());
}

// Files named reject-* are hand-written malformed inputs: each must fail.
TEST(CodecCorpus, RejectFilesAreRejected) {
  size_t rejects = 0;
  for (const fs::path& file : CorpusFiles()) {
    if (file.filename().string().rfind("reject-", 0) != 0) continue;
    EXPECT_EQ(CheckCodecInput(ReadFile(file)), CodecOutcome::kRejected) << file;
    ++rejects;
  }
  EXPECT_GT(rejects, 0u);
}

std::vector<Seed> AllSeeds() {
  std::vector<Seed> seeds = CodecSeeds();
  for (Seed& seed : CodecRejectSeeds()) seeds.push_back(std::move(seed));
  return seeds;
}

TEST(CodecCorpus, SeedsAreCheckedIn) {
  const fs::path dir(STEPWISE_CODEC_CORPUS_DIR);
  std::set<std::string> names;
  for (const Seed& seed : AllSeeds()) {
    EXPECT_TRUE(names.insert(seed.name).second) << seed.name << " twice";
    const fs::path path = dir / seed.name;
    ASSERT_TRUE(fs::exists(path))
        << path << " is missing: run fuzz_codec_seeds " << dir;
    EXPECT_EQ(ReadFile(path), seed.bytes)
        << path << " is stale: run fuzz_codec_seeds " << dir;
  }
}

TEST(CodecCorpus, SeedsRoundTripAndCoverEveryType) {
  std::set<uint8_t> types;
  for (const Seed& seed : CodecSeeds()) {
    EXPECT_EQ(CheckCodecInput(seed.bytes), CodecOutcome::kRoundTripped)
        << seed.name;
    EXPECT_LE(seed.bytes.size(), 64u) << seed.name << ": keep seeds small";
    EXPECT_EQ(CodecRejection(seed.bytes), "") << seed.name;
    EXPECT_NE(seed.name.rfind("reject-", 0), 0u) << seed.name;
    types.insert(static_cast<uint8_t>(seed.bytes[0]));
  }
  EXPECT_EQ(types.size(), kCodecTypeCount);
  EXPECT_LT(*types.rbegin(), kCodecTypeCount);
}

// Each reject seed fails for the reason it was written for, not for some
// other one (say because its selector byte now picks another type).
TEST(CodecCorpus, RejectSeedsFailForTheirReason) {
  const std::vector<Seed> seeds = CodecRejectSeeds();
  EXPECT_GE(seeds.size(), 6u);
  for (const Seed& seed : seeds) {
    EXPECT_EQ(seed.name.rfind("reject-", 0), 0u) << seed.name;
    ASSERT_FALSE(seed.bytes.empty()) << seed.name;
    EXPECT_LT(static_cast<uint8_t>(seed.bytes[0]), kCodecTypeCount)
        << seed.name << ": selector must name its type directly";
    EXPECT_LE(seed.bytes.size(), 64u) << seed.name << ": keep seeds small";
    EXPECT_EQ(CheckCodecInput(seed.bytes), CodecOutcome::kRejected)
        << seed.name;
    const std::string why = CodecRejection(seed.bytes);
    EXPECT_NE(why.find(seed.reason), std::string::npos)
        << seed.name << ": rejected with \"" << why << "\", expected \""
        << seed.reason << "\"";
    EXPECT_FALSE(seed.reason.empty()) << seed.name;
  }
}

TEST(CodecCorpus, SelectorWrapsAround) {
  EXPECT_EQ(CheckCodecInput(""), CodecOutcome::kRejected);
  // State{} is "01 00 00 00"; selector 0 and kCodecTypeCount both pick State.
  const std::string state("\x01\x00\x00\x00", 4);
  EXPECT_EQ(CheckCodecInput(std::string(1, '\0') + state),
            CodecOutcome::kRoundTripped);
  EXPECT_EQ(CheckCodecInput(std::string(1, static_cast<char>(kCodecTypeCount)) +
                            state),
            CodecOutcome::kRoundTripped);
  // Trailing bytes are rejected, not a mismatch.
  EXPECT_EQ(CheckCodecInput(std::string(1, '\0') + state + "x"),
            CodecOutcome::kRejected);
}

// A small deterministic fuzz pass for builds without libFuzzer: every
// truncation of every seed and every value of every single byte.
TEST(CodecCorpus, SeedMutationsNeverMismatch) {
  size_t runs = 0;
  for (const Seed& seed : AllSeeds()) {
    for (size_t n = 0; n <= seed.bytes.size(); ++n) {
      EXPECT_NE(CheckCodecInput(seed.bytes.substr(0, n)),
                CodecOutcome::kMismatch)
          << seed.name << " cut at " << n;
      ++runs;
    }
    for (size_t i = 1; i < seed.bytes.size(); ++i) {
      std::string mutated = seed.bytes;
      for (int value = 0; value < 256; ++value) {
        mutated[i] = static_cast<char>(value);
        ASSERT_NE(CheckCodecInput(mutated), CodecOutcome::kMismatch)
            << seed.name << " byte " << i << " = " << value;
        ++runs;
      }
    }
  }
  EXPECT_GT(runs, 1000u);
}

TEST(CodecCorpus, TypeNames) {
  std::set<std::string> names;
  for (size_t i = 0; i < kCodecTypeCount; ++i) {
    const std::string name = CodecTypeName(static_cast<uint8_t>(i));
    EXPECT_NE(name, "?") << i;
    EXPECT_TRUE(names.insert(name).second) << name << " twice";
  }
}

// The selectors of the four protocols that have checked-in corpus files keep
// the numbers those files were written with; new protocols only append.
TEST(CodecCorpus, SelectorsKeepTheirMeaning) {
  using core::bully::Bully;
  using core::raft::Raft;
  using core::ring::ChangRoberts;
  using core::twopc::TwoPhase;
  EXPECT_EQ(CodecSelectorOf<TwoPhase>(CodecPart::kState), 0);
  EXPECT_EQ(CodecSelectorOf<TwoPhase>(CodecPart::kEnvelope), 4);
  EXPECT_EQ(kGenericSelector, 5);
  EXPECT_EQ(kZeroWidthSelector, 8);
  EXPECT_EQ(CodecSelectorOf<Raft>(CodecPart::kState), 9);
  EXPECT_EQ(CodecSelectorOf<Raft>(CodecPart::kEnvelope), 13);
  EXPECT_EQ(CodecSelectorOf<Bully>(CodecPart::kState), 14);
  EXPECT_EQ(CodecSelectorOf<ChangRoberts>(CodecPart::kState), 19);
  EXPECT_EQ(CodecSelectorOf<ChangRoberts>(CodecPart::kEnvelope), 23);
  EXPECT_EQ(CodecTypeName(10), "raft Message");
  EXPECT_EQ(CodecTypeName(5), "vector<optional<variant<uint64_t, string>>>");
}

}  // namespace
}  // namespace stepwise::fuzz
