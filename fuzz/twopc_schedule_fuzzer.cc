// libFuzzer target `fuzz_twopc_schedule`: the input's bytes schedule a
// two-phase commit cluster (see twopc_schedule.h). On an invariant violation
// it prints the counterexample, writes it as a trace file that
// `stepwise replay` reproduces, and traps so libFuzzer keeps the input.
//   STEPWISE_FUZZ_BUG=NAME        run with a textbook bug switched on
//   STEPWISE_FUZZ_TRACE=FILE      where to write the trace (default
//                                 twopc-finding.json)

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "fuzz/twopc_schedule.h"
#include "model_check/trace_format.h"

namespace {

stepwise::core::twopc::Bug g_bug = stepwise::core::twopc::Bug::kNone;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const char* name = std::getenv("STEPWISE_FUZZ_BUG")) {
    auto bug = stepwise::fuzz::TwoPcBugByName(name);
    if (!bug.has_value()) {
      std::fprintf(stderr, "fuzz_twopc_schedule: unknown bug \"%s\"\n", name);
      std::exit(2);
    }
    g_bug = *bug;
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stepwise;
  const fuzz::TwoPcRun run =
      fuzz::RunTwoPcSchedule(std::span<const uint8_t>(data, size), g_bug);
  if (!run.outcome.violation.has_value()) return 0;
  const auto& violation = *run.outcome.violation;
  std::fprintf(stderr, "invariant %s violated after %zu steps:\n%s",
               violation.property.c_str(), run.outcome.steps,
               mc::FormatTrace(violation.trace).c_str());
  const char* path = std::getenv("STEPWISE_FUZZ_TRACE");
  const std::string out = path != nullptr ? path : "twopc-finding.json";
  std::ofstream(out) << mc::TraceJson<core::twopc::TwoPhase>(
                            run.config, run.options, violation.trace,
                            &violation)
                            .dump(2)
                     << "\n";
  std::fprintf(stderr, "trace written to %s (stepwise replay %s)\n",
               out.c_str(), out.c_str());
  __builtin_trap();
}
