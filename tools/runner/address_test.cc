#include "tools/runner/address.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stepwise::runner {
namespace {

using ::testing::HasSubstr;

TEST(AddressTest, ParsesHostAndPort) {
  absl::StatusOr<HostPort> address = ParseHostPort("127.0.0.1:7001", "--x");
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->host, "127.0.0.1");
  EXPECT_EQ(address->port, 7001);
  EXPECT_EQ(address->ToString(), "127.0.0.1:7001");
}

TEST(AddressTest, RejectsBadPortsNamingTheOption) {
  for (const char* bad : {"host", ":80", "h:", "h:0", "h:65536", "h:8o"}) {
    absl::StatusOr<HostPort> address = ParseHostPort(bad, "--client");
    ASSERT_FALSE(address.ok()) << bad;
    EXPECT_THAT(address.status().message(), HasSubstr("--client")) << bad;
  }
}

TEST(AddressTest, ParsesADenseListOfPeers) {
  auto peers = ParsePeers("2=b:2,1=a:1,3=c:3");
  ASSERT_TRUE(peers.ok());
  ASSERT_EQ(peers->size(), 3u);
  EXPECT_EQ(peers->at(2), (HostPort{"b", 2}));
}

TEST(AddressTest, RejectsDuplicateMissingAndMalformedPeers) {
  EXPECT_THAT(ParsePeers("1=a:1,1=b:2").status().message(),
              HasSubstr("listed twice"));
  EXPECT_THAT(ParsePeers("1=a:1,3=c:3").status().message(),
              HasSubstr("node 2 is missing"));
  EXPECT_THAT(ParsePeers("x=a:1").status().message(),
              HasSubstr("expected ID=HOST:PORT"));
  EXPECT_THAT(ParsePeers("0=a:1").status().message(),
              HasSubstr("expected ID=HOST:PORT"));
  EXPECT_THAT(ParsePeers("1=a").status().message(), HasSubstr("node 1"));
}

}  // namespace
}  // namespace stepwise::runner
