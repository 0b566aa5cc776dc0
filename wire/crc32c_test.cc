#include "wire/crc32c.h"

#include <cstdint>
#include <string>

#include "gtest/gtest.h"

namespace stepwise::wire {
namespace {

// Check values from RFC 3720 (iSCSI), appendix B.4, and the CRC catalogue.
TEST(Crc32c, KnownVectors) {
  EXPECT_EQ(Crc32c(""), 0u);
  EXPECT_EQ(Crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(Crc32c(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(Crc32c(std::string(32, '\xff')), 0x62A8AB43u);
  std::string ascending;
  for (int i = 0; i < 32; ++i) ascending.push_back(static_cast<char>(i));
  EXPECT_EQ(Crc32c(ascending), 0x46DD794Eu);
  std::string descending;
  for (int i = 31; i >= 0; --i) descending.push_back(static_cast<char>(i));
  EXPECT_EQ(Crc32c(descending), 0x113FDB5Cu);
}

TEST(Crc32c, ExtendEqualsWhole) {
  const std::string data = "The quick brown fox jumps over the lazy dog";
  for (size_t split = 0; split <= data.size(); ++split) {
    const std::string_view view(data);
    EXPECT_EQ(ExtendCrc32c(Crc32c(view.substr(0, split)), view.substr(split)),
              Crc32c(data))
        << split;
  }
}

TEST(Crc32c, MaskRoundTripsAndChangesTheValue) {
  for (const uint32_t crc :
       {0u, 1u, 0xE3069283u, 0xffffffffu, 0x80000000u, 0x12345678u}) {
    EXPECT_EQ(UnmaskCrc32c(MaskCrc32c(crc)), crc) << crc;
    EXPECT_NE(MaskCrc32c(crc), crc) << crc;
    EXPECT_NE(MaskCrc32c(MaskCrc32c(crc)), MaskCrc32c(crc)) << crc;
  }
}

TEST(Crc32c, EveryBitFlipIsDetected) {
  std::string data = "stepwise write-ahead log record";
  const uint32_t original = Crc32c(data);
  for (size_t i = 0; i < data.size() * 8; ++i) {
    data[i / 8] ^= static_cast<char>(1 << (i % 8));
    EXPECT_NE(Crc32c(data), original) << i;
    data[i / 8] ^= static_cast<char>(1 << (i % 8));
  }
}

}  // namespace
}  // namespace stepwise::wire
