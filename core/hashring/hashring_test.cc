#include <algorithm>
#include <bit>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/hashring/hash.h"
#include "core/hashring/jump.h"
#include "core/hashring/placement.h"
#include "core/hashring/rendezvous.h"
#include "core/hashring/ring.h"
#include "gtest/gtest.h"

namespace stepwise::core::hashring {
namespace {

using Owners = std::vector<std::string_view>;

TEST(Hash, IsFixedAcrossBuildsAndRuns) {
  // Golden values: a change here re-places every key of every deployment.
  static_assert(Mix64(1) == 0xfe5884e55a336c80);
  static_assert(HashString("") == 0x1f9fb3d81ccdebce);
  static_assert(HashString("stepwise") == 0xae5d9ef987693b2e);
  static_assert(HashString("a key longer than eight bytes", 7) ==
                0xa4e87ca0bb80a282);
  EXPECT_NE(HashString("a"), HashString(std::string_view("a\0", 2)));
  EXPECT_NE(HashString("node-1", 0), HashString("node-1", 1));
  static_assert(Mix64(0) == 0);  // a bijection fixing 0; seeds avoid it
  static_assert(HashString("stepwise") == HashString("stepwise"));
}

TEST(Hash, Mix64Avalanches) {
  // Flipping one input bit flips about half of the output bits.
  uint64_t x = 0x1234;
  double total = 0;
  int samples = 0;
  for (int i = 0; i < 2000; ++i) {
    x = Mix64(x + 0x9d);
    for (int bit = 0; bit < 64; ++bit) {
      total += std::popcount(Mix64(x) ^ Mix64(x ^ (uint64_t{1} << bit)));
      ++samples;
    }
  }
  EXPECT_NEAR(total / samples, 32.0, 0.5);
}

TEST(Hash, StringHashSpreadsShortKeys) {
  std::set<uint64_t> seen;
  for (int i = 0; i < 100000; ++i) {
    ASSERT_TRUE(seen.insert(KeyHash("key-" + std::to_string(i))).second);
  }
}

template <typename P>
void AddNodes(P* p, int n) {
  for (int i = 0; i < n; ++i) {
    ASSERT_TRUE(p->AddNode("node-" + std::to_string(i), 1).ok());
  }
}

TEST(HashRing, OwnersAreDistinctPrimaryFirst) {
  HashRing ring =
      *HashRing::Create({.replication = 3, .vnodes_per_weight = 50});
  Owners owners;
  Lookup(ring, "k", &owners);
  EXPECT_TRUE(owners.empty());
  ASSERT_TRUE(ring.AddNode("a").ok());
  ASSERT_TRUE(ring.AddNode("b").ok());
  Lookup(ring, "k", &owners);
  ASSERT_EQ(owners.size(), 2u);  // fewer nodes than replicas
  EXPECT_NE(owners[0], owners[1]);
  AddNodes(&ring, 5);
  for (int k = 0; k < 1000; ++k) {
    Lookup(ring, "key" + std::to_string(k), &owners);
    ASSERT_EQ(owners.size(), 3u);
    EXPECT_EQ(std::set<std::string_view>(owners.begin(), owners.end()).size(),
              3u);
  }
  EXPECT_EQ(ring.point_count(), 7u * 50);
}

TEST(HashRing, DoesNotDependOnTheOrderNodesJoined) {
  HashRing a = *HashRing::Create({});
  HashRing b = *HashRing::Create({});
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(a.AddNode("n" + std::to_string(i), 1 + i % 3).ok());
    ASSERT_TRUE(b.AddNode("n" + std::to_string(7 - i), 1 + (7 - i) % 3).ok());
  }
  Owners x, y;
  for (int k = 0; k < 2000; ++k) {
    Lookup(a, std::to_string(k), &x);
    Lookup(b, std::to_string(k), &y);
    ASSERT_EQ(x, y) << k;
  }
}

TEST(HashRing, RejectsBadInput) {
  EXPECT_FALSE(HashRing::Create({.replication = 0}).ok());
  EXPECT_FALSE(HashRing::Create({.replication = 17}).ok());
  EXPECT_FALSE(
      HashRing::Create({.replication = 1, .vnodes_per_weight = 0}).ok());
  HashRing ring = *HashRing::Create({});
  EXPECT_TRUE(ring.AddNode("a").ok());
  EXPECT_EQ(ring.AddNode("a").code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ring.AddNode("").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ring.AddNode("b", 0).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ring.AddNode("b", kMaxWeight + 1).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ring.RemoveNode("zz").code(), absl::StatusCode::kNotFound);
  HashRing big = *HashRing::Create({.vnodes_per_weight = kMaxVnodesPerWeight});
  EXPECT_EQ(big.AddNode("huge", kMaxWeight).code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(HashRing, WeightsScaleTheShare) {
  HashRing ring =
      *HashRing::Create({.replication = 1, .vnodes_per_weight = 200});
  ASSERT_TRUE(ring.AddNode("light", 1).ok());
  ASSERT_TRUE(ring.AddNode("heavy", 3).ok());
  std::map<std::string_view, int> load;
  Owners owners;
  for (int k = 0; k < 40000; ++k) {
    Lookup(ring, std::to_string(k), &owners);
    ++load[owners[0]];
  }
  const double ratio = static_cast<double>(load["heavy"]) / load["light"];
  EXPECT_GT(ratio, 2.5);
  EXPECT_LT(ratio, 3.6);
}

// The paper's defining property: growing from n to n + 1 buckets, a key
// stays or moves to the new bucket n.
TEST(JumpHash, KeysOnlyMoveToTheNewBucket) {
  for (uint64_t k = 0; k < 20000; ++k) {
    const uint64_t key = Mix64(k + 1);
    ASSERT_EQ(JumpHash(key, 1), 0u);
    uint32_t before = 0;
    for (uint32_t n = 2; n <= 64; ++n) {
      const uint32_t now = JumpHash(key, n);
      ASSERT_TRUE(now == before || now == n - 1) << key << " " << n;
      before = now;
    }
  }
}

TEST(JumpHash, IsBalanced) {
  std::vector<int> load(10);
  for (uint64_t k = 0; k < 100000; ++k)
    ++load[JumpHash(KeyHash(std::to_string(k)), 10)];
  for (int l : load) {
    EXPECT_GT(l, 9400);
    EXPECT_LT(l, 10600);
  }
}

TEST(JumpPlacement, NoWeightsAndOnlyTheLastNodeLeaves) {
  JumpPlacement jump = *JumpPlacement::Create(2);
  EXPECT_EQ(jump.AddNode("a", 2).code(), absl::StatusCode::kInvalidArgument);
  AddNodes(&jump, 4);
  EXPECT_EQ(jump.RemoveNode("node-1").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(jump.RemoveNode("node-3").ok());
  Owners owners;
  Lookup(jump, "x", &owners);
  ASSERT_EQ(owners.size(), 2u);
  EXPECT_NE(owners[0], owners[1]);
}

TEST(Rendezvous, OwnersAreTheTopScores) {
  RendezvousPlacement hrw = *RendezvousPlacement::Create(3);
  AddNodes(&hrw, 6);
  Owners owners;
  for (int k = 0; k < 500; ++k) {
    Lookup(hrw, std::to_string(k), &owners);
    ASSERT_EQ(owners.size(), 3u);
    // With equal weights the primary is the node whose mixed hash is
    // largest.
    const uint64_t key = KeyHash(std::to_string(k));
    std::string best;
    uint64_t best_hash = 0;
    for (int n = 0; n < 6; ++n) {
      const std::string name = "node-" + std::to_string(n);
      const uint64_t h = Mix64(key ^ HashString(name, kNodeSeed));
      if (h >= best_hash) best_hash = h, best = name;
    }
    EXPECT_EQ(owners[0], best);
  }
}

TEST(Rendezvous, WeightsScaleTheShare) {
  RendezvousPlacement hrw = *RendezvousPlacement::Create(1);
  ASSERT_TRUE(hrw.AddNode("light", 1).ok());
  ASSERT_TRUE(hrw.AddNode("heavy", 3).ok());
  std::map<std::string_view, int> load;
  Owners owners;
  for (int k = 0; k < 40000; ++k) {
    Lookup(hrw, std::to_string(k), &owners);
    ++load[owners[0]];
  }
  const double ratio = static_cast<double>(load["heavy"]) / load["light"];
  EXPECT_GT(ratio, 2.8);
  EXPECT_LT(ratio, 3.2);
}

}  // namespace
}  // namespace stepwise::core::hashring
