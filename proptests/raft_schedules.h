// Random Raft schedules as RapidCheck values, shared by raft_props_test and
// the `schedule_props_hunt` timing tool.
//
// A scenario is a cluster shape (network, crash and partition budgets,
// PreVote, CheckQuorum, client requests) plus schedule bytes that
// mc::RunSchedule reads one per step, each naming an action by identity
// (SchedulePick::kByIdentity) rather than by position as the fuzzers do, so
// that RapidCheck can delete steps while shrinking without changing what the
// later bytes do. Everything is drawn with RapidCheck generators, so shrinking
// a failure also simplifies the shape: fewer crashes, the reliable network, no
// options.
//
// A run that violates an invariant fails the property with the readable
// counterexample (mc::FormatTrace) and is kept as LastRaftFinding(): while
// RapidCheck shrinks, every failing run replaces it, so when the check
// returns it holds the shrunk counterexample. Not thread-safe, as RapidCheck
// is not.

#ifndef STEPWISE_PROPTESTS_RAFT_SCHEDULES_H_
#define STEPWISE_PROPTESTS_RAFT_SCHEDULES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/raft/raft.h"
#include "model_check/options.h"
#include "model_check/schedule.h"
#include "proptests/fixed_params.h"
#include "rapidcheck.h"
#include "rapidcheck/detail/Results.h"
#include "rapidcheck/detail/TestParams.h"

namespace stepwise::proptests {

// As many steps as the schedule fuzzer takes: the textbook bugs need 15-40.
inline constexpr size_t kRaftScheduleSteps = 40;

struct RaftScenario {
  core::raft::Config config;
  mc::Options options;
  std::vector<uint8_t> schedule;
  // The client requests (options.requests of them).
  std::vector<mc::TimedRequest> timed_requests;
};

struct RaftFinding {
  RaftScenario scenario;
  mc::ScheduleOutcome<core::raft::Raft> outcome;
};

// Draws a scenario inside a property (at least `min_crashes` crashes).
RaftScenario DrawRaftScenario(core::raft::Bug bug, int min_crashes);

mc::ScheduleOutcome<core::raft::Raft> RunRaft(const RaftScenario& scenario);

// RunRaft, and a run that violates an invariant becomes LastRaftFinding().
mc::ScheduleOutcome<core::raft::Raft> RunScenario(const RaftScenario& scenario);

// Fails the property with the readable trace if `outcome` (a run of
// `scenario`) violated an invariant.
void FailOnViolation(const RaftScenario& scenario,
                     const mc::ScheduleOutcome<core::raft::Raft>& outcome);

// Both of the above.
mc::ScheduleOutcome<core::raft::Raft> RunOrFail(const RaftScenario& scenario);

std::optional<RaftFinding>& LastRaftFinding();

// The finding as a trace file (`stepwise replay` reads it).
// REQUIRES: finding.outcome.violation.has_value().
std::string RaftFindingJson(const RaftFinding& finding);

// RapidCheck searching random schedules for a violation under `bug`.
struct RaftHunt {
  // A FailureResult when the bug was found.
  rc::detail::TestResult result = rc::detail::Error{};
  int tests_to_find = 0;       // schedules run up to the first failure
  double seconds_to_find = 0;  // wall time to the first failure
  double seconds = 0;          // wall time including shrinking
  size_t first_steps = 0;      // length of the first failing run
};

// Leaves the shrunk counterexample in LastRaftFinding().
RaftHunt HuntRaftBug(core::raft::Bug bug, const rc::detail::TestParams& params);

}  // namespace stepwise::proptests

#endif  // STEPWISE_PROPTESTS_RAFT_SCHEDULES_H_
