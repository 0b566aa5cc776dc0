// The viewer's data (model_check/trace_view.h) for real counterexamples:
// every delivery is paired with the step that sent its message, every
// invariant is evaluated at every state (the violated one fails exactly at
// the end), a lasso's cycle comes with its fairness, and a trace that does
// not re-execute is refused.

#include <cstddef>
#include <map>
#include <string>

#include "core/ring/ring.h"
#include "core/twopc/twopc.h"
#include "gtest/gtest.h"
#include "model_check/explore.h"
#include "model_check/listed_traces.h"

namespace stepwise::mc {
namespace {

using core::ring::ChangRoberts;
using core::twopc::TwoPhase;

template <typename P>
Json Counterexample(const typename P::Config& config, Options options) {
  options.quiet = true;
  const Result<P> result = Explore<P>(config, options);
  EXPECT_TRUE(result.violation.has_value());
  if (!result.violation.has_value()) return Json(nullptr);
  return TraceJson<P>(config, options, result.violation->trace,
                      &*result.violation);
}

size_t PropertyIndex(const Json& data, const std::string& name) {
  for (size_t i = 0; i < data["properties"].size(); ++i) {
    if (data["properties"][i]["name"] == name) return i;
  }
  ADD_FAILURE() << "no property " << name;
  return 0;
}

TEST(TraceViewTest, PairsEveryDeliveryWithItsSendAndEvaluatesInvariants) {
  const TwoPhase::Config config{.rms = 3,
                                .bug = core::twopc::Bug::kMajorityCommit};
  const Json trace = Counterexample<TwoPhase>(config, Options{});
  const TraceView view = ViewTrace<TwoPhase>(trace);
  ASSERT_EQ(view.exit_code, 0) << view.message;
  const Json& data = view.data;
  const Json& steps = data["steps"];
  ASSERT_EQ(steps.size(), trace["states"].size());
  EXPECT_EQ(data["nodes"], 4);  // the coordinator and three managers
  EXPECT_TRUE(data["loop_back"].is_null());
  EXPECT_TRUE(data["fairness"].is_null());

  std::map<int, size_t> sent_at;  // message id -> the step that sent it
  size_t deliveries = 0;
  for (size_t k = 0; k < steps.size(); ++k) {
    const Json& step = steps[k];
    EXPECT_EQ(step["index"], k + 1);
    EXPECT_EQ(step["state"]["nodes"].size(), 4u);
    for (const Json& send : step["sends"]) {
      const int id = send["id"];
      EXPECT_FALSE(sent_at.contains(id)) << "id " << id << " sent twice";
      sent_at[id] = k;
    }
    if (step["kind"] == "deliver") {
      ++deliveries;
      ASSERT_TRUE(step.contains("message")) << "step " << k + 1;
      const int id = step["message"]["id"];
      ASSERT_TRUE(sent_at.contains(id)) << "delivered before it was sent";
      EXPECT_LT(sent_at[id], k);
    } else {
      EXPECT_FALSE(step.contains("message")) << "step " << k + 1;
    }
  }
  EXPECT_GT(deliveries, 0u);

  // The violated invariant fails only in the last state (BFS stops there);
  // the others hold throughout.
  const std::string violated = trace["violation"]["property"];
  const size_t index = PropertyIndex(data, violated);
  for (size_t k = 0; k < steps.size(); ++k) {
    EXPECT_EQ(steps[k]["holds"][index].get<bool>(), k + 1 < steps.size())
        << "state " << k + 1;
  }
  EXPECT_EQ(data["replay"]["exit_code"], 1);
}

TEST(TraceViewTest, ALassoComesWithItsCycleAndFairness) {
  // Chang-Roberts is not live when a message can be lost: the election
  // message disappears and nobody ever leads.
  Options options;
  options.network = Network::kLossy;
  options.drops = 1;
  options.liveness = LivenessMode::kOn;
  const ChangRoberts::Config config{.nodes = 3, .announce = true};
  const Json trace = Counterexample<ChangRoberts>(config, options);
  ASSERT_EQ(trace["violation"]["kind"], "liveness");
  const TraceView view = ViewTrace<ChangRoberts>(trace);
  ASSERT_EQ(view.exit_code, 0) << view.message;
  const Json& data = view.data;
  ASSERT_TRUE(data["loop_back"].is_number());
  ASSERT_TRUE(data["fairness"].is_object());
  // This lasso stops: its last state is the one it loops back to, and no
  // fair step is enabled there (so none is left untaken).
  const size_t loop_back = data["loop_back"];
  EXPECT_EQ(loop_back, data["steps"].size());
  EXPECT_TRUE(data["fairness"]["stutters"].get<bool>());
  EXPECT_EQ(data["fairness"]["states"], 1);
  EXPECT_TRUE(data["fairness"]["always_enabled"].empty());
  // Weak fairness: whatever stays enabled around the cycle is taken in it.
  for (const Json& step : data["fairness"]["always_enabled"]) {
    EXPECT_TRUE(step["taken"].get<bool>()) << step["step"];
  }
  // The liveness property's value is shown at every state; it never holds
  // on the cycle.
  const size_t index =
      PropertyIndex(data, trace["violation"]["property"].get<std::string>());
  EXPECT_NE(data["properties"][index]["kind"], "invariant");
  for (size_t k = loop_back - 1; k < data["steps"].size(); ++k) {
    EXPECT_FALSE(data["steps"][k]["holds"][index].get<bool>());
  }
  bool dropped = false;
  for (const Json& step : data["steps"]) {
    dropped |= step["kind"] == "drop" && step.contains("message");
  }
  EXPECT_TRUE(dropped);
}

TEST(TraceViewTest, RefusesATraceThatDoesNotReExecute) {
  const TwoPhase::Config config{.rms = 3,
                                .bug = core::twopc::Bug::kMajorityCommit};
  Json trace = Counterexample<TwoPhase>(config, Options{});
  ASSERT_GE(trace["states"].size(), 3u);
  trace["states"][2]["state_bytes"] = trace["states"][1]["state_bytes"];
  const TraceView view = ViewTrace<TwoPhase>(trace);
  EXPECT_EQ(view.exit_code, 2);
  EXPECT_NE(view.message.find("state 3"), std::string::npos) << view.message;
}

}  // namespace
}  // namespace stepwise::mc
