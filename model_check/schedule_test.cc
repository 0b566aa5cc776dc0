// RunSchedule's timed client requests (TimedRequest): each happens at its
// step without reading a byte (whatever order they are given in), the menu
// offers no other requests, and one past the request budget is skipped.

#include "model_check/schedule.h"

#include <cstdint>
#include <random>
#include <vector>

#include "core/raft/raft.h"
#include "gtest/gtest.h"

namespace stepwise::mc {
namespace {

using core::raft::Raft;

Raft::Config ClientConfig() {
  Raft::Config config = core::raft::ModelCheckingConfig();
  // Past the bounds a run stops; these are out of reach of the tests' runs.
  config.max_term = 20;
  config.max_log_length = 20;
  config.auto_propose = false;
  config.auto_read = false;
  return config;
}

struct TakenRequest {
  size_t step;
  core::NodeId node;
  uint32_t command;
};

std::vector<TakenRequest> RequestsOf(const Trace<Raft>& trace) {
  std::vector<TakenRequest> taken;
  for (size_t step = 0; step < trace.actions.size(); ++step) {
    const Action<Raft>& action = trace.actions[step];
    if (action.kind != ActionKind::kRequest) continue;
    taken.push_back({step, action.node, action.request});
  }
  return taken;
}

ScheduleOutcome<Raft> RunClients(int budget,
                                 const std::vector<uint8_t>& schedule,
                                 const std::vector<TimedRequest>& requests) {
  Options options;
  options.requests = budget;
  return RunSchedule<Raft>(ClientConfig(), options, schedule, 30,
                           SchedulePick::kByPosition, ScheduleLiveness::kIgnore,
                           requests);
}

TEST(ScheduleTest, TimedRequestsHappenAtTheirStepsAndNowhereElse) {
  // Given out of order: the run takes them by step.
  const std::vector<TimedRequest> requests = {
      {.step = 4, .node = 0, .command = 2},
      {.step = 0, .node = 2, .command = 1}};
  std::mt19937 random(7);
  for (int run = 0; run < 200; ++run) {
    std::vector<uint8_t> schedule(13);
    for (uint8_t& byte : schedule) byte = static_cast<uint8_t>(random());
    const ScheduleOutcome<Raft> outcome = RunClients(2, schedule, requests);
    ASSERT_FALSE(outcome.violation.has_value());
    // One byte picks the initial state, each other one a menu step; the
    // timed requests read none.
    ASSERT_EQ(outcome.steps, schedule.size() - 1 + requests.size());
    const std::vector<TakenRequest> taken = RequestsOf(outcome.trace);
    ASSERT_EQ(taken.size(), 2u) << run;
    EXPECT_EQ(taken[0].step, 0u);
    EXPECT_EQ(taken[0].node, 2u);
    EXPECT_EQ(taken[0].command, 1u);
    EXPECT_EQ(taken[1].step, 4u);
    EXPECT_EQ(taken[1].node, 0u);
    EXPECT_EQ(taken[1].command, 2u);
  }
}

// Why timed requests exist: left on the menu, three nodes times three
// commands crowd out the rest, and random schedules spend the whole budget
// within the first few steps, before any leader can exist.
TEST(ScheduleTest, MenuRequestsSpendTheBudgetEarly) {
  std::mt19937 random(7);
  int spent_in_three_steps = 0;
  constexpr int kRuns = 200;
  for (int run = 0; run < kRuns; ++run) {
    std::vector<uint8_t> schedule(13);
    for (uint8_t& byte : schedule) byte = static_cast<uint8_t>(random());
    const std::vector<TakenRequest> taken =
        RequestsOf(RunClients(2, schedule, {}).trace);
    if (taken.size() == 2 && taken[1].step < 3) ++spent_in_three_steps;
  }
  EXPECT_GT(spent_in_three_steps, kRuns / 3);
}

TEST(ScheduleTest, TimedRequestsPastTheBudgetOrTheRunAreSkipped) {
  const std::vector<TimedRequest> requests = {
      {.step = 1, .node = 0, .command = 0},
      {.step = 1, .node = 1, .command = 0},
      {.step = 2, .node = 2, .command = 2},
      {.step = 29, .node = 2, .command = 2}};
  const std::vector<uint8_t> schedule(6, 0);
  const std::vector<TakenRequest> taken =
      RequestsOf(RunClients(2, schedule, requests).trace);
  ASSERT_EQ(taken.size(), 2u);
  EXPECT_EQ(taken[0].step, 1u);
  EXPECT_EQ(taken[0].node, 0u);
  EXPECT_EQ(taken[1].step, 2u);
  EXPECT_EQ(taken[1].node, 1u);
}

}  // namespace
}  // namespace stepwise::mc
