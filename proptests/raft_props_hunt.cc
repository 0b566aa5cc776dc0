// raft_props_hunt BUG [SEED] [MAX_TESTS]: how long RapidCheck's random
// schedules (raft_schedules.h) take to find a textbook Raft bug, for the
// property-test column of tools/bench/fuzz_sharpness.sh.
//
// Prints one line: "found <property> after <n> schedules in <s> s; shrunk
// from <a> to <b> steps in <t> s total", then the shrunk readable trace.
// Exit status 0 when found, 1 when not, 2 on bad usage.

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "core/raft/raft.h"
#include "model_check/trace_format.h"
#include "proptests/raft_schedules.h"

namespace stepwise::proptests {
namespace {

std::optional<core::raft::Bug> BugNamed(std::string_view name) {
  for (size_t i = 0; i < EnumSize(core::raft::Bug{}); ++i) {
    const auto bug = static_cast<core::raft::Bug>(i);
    if (mc::KebabName(EnumName(bug)) == name) return bug;
  }
  return std::nullopt;
}

int Main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    std::fprintf(stderr, "usage: raft_props_hunt BUG [SEED] [MAX_TESTS]\n");
    return 2;
  }
  const auto bug = BugNamed(argv[1]);
  if (!bug.has_value() || *bug == core::raft::Bug::kNone) {
    std::fprintf(stderr, "raft_props_hunt: unknown bug \"%s\"\n", argv[1]);
    return 2;
  }
  const uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  const int max_tests = argc > 3 ? std::atoi(argv[3]) : 1'000'000;
  const RaftHunt hunt = HuntRaftBug(*bug, FixedParams(seed, max_tests));
  if (!LastRaftFinding().has_value()) {
    std::printf("not found in %d schedules (%.1f s)\n", hunt.tests_to_find,
                hunt.seconds);
    return 1;
  }
  const auto& outcome = LastRaftFinding()->outcome;
  std::printf(
      "found %s after %d schedules in %.2f s; shrunk from %zu to %zu steps "
      "in %.2f s total\n%s",
      outcome.violation->property.c_str(), hunt.tests_to_find,
      hunt.seconds_to_find, hunt.first_steps, outcome.steps, hunt.seconds,
      mc::FormatTrace(outcome.violation->trace).c_str());
  return 0;
}

}  // namespace
}  // namespace stepwise::proptests

int main(int argc, char** argv) {
  return stepwise::proptests::Main(argc, argv);
}
