// Byte-driven runs of a cluster, for schedule fuzzers and property tests.
//
// The input bytes are a schedule: each step reads one byte and takes that
// successor (modulo how many there are; or the one the byte names, see
// SchedulePick) of the current state, under the same Semantics the model
// checker uses. Only the chosen successor is built
// (Semantics::ForEachAction, then Apply), so a step costs about one
// successor however many are enabled. Every invariant is checked after every
// step (those Options::only_properties names, if it names any), so a
// violating input is a counterexample, returned as a Trace that
// `stepwise replay` reproduces.

#ifndef STEPWISE_MODEL_CHECK_SCHEDULE_H_
#define STEPWISE_MODEL_CHECK_SCHEDULE_H_

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/protocol.h"
#include "model_check/fingerprint.h"
#include "model_check/liveness.h"
#include "model_check/semantics.h"
#include "model_check/stable_hash.h"
#include "model_check/trace.h"

namespace stepwise::mc {

// How a schedule byte picks among the enabled actions.
enum class SchedulePick {
  // menu[byte % menu size]: the schedule fuzzers' input layout, on which
  // their stored corpora and findings depend.
  kByPosition,
  // The first action, going round from the byte, whose stable hash (mod
  // 256) is at or after it. A byte then keeps naming the same action while
  // unrelated steps come and go, so deleting a step from a failing schedule
  // seldom changes what the later bytes do: property tests shrink far
  // better. The price: of two actions whose hashes share a byte, only the
  // first in order can be taken in that state.
  kByIdentity,
};

// Whether a run also looks for liveness violations: a state where no fair
// step is enabled (only faults or client requests are left) is a run that
// may stop there for good, the stuttering lasso the liveness checker
// (liveness.h) reports. If an `eventually P` property never held on the run
// so far, or an `always eventually P` property does not hold in that state,
// the run is a liveness counterexample. Off by default: where a fault model
// can strand a protocol (a lost message without retransmission), that is a
// true violation the schedule fuzzer's users may not want reported.
enum class ScheduleLiveness { kIgnore, kAtRest };

// A client request placed in time rather than picked from the menu: before
// step `step` (0-based), node `node` receives request `command` (an index
// into P::client_commands). With timed requests, request actions leave the
// menu. A protocol offers one request action per node and command, so on a
// menu they would crowd out the rest (nine of twelve first choices in a
// 3-node Raft cluster) and a random schedule would spend its whole request
// budget before any leader exists; placed by the input, they come whenever
// the input says, and moving one in time leaves the other bytes' meaning
// alone. A timed request whose node is down, or past the request budget,
// is skipped.
struct TimedRequest {
  size_t step = 0;
  core::NodeId node = 0;
  uint32_t command = 0;
};

template <typename P>
struct ScheduleOutcome {
  Trace<P> trace;  // the run as far as it went
  std::optional<Violation<P>> violation;
  size_t steps = 0;
};

namespace internal {

template <typename P>
size_t PickByIdentity(std::span<const Action<P>> menu, uint8_t byte) {
  size_t best = 0;
  int best_distance = 256;
  for (size_t i = 0; i < menu.size(); ++i) {
    const auto hash = static_cast<uint8_t>(Mix64(StableHash(0, menu[i])));
    const int distance = static_cast<uint8_t>(hash - byte);
    if (distance < best_distance) {
      best = i;
      best_distance = distance;
    }
  }
  return best;
}

// The liveness violation of a run that has come to rest in its last state
// (`menu` holds that state's enabled actions), if any: see
// ScheduleLiveness::kAtRest.
template <typename P>
std::optional<Violation<P>> ViolatedAtRest(const typename P::Config& config,
                                           const Options& options,
                                           const Trace<P>& trace,
                                           std::span<const Action<P>> menu) {
  for (const Action<P>& action : menu) {
    if (IsFairAction(action.kind)) return std::nullopt;
  }
  for (const auto& property : P::liveness()) {
    if (!options.Checks(property.name)) continue;
    auto holds_at = [&](const Cluster<P>& state) {
      return property.holds(state.View(config));
    };
    // `eventually P` is met if P held anywhere on the run; `always
    // eventually P` needs P where the run stays for good.
    const bool met =
        property.temporal == core::Temporal::kEventually
            ? std::any_of(trace.states.begin(), trace.states.end(), holds_at)
            : holds_at(trace.states.back());
    if (met) continue;
    Violation<P> violation =
        ViolationOf<P>(ViolationKind::kLiveness, property, trace);
    violation.trace.loop_back = trace.states.size() - 1;
    return violation;
  }
  return std::nullopt;
}

// The request action of the first timed request due by `step` (at or after
// `next`) that `menu` offers; those due but not offered are skipped for good.
template <typename P>
std::optional<Action<P>> DueRequest(std::span<const Action<P>> menu,
                                    std::span<const TimedRequest> timed,
                                    size_t step, size_t& next) {
  while (next < timed.size() && timed[next].step <= step) {
    const TimedRequest& request = timed[next++];
    for (const Action<P>& action : menu) {
      if (action.kind == ActionKind::kRequest && action.node == request.node &&
          action.request == request.command) {
        return action;
      }
    }
  }
  return std::nullopt;
}

}  // namespace internal

// Runs the schedule in `bytes` for at most `max_steps` steps, with
// `timed_requests` (in any order; those of one step in the order given) as
// the only client requests if any are given.
template <core::Protocol P>
ScheduleOutcome<P> RunSchedule(
    const typename P::Config& config, const Options& options,
    std::span<const uint8_t> bytes, size_t max_steps,
    SchedulePick pick = SchedulePick::kByPosition,
    ScheduleLiveness liveness = ScheduleLiveness::kIgnore,
    std::span<const TimedRequest> timed_requests = {}) {
  std::vector<TimedRequest> timed(timed_requests.begin(), timed_requests.end());
  std::stable_sort(timed.begin(), timed.end(),
                   [](const TimedRequest& a, const TimedRequest& b) {
                     return a.step < b.step;
                   });
  Semantics<P> sem(config, options);
  ScheduleOutcome<P> outcome;
  const std::vector<Cluster<P>> initial = sem.InitialClusters();
  size_t next_byte = 0;
  auto next = [&]() -> uint8_t {
    const uint8_t byte = next_byte < bytes.size() ? bytes[next_byte] : 0;
    ++next_byte;
    return byte;
  };
  auto take = [&](size_t choices) -> size_t {
    const uint8_t byte = next();
    return choices == 0 ? 0 : byte % choices;
  };
  outcome.trace.states.push_back(initial[take(initial.size())]);
  auto take_step = [&](const Action<P>& action) {
    absl::StatusOr<Cluster<P>> successor =
        sem.Apply(outcome.trace.states.back(), action);
    assert(successor.ok());  // the menu offers only enabled actions
    outcome.trace.actions.push_back(action);
    outcome.trace.states.push_back(*std::move(successor));
    ++outcome.steps;
  };
  std::vector<Action<P>> menu;
  size_t next_timed = 0;
  while (true) {
    const Cluster<P>& current = outcome.trace.states.back();
    for (const auto& invariant : P::invariants()) {
      if (!options.Checks(invariant.name) ||
          invariant.holds(current.View(config))) {
        continue;
      }
      outcome.violation =
          ViolationOf<P>(ViolationKind::kInvariant, invariant, outcome.trace);
      return outcome;
    }
    if (outcome.steps >= max_steps || next_byte >= bytes.size() ||
        !sem.WithinBounds(current)) {
      return outcome;
    }
    menu.clear();
    sem.ForEachAction(current, [&](const Action<P>& a) { menu.push_back(a); });
    if constexpr (core::HasLiveness<P>) {
      if (liveness == ScheduleLiveness::kAtRest) {
        outcome.violation =
            internal::ViolatedAtRest<P>(config, options, outcome.trace, menu);
        if (outcome.violation.has_value()) return outcome;
      }
    }
    if (!timed.empty()) {
      std::optional<Action<P>> due =
          internal::DueRequest<P>(menu, timed, outcome.steps, next_timed);
      if (due.has_value()) {
        take_step(*due);
        continue;
      }
      std::erase_if(menu, [](const Action<P>& action) {
        return action.kind == ActionKind::kRequest;
      });
    }
    if (menu.empty()) return outcome;
    const size_t chosen = pick == SchedulePick::kByPosition
                              ? take(menu.size())
                              : internal::PickByIdentity<P>(menu, next());
    take_step(menu[chosen]);
  }
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_SCHEDULE_H_
