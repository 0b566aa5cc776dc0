// Snowflake ids (core/id/snowflake.h) against a reference model, over random
// clock readings: bursts within one millisecond, steps forward, steps
// backward, jumps, readings before the epoch and past the layout's end.
//
// The reference keeps a count of ids per millisecond and the latest
// millisecond used, and builds ids by multiplication rather than shifts; it
// shares no code with Next. Laws: Next answers what the reference answers;
// a worker's ids strictly increase (so never repeat); the ids of several
// workers, each with its own clock, never collide; "wait until T" followed
// at T gives an id.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "core/id/snowflake.h"
#include "gtest/gtest.h"
#include "proptests/fixed_params.h"
#include "rapidcheck.h"

namespace stepwise::proptests {
namespace {

using core::id::BackwardPolicy;
using core::id::Config;
using core::id::Layout;
using core::id::Next;
using core::id::Outcome;
using core::id::Result;
using core::id::State;

// Cases per property (a fixed seed: FixedParams) and clock readings per run.
#ifdef STEPWISE_SANITIZED
constexpr int kCases = 300;
constexpr int kMaxSteps = 100;
#else
constexpr int kCases = 3000;
constexpr int kMaxSteps = 400;
#endif

template <typename Property>
void ExpectHolds(Property property, uint64_t seed) {
  rc::detail::TestParams params = FixedParams(seed, kCases);
  params.maxSize = kMaxSteps;
  const rc::detail::TestResult result =
      rc::detail::checkTestable(property, rc::detail::TestMetadata{}, params);
  if (!result.template is<rc::detail::SuccessResult>()) {
    std::ostringstream report;
    rc::detail::printResultMessage(result, report);
    ADD_FAILURE() << report.str();
  }
}

// Small sequence fields make exhaustion common; a short timestamp field
// makes the layout's end reachable.
const std::vector<Layout>& Layouts() {
  static const std::vector<Layout> layouts = {
      Layout{},
      Layout{.timestamp_bits = 59, .worker_bits = 2, .sequence_bits = 2},
      Layout{.timestamp_bits = 60, .worker_bits = 2, .sequence_bits = 1},
      Layout{.timestamp_bits = 8, .worker_bits = 3, .sequence_bits = 52}};
  return layouts;
}

struct Reference {
  Config config;
  std::map<uint64_t, uint64_t> used;  // millisecond -> ids made in it
  bool any = false;
  uint64_t latest = 0;  // the latest millisecond used

  uint64_t Capacity() const {
    return uint64_t{1} << config.layout.sequence_bits;
  }
  uint64_t Count(uint64_t ms) const {
    auto it = used.find(ms);
    return it == used.end() ? 0 : it->second;
  }

