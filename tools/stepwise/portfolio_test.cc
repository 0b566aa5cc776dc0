// Each protocol's CI portfolio (`stepwise check P --ci`) passes the correct
// protocol and catches every textbook bug: the runs are the model checker's
// own, with the portfolio's configurations. Portfolios with runs bounded by
// a state count (Raft's, Paxos's) take minutes and are measured in the docs
// instead.

#include <string>

#include "core/protocols.h"
#include "gtest/gtest.h"
#include "model_check/explore.h"

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

TYPED_TEST_SUITE(PortfolioTest, core::Protocols::Apply<::testing::Types>,
                 ProtocolName);

// A portfolio with a run bounded by max_states explores millions of states
// (Raft's, Paxos's two-proposer runs): too long for a unit test, above all
// under the sanitizers. Those are measured in docs/checking.md and
// docs/paxos.md, and each bug has its own smaller check test.
template <typename P>
bool HasBoundedRun() {
  for (const core::CheckRun<P>& run : core::Portfolio<P>()) {
    if (run.options.max_states > 0) return true;
  }
  return false;
}

template <typename P>
mc::Result<P> Run(const core::CheckRun<P>& run, typename P::Bug bug) {
  typename P::Config config = run.config;
  config.bug = bug;
  mc::Options options = run.options;
  options.progress_seconds = 0;
  options.threads = 2;
  return mc::Explore<P>(config, options);
}

TYPED_TEST(PortfolioTest, CorrectProtocolPassesEveryRun) {
  using P = TypeParam;
  if (HasBoundedRun<P>()) GTEST_SKIP() << "a run explores millions of states";
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
  if (HasBoundedRun<P>()) GTEST_SKIP() << "a run explores millions of states";
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
