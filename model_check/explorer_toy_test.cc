// The explorer on the test-only protocols (PingPong, Echo), which are not in
// the protocol list, so this file instantiates the explorer template itself
// (model_check/explorer.h). The listed protocols are checked in
// explorer_test.cc through stepwise_listed_checks.

#include <string>

#include "gtest/gtest.h"
#include "model_check/echo_for_test.h"
#include "model_check/explorer.h"
#include "model_check/ping_pong_for_test.h"
#include "model_check/trace_format.h"

namespace stepwise::mc {
namespace {

using testing::PingPong;

template <typename P>
Result<P> Check(typename P::Config config, Options options) {
  options.quiet = true;
  Explorer<P> explorer(config, options);
  return explorer.Run();
}

TEST(ExplorerTest, UnreachableGoalMakesTheModelVacuous) {
  auto result = Check<PingPong>({.can_finish = false}, {});
  ASSERT_EQ(result.verdict, Verdict::kViolation);
  EXPECT_EQ(result.violation->kind, ViolationKind::kVacuous);
  EXPECT_EQ(result.violation->property, "finished");
}

TEST(ExplorerTest, LivelockIsReportedAsALasso) {
  auto result = Check<PingPong>({.give_up_stays_armed = false}, {});
  ASSERT_EQ(result.verdict, Verdict::kViolation);
  ASSERT_EQ(result.violation->kind, ViolationKind::kLiveness);
  const auto& trace = result.violation->trace;
  ASSERT_TRUE(trace.loop_back.has_value());
  // The loop is a real cycle: its last state is the one it returns to.
  ASSERT_LT(*trace.loop_back, trace.states.size() - 1);
  EXPECT_EQ(Encode(trace.states.back()),
            Encode(trace.states[*trace.loop_back]));
  for (const auto& state : trace.states) EXPECT_FALSE(state.states[0].finished);
  EXPECT_NE(FormatTrace(trace).find("Back to state"), std::string::npos);
}

TEST(ExplorerTest, WeakFairnessForcesAContinuouslyEnabledTimer) {
  auto result = Check<PingPong>({.give_up_stays_armed = true}, {});
  EXPECT_EQ(result.verdict, Verdict::kOk);
  EXPECT_EQ(result.liveness_checked.size(), 1u);
}

TEST(ExplorerTest, TestProtocolBugIsCaught) {
  auto result = Check<PingPong>({.bug = testing::PingBug::kPongTwice},
                                {.network = Network::kReliable});
  ASSERT_EQ(result.verdict, Verdict::kViolation);
  EXPECT_EQ(result.violation->property, "no-unexpected-pong");
}

TEST(ExplorerTest, ClientRequestsAreIssuedAndAnswered) {
  using testing::Echo;
  auto result = Check<Echo>({}, {.requests = 2});
  EXPECT_EQ(result.verdict, Verdict::kOk);
  // Two requests, each of two commands, answered in one step each.
  EXPECT_EQ(result.distinct_states, 1u + 2u + 4u);
  auto wrong =
      Check<Echo>({.bug = testing::EchoBug::kWrongAnswer}, {.requests = 1});
  ASSERT_EQ(wrong.verdict, Verdict::kViolation);
  EXPECT_EQ(wrong.violation->property, "answers-right");
  EXPECT_NE(FormatTrace(wrong.violation->trace).find("client 1 got 9"),
            std::string::npos);
}

TEST(ExplorerTest, ReplyBeforePersistIsCaughtByTheCrashWindow) {
  using testing::Echo;
  // Without crashes the early reply is harmless and invisible.
  auto no_crash = Check<Echo>({.bug = testing::EchoBug::kReplyBeforePersist},
                              {.requests = 2});
  EXPECT_EQ(no_crash.verdict, Verdict::kOk);
  auto crash = Check<Echo>({.bug = testing::EchoBug::kReplyBeforePersist},
                           {.crashes = 1, .requests = 2});
  ASSERT_EQ(crash.verdict, Verdict::kViolation);
  EXPECT_EQ(crash.violation->property, "acks-durable");
  const auto& trace = crash.violation->trace;
  ASSERT_FALSE(trace.actions.empty());
  EXPECT_TRUE(trace.actions.back().crash_before_persist);
  EXPECT_NE(FormatTrace(trace).find("crash before persisting"),
            std::string::npos);
  // The correct order survives the same crashes.
  EXPECT_EQ(Check<Echo>({}, {.crashes = 1, .requests = 2}).verdict,
            Verdict::kOk);
}

}  // namespace
}  // namespace stepwise::mc
