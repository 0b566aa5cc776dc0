// Replays the WAL fuzzer's corpus (fuzz/corpus/wal/) through the same code
// the libFuzzer binary runs, so every build checks the seeds and every
// reproducer ever added there, and mutates the seeds a little itself.
//
// After a format change, rewrite the seeds with
//   STEPWISE_UPDATE_WAL_SEEDS=1 wal_corpus_test

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fuzz/corpus_files.h"
#include "fuzz/wal_fuzzer.h"
#include "gtest/gtest.h"

#ifndef STEPWISE_WAL_CORPUS_DIR
#define STEPWISE_WAL_CORPUS_DIR "fuzz/corpus/wal"
#endif

namespace stepwise::fuzz {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  const std::vector<uint8_t> bytes = ReadCorpusFile(path);
  return std::string(bytes.begin(), bytes.end());
}

TEST(WalCorpus, SeedsAreCheckedIn) {
  const fs::path dir(STEPWISE_WAL_CORPUS_DIR);
  const bool update = std::getenv("STEPWISE_UPDATE_WAL_SEEDS") != nullptr;
  for (const WalSeed& seed : WalSeeds()) {
    const fs::path path = dir / seed.name;
    if (update) {
      std::ofstream(path, std::ios::binary | std::ios::trunc) << seed.bytes;
    }
    ASSERT_TRUE(fs::exists(path))
        << path << " is missing: run STEPWISE_UPDATE_WAL_SEEDS=1 "
        << "wal_corpus_test";
    EXPECT_EQ(ReadFile(path), seed.bytes)
        << path << " is stale: run STEPWISE_UPDATE_WAL_SEEDS=1 "
        << "wal_corpus_test";
    EXPECT_LT(seed.bytes.size(), 4096u) << seed.name << ": keep seeds small";
  }
}

TEST(WalCorpus, SeedsHaveTheirOutcomes) {
  for (const WalSeed& seed : WalSeeds()) {
    const WalOutcome outcome = CheckWalSegment(seed.bytes);
    if (seed.name.find("torn") != std::string::npos ||
        seed.name.find("zero-tail") != std::string::npos) {
      EXPECT_EQ(outcome, WalOutcome::kTorn) << seed.name;
    } else if (seed.name.find("bad") != std::string::npos) {
      EXPECT_EQ(outcome, WalOutcome::kRejected) << seed.name;
    } else {
      EXPECT_EQ(outcome, WalOutcome::kReplayed) << seed.name;
    }
  }
}

TEST(WalCorpus, EveryFileReplays) {
  const std::vector<fs::path> files = CorpusFiles(STEPWISE_WAL_CORPUS_DIR);
  ASSERT_GE(files.size(), WalSeeds().size())
      << "no corpus in " STEPWISE_WAL_CORPUS_DIR;
  for (const fs::path& file : files) {
    const std::vector<uint8_t> bytes = ReadCorpusFile(file);
    const std::string input(bytes.begin(), bytes.end());
    EXPECT_NE(CheckWalSegment(input), WalOutcome::kMismatch) << file;
    EXPECT_NE(CheckWalSegment(FixWalCrcs(input)), WalOutcome::kMismatch)
        << file;
    EXPECT_EQ(LLVMFuzzerTestOneInput(bytes.data(), bytes.size()), 0) << file;
  }
}

// A small deterministic fuzz pass for builds without libFuzzer: every
// truncation of every seed, and three flips of every byte (raw, where the CRC
// catches them, and with CRCs fixed, where the decoder and the replay checks
// must).
TEST(WalCorpus, SeedMutationsNeverMismatch) {
  size_t runs = 0;
  size_t replayed_after_fix = 0;
  for (const WalSeed& seed : WalSeeds()) {
    for (size_t n = 0; n <= seed.bytes.size(); ++n) {
      ASSERT_NE(CheckWalSegment(seed.bytes.substr(0, n)), WalOutcome::kMismatch)
          << seed.name << " cut at " << n;
      ++runs;
    }
    for (size_t i = 0; i < seed.bytes.size(); ++i) {
      for (const uint8_t flip : {0x01, 0x10, 0x80}) {
        std::string mutated = seed.bytes;
        mutated[i] = static_cast<char>(mutated[i] ^ flip);
        ASSERT_NE(CheckWalSegment(mutated), WalOutcome::kMismatch)
            << seed.name << " byte " << i << " ^ " << int{flip};
        const WalOutcome fixed = CheckWalSegment(FixWalCrcs(mutated));
        ASSERT_NE(fixed, WalOutcome::kMismatch)
            << seed.name << " byte " << i << " ^ " << int{flip} << " (fixed)";
        if (fixed != WalOutcome::kRejected) ++replayed_after_fix;
        runs += 2;
      }
    }
  }
  EXPECT_GT(runs, 1000u);
  EXPECT_GT(replayed_after_fix, 10u);
}

TEST(WalCorpus, FixWalCrcsRepairsOnlyChecksums) {
  for (const WalSeed& seed : WalSeeds()) {
    // Those two hold bytes that are not whole records with good CRCs.
    if (seed.name == "seed-bad-magic" || seed.name == "seed-zero-tail") {
      continue;
    }
    EXPECT_EQ(FixWalCrcs(seed.bytes), seed.bytes) << seed.name;
  }
}

}  // namespace
}  // namespace stepwise::fuzz
