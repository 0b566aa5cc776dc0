// The exports (exports.h) of real counterexamples: Mermaid draws one arrow
// per delivered message and client call, and a lasso's cycle as a loop;
// ShiViz's vector clocks order every delivery after its send; ITF encodes
// every integer as a #bigint and marks the lasso's loop.

#include "tools/stepwise/view/exports.h"

#include <cstddef>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/twopc/twopc.h"
#include "gtest/gtest.h"
#include "model_check/explore.h"
#include "model_check/listed_traces.h"

namespace stepwise::tools {
namespace {

using core::twopc::TwoPhase;
using mc::Json;

Json View(const TwoPhase::Config& config, mc::Options options) {
  options.quiet = true;
  const mc::Result<TwoPhase> result = mc::Explore<TwoPhase>(config, options);
  EXPECT_TRUE(result.violation.has_value());
  if (!result.violation.has_value()) return Json(nullptr);
  const mc::TraceView view = mc::ViewTrace<TwoPhase>(mc::TraceJson<TwoPhase>(
      config, options, result.violation->trace, &*result.violation));
  EXPECT_EQ(view.exit_code, 0) << view.message;
  return view.data;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1)) {
    ++count;
  }
  return count;
}

size_t StepsOfKind(const Json& view, const std::string& kind) {
  size_t count = 0;
  for (const Json& step : view["steps"]) count += step["kind"] == kind;
  return count;
}

const TwoPhase::Config kBuggy{.rms = 3,
                              .bug = core::twopc::Bug::kMajorityCommit};

TEST(ExportsTest, MermaidDrawsEveryDelivery) {
  mc::Options options;
  options.crashes = 1;
  const Json view = View(kBuggy, options);
  const std::string mermaid = MermaidSequence(view);
  EXPECT_EQ(mermaid.rfind("sequenceDiagram\n", 0), 0u);
  EXPECT_EQ(Count(mermaid, "  participant N"), 4u);
  EXPECT_EQ(Count(mermaid, "->>"), StepsOfKind(view, "deliver"));
  EXPECT_EQ(Count(mermaid, ": timeout "), StepsOfKind(view, "timeout"));
  EXPECT_EQ(mermaid.find(';'), std::string::npos) << mermaid;
  EXPECT_EQ(Count(mermaid, "  loop "), 0u);
}

TEST(ExportsTest, ALassoIsALoopOrAStop) {
  mc::Options options;
  options.network = mc::Network::kLossy;
  options.liveness = mc::LivenessMode::kOn;
  const Json view = View(TwoPhase::Config{.rms = 2}, options);
  ASSERT_TRUE(view["loop_back"].is_number());
  const std::string mermaid = MermaidSequence(view);
  const bool stops = view["fairness"]["stutters"].get<bool>();
  EXPECT_EQ(Count(mermaid, "  loop back to state "), stops ? 0u : 1u);
  EXPECT_EQ(Count(mermaid, "stays here forever"), stops ? 1u : 0u);
  EXPECT_EQ(Count(mermaid, "-x"), StepsOfKind(view, "drop"));
  const Json itf = ItfTrace(view);
  EXPECT_EQ(itf["loop"], view["loop_back"].get<size_t>() - 1);
}

TEST(ExportsTest, ShivizOrdersEveryDeliveryAfterItsSend) {
  mc::Options options;
  options.crashes = 1;
  const Json view = View(kBuggy, options);
  std::istringstream log(ShivizLog(view));
  std::string line;
  std::getline(log, line);
  EXPECT_EQ(line, "(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})");
  std::getline(log, line);
  EXPECT_EQ(line, "");
  std::vector<Json> clocks;  // per step from 1 on
  std::vector<std::string> hosts;
  std::string event;
  while (std::getline(log, event)) {
    ASSERT_TRUE(std::getline(log, line));
    const size_t space = line.find(' ');
    hosts.push_back(line.substr(0, space));
    clocks.push_back(Json::parse(line.substr(space + 1)));
  }
  const Json& steps = view["steps"];
  ASSERT_EQ(clocks.size(), steps.size() - 1);
  std::map<int, size_t> sent_in;  // message id -> event index
  for (size_t k = 1; k < steps.size(); ++k) {
    const size_t event_index = k - 1;
    if (steps[k].contains("message") && steps[k]["kind"] == "deliver") {
      const size_t send = sent_in.at(steps[k]["message"]["id"].get<int>());
      // Happened-before: the send's clock is covered by the delivery's.
      for (const auto& [host, ticks] : clocks[send].items()) {
        EXPECT_GE(clocks[event_index].value(host, 0), ticks.get<int>())
            << "step " << k + 1 << ", host " << host;
      }
    }
    for (const Json& message : steps[k]["sends"]) {
      sent_in[message["id"].get<int>()] = event_index;
    }
    // Each event advances its own host's clock.
    EXPECT_GE(clocks[event_index].value(hosts[event_index], 0), 1);
  }
}

TEST(ExportsTest, ItfEncodesIntegersAsBigints) {
  const Json itf = ItfTrace(View(kBuggy, mc::Options{}));
  EXPECT_EQ(itf["#meta"]["format"], "ITF");
  EXPECT_FALSE(itf.contains("loop"));
  ASSERT_FALSE(itf["states"].empty());
  const Json& first = itf["states"][0];
  for (const Json& var : itf["vars"]) {
    EXPECT_TRUE(first.contains(var.get<std::string>())) << var;
  }
  EXPECT_EQ(first["budgets"]["crashes"], Json({{"#bigint", "0"}}));
  EXPECT_TRUE(first["network"].contains("#map"));
  EXPECT_TRUE(first["cut"].contains("#set"));
  // No JSON number anywhere in a state's variables (#meta is free-form).
  std::vector<const Json*> todo;
  for (const auto& [name, value] : first.items()) {
    if (name != "#meta") todo.push_back(&value);
  }
  for (size_t i = 0; i < todo.size() && i < 100000; ++i) {
    EXPECT_FALSE(todo[i]->is_number()) << todo[i]->dump();
    if (todo[i]->is_structured()) {
      for (const Json& child : *todo[i]) todo.push_back(&child);
    }
  }
}

TEST(ExportsTest, FormatNames) {
  EXPECT_EQ(ParseTraceFormat("itf"), TraceFormat::kItf);
  EXPECT_EQ(ParseTraceFormat("mermaid"), TraceFormat::kMermaid);
  EXPECT_FALSE(ParseTraceFormat("svg").has_value());
  EXPECT_EQ(FormatSuffix(TraceFormat::kShiviz), ".shiviz.log");
}

}  // namespace
}  // namespace stepwise::tools
