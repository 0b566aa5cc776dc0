// The saga log's bytes: records round-trip and the last one wins; every
// truncation and every flipped byte of a log is reported with the saga, the
// record and its offset, and nothing past the damage is returned.

#include "wire/saga_log.h"

#include <string>

#include "gtest/gtest.h"

namespace stepwise::wire {
namespace {

using core::saga::Phase;
using core::saga::State;

State Logged(uint32_t step, Phase phase = Phase::kRunning) {
  State state;
  state.phase = phase;
  state.step = step;
  state.attempts = 1;
  return state;
}

// A log of three records, as an orchestrator would leave it.
std::string ThreeRecords() {
  return SagaLogRecord(Logged(0)) + SagaLogRecord(Logged(1)) +
         SagaLogRecord(Logged(1, Phase::kCompensating));
}

TEST(SagaLogTest, TheLastIntactRecordIsTheStateToResumeFrom) {
  const SagaLogRead read = ReadSagaLog("order-7", ThreeRecords());
  ASSERT_TRUE(read.status.ok()) << read.status;
  EXPECT_EQ(read.records, 3u);
  EXPECT_EQ(read.good_bytes, ThreeRecords().size());
  ASSERT_TRUE(read.last.has_value());
  EXPECT_EQ(read.last->phase, Phase::kCompensating);
  EXPECT_EQ(read.last->step, 1u);
}

TEST(SagaLogTest, AnEmptyLogHasNothingToResume) {
  const SagaLogRead read = ReadSagaLog("order-7", "");
  EXPECT_TRUE(read.status.ok());
  EXPECT_FALSE(read.last.has_value());
}

TEST(SagaLogTest, ACutAnywhereIsReportedAtTheRecordItCuts) {
  const std::string log = ThreeRecords();
  const size_t first = SagaLogRecord(Logged(0)).size();
  for (size_t length = 1; length < log.size(); ++length) {
    const SagaLogRead read = ReadSagaLog("order-7", log.substr(0, length));
    if (length == first || length == 2 * first) {
      EXPECT_TRUE(read.status.ok()) << length;  // a record boundary
      continue;
    }
    ASSERT_FALSE(read.status.ok()) << length;
    EXPECT_EQ(read.status.code(), absl::StatusCode::kDataLoss);
    const std::string message(read.status.message());
    EXPECT_NE(message.find("saga order-7: log record "), std::string::npos)
        << message;
    EXPECT_NE(message.find("cut short"), std::string::npos) << message;
    EXPECT_NE(message.find(" at byte " + std::to_string(read.good_bytes)),
              std::string::npos)
        << message;
    EXPECT_EQ(read.good_bytes % first, 0u);
    EXPECT_EQ(read.records, read.good_bytes / first);
  }
}

TEST(SagaLogTest, AFlippedByteIsReportedAndNothingPastItIsReturned) {
  const std::string log = ThreeRecords();
  const size_t record = SagaLogRecord(Logged(0)).size();
  for (size_t at = 0; at < log.size(); ++at) {
    std::string damaged = log;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x20);
    const SagaLogRead read = ReadSagaLog("order-7", damaged);
    ASSERT_FALSE(read.status.ok()) << at;
    const size_t damaged_record = at / record;
    EXPECT_EQ(read.records, damaged_record) << at;
    EXPECT_EQ(read.good_bytes, damaged_record * record) << at;
    EXPECT_NE(std::string(read.status.message())
                  .find("log record " + std::to_string(damaged_record + 1) +
                        " at byte " + std::to_string(damaged_record * record)),
              std::string::npos)
        << read.status;
  }
}

TEST(SagaLogTest, AnOversizedLengthIsRefusedBeforeAnyRead) {
  std::string log = SagaLogRecord(Logged(0));
  log[5] = '\x7f';  // the length's top byte
  const SagaLogRead read = ReadSagaLog("order-7", log);
  EXPECT_NE(std::string(read.status.message()).find("over the limit"),
            std::string::npos)
      << read.status;
}

}  // namespace
}  // namespace stepwise::wire
