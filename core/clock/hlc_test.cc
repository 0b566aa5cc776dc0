#include "core/clock/hlc.h"

#include "core/codec/codec.h"
#include "gtest/gtest.h"

namespace stepwise::core::clock {
namespace {

HlcTimestamp Ts(uint64_t l, uint32_t c) { return HlcTimestamp{l, c}; }

// Section 3 of the paper: l follows the physical clock when it moves, and
// c counts events while it does not.
TEST(HybridClock, SendFollowsPhysicalTimeAndCountsWhileItStands) {
  HybridClock clock;
  EXPECT_EQ(*clock.Tick(10), Ts(10, 0));
  EXPECT_EQ(*clock.Tick(10), Ts(10, 1));
  EXPECT_EQ(*clock.Tick(12), Ts(12, 0));
}

TEST(HybridClock, NeverGoesBackwardWhenThePhysicalClockStepsBack) {
  HybridClock clock({.max_offset = 100});
  EXPECT_EQ(*clock.Tick(100), Ts(100, 0));
  EXPECT_EQ(*clock.Tick(40), Ts(100, 1));
  EXPECT_EQ(clock.Receive(Ts(50, 7), 40)->time, Ts(100, 2));
}

// The four cases of the receive rule.
TEST(HybridClock, ReceiveRuleCases) {
  HybridClock both({.max_offset = 100}, Ts(20, 3));
  EXPECT_EQ(both.Receive(Ts(20, 5), 10)->time, Ts(20, 6));  // l = own = msg
  HybridClock own({.max_offset = 100}, Ts(20, 3));
  EXPECT_EQ(own.Receive(Ts(15, 9), 10)->time, Ts(20, 4));  // own l wins
  HybridClock message({.max_offset = 100}, Ts(20, 3));
  EXPECT_EQ(message.Receive(Ts(30, 9), 10)->time, Ts(30, 10));  // msg l wins
  HybridClock physical({.max_offset = 100}, Ts(20, 3));
  EXPECT_EQ(physical.Receive(Ts(25, 9), 40)->time, Ts(40, 0));  // pt wins
}

TEST(HybridClock, RejectsARemoteTimestampTooFarAhead) {
  HybridClock clock({.max_offset = 5}, Ts(10, 0));
  const absl::StatusOr<HlcReceipt> refused = clock.Receive(Ts(16, 0), 10);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_NE(refused.status().message().find("beyond the max clock offset 5"),
            std::string::npos);
  EXPECT_EQ(clock.last(), Ts(10, 0));
  const absl::StatusOr<HlcReceipt> accepted = clock.Receive(Ts(15, 0), 10);
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(accepted->ahead_by, 5u);
  EXPECT_FALSE(accepted->beyond_max_offset);
  EXPECT_EQ(accepted->time, Ts(15, 1));
}

TEST(HybridClock, ReportPolicyAcceptsAndSaysHowFarAhead) {
  HybridClock clock({.max_offset = 5, .policy = OffsetPolicy::kReport});
  const absl::StatusOr<HlcReceipt> receipt = clock.Receive(Ts(1000, 2), 10);
  ASSERT_TRUE(receipt.ok());
  EXPECT_TRUE(receipt->beyond_max_offset);
  EXPECT_EQ(receipt->ahead_by, 990u);
  EXPECT_EQ(receipt->time, Ts(1000, 3));
}

TEST(HybridClock, NoOverflowNearTheTopOfPhysicalTime) {
  const uint64_t top = std::numeric_limits<uint64_t>::max();
  HybridClock clock({.max_offset = top});
  EXPECT_TRUE(clock.Receive(Ts(top, 0), 0).ok());
  HybridClock strict({.max_offset = 1});
  EXPECT_FALSE(strict.Receive(Ts(top, 0), top - 2).ok());
  EXPECT_TRUE(strict.Receive(Ts(top, 0), top - 1).ok());
}

TEST(HybridClock, LogicalCounterExhaustionIsAnErrorNotAWrap) {
  HybridClock clock({}, Ts(7, HybridClock::kMaxLogical));
  EXPECT_EQ(clock.Tick(7).status().code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(clock.last(), Ts(7, HybridClock::kMaxLogical));
  EXPECT_EQ(*clock.Tick(8), Ts(8, 0));  // the physical clock moved on
  HybridClock receiver({.max_offset = 10});
  EXPECT_EQ(
      receiver.Receive(Ts(8, HybridClock::kMaxLogical), 8).status().code(),
      absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(receiver.last(), Ts(0, 0));
}

TEST(HybridClock, TimestampsRoundTripThroughTheCodec) {
  const HlcTimestamp ts = Ts(1'700'000'000'000, 42);
  const absl::StatusOr<HlcTimestamp> back =
      codec::Decode<HlcTimestamp>(codec::Encode(ts));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, ts);
}

}  // namespace
}  // namespace stepwise::core::clock
