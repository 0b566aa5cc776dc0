// schedule_props_hunt PROTOCOL BUG [SEED] [MAX_TESTS]: how long RapidCheck's
// random schedules take to find a textbook bug, for the property-test column
// of tools/bench/fuzz_sharpness.sh: the schedule fuzzers' own input layout
// (schedule_props.h) for every protocol, so the column differs from the
// fuzzer's only by the fuzzer's coverage feedback. `raft-scenarios` draws
// raft_props_test's scenarios (raft_schedules.h) instead.
//
// Prints one line: "found <property> after <n> schedules in <s> s; shrunk
// from <a> to <b> steps in <t> s total", then the shrunk readable trace.
// Exit status 0 when found, 1 when not, 2 on bad usage.

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "core/protocols.h"
#include "fuzz/schedule_shapes.h"
#include "proptests/raft_schedules.h"
#include "proptests/schedule_props.h"

namespace stepwise::proptests {
namespace {

template <typename P>
int PrintFound(const mc::ScheduleOutcome<P>& shrunk, int tests_to_find,
               double seconds_to_find, size_t first_steps, double seconds) {
  std::printf(
      "found %s after %d schedules in %.3f s; shrunk from %zu to %zu steps "
      "in %.2f s total\n%s",
      shrunk.violation->property.c_str(), tests_to_find, seconds_to_find,
      first_steps, shrunk.steps, seconds,
      mc::FormatTrace(shrunk.violation->trace).c_str());
  return 0;
}

int PrintNotFound(int tests, double seconds) {
  std::printf("not found in %d schedules (%.1f s)\n", tests, seconds);
  return 1;
}

template <typename P>
std::optional<typename P::Bug> BugOf(const char* name) {
  const auto bug = core::EnumFromKebab<typename P::Bug>(name);
  if (!bug.has_value() || *bug == typename P::Bug{}) {
    std::fprintf(stderr, "schedule_props_hunt: %s has no bug \"%s\"\n",
                 std::string(P::kName).c_str(), name);
    return std::nullopt;
  }
  return bug;
}

template <typename P>
int Hunt(fuzz::ScheduleRunner<P> runner, const char* bug_name, uint64_t seed,
         int max_tests) {
  const auto bug = BugOf<P>(bug_name);
  if (!bug.has_value()) return 2;
  const ScheduleHunt<P> hunt =
      HuntWithRandomSchedules<P>(runner, *bug, FixedParams(seed, max_tests));
  if (!hunt.found || !hunt.shrunk.has_value()) {
    return PrintNotFound(hunt.tests_to_find, hunt.seconds);
  }
  return PrintFound(hunt.shrunk->outcome, hunt.tests_to_find,
                    hunt.seconds_to_find, hunt.first_steps, hunt.seconds);
}

int HuntRaft(const char* bug_name, uint64_t seed, int max_tests) {
  const auto bug = BugOf<core::raft::Raft>(bug_name);
  if (!bug.has_value()) return 2;
  const RaftHunt hunt = HuntRaftBug(*bug, FixedParams(seed, max_tests));
  if (!LastRaftFinding().has_value()) {
    return PrintNotFound(hunt.tests_to_find, hunt.seconds);
  }
  return PrintFound(LastRaftFinding()->outcome, hunt.tests_to_find,
                    hunt.seconds_to_find, hunt.first_steps, hunt.seconds);
}

int Main(int argc, char** argv) {
  if (argc < 3 || argc > 5) {
    std::fprintf(stderr,
                 "usage: schedule_props_hunt PROTOCOL|raft-scenarios BUG "
                 "[SEED] [MAX_TESTS]\n");
    return 2;
  }
  const std::string_view protocol = argv[1];
  const uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
  const int max_tests = argc > 4 ? std::atoi(argv[4]) : 1'000'000;
  if (protocol == "raft-scenarios") return HuntRaft(argv[2], seed, max_tests);
  int status = 2;
  const bool listed = core::Protocols::WithName(protocol, [&]<typename P>() {
    if constexpr (fuzz::HasScheduleShape<P>) {
      status = Hunt<P>(&fuzz::ScheduleShape<P>::Run, argv[2], seed, max_tests);
    } else {
      std::fprintf(stderr, "schedule_props_hunt: %s has no schedule shape\n",
                   argv[1]);
    }
  });
  if (!listed) {
    std::fprintf(stderr,
                 "schedule_props_hunt: unknown protocol \"%s\" (see "
                 "stepwise check --list, or raft-scenarios)\n",
                 argv[1]);
  }
  return status;
}

}  // namespace
}  // namespace stepwise::proptests

int main(int argc, char** argv) {
  return stepwise::proptests::Main(argc, argv);
}
