// What every schedule fuzzer shares: the result of one run, the input
// layout helpers, and the libFuzzer entry points.
//
// A protocol of the list gets a schedule fuzzer by specializing
// ScheduleShape<P> (below) in fuzz/<name>_schedule.h, beside a
// fuzz/<name>_schedule.cc: CMake then builds fuzz_<name>_schedule from the
// one generic main (schedule_fuzzer_main.cc), the property tests and the
// reachability test pick it up, and .ci/run fuzzes it. The glue is a header,
// not a library, so that only the libFuzzer binaries (clang,
// STEPWISE_FUZZ=ON) define LLVMFuzzerTestOneInput.
//
// Environment of the libFuzzer binaries:
//   STEPWISE_FUZZ_BUG=NAME    run with a textbook bug (a `--bug` name)
//   STEPWISE_FUZZ_TRACE=FILE  where a finding's trace goes (default
//                             <protocol>-finding.json)

#ifndef STEPWISE_FUZZ_SCHEDULE_FUZZER_H_
#define STEPWISE_FUZZ_SCHEDULE_FUZZER_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/protocol.h"
#include "core/reflect.h"
#include "model_check/cluster.h"
#include "model_check/json.h"
#include "model_check/options.h"
#include "model_check/schedule.h"
#include "model_check/trace_format.h"

