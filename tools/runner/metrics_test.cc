#include "tools/runner/metrics.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stepwise::runner {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(LatencyWindowTest, QuantilesOfTheRecentSamples) {
  LatencyWindow window(100);
  EXPECT_EQ(window.Quantile(0.5), 0u);
  for (uint64_t i = 1; i <= 100; ++i) window.Record(i);
  EXPECT_EQ(window.Quantile(0.5), 50u);
  EXPECT_EQ(window.Quantile(0.99), 99u);
  EXPECT_EQ(window.Quantile(1.0), 100u);
  for (uint64_t i = 0; i < 100; ++i) window.Record(1000);
  EXPECT_EQ(window.Quantile(0.5), 1000u) << "old samples were replaced";
  EXPECT_EQ(window.count(), 200u);
}

TEST(MetricsTest, BothFormatsCarryTheSameFields) {
  const std::vector<MetricField> fields = {
      {"raft_term", "current term", "7", false, true},
      {"raft_role", "role", "leader", false, false},
      {"elections_started_total", "elections", "2", true, true},
  };
  const std::string info = RenderInfo(fields);
  EXPECT_THAT(info, HasSubstr("raft_term:7\r\n"));
  EXPECT_THAT(info, HasSubstr("raft_role:leader\r\n"));
  const std::string prometheus = RenderPrometheus(fields);
  EXPECT_THAT(prometheus, HasSubstr("# TYPE stepwise_raft_term gauge\n"
                                    "stepwise_raft_term 7\n"));
  EXPECT_THAT(prometheus,
              HasSubstr("# TYPE stepwise_elections_started_total counter\n"));
  EXPECT_THAT(prometheus, Not(HasSubstr("leader")));
}

}  // namespace
}  // namespace stepwise::runner
