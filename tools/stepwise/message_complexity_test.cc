// The simulated message counts against the counts that follow from each
// algorithm's rules (not only the asymptotic bounds), so a change to a step
// function that alters its messages shows here.

#include "tools/stepwise/message_complexity.h"

#include <numeric>
#include <vector>

#include "gtest/gtest.h"

namespace stepwise::tools::complexity {
namespace {

std::vector<uint32_t> Increasing(uint32_t n) {
  std::vector<uint32_t> ids(n);
  std::iota(ids.begin(), ids.end(), 1u);
  return ids;
}

// Chang and Roberts (CACM 1979): with ids increasing in the direction of
// travel and the smallest winning, id k travels until node 0, n - k + 1
// hops; decreasing, every id but the winner's dies after one hop.
TEST(MessageComplexityTest, RingBestAndWorstMatchChangAndRoberts) {
  for (uint32_t n = 2; n <= 8; ++n) {
    const std::vector<uint32_t> up = Increasing(n);
    const ElectionCount worst = RingElection(up);
    ASSERT_TRUE(worst.elected) << n;
    EXPECT_EQ(worst.leader, 1u);
    EXPECT_EQ(worst.Of({"Election"}), n * (n + 1) / 2) << n;
    EXPECT_EQ(worst.Of({"Coordinator"}), n) << n;  // the announcement round

    const ElectionCount best =
        RingElection(std::vector<uint32_t>(up.rbegin(), up.rend()));
    ASSERT_TRUE(best.elected) << n;
    EXPECT_EQ(best.Of({"Election"}), 2 * n - 1) << n;
  }
}

TEST(MessageComplexityTest, RingElectsTheSmallestIdWhereverItSits) {
  const ElectionCount count = RingElection({4, 2, 7, 1, 9});
  EXPECT_TRUE(count.elected);
  EXPECT_EQ(count.leader, 1u);
}

// Node n-1 noticing first: one Election to the dead leader, then Coordinator
// to every other node (this Bully also tells higher nodes, so that one which
// recovers early bullies back).
TEST(MessageComplexityTest, BullyBestCaseIsLinear) {
  for (uint32_t n = 2; n <= 8; ++n) {
    const ElectionCount count = BullyElection(n, n - 2);
    ASSERT_TRUE(count.elected) << n;
    EXPECT_EQ(count.leader, n - 1);
    EXPECT_EQ(count.Of({"Election"}), 1u) << n;
    EXPECT_EQ(count.Of({"Answer"}), 0u) << n;
    EXPECT_EQ(count.Of({"Coordinator"}), n - 1) << n;
  }
}

// The lowest node noticing first: each live node i (0-based) sends Election
// to the n - 1 - i nodes above it and every live node above 0 answers each
// Election from below, which is quadratic.
TEST(MessageComplexityTest, BullyWorstCaseIsQuadratic) {
  for (uint32_t n = 3; n <= 8; ++n) {
    const ElectionCount count = BullyElection(n, 0);
    ASSERT_TRUE(count.elected) << n;
    EXPECT_EQ(count.leader, n - 1);
    uint64_t elections = 0;
    uint64_t answers = 0;
    for (uint32_t i = 0; i + 1 < n; ++i) {
      elections += n - 1 - i;  // to every higher node, the dead one included
      answers += i;            // from every live node above i... to i
    }
    EXPECT_EQ(count.Of({"Election"}), elections) << n;
    EXPECT_EQ(count.Of({"Answer"}), answers) << n;
    EXPECT_EQ(count.Of({"Coordinator"}), n - 1) << n;
  }
}

TEST(MessageComplexityTest, TableRowsAreOrderedAndAveragesBetweenBounds) {
  const auto rows = MeasureMessages(3, 6, 200, 7);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 4u);
  for (const Row& row : *rows) {
    EXPECT_LE(row.bully_best, row.bully_worst);
    EXPECT_GE(row.ring_average, static_cast<double>(row.ring_best));
    EXPECT_LE(row.ring_average, static_cast<double>(row.ring_worst));
  }
  const std::string table = MessagesMarkdown(*rows, 200);
  EXPECT_NE(table.find("| 6 | "), std::string::npos) << table;
}

}  // namespace
}  // namespace stepwise::tools::complexity
