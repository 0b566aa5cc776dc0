// Replays the saga log fuzzer's corpus (fuzz/corpus/saga_log/) through the
// same code the libFuzzer binary runs, so every build checks the seeds and
// every reproducer added there; and every cut of every seed.

#include <cstdint>
#include <vector>

#include "fuzz/corpus_files.h"
#include "fuzz/saga_log_fuzzer.h"
#include "gtest/gtest.h"

namespace stepwise::fuzz {
namespace {

TEST(SagaLogCorpus, EverySeedAndEveryCutOfItReadsConsistently) {
  const auto files = CorpusFiles(STEPWISE_SAGA_LOG_CORPUS_DIR);
  EXPECT_GE(files.size(), 4u);
  for (const auto& path : files) {
    const std::vector<uint8_t> bytes = ReadCorpusFile(path);
    for (size_t length = 0; length <= bytes.size(); ++length) {
      // Aborts (and fails the test) on a broken promise.
      LLVMFuzzerTestOneInput(bytes.data(), length);
    }
  }
}

}  // namespace
}  // namespace stepwise::fuzz
