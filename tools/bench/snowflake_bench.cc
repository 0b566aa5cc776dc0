// Snowflake ids per second on one core (core/id/snowflake.h).
//
//   BM_NextSameMillisecond  the sequence path: a burst within one
//                           millisecond; the clock advances by one every
//                           4,096 calls, as a busy worker's would
//   BM_NextNewMillisecond   every call in a new millisecond
//   BM_NextSystemClock      reading std::chrono::system_clock each call and
//                           following "wait" answers: what a real worker
//                           gets; the layout caps it at 4,096 ids per ms
//
//   build/tools/snowflake_bench

#include <chrono>
#include <cstdint>

#include "benchmark/benchmark.h"
#include "core/id/snowflake.h"

namespace stepwise::core::id {
namespace {

void BM_NextSameMillisecond(benchmark::State& bench) {
  const Config config;
  State state;
  uint64_t now = kDefaultEpochMs;
  uint64_t ids = 0;
  for (auto _ : bench) {
    Result result = Next(config, state, now);
    if (result.outcome == Outcome::kWait) {
      now = result.wait_until_ms;
      result = Next(config, state, now);
    }
    benchmark::DoNotOptimize(result.id);
    state = result.state;
    ++ids;
  }
  bench.counters["ids/s"] =
      benchmark::Counter(static_cast<double>(ids), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NextSameMillisecond);

void BM_NextNewMillisecond(benchmark::State& bench) {
  const Config config;
  State state;
  uint64_t now = kDefaultEpochMs;
  uint64_t ids = 0;
  for (auto _ : bench) {
    const Result result = Next(config, state, ++now);
    benchmark::DoNotOptimize(result.id);
    state = result.state;
    ++ids;
  }
  bench.counters["ids/s"] =
      benchmark::Counter(static_cast<double>(ids), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NextNewMillisecond);

uint64_t UnixMs() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());
}

void BM_NextSystemClock(benchmark::State& bench) {
  const Config config;
  State state;
  uint64_t ids = 0;
  for (auto _ : bench) {
    const Result result = Next(config, state, UnixMs());
    if (result.outcome == Outcome::kId) {
      state = result.state;
      ++ids;
    }
    benchmark::DoNotOptimize(result.id);
  }
  bench.counters["ids/s"] =
      benchmark::Counter(static_cast<double>(ids), benchmark::Counter::kIsRate);
}
// Real time: the layout caps what a worker can make per wall-clock ms.
BENCHMARK(BM_NextSystemClock)->UseRealTime();

}  // namespace
}  // namespace stepwise::core::id
