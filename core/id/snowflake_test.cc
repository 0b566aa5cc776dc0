#include "core/id/snowflake.h"

#include <cstdint>
#include <set>

#include "gtest/gtest.h"

namespace stepwise::core::id {
namespace {

constexpr uint64_t kEpoch = kDefaultEpochMs;

Config Worker(uint64_t worker,
              BackwardPolicy backward = BackwardPolicy::kWait) {
  Config config;
  config.worker = worker;
  config.backward = backward;
  return config;
}

TEST(SnowflakeLayout, DefaultIsValid) {
  EXPECT_TRUE(Validate(Config{}).ok());
  EXPECT_TRUE(Validate(Worker(1023)).ok());
}

TEST(SnowflakeLayout, RejectsBadLayouts) {
  Config config;
  config.layout = {
      .timestamp_bits = 41, .worker_bits = 10, .sequence_bits = 13};
  EXPECT_FALSE(Validate(config).ok());  // sums to 64
  config.layout = {.timestamp_bits = 51, .worker_bits = 0, .sequence_bits = 12};
  EXPECT_FALSE(Validate(config).ok());  // empty worker field
  config.layout = {
      .timestamp_bits = 0xffffffff, .worker_bits = 32, .sequence_bits = 32};
  EXPECT_FALSE(Validate(config).ok());  // wraps to 63 in 32 bits
  config = Worker(1024);
  EXPECT_FALSE(Validate(config).ok());  // worker does not fit in 10 bits
  config = Worker(0);
  config.epoch_ms = UINT64_MAX - 5;
  EXPECT_FALSE(Validate(config).ok());  // wait-until times would overflow
}

TEST(Snowflake, FirstIdOfAMillisecondHasSequenceZero) {
  const Config config = Worker(5);
  const Result r = Next(config, State{}, kEpoch + 1000);
  ASSERT_EQ(r.outcome, Outcome::kId);
  EXPECT_EQ(r.id, (uint64_t{1000} << 22) | (uint64_t{5} << 12));
  EXPECT_EQ(Decode(config, r.id),
            (Decoded{.unix_ms = kEpoch + 1000, .worker = 5, .sequence = 0}));
  EXPECT_EQ(r.state, (State{.issued = true, .last_ms = 1000, .sequence = 0}));
}

TEST(Snowflake, SameMillisecondCountsUpThenWaitsForTheNext) {
  const Config config = Worker(1);
  State state;
  uint64_t last = 0;
  for (uint64_t i = 0; i < 4096; ++i) {
    const Result r = Next(config, state, kEpoch + 7);
    ASSERT_EQ(r.outcome, Outcome::kId) << i;
    ASSERT_EQ(Decode(config, r.id).sequence, i);
    if (i > 0) {
      ASSERT_GT(r.id, last);
    }
    last = r.id;
    state = r.state;
  }
  const Result exhausted = Next(config, state, kEpoch + 7);
  EXPECT_EQ(exhausted.outcome, Outcome::kWait);
  EXPECT_EQ(exhausted.wait_until_ms, kEpoch + 8);
  EXPECT_EQ(exhausted.state, state);
  const Result next = Next(config, state, exhausted.wait_until_ms);
  ASSERT_EQ(next.outcome, Outcome::kId);
  EXPECT_GT(next.id, last);
  EXPECT_EQ(Decode(config, next.id).sequence, 0u);
}

TEST(Snowflake, ClockBackwardWaitsUntilTheLastMillisecond) {
  const Config config = Worker(2, BackwardPolicy::kWait);
  const Result first = Next(config, State{}, kEpoch + 500);
  const Result back = Next(config, first.state, kEpoch + 400);
  EXPECT_EQ(back.outcome, Outcome::kWait);
  EXPECT_EQ(back.wait_until_ms, kEpoch + 500);
  EXPECT_EQ(back.state, first.state);
  const Result again = Next(config, first.state, back.wait_until_ms);
  ASSERT_EQ(again.outcome, Outcome::kId);
  EXPECT_GT(again.id, first.id);
}

TEST(Snowflake, ClockBackwardRefusedByPolicy) {
  const Config config = Worker(2, BackwardPolicy::kRefuse);
  const Result first = Next(config, State{}, kEpoch + 500);
  const Result back = Next(config, first.state, kEpoch + 499);
  EXPECT_EQ(back.outcome, Outcome::kClockBackward);
  EXPECT_EQ(back.state, first.state);
}

TEST(Snowflake, RefusesTimesOutsideTheLayout) {
  const Config config = Worker(0);
  EXPECT_EQ(Next(config, State{}, kEpoch - 1).outcome, Outcome::kBeforeEpoch);
  const uint64_t last = kEpoch + FieldMax(41);
  const Result end = Next(config, State{}, last);
  ASSERT_EQ(end.outcome, Outcome::kId);
  EXPECT_EQ(end.id >> 63, 0u);  // still positive as int64
  EXPECT_EQ(Next(config, State{}, last + 1).outcome,
            Outcome::kTimestampOverflow);
}

TEST(Snowflake, DifferentWorkersNeverCollideInOneMillisecond) {
  std::set<uint64_t> ids;
  for (uint64_t worker = 0; worker < 1024; worker += 31) {
    State state;
    for (int i = 0; i < 64; ++i) {
      const Result r = Next(Worker(worker), state, kEpoch + 42);
      ASSERT_EQ(r.outcome, Outcome::kId);
      ASSERT_TRUE(ids.insert(r.id).second);
      state = r.state;
    }
  }
}

TEST(Snowflake, OtherLayouts) {
  Config config;
  config.layout = {.timestamp_bits = 61, .worker_bits = 1, .sequence_bits = 1};
  config.worker = 1;
  config.epoch_ms = 0;
  State state;
  Result r = Next(config, state, 9);
  ASSERT_EQ(r.outcome, Outcome::kId);
  EXPECT_EQ(r.id, (uint64_t{9} << 2) | 2);
  r = Next(config, r.state, 9);
  ASSERT_EQ(r.outcome, Outcome::kId);
  EXPECT_EQ(r.id, (uint64_t{9} << 2) | 3);
  EXPECT_EQ(Next(config, r.state, 9).outcome, Outcome::kWait);
  EXPECT_EQ(Decode(config, r.id),
            (Decoded{.unix_ms = 9, .worker = 1, .sequence = 1}));
}

}  // namespace
}  // namespace stepwise::core::id
