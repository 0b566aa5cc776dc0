#include "core/clock/vector_clock.h"

#include "gtest/gtest.h"

namespace stepwise::core::clock {
namespace {

VectorClock Of(std::vector<uint64_t> entries) {
  return *VectorClock::FromEntries(std::move(entries));
}

TEST(VectorClock, CompareTellsTheFourCases) {
  EXPECT_EQ(Compare(Of({1, 0}), Of({1, 0})), Order::kEqual);
  EXPECT_EQ(Compare(Of({1, 0}), Of({1, 1})), Order::kBefore);
  EXPECT_EQ(Compare(Of({2, 1}), Of({1, 1})), Order::kAfter);
  EXPECT_EQ(Compare(Of({1, 0}), Of({0, 1})), Order::kConcurrent);
  EXPECT_STREQ(OrderName(Order::kConcurrent), "concurrent");
}

TEST(VectorClock, SendBeforeReceiveAndIndependentEventsConcurrent) {
  VectorClock p(3), q(3);
  p.Tick(0);
  const VectorClock sent = p;  // the message carries a copy
  q.Tick(1);
  const VectorClock q_local = q;
  ASSERT_TRUE(q.Receive(1, sent).ok());
  EXPECT_EQ(q.ToString(), "[1,2,0]");
  EXPECT_EQ(Compare(sent, q), Order::kBefore);
  EXPECT_EQ(Compare(q, sent), Order::kAfter);
  EXPECT_EQ(Compare(sent, q_local), Order::kConcurrent);
}

TEST(VectorClock, MergeIsThePointwiseMaximum) {
  VectorClock a = Of({3, 0, 2});
  a.Merge(Of({1, 4, 2}));
  EXPECT_EQ(a, Of({3, 4, 2}));
}

TEST(VectorClock, RefusesMessagesOfAnotherSizeOrFromTheFuture) {
  VectorClock clock(2);
  clock.Tick(0);
  const VectorClock before = clock;
  EXPECT_EQ(clock.Receive(0, VectorClock(3)).code(),
            absl::StatusCode::kInvalidArgument);
  // Only node 0 advances entry 0; a message claiming 5 events of it lies.
  EXPECT_EQ(clock.Receive(0, Of({5, 0})).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(clock, before);
}

TEST(VectorClock, FromEntriesBoundsTheSize) {
  EXPECT_FALSE(VectorClock::FromEntries({}).ok());
  EXPECT_FALSE(VectorClock::FromEntries(
                   std::vector<uint64_t>(VectorClock::kMaxNodes + 1))
                   .ok());
  EXPECT_TRUE(
      VectorClock::FromEntries(std::vector<uint64_t>(VectorClock::kMaxNodes))
          .ok());
}

}  // namespace
}  // namespace stepwise::core::clock
