// The model checker on the quorum register: the majority-quorum model is
// linearizable and not vacuous; each bug, and quorums that need not meet
// (R + W <= N), is caught with a trace that replays; without faults every
// operation succeeds, and a partition leaves an operation that never does
// (consistency chosen over availability).

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/quorum/manifest.h"
#include "core/quorum/quorum.h"
#include "gtest/gtest.h"
#include "model_check/check_test_support.h"

namespace stepwise::mc {
namespace {

using core::quorum::Bug;
using core::quorum::QuorumRegister;

Result<QuorumRegister> Check(const QuorumRegister::Config& config,
                             const Options& options) {
  return CheckQuietly<QuorumRegister>(config, options);
}

Options DefaultOptions() { return core::DefaultCheckOptions<QuorumRegister>(); }

// One value and FIFO links keep the search near a million states; the
// races that matter (a read between a write's replicas) are all there.
TEST(QuorumCheckTest, MajorityQuorumsAreLinearizableAndEveryGoalIsReached) {
  Options options = DefaultOptions();
  options.network = core::Network::kOrdered;
  options.liveness = core::LivenessMode::kOff;
  const auto result = Check({.values = 1}, options);
  EXPECT_EQ(result.verdict, Verdict::kOk);
  for (const auto& goal : result.goals) {
    EXPECT_TRUE(goal.reached) << goal.name;
  }
}

void ExpectCaught(const QuorumRegister::Config& config, const Options& options,
                  const std::string& property) {
  const std::string what =
      absl::StrCat(std::string(EnumName(config.bug)), " R=", config.read_quorum,
                   " W=", config.write_quorum);
  ExpectCaughtWithReplay<QuorumRegister>(config, options, property, what);
}

TEST(QuorumCheckTest, EveryBugIsCaughtWithATraceThatReplays) {
  const Options options = DefaultOptions();
  QuorumRegister::Config config{.values = 1};
  config.bug = Bug::kNoWriteBack;
  ExpectCaught(config, options, "answers-stay-on-a-write-quorum");
  config.bug = Bug::kWriteWithoutQuery;
  ExpectCaught(config, options, "later-writes-have-higher-tags");
  config.bug = Bug::kOverwriteNewer;
  ExpectCaught(config, options, "answers-stay-on-a-write-quorum");
}

TEST(QuorumCheckTest, QuorumsThatNeedNotMeetAreNotLinearizable) {
  const Options options = DefaultOptions();
  ExpectCaught({.read_quorum = 1, .write_quorum = 1, .values = 1}, options,
               "linearizable");
  // R + W = N: a read quorum can still miss the one write.
  ExpectCaught({.read_quorum = 2, .write_quorum = 1, .values = 1}, options,
               "linearizable");
}

TEST(QuorumCheckTest, WithoutFaultsEveryOperationSucceeds) {
  Options options = DefaultOptions();
  options.requests = 1;
  options.liveness = core::LivenessMode::kOn;
  const auto result = Check({.values = 1}, options);
  EXPECT_EQ(result.verdict, Verdict::kOk);
  EXPECT_EQ(result.liveness_checked,
            std::vector<std::string>{"operations-succeed"});
}

// The C of CAP: a partition that keeps a quorum away from a coordinator
// makes its operation time out, however long it retries.
TEST(QuorumCheckTest, APartitionLeavesAnOperationThatNeverSucceeds) {
  Options options = DefaultOptions();
  options.requests = 1;
  options.partitions = 1;
  options.liveness = core::LivenessMode::kOn;
  const auto result = Check({.values = 1}, options);
  ASSERT_EQ(result.verdict, Verdict::kViolation);
  EXPECT_EQ(result.violation->kind, ViolationKind::kLiveness);
  EXPECT_EQ(result.violation->property, "operations-succeed");
}

}  // namespace
}  // namespace stepwise::mc
