// Each protocol's CI portfolio (`stepwise check P --ci`) passes the correct
// protocol and catches every textbook bug: the runs are the model checker's
// own, with the portfolio's configurations. Raft's portfolio takes minutes
// and is measured in docs/checking.md instead.

#include <string>
#include <type_traits>

#include "core/protocols.h"
#include "gtest/gtest.h"
#include "model_check/explorer.h"

namespace stepwise::tools {
namespace {

template <typename P>
class PortfolioTest : public ::testing::Test {};

struct ProtocolName {
  template <typename P>
  static std::string GetName(int) {
    return std::string(P::kName);
  }
};

template <typename P>
struct QuickPortfolio
    : std::bool_constant<!std::is_same_v<P, core::raft::Raft>> {};
using Quick = core::Protocols::Filter<QuickPortfolio>;
TYPED_TEST_SUITE(PortfolioTest, Quick::Apply<::testing::Types>, ProtocolName);

template <typename P>
mc::Result<P> Run(const core::CheckRun<P>& run, typename P::Bug bug) {
  typename P::Config config = run.config;
  config.bug = bug;
  mc::Options options = run.options;
  options.progress_seconds = 0;
  options.threads = 2;
  return mc::Explorer<P>(config, options).Run();
}

TYPED_TEST(PortfolioTest, CorrectProtocolPassesEveryRun) {
  using P = TypeParam;
  for (const core::CheckRun<P>& run : core::Portfolio<P>()) {
    const mc::Result<P> result = Run(run, typename P::Bug{});
    EXPECT_FALSE(result.violation.has_value())
        << run.name << ": " << result.violation->property;
    if (result.verdict == mc::Verdict::kIncomplete) {
      EXPECT_GT(run.options.max_states, 0u) << run.name;
    }
  }
}

TYPED_TEST(PortfolioTest, SomeRunCatchesEveryBug) {
  using P = TypeParam;
  using Bug = typename P::Bug;
  for (size_t i = 1; i < EnumSize(Bug{}); ++i) {
    const auto bug = static_cast<Bug>(i);
    bool caught = false;
    for (const core::CheckRun<P>& run : core::Portfolio<P>()) {
      if (Run(run, bug).violation.has_value()) {
        caught = true;
        break;
      }
    }
    EXPECT_TRUE(caught) << core::KebabName(EnumName(bug));
  }
}

}  // namespace
}  // namespace stepwise::tools
