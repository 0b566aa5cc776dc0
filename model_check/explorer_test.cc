#include "model_check/explorer.h"

#include "core/twopc/twopc.h"
#include "gtest/gtest.h"

namespace stepwise::mc {
namespace {

using core::twopc::TwoPhase;

Result<TwoPhase> CheckTwoPhase(uint32_t rms, Options options,
                               core::twopc::Bug bug = core::twopc::Bug::kNone) {
  options.quiet = true;
  Explorer<TwoPhase> explorer({.rms = rms, .bug = bug}, options);
  return explorer.Run();
}

TEST(ExplorerTest, TwoPhaseMonotoneMatchesTlc) {
  auto result = CheckTwoPhase(3, {.network = Network::kMonotone, .threads = 1});
  EXPECT_EQ(result.verdict, Verdict::kOk);
  EXPECT_EQ(result.distinct_states, 288u);
  EXPECT_EQ(result.max_depth, 11u);
  std::printf("generated %llu\n", (unsigned long long)result.generated_states);
}

TEST(ExplorerTest, TwoPhaseSymmetryHas80Orbits) {
  auto result = CheckTwoPhase(
      3, {.network = Network::kMonotone, .symmetry = true, .threads = 2});
  EXPECT_EQ(result.verdict, Verdict::kOk);
  EXPECT_EQ(result.distinct_states, 80u);
}

TEST(ExplorerTest, BugsFound) {
  using core::twopc::Bug;
  for (Bug bug : {Bug::kMajorityCommit, Bug::kAbortAfterPrepare,
                  Bug::kVolatileDecision, Bug::kVolatilePrepare}) {
    auto result = CheckTwoPhase(3, {.network = Network::kReliable, .crashes = 1,
                                    .threads = 2}, bug);
    std::printf("%s: %s %s len %zu distinct %llu\n",
                std::string(EnumName(bug)).c_str(),
                std::string(EnumName(result.verdict)).c_str(),
                result.violation ? result.violation->property.c_str() : "-",
                result.violation ? result.violation->trace.actions.size() : 0,
                (unsigned long long)result.distinct_states);
  }
  for (auto net : {Network::kReliable, Network::kLossy, Network::kDuplicating, Network::kOrdered}) {
    auto result = CheckTwoPhase(3, {.network = net, .crashes = 1, .partitions = 1, .threads = 2});
    std::printf("%s: %s distinct %llu depth %llu\n", std::string(EnumName(net)).c_str(),
                std::string(EnumName(result.verdict)).c_str(),
                (unsigned long long)result.distinct_states, (unsigned long long)result.max_depth);
  }
}

}  // namespace
}  // namespace stepwise::mc
