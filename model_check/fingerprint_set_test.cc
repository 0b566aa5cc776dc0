#include "model_check/fingerprint_set.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <thread>
#include <vector>

#include "model_check/fingerprint.h"

namespace stepwise::mc {
namespace {

// Well spread, never 0, distinct for distinct `i`.
uint64_t Fp(uint64_t i) { return Mix64(i + 1) | 1; }

TEST(FingerprintSetTest, InsertReportsNewFingerprintsOnce) {
  FingerprintSet set;
  EXPECT_TRUE(set.Insert(Fp(1)));
  EXPECT_FALSE(set.Insert(Fp(1)));
  EXPECT_TRUE(set.Contains(Fp(1)));
  EXPECT_FALSE(set.Contains(Fp(2)));
  EXPECT_EQ(set.size(), 1u);
}

TEST(FingerprintSetTest, KeepsEveryFingerprintAcrossGrowth) {
  FingerprintSet set;
  constexpr uint64_t kCount = 200'000;
  for (uint64_t i = 0; i < kCount; ++i) ASSERT_TRUE(set.Insert(Fp(i)));
  set.ReleaseRetiredTables();
  for (uint64_t i = 0; i < kCount; ++i) ASSERT_FALSE(set.Insert(Fp(i))) << i;
  EXPECT_FALSE(set.Contains(Fp(kCount)));
  EXPECT_EQ(set.size(), kCount);
}

TEST(FingerprintSetTest, CostsAtMostSixteenBytesPerState) {
  // The budget for the visited set. Checked at many sizes, since the
  // cost swings with where each table is in its growth.
  FingerprintSet set;
  uint64_t next_check = 10'000;
  for (uint64_t i = 0; i < 2'000'000; ++i) {
    set.Insert(Fp(i));
    if (i + 1 == next_check) {
      const double per_state =
          static_cast<double>(set.bytes()) / static_cast<double>(i + 1);
      EXPECT_LE(per_state, 16.0) << "at " << i + 1 << " states";
      EXPECT_GE(per_state, 8.0) << "at " << i + 1 << " states";
      next_check += next_check / 7;
    }
  }
}

TEST(FingerprintSetTest, ConcurrentInsertsCountEachFingerprintOnce) {
  // Every thread inserts the same fingerprints: each must be new for exactly
  // one of them, while tables grow under the readers.
  FingerprintSet set;
  constexpr uint64_t kCount = 300'000;
  constexpr int kThreads = 4;
  std::vector<uint64_t> fresh(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&set, &fresh, t] {
      for (uint64_t i = 0; i < kCount; ++i) {
        // Different threads walk in different orders.
        const uint64_t k = (i * (2 * t + 1)) % kCount;
        if (set.Insert(Fp(k))) ++fresh[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  uint64_t total = 0;
  for (uint64_t n : fresh) total += n;
  EXPECT_EQ(total, kCount);
  EXPECT_EQ(set.size(), kCount);
}

}  // namespace
}  // namespace stepwise::mc
