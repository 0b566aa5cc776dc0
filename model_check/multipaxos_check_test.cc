// The model checker on the Multi-Paxos core: the default model is safe and
// reaches every goal (a gap filled with a no-op, slots decided out of
// order); each textbook bug is caught with a trace that replays; under a
// stable leader every request is answered.

#include <string>
#include <vector>

#include "core/multipaxos/manifest.h"
#include "core/multipaxos/multipaxos.h"
#include "gtest/gtest.h"
#include "model_check/check_test_support.h"

namespace stepwise::mc {
namespace {

using core::multipaxos::Bug;
using core::multipaxos::MultiPaxos;

Options DefaultOptions() { return core::DefaultCheckOptions<MultiPaxos>(); }

TEST(MultiPaxosCheckTest, DefaultModelIsSafeAndReachesEveryGoal) {
  const auto result = CheckQuietly<MultiPaxos>(
      core::DefaultConfig<MultiPaxos>(), DefaultOptions());
  EXPECT_EQ(result.verdict, Verdict::kOk);
  for (const auto& goal : result.goals) {
    EXPECT_TRUE(goal.reached) << goal.name;
  }
}

TEST(MultiPaxosCheckTest, EveryBugIsCaughtWithATraceThatReplays) {
  MultiPaxos::Config config = core::DefaultConfig<MultiPaxos>();
  config.bug = Bug::kSkipPhaseOne;
  ExpectCaughtWithReplay<MultiPaxos>(config, DefaultOptions(), "slot-agreement",
                                     "skip-phase-one");
  config.bug = Bug::kNoopOverReportedVotes;
  ExpectCaughtWithReplay<MultiPaxos>(config, DefaultOptions(), "slot-agreement",
                                     "noop-over-reported-votes");
  // An acceptor forgets its votes when it restarts.
  Options crash = DefaultOptions();
  crash.crashes = 1;
  crash.network = Network::kOrdered;
  crash.synchronous_timers = true;
  config.bug = Bug::kVolatileVotes;
  ExpectCaughtWithReplay<MultiPaxos>(config, crash, "slot-agreement",
                                     "volatile-votes");
}

// One candidate is a stable leader: with timeouts that outlast messages,
// every request is answered, also when a node crashes and restarts.
TEST(MultiPaxosCheckTest, AStableLeaderAnswersEveryRequest) {
  MultiPaxos::Config config = core::DefaultConfig<MultiPaxos>();
  config.candidates = 1;
  config.ballots = 3;
  Options options = DefaultOptions();
  options.synchronous_timers = true;
  options.liveness = core::LivenessMode::kOn;
  const auto result = CheckQuietly<MultiPaxos>(config, options);
  EXPECT_EQ(result.verdict, Verdict::kOk);
  EXPECT_EQ(result.liveness_checked,
            std::vector<std::string>{"requests-answered"});
}

}  // namespace
}  // namespace stepwise::mc
