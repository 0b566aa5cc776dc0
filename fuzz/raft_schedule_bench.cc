// Schedules per second of the Raft schedule fuzzer's run logic (the issue's
// yardstick: 3 nodes, 30 steps, one core), without libFuzzer or sanitizers,
// so the number is the protocol and checker cost alone.

#include <cstdint>
#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "fuzz/raft_schedule.h"

namespace stepwise::fuzz {
namespace {

// faults=0: shape byte 0 (3 nodes, reliable network, no faults); faults=1:
// every 3-node shape without PreVote/CheckQuorum (networks, crashes,
// partitions).
void BM_RaftSchedule(benchmark::State& state) {
  const bool faults = state.range(0) != 0;
  std::mt19937 rng(7);
  constexpr int kInputs = 256;
  // 1 shape byte, 1 byte for the initial state, 30 steps.
  std::vector<std::vector<uint8_t>> inputs(kInputs,
                                           std::vector<uint8_t>(2 + 30));
  for (auto& input : inputs) {
    for (auto& byte : input) byte = static_cast<uint8_t>(rng());
    // Shapes below 144 are 3-node clusters without PreVote/CheckQuorum.
    input[0] = faults ? static_cast<uint8_t>(input[0] % 144) : 0;
  }
  size_t steps = 0;
  size_t i = 0;
  for (auto _ : state) {
    const RaftRun run =
        RunRaftSchedule(inputs[i++ % kInputs], core::raft::Bug::kNone);
    steps += run.outcome.steps;
    benchmark::DoNotOptimize(run.outcome.steps);
  }
  state.counters["schedules/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["steps/schedule"] =
      static_cast<double>(steps) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_RaftSchedule)->Arg(0)->Arg(1)->ArgName("faults");

}  // namespace
}  // namespace stepwise::fuzz