  // The outcome, and the id or the time to wait for.
  std::pair<Outcome, uint64_t> Next(uint64_t now_ms) {
    const Layout& layout = config.layout;
    if (now_ms < config.epoch_ms) return {Outcome::kBeforeEpoch, 0};
    const uint64_t t = now_ms - config.epoch_ms;
    if (t >= (uint64_t{1} << layout.timestamp_bits)) {
      return {Outcome::kTimestampOverflow, 0};
    }
    if (any && t < latest) {
      if (config.backward == BackwardPolicy::kRefuse) {
        return {Outcome::kClockBackward, 0};
      }
      const uint64_t resume = Count(latest) < Capacity() ? latest : latest + 1;
      return {Outcome::kWait, config.epoch_ms + resume};
    }
    if (Count(t) == Capacity()) return {Outcome::kWait, now_ms + 1};
    const uint64_t sequence = used[t]++;
    any = true;
    latest = t;
    const uint64_t id =
        (t * (uint64_t{1} << layout.worker_bits) + config.worker) * Capacity() +
        sequence;
    return {Outcome::kId, id};
  }
};

// The next clock reading from the last: mostly the same millisecond or the
// next, sometimes backward, sometimes far.
rc::Gen<int64_t> GenDelta() {
  return rc::gen::weightedOneOf<int64_t>(
      {{6, rc::gen::just<int64_t>(0)},
       {3, rc::gen::inRange<int64_t>(1, 3)},
       {2, rc::gen::inRange<int64_t>(-5, 0)},
       {1, rc::gen::inRange<int64_t>(-2000, 2000)}});
}

struct Run {
  Config config;
  uint64_t start = 0;
  std::vector<int64_t> deltas;
};

rc::Gen<Run> GenRun(uint64_t worker_choice) {
  return rc::gen::apply(
      [worker_choice](size_t layout_index, bool refuse, uint64_t epoch_offset,
                      int where, int64_t start_offset,
                      std::vector<int64_t> deltas) {
        const Layout layout = Layouts()[layout_index];
        Run run;
        run.config = {
            .layout = layout,
            .epoch_ms = core::id::kDefaultEpochMs + epoch_offset,
            .worker = worker_choice & core::id::FieldMax(layout.worker_bits),
            .backward =
                refuse ? BackwardPolicy::kRefuse : BackwardPolicy::kWait};
        // Near the epoch, near the layout's last millisecond, or (half of
        // the runs) in the middle, where most readings make ids.
        const int64_t end =
            static_cast<int64_t>(core::id::FieldMax(layout.timestamp_bits));
        const int64_t origin = where == 0   ? start_offset
                               : where == 1 ? end - 3 + start_offset % 8
                                            : std::min<int64_t>(end / 2, 1e9);
        run.start = run.config.epoch_ms + origin;
        if (deltas.size() > static_cast<size_t>(kMaxSteps)) {
          deltas.resize(kMaxSteps);
        }
        run.deltas = std::move(deltas);
        return run;
      },
      rc::gen::inRange<size_t>(0, Layouts().size()), rc::gen::arbitrary<bool>(),
      rc::gen::inRange<uint64_t>(0, 1000), rc::gen::inRange(0, 4),
      rc::gen::inRange<int64_t>(-3, 50),
      rc::gen::container<std::vector<int64_t>>(GenDelta()));
}

// How often each outcome was seen, over every run of a test: the test
// fails if one never happens (the generators would be too tame to mean
// anything).
std::map<Outcome, uint64_t>& Seen() {
  static std::map<Outcome, uint64_t> seen;
  return seen;
}

// Runs Next along the readings (following "wait until" with probability
// given by the delta's parity), checking it against the reference at each
// step; returns the ids made.

std::vector<uint64_t> CheckRun(const Run& run) {
  Reference reference;
  reference.config = run.config;
  RC_ASSERT(core::id::Validate(run.config).ok());
  State state;
  uint64_t now = run.start;
  std::vector<uint64_t> ids;
  for (size_t i = 0; i < run.deltas.size(); ++i) {
    const Result result = Next(run.config, state, now);
    ++Seen()[result.outcome];
    const auto [outcome, value] = reference.Next(now);
    RC_ASSERT(result.outcome == outcome);
    if (outcome == Outcome::kId) {
      RC_ASSERT(result.id == value);
      RC_ASSERT(core::id::Decode(run.config, result.id).worker ==
                run.config.worker);
      RC_ASSERT((ids.empty() || result.id > ids.back()));
      ids.push_back(result.id);
    } else {
      RC_ASSERT(result.state == state);
    }
    if (outcome == Outcome::kWait) {
      RC_ASSERT(result.wait_until_ms == value);
      RC_ASSERT(result.wait_until_ms > now);
      // Waiting as told gives an id there, unless the wait ran past the
      // layout's last millisecond.
      if (run.deltas[i] % 2 == 0) {
        const Result retry = Next(run.config, state, result.wait_until_ms);
        const auto [expected, id] = reference.Next(result.wait_until_ms);
        RC_ASSERT(retry.outcome == expected);
        RC_ASSERT((retry.outcome == Outcome::kId ||
                   retry.outcome == Outcome::kTimestampOverflow));
        ++Seen()[retry.outcome];
        now = result.wait_until_ms;
        if (retry.outcome == Outcome::kId) {
          RC_ASSERT(retry.id == id);
          RC_ASSERT((ids.empty() || retry.id > ids.back()));
          ids.push_back(retry.id);
          state = retry.state;
        }
        continue;
      }
    }
    state = result.state;
    const int64_t next = static_cast<int64_t>(now) + run.deltas[i];
    now = next < 0 ? 0 : static_cast<uint64_t>(next);
  }
  return ids;
}

void AgreeWithTheReferenceAndStrictlyIncrease() {
  const Run run = *GenRun(*rc::gen::arbitrary<uint64_t>());
  const std::vector<uint64_t> ids = CheckRun(run);
  RC_ASSERT(std::adjacent_find(ids.begin(), ids.end(),
                               [](uint64_t a, uint64_t b) { return a >= b; }) ==
            ids.end());
}

TEST(SnowflakeIds, AgreeWithTheReferenceAndStrictlyIncrease) {
  Seen().clear();
  ExpectHolds(&AgreeWithTheReferenceAndStrictlyIncrease, 24);
  for (Outcome outcome : {Outcome::kId, Outcome::kWait, Outcome::kClockBackward,
                          Outcome::kBeforeEpoch, Outcome::kTimestampOverflow}) {
    std::printf("  %-18s %llu\n", core::id::OutcomeName(outcome).c_str(),
                static_cast<unsigned long long>(Seen()[outcome]));
    EXPECT_GT(Seen()[outcome], 0u) << core::id::OutcomeName(outcome);
  }
}

// Workers share a layout and epoch but have their own clocks; none of their
// ids collide.
void DifferentWorkersNeverCollide() {
  const Run first = *GenRun(0);
  const size_t workers = *rc::gen::inRange<size_t>(2, 5);
  std::set<uint64_t> seen;
  for (uint64_t w = 0; w < workers; ++w) {
    Run run = *GenRun(w);
    run.config.layout = first.config.layout;
    run.config.epoch_ms = first.config.epoch_ms;
    run.config.worker = w & core::id::FieldMax(first.config.layout.worker_bits);
    if (w > 0 && run.config.worker == 0) break;  // the worker field is full
    // The same readings as the first worker half of the time: collisions
    // would need equal milliseconds.
    if (w % 2 == 1) {
      run.start = first.start;
      run.deltas = first.deltas;
    }
    for (uint64_t id : CheckRun(run)) RC_ASSERT(seen.insert(id).second);
  }
}

TEST(SnowflakeIds, DifferentWorkersNeverCollide) {
  ExpectHolds(&DifferentWorkersNeverCollide, 25);
}

}  // namespace
}  // namespace stepwise::proptests
