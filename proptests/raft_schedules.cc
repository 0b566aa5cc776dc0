#include "proptests/raft_schedules.h"

#include <chrono>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "model_check/listed_traces.h"
#include "model_check/trace_format.h"
#include "proptests/generators.h"
#include "rapidcheck/Check.h"
#include "rapidcheck/detail/Configuration.h"

namespace stepwise::proptests {

using core::raft::Raft;

RaftScenario DrawRaftScenario(core::raft::Bug bug, int min_crashes) {
  RaftScenario scenario;
  // The model checker's Raft (leaders stand in for clients, one entry per
  // AppendEntries, no retransmission) with the fuzzer's deeper bounds: a
  // random run needs no finite state space, only a short schedule.
  core::raft::Config& config = scenario.config;
  config = core::raft::ModelCheckingConfig();
  config.max_term = 6;
  config.max_log_length = 6;
  config.bug = bug;
  // Each generator shrinks toward the simplest choice, listed first.
  config.nodes = *rc::gen::element(3u, 3u, 3u, 5u);
  config.pre_vote = *rc::gen::arbitrary<bool>();
  config.check_quorum = *rc::gen::arbitrary<bool>();
  mc::Options& options = scenario.options;
  options.network =
      *rc::gen::element(mc::Network::kReliable, mc::Network::kLossy,
                        mc::Network::kDuplicating, mc::Network::kOrdered);
  // A bounded loss budget: unlimited drops would spend most of a schedule
  // losing messages.
  if (options.network == mc::Network::kLossy) options.drops = 6;
  options.crashes = *rc::gen::inRange(min_crashes, 3);
  options.partitions = *rc::gen::inRange(0, 2);
  // Sometimes clients instead of the leaders' stand-in proposal and read:
  // their history must be linearizable (what read-without-quorum breaks).
  // More often, or longer schedules than RapidCheck's size gives, found
  // read-without-quorum no sooner and the election bugs later.
  options.requests = *rc::gen::element(0, 0, 0, 3);
  if (options.requests > 0) {
    config.auto_propose = false;
    config.auto_read = false;
  }
  // Placed in time like the fuzzer's client shapes place them
  // (mc::TimedRequest says why).
  const auto commands =
      static_cast<uint32_t>(Raft::client_commands(config).size());
  for (int i = 0; i < options.requests; ++i) {
    mc::TimedRequest request;
    request.step = *rc::gen::inRange<size_t>(0, kRaftScheduleSteps);
    request.node = *rc::gen::inRange<core::NodeId>(0, config.nodes);
    request.command = *rc::gen::inRange<uint32_t>(0, commands);
    scenario.timed_requests.push_back(request);
  }
  // Uniform bytes, as the fuzzer's random inputs.
  scenario.schedule = *GenUniformBytes();
  return scenario;
}

std::optional<RaftFinding>& LastRaftFinding() {
  static std::optional<RaftFinding> finding;
  return finding;
}

mc::ScheduleOutcome<Raft> RunRaft(const RaftScenario& scenario) {
  return mc::RunSchedule<Raft>(
      scenario.config, scenario.options, scenario.schedule, kRaftScheduleSteps,
      mc::SchedulePick::kByIdentity, mc::ScheduleLiveness::kIgnore,
      scenario.timed_requests);
}

mc::ScheduleOutcome<Raft> RunScenario(const RaftScenario& scenario) {
  mc::ScheduleOutcome<Raft> outcome = RunRaft(scenario);
  if (outcome.violation.has_value()) {
    LastRaftFinding() = RaftFinding{scenario, outcome};
  }
  return outcome;
}

void FailOnViolation(const RaftScenario& scenario,
                     const mc::ScheduleOutcome<Raft>& outcome) {
  if (!outcome.violation.has_value()) return;
  // RapidCheck prints the asserting expression too: keep it short.
  const std::string counterexample = absl::StrCat(
      "invariant ", outcome.violation->property, " violated after ",
      outcome.steps, " steps (network ",
      mc::KebabName(EnumName(scenario.options.network)), ", ",
      scenario.config.nodes, " nodes, crashes ", scenario.options.crashes,
      ", partitions ", scenario.options.partitions, "):\n",
      mc::FormatTrace(outcome.violation->trace));
  RC_FAIL(counterexample);
}

mc::ScheduleOutcome<Raft> RunOrFail(const RaftScenario& scenario) {
  mc::ScheduleOutcome<Raft> outcome = RunScenario(scenario);
  FailOnViolation(scenario, outcome);
  return outcome;
}

std::string RaftFindingJson(const RaftFinding& finding) {
  const auto& violation = *finding.outcome.violation;
  return mc::TraceJson<Raft>(finding.scenario.config, finding.scenario.options,
                             violation.trace, &violation)
      .dump(2);
}

namespace {

// What DrawRaftScenario chose, as a string two draws can be compared by.
std::string DrawnChoices(const RaftScenario& scenario) {
  const core::raft::Config& config = scenario.config;
  const mc::Options& options = scenario.options;
  std::string drawn = absl::StrCat(
      config.nodes, ",", config.pre_vote, ",", config.check_quorum, ",",
      config.auto_propose, ",", config.auto_read, ",",
      static_cast<int>(options.network), ",", options.drops, ",",
      options.crashes, ",", options.partitions, ",", options.requests, ":");
  for (const uint8_t choice : scenario.schedule)
    absl::StrAppend(&drawn, choice, ",");
  for (const mc::TimedRequest& request : scenario.timed_requests) {
    absl::StrAppend(&drawn, ";", request.step, "@", request.node, "=",
                    request.command);
  }
  return drawn;
}

}  // namespace

RaftHunt HuntRaftBug(core::raft::Bug bug,
                     const rc::detail::TestParams& params) {
  using Clock = std::chrono::steady_clock;
  RaftHunt hunt;
  LastRaftFinding().reset();
  const Clock::time_point start = Clock::now();
  auto seconds_since_start = [&] {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  bool found = false;
  int shrink_runs = 0;
  std::string last_failing_scenario;
  const auto property = [&] {
    const RaftScenario scenario = DrawRaftScenario(bug, 0);
    // Past the shrink budget every new candidate passes, which ends
    // shrinking; RapidCheck's closing re-run of the last failure still fails.
    const std::string drawn = DrawnChoices(scenario);
    if (found && ++shrink_runs > kMaxShrinkRuns &&
        drawn != last_failing_scenario) {
      return;
    }
    const auto outcome = RunScenario(scenario);
    if (outcome.violation.has_value()) last_failing_scenario = drawn;
    // After the first failure RapidCheck only shrinks it.
    if (!found) {
      ++hunt.tests_to_find;
      found = outcome.violation.has_value();
      hunt.seconds_to_find = seconds_since_start();
      hunt.first_steps = outcome.steps;
    }
    FailOnViolation(scenario, outcome);
  };
  hunt.result =
      rc::detail::checkTestable(property, rc::detail::TestMetadata{}, params);
  hunt.seconds = seconds_since_start();
  return hunt;
}

}  // namespace stepwise::proptests
