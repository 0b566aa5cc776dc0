#include "model_check/liveness.h"

#include "gtest/gtest.h"
#include "model_check/ping_pong_for_test.h"

namespace stepwise::mc {
namespace {

using testing::PingPong;
using View = core::ClusterView<PingPong>;

bool Idle(const View& v) { return !v.nodes[0].outstanding; }
bool Finished(const View& v) { return v.nodes[0].finished; }
bool GotPong(const View& v) { return v.nodes[0].pongs >= 1; }

std::optional<Trace<PingPong>> CheckProperty(bool give_up_stays_armed,
                                             core::Temporal temporal,
                                             bool (*holds)(const View&),
                                             Options options = {}) {
  LivenessChecker<PingPong> checker(
      {.give_up_stays_armed = give_up_stays_armed}, options, 10000);
  EXPECT_TRUE(checker.Build());
  return checker.Check({"p", "p", temporal, holds});
}

TEST(LivenessTest, AlwaysEventuallyHoldsWhenEveryFairCycleVisitsP) {
  EXPECT_FALSE(CheckProperty(false, core::Temporal::kAlwaysEventually, &Idle)
                   .has_value());
  // When giving up stays armed, node 0 may give up with a ping outstanding
  // and stay that way forever.
  auto lasso = CheckProperty(true, core::Temporal::kAlwaysEventually, &Idle);
  ASSERT_TRUE(lasso.has_value());
  EXPECT_TRUE(lasso->states.back().states[0].finished);
  EXPECT_TRUE(lasso->states.back().states[0].outstanding);
}

TEST(LivenessTest, AlwaysEventuallyFailsOnAFairCycleAvoidingP) {
  auto lasso =
      CheckProperty(false, core::Temporal::kAlwaysEventually, &Finished);
  ASSERT_TRUE(lasso.has_value());
  ASSERT_TRUE(lasso->loop_back.has_value());
  for (size_t k = *lasso->loop_back; k < lasso->states.size(); ++k) {
    EXPECT_FALSE(lasso->states[k].states[0].finished);
  }
  EXPECT_FALSE(CheckProperty(true, core::Temporal::kAlwaysEventually, &Finished)
                   .has_value());
}

TEST(LivenessTest, FairDeliveryMakesThePongArrive) {
  EXPECT_FALSE(
      CheckProperty(false, core::Temporal::kEventually, &GotPong).has_value());
}

TEST(LivenessTest, LossIsNotFair) {
  // A dropped ping is never retried: a run may stop with no pong.
  auto lasso = CheckProperty(false, core::Temporal::kEventually, &GotPong,
                             {.network = Network::kLossy});
  ASSERT_TRUE(lasso.has_value());
  // The run stops: the loop is the final state stuttering.
  EXPECT_EQ(*lasso->loop_back, lasso->states.size() - 1);
  EXPECT_EQ(lasso->actions.back().kind, ActionKind::kDrop);
}

TEST(LivenessTest, BuildRespectsTheStateLimit) {
  LivenessChecker<PingPong> checker({}, {}, 2);
  EXPECT_FALSE(checker.Build());
}

}  // namespace
}  // namespace stepwise::mc
