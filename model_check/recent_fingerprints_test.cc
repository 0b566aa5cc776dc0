#include "model_check/recent_fingerprints.h"

#include <cstdint>
#include <set>

#include "gtest/gtest.h"
#include "model_check/fingerprint.h"

namespace stepwise::mc {
namespace {

TEST(RecentFingerprintsTest, StartsEmpty) {
  RecentFingerprints recent(4);
  for (uint64_t fp = 1; fp < 100; ++fp) EXPECT_FALSE(recent.Contains(fp));
}

TEST(RecentFingerprintsTest, HoldsWhatWasAddedUntilItsSlotIsReused) {
  RecentFingerprints recent(4);  // 16 slots, by the low 4 bits
  recent.Add(0x1234'0001);
  EXPECT_TRUE(recent.Contains(0x1234'0001));
  EXPECT_FALSE(recent.Contains(0x5678'0001));  // same slot, not added
  recent.Add(0x5678'0001);
  EXPECT_TRUE(recent.Contains(0x5678'0001));
  EXPECT_FALSE(recent.Contains(0x1234'0001));  // replaced
}

// The explorer relies on it: a fingerprint reported present was added.
TEST(RecentFingerprintsTest, NeverReportsAFingerprintThatWasNotAdded) {
  RecentFingerprints recent(8);
  std::set<uint64_t> added;
  for (uint64_t i = 1; i <= 5000; ++i) {
    const uint64_t fp = Mix64(i) | 1;
    recent.Add(fp);
    added.insert(fp);
  }
  size_t present = 0;
  for (uint64_t i = 1; i <= 20000; ++i) {
    const uint64_t fp = Mix64(i) | 1;
    if (!recent.Contains(fp)) continue;
    ++present;
    EXPECT_TRUE(added.count(fp) == 1) << fp;
  }
  EXPECT_GT(present, 100u);  // the last of each slot's occupants
  EXPECT_LE(present, 256u);
}

}  // namespace
}  // namespace stepwise::mc
