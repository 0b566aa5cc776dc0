#include "core/clock/lamport.h"

#include "gtest/gtest.h"

namespace stepwise::core::clock {
namespace {

TEST(LamportClock, EachLocalEventGetsALargerTime) {
  LamportClock clock;
  EXPECT_EQ(clock.time(), 0u);
  EXPECT_EQ(clock.Tick(), 1u);
  EXPECT_EQ(clock.Tick(), 2u);
  EXPECT_EQ(clock.time(), 2u);
}

TEST(LamportClock, ReceiveMovesPastTheMessage) {
  LamportClock clock;
  clock.Tick();
  EXPECT_EQ(*clock.Receive(10), 11u);  // behind the message: jump past it
  EXPECT_EQ(*clock.Receive(3), 12u);   // ahead of it: still one step
}

TEST(LamportClock, SendThenReceiveIsOrdered) {
  LamportClock a, b;
  a.Tick();
  a.Tick();
  const uint64_t sent = a.Tick();
  const uint64_t received = *b.Receive(sent);
  EXPECT_LT(sent, received);
}

TEST(LamportClock, RefusesAStampAboveTheLimitAndStaysPut) {
  LamportClock clock(5);
  const absl::StatusOr<uint64_t> result =
      clock.Receive(LamportClock::kMaxTime + 1);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(clock.time(), 5u);
  EXPECT_EQ(*clock.Receive(LamportClock::kMaxTime), LamportClock::kMaxTime + 1);
}

}  // namespace
}  // namespace stepwise::core::clock
