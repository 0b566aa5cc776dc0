// The model checker on the eventually consistent store: each data type
// keeps its promises (strong eventual consistency, availability,
// convergence) and reaches every goal; each bug is caught with a trace that
// replays; a partition leaves every request answered and the replicas
// converge after it heals (availability chosen over consistency), while the
// linearizability the store does not promise fails with a stale read.

#include <string>
#include <vector>

#include "core/eventual/eventual.h"
#include "core/eventual/manifest.h"
#include "gtest/gtest.h"
#include "model_check/check_test_support.h"

namespace stepwise::mc {
namespace {

using core::eventual::Bug;
using core::eventual::EventualStore;

Result<EventualStore> Check(const EventualStore::Config& config,
                            const Options& options) {
  return CheckQuietly<EventualStore>(config, options);
}

Options DefaultOptions() { return core::DefaultCheckOptions<EventualStore>(); }
EventualStore::Config DefaultConfig() {
  return core::DefaultConfig<EventualStore>();
}

void ExpectKeepsItsPromises(const EventualStore::Config& config,
                            const Options& options) {
  const auto result = Check(config, options);
  EXPECT_EQ(result.verdict, Verdict::kOk);
  for (const auto& goal : result.goals) {
    EXPECT_TRUE(goal.reached) << goal.name;
  }
  EXPECT_EQ(result.liveness_checked, std::vector<std::string>{"converges"});
}

TEST(EventualCheckTest, SiblingsLwwAndTheSetKeepTheirPromises) {
  ExpectKeepsItsPromises(DefaultConfig(), DefaultOptions());
  EventualStore::Config lww = DefaultConfig();
  lww.lww = true;
  lww.clock_ticks = 1;
  ExpectKeepsItsPromises(lww, DefaultOptions());
  EventualStore::Config set = DefaultConfig();
  set.set = true;
  ExpectKeepsItsPromises(set, DefaultOptions());
}

// Availability over consistency: with a partition every request is still
// answered at once, and the replicas converge once it heals.
TEST(EventualCheckTest, APartitionLeavesEveryRequestAnsweredAndConverges) {
  Options options = DefaultOptions();
  options.partitions = 1;
  ExpectKeepsItsPromises(DefaultConfig(), options);
}

void ExpectCaught(const EventualStore::Config& config, const Options& options,
                  const std::string& property) {
  ExpectCaughtWithReplay<EventualStore>(config, options, property,
                                        std::string(EnumName(config.bug)));
}

TEST(EventualCheckTest, EveryBugIsCaughtWithATraceThatReplays) {
  const Options options = DefaultOptions();
  EventualStore::Config config = DefaultConfig();
  config.bug = Bug::kUnionSiblings;
  ExpectCaught(config, options, "same-updates-same-data");
  config.lww = true;
  config.bug = Bug::kNoTieBreak;
  ExpectCaught(config, options, "same-updates-same-data");
  config.lww = false;
  config.set = true;
  config.bug = Bug::kResurrect;
  Options three = options;
  three.requests = 3;
  ExpectCaught(config, three, "same-updates-same-data");
  config.set = false;
  config.nodes = 2;  // no third replica to relay what was lost
  config.bug = Bug::kForgetOnSend;
  Options lossy = options;
  lossy.network = core::Network::kLossy;
  lossy.drops = 1;
  ExpectCaught(config, lossy, "converges");
}

// The C the store gives up: a read at one replica misses a write another
// replica already acknowledged.
TEST(EventualCheckTest, TheHistoryIsNotLinearizable) {
  Options options = DefaultOptions();
  options.only_properties = {"linearizable"};
  ExpectCaught(DefaultConfig(), options, "linearizable");
}

}  // namespace
}  // namespace stepwise::mc