namespace stepwise::fuzz {

template <typename P>
struct ScheduleRun;

// Specialized by each protocol that has a schedule fuzzer:
//
//   template <>
//   struct ScheduleShape<core::raft::Raft> {
//     // Runs one input (its shape byte, then the schedule).
//     static ScheduleRun<Raft> Run(std::span<const uint8_t>, raft::Bug);
//     // Optional: a coarse summary of a cluster, fed back as coverage.
//     static uint64_t Summary(const mc::Cluster<Raft>&);
//   };
template <typename P>
struct ScheduleShape;

template <typename P>
concept HasScheduleShape =
    requires(std::span<const uint8_t> input, typename P::Bug bug) {
      { ScheduleShape<P>::Run(input, bug) } -> std::same_as<ScheduleRun<P>>;
    };

template <typename P>
concept HasStateSummary = requires(const mc::Cluster<P>& cluster) {
  { ScheduleShape<P>::Summary(cluster) } -> std::convertible_to<uint64_t>;
};

// How many random inputs the property tests give each of P's bugs
// (ScheduleShape<P>::kPropertyTestBudget, default 5,000), and whether they
// hunt `bug` at all: a shape may list bugs too deep for that budget in
// kBeyondPropertyTests.
template <typename P>
int PropertyTestBudget() {
  if constexpr (requires { ScheduleShape<P>::kPropertyTestBudget; }) {
    return ScheduleShape<P>::kPropertyTestBudget;
  } else {
    return 5000;
  }
}
template <typename P>
bool PropertyTestsFind(typename P::Bug bug) {
  if constexpr (requires { ScheduleShape<P>::kBeyondPropertyTests; }) {
    for (const auto deep : ScheduleShape<P>::kBeyondPropertyTests) {
      if (deep == bug) return false;
    }
  }
  return true;
}

// For ProtocolList::Filter: the protocols with a schedule fuzzer.
template <typename P>
struct HasScheduleShapeTrait : std::bool_constant<HasScheduleShape<P>> {};

template <typename P>
struct ScheduleRun {
  typename P::Config config;
  mc::Options options;
  // Part of the shape: whether a run that comes to rest is judged.
  mc::ScheduleLiveness liveness = mc::ScheduleLiveness::kIgnore;
  // Part of the shape: how many client requests the input places in time
  // (mc::TimedRequest) instead of leaving them on the menu.
  size_t timed_requests = 0;
  mc::ScheduleOutcome<P> outcome;
};

template <typename P>
using ScheduleRunner = ScheduleRun<P> (*)(std::span<const uint8_t>,
                                          typename P::Bug);

// Turns a shape byte into a run's configuration, options and liveness.
template <typename P>
using ScheduleShaper = ScheduleRun<P> (*)(uint8_t, typename P::Bug);

// Reads `count` timed requests off the front of `input`, two bytes each: the
// step (mod `max_steps`), then the node and the command (mod the node count,
// then mod the command count). Missing bytes read as 0, as in a schedule.
template <typename P>
std::vector<mc::TimedRequest> ReadTimedRequests(
    const typename P::Config& config, size_t count, size_t max_steps,
    std::span<const uint8_t>& input) {
  std::vector<mc::TimedRequest> requests;
  if constexpr (core::HasClientCommands<P>) {
    const size_t nodes = P::node_count(config);
    const size_t commands = P::client_commands(config).size();
    auto next = [&]() -> size_t {
      if (input.empty()) return 0;
      const uint8_t byte = input.front();
      input = input.subspan(1);
      return byte;
    };
    for (size_t i = 0; i < count && nodes > 0 && commands > 0; ++i) {
      mc::TimedRequest request;
      request.step = next() % max_steps;
      const size_t target = next();
      request.node = static_cast<core::NodeId>(target % nodes);
      request.command = static_cast<uint32_t>(target / nodes % commands);
      requests.push_back(request);
    }
  }
  return requests;
}

// Runs `input` in the schedule fuzzers' layout: byte 0 is the shape, then
// two bytes per timed request if the shape has any (ReadTimedRequests), the
// rest the schedule, of at most `max_steps` steps.
template <typename P>
ScheduleRun<P> RunShapedSchedule(ScheduleShaper<P> shape_of,
                                 std::span<const uint8_t> input,
                                 typename P::Bug bug, size_t max_steps) {
  ScheduleRun<P> run = shape_of(input.empty() ? 0 : input[0], bug);
  std::span<const uint8_t> schedule = input.empty() ? input : input.subspan(1);
  const std::vector<mc::TimedRequest> requests =
      ReadTimedRequests<P>(run.config, run.timed_requests, max_steps, schedule);
  run.outcome =
      mc::RunSchedule<P>(run.config, run.options, schedule, max_steps,
                         mc::SchedulePick::kByPosition, run.liveness, requests);
  return run;
}

// A coarse summary of a cluster (e.g. each node's role, term, log length and
// commit index), hashed. Code coverage alone barely guides a schedule
// fuzzer: the step function's branches are all covered long before the
// interesting combinations of node states are reached. Each distinct summary
// a run passes through counts as a coverage feature, so libFuzzer keeps
// inputs that reach new protocol situations and mutates them further.
template <typename P>
using StateSummary = uint64_t (*)(const mc::Cluster<P>&);

// Writes `run`'s violation as a trace file that `stepwise replay` accepts.
// REQUIRES: run.outcome.violation.has_value().
template <typename P>
bool WriteFindingTrace(const ScheduleRun<P>& run, const std::string& path) {
  const auto& violation = *run.outcome.violation;
  std::ofstream out(path);
  out << mc::TraceJson<P>(run.config, run.options, violation.trace, &violation)
             .dump(2)
      << "\n";
  return static_cast<bool>(out);
}

namespace internal {

// The bug of this fuzzer process, parsed once in LLVMFuzzerInitialize.
template <typename P>
typename P::Bug& FuzzBug() {
  static typename P::Bug bug{};
  return bug;
}

template <typename P>
int ScheduleFuzzerInitialize() {
  const char* name = std::getenv("STEPWISE_FUZZ_BUG");
  if (name == nullptr) return 0;
  const auto bug = core::EnumFromKebab<typename P::Bug>(name);
  if (!bug.has_value()) {
    // Exit 2 rather than fuzz the correct protocol: a typo would otherwise
    // look like "the fuzzer cannot find this bug".
    std::fprintf(stderr, "fuzz_%s_schedule: unknown bug \"%s\"\n",
                 std::string(P::kName).c_str(), name);
    std::exit(2);
  }
  FuzzBug<P>() = *bug;
  return 0;
}

template <typename P>
int ScheduleFuzzerTestOneInput(ScheduleRunner<P> runner,
                               StateSummary<P> summary,
                               std::span<uint8_t> counters, const uint8_t* data,
                               size_t size) {
  const ScheduleRun<P> run =
      runner(std::span<const uint8_t>(data, size), FuzzBug<P>());
  if (summary != nullptr && !counters.empty()) {
    for (const mc::Cluster<P>& cluster : run.outcome.trace.states) {
      counters[summary(cluster) % counters.size()] = 1;
    }
  }
  if (!run.outcome.violation.has_value()) return 0;
  const auto& violation = *run.outcome.violation;
  // "invariant NAME violated" or "liveness property NAME violated": tools
  // (stepwise fuzz, tools/bench/fuzz_sharpness.sh) parse this line.
  std::fprintf(stderr, "%s %s violated after %zu steps:\n%s",
               violation.kind == mc::ViolationKind::kLiveness
                   ? "liveness property"
                   : "invariant",
               violation.property.c_str(), run.outcome.steps,
               mc::FormatTrace(violation.trace).c_str());
  const char* path = std::getenv("STEPWISE_FUZZ_TRACE");
  const std::string out =
      path != nullptr ? path : std::string(P::kName) + "-finding.json";
  if (WriteFindingTrace(run, out)) {
    std::fprintf(stderr, "trace written to %s (stepwise replay %s)\n",
                 out.c_str(), out.c_str());
  } else {
    std::fprintf(stderr, "could not write the trace to %s\n", out.c_str());
  }
  // Trap rather than return: libFuzzer then keeps the input as crash-<sha1>
  // and stops, which is what a finding must do.
  __builtin_trap();
}

// One input through P's ScheduleShape, with its state summary as coverage
// when the shape has one (a template, so the branch not taken is not
// compiled).
template <typename P>
int ListedScheduleFuzzerTestOneInput(std::span<uint8_t> counters,
                                     const uint8_t* data, size_t size) {
  using Shape = ScheduleShape<P>;
  if constexpr (HasStateSummary<P>) {
    return ScheduleFuzzerTestOneInput<P>(&Shape::Run, &Shape::Summary, counters,
                                         data, size);
  } else {
    return ScheduleFuzzerTestOneInput<P>(&Shape::Run, nullptr, {}, data, size);
  }
}

}  // namespace internal
}  // namespace stepwise::fuzz

// Defines libFuzzer's entry points for protocol P of the list from its
// ScheduleShape (what schedule_fuzzer_main.cc does for every protocol).
#define STEPWISE_LISTED_SCHEDULE_FUZZER(P)                                  \
  __attribute__((section("__libfuzzer_extra_counters"))) static uint8_t     \
      stepwise_state_counters[1 << 16];                                     \
  extern "C" int LLVMFuzzerInitialize(int*, char***) {                      \
    return ::stepwise::fuzz::internal::ScheduleFuzzerInitialize<P>();       \
  }                                                                         \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { \
    return ::stepwise::fuzz::internal::ListedScheduleFuzzerTestOneInput<P>( \
        stepwise_state_counters, data, size);                               \
  }

#endif  // STEPWISE_FUZZ_SCHEDULE_FUZZER_H_
