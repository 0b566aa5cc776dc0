// Properties of Raft over random schedules (raft_schedules.h): the correct
// protocol violates no invariant, with or without crashes; a crash keeps
// exactly the durable state; `step` and the schedule runner are
// deterministic, and the runner's one-successor path agrees with the model
// checker's successor relation; and a planted bug is found, shrunk, printed
// as a readable trace and written as a trace file that replays.
//
// Every property runs with a fixed seed (FixedParams) unless RC_PARAMS sets
// one, so a failure here is reproducible as is.

#include <cstdint>
#include <iostream>
#include <string>
#include <variant>
#include <vector>

#include "core/codec/codec.h"
#include "core/raft/raft.h"
#include "gtest/gtest.h"
#include "model_check/json.h"
#include "model_check/listed_traces.h"
#include "model_check/replay.h"
#include "model_check/semantics.h"
#include "model_check/trace_format.h"
#include "proptests/generators.h"
#include "proptests/raft_schedules.h"
#include "rapidcheck.h"

namespace stepwise::proptests {
namespace {

using core::raft::Bug;
using core::raft::Raft;
using mc::Action;
using mc::ActionKind;
using mc::Cluster;

// Runs `property` and fails the test with RapidCheck's report (the shrunk
// counterexample as a readable trace); the finding's trace file content is
// printed too, so it can be saved and replayed.
template <typename Property>
rc::detail::TestResult ExpectHolds(Property property, uint64_t seed,
                                   int max_success) {
  LastRaftFinding().reset();
  const auto result = rc::detail::checkTestable(
      property, rc::detail::TestMetadata{}, FixedParams(seed, max_success));
  if (!result.template is<rc::detail::SuccessResult>()) {
    std::ostringstream report;
    rc::detail::printResultMessage(result, report);
    if (LastRaftFinding().has_value()) {
      report << "\ntrace file:\n" << RaftFindingJson(*LastRaftFinding());
    }
    ADD_FAILURE() << report.str();
  }
  return result;
}

TEST(RaftSchedules, CorrectRaftViolatesNoInvariant) {
  ExpectHolds([] { RunOrFail(DrawRaftScenario(Bug::kNone, 0)); }, 1, 1500);
}

// What survives a crash is what the durability contract says: the term, the
// vote and the log as last persisted, nothing volatile. The crash-window
// branch crashes before its step's persist(), so there the state before the
// step is what was persisted.
void CheckCrash(const Raft::Config& config, const Cluster<Raft>& before,
                const Action<Raft>& action, const Cluster<Raft>& after) {
  const core::NodeId id = action.node;
  const core::raft::State& durable = before.states[id];
  core::raft::State expected;
  expected.term = durable.term;
  expected.voted_for = durable.voted_for;
  expected.log = durable.log;
  RC_ASSERT(after.up[id] == 0);
  RC_ASSERT(after.states[id] == expected);
  RC_ASSERT(Raft::restart(config, id, durable) == expected);
}

TEST(RaftSchedules, CrashesKeepTheDurableStateAndViolateNothing) {
  const auto result = ExpectHolds(
      [] {
        const RaftScenario scenario = DrawRaftScenario(Bug::kNone, 1);
        const auto outcome = RunOrFail(scenario);
        const auto& trace = outcome.trace;
        bool restarted = false;
        for (size_t i = 0; i < trace.actions.size(); ++i) {
          const Action<Raft>& action = trace.actions[i];
          if (action.kind == ActionKind::kCrash ||
              action.crash_before_persist) {
            CheckCrash(scenario.config, trace.states[i], action,
                       trace.states[i + 1]);
          }
          restarted |= action.kind == ActionKind::kRestart;
        }
        RC_TAG(restarted ? "a node restarted" : "no restart");
      },
      2, 1200);
  ASSERT_TRUE(result.is<rc::detail::SuccessResult>());
  // Vacuity guard: enough runs must actually restart a node. (RapidCheck
  // keeps tags as it shows them, quoted.)
  int restarts = 0;
  for (const auto& [tags, count] :
       result.get<rc::detail::SuccessResult>().distribution) {
    for (const auto& tag : tags) {
      if (tag.find("a node restarted") != std::string::npos) restarts += count;
    }
  }
  EXPECT_GE(restarts, 30);
}

// The schedule runner builds only the chosen successor
// (Semantics::ForEachAction, then Apply). Along random runs, that path must
// offer exactly the model checker's successors, in its order, and build each
// of them identically; and the same schedule must give the same run twice.
TEST(RaftSchedules, RunnerAgreesWithTheSuccessorRelation) {
  ExpectHolds(
      [] {
        const RaftScenario scenario = DrawRaftScenario(Bug::kNone, 0);
        const auto outcome = RunOrFail(scenario);
        const auto again = RunRaft(scenario);
        RC_ASSERT(again.trace.states == outcome.trace.states);
        RC_ASSERT(again.trace.actions == outcome.trace.actions);
        mc::Semantics<Raft> all(scenario.config, scenario.options);
        mc::Semantics<Raft> one(scenario.config, scenario.options);
        for (const Cluster<Raft>& state : outcome.trace.states) {
          std::vector<Action<Raft>> actions;
          std::vector<Cluster<Raft>> successors;
          all.ForEachSuccessor(state,
                               [&](const Action<Raft>& a, Cluster<Raft>&& n) {
                                 actions.push_back(a);
                                 successors.push_back(std::move(n));
                               });
          std::vector<Action<Raft>> menu;
          one.ForEachAction(state,
                            [&](const Action<Raft>& a) { menu.push_back(a); });
          RC_ASSERT(menu == actions);
          for (size_t k = 0; k < menu.size(); ++k) {
            const auto next = one.Apply(state, menu[k]);
            RC_ASSERT(next.ok());
            RC_ASSERT(*next == successors[k]);
          }
        }
      },
      3, 100);
}

// One step on a reachable state, with a received message drawn at random
// (stale, future or nonsensical ones included), twice: once with fresh
// Effects, once with Effects an unrelated step dirtied, as the checker
// reuses them.
TEST(RaftSchedules, StepIsDeterministic) {
  ExpectHolds(
      [] {
        const RaftScenario scenario = DrawRaftScenario(Bug::kNone, 0);
        const auto outcome = RunOrFail(scenario);
        const auto& states = outcome.trace.states;
        const Cluster<Raft>& cluster = *rc::gen::elementOf(states);
        const core::NodeId self =
            *rc::gen::inRange<core::NodeId>(0, scenario.config.nodes);
        core::Receive<Raft> receive;
        receive.from =
            *rc::gen::inRange<core::NodeId>(0, scenario.config.nodes);
        receive.message = *GenValue<Raft::Message>();
        const core::Event<Raft> event = receive;
        RC_LOG() << "state " << Hex(core::codec::Encode(cluster.states[self]))
                 << " event " << Hex(core::codec::Encode(event)) << "\n";

        core::raft::State first = cluster.states[self];
        core::Effects<Raft> first_effects;
        Raft::step(scenario.config, self, first, event, first_effects);

        core::raft::State second = cluster.states[self];
        core::raft::State scratch = cluster.states[(self + 1) % 3];
        core::Effects<Raft> second_effects;
        Raft::step(scenario.config, (self + 1) % 3, scratch,
                   core::Timeout<Raft>{core::raft::Timer::kElection},
                   second_effects);
        second_effects.Clear();
        Raft::step(scenario.config, self, second, event, second_effects);

        RC_ASSERT(first == second);
        RC_ASSERT(first_effects.sends() == second_effects.sends());
        RC_ASSERT(first_effects.replies() == second_effects.replies());
        RC_ASSERT(first_effects.applied() == second_effects.applied());
        RC_ASSERT(first_effects.timers_set() == second_effects.timers_set());
        RC_ASSERT(first_effects.timers_cancelled() ==
                  second_effects.timers_cancelled());
        RC_ASSERT(first_effects.sends_before_persist() ==
                  second_effects.sends_before_persist());
        RC_ASSERT(first_effects.persisted() == second_effects.persisted());
      },
      4, 600);
}

// A planted bug: random schedules find it, RapidCheck shrinks the failing
// scenario, the report is the model checker's readable trace of the shrunk
// run, and that run's trace file replays to the same violation. Seeds 1-12
// find it after 175-2,600 schedules and shrink it to 8-25 steps; seed 7 is
// the quickest (175 schedules, 36 steps shrunk to 8, as short as the model
// checker's breadth-first counterexample), which keeps the test short under
// sanitizers.
TEST(RaftSchedules, FindsShrinksAndPrintsAPlantedBug) {
  const RaftHunt hunt =
      HuntRaftBug(Bug::kVoteWithoutLogCheck, FixedParams(7, 10000));
  ASSERT_TRUE(hunt.result.is<rc::detail::FailureResult>())
      << "no schedule found the bug";
  ASSERT_TRUE(LastRaftFinding().has_value());
  const RaftFinding& finding = *LastRaftFinding();
  const auto& violation = *finding.outcome.violation;
  const auto& failure = hunt.result.get<rc::detail::FailureResult>();
  std::cout << "found after " << hunt.tests_to_find << " schedules ("
            << hunt.first_steps << " steps), shrunk to "
            << finding.outcome.steps << " steps:\n"
            << failure.description << "\n";

  // Shrinking kept a failing run no longer than the first one found.
  EXPECT_LE(finding.outcome.steps, hunt.first_steps);
  // The report is the readable trace of exactly the shrunk run.
  EXPECT_NE(failure.description.find(
                "invariant " + violation.property + " violated after " +
                std::to_string(finding.outcome.steps) + " steps"),
            std::string::npos);
  EXPECT_NE(failure.description.find(mc::FormatTrace(violation.trace)),
            std::string::npos);
  EXPECT_NE(failure.description.find("State 1: <Initial state>"),
            std::string::npos);

  // The shrunk scenario still fails by itself, and only with its bug.
  RaftScenario correct = finding.scenario;
  correct.config.bug = Bug::kNone;
  EXPECT_FALSE(RunRaft(correct).violation.has_value());

  const mc::ReplayOutcome replay =
      mc::Replay<Raft>(mc::Json::parse(RaftFindingJson(finding)));
  EXPECT_EQ(replay.exit_code, 1) << replay.message;
  EXPECT_EQ(replay.property, violation.property);
}

}  // namespace
}  // namespace stepwise::proptests
