// Re-executes a trace file through the shipped step functions.
//
// Every recorded action is re-applied with the same Semantics the explorer
// uses, and every resulting state must equal the recorded one byte for byte.
// Then the invariants are evaluated along the trace, so a counterexample file
// doubles as a regression test.

#ifndef STEPWISE_MODEL_CHECK_REPLAY_H_
#define STEPWISE_MODEL_CHECK_REPLAY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/codec/codec.h"
#include "model_check/json.h"
#include "model_check/semantics.h"
#include "model_check/trace.h"
#include "model_check/trace_format.h"

namespace stepwise::mc {

struct ReplayOutcome {
  // 0: the trace re-executes and violates nothing; 1: it re-executes and
  // violates `property`; 2: it does not re-execute (mismatch or bad file).
  int exit_code = 0;
  std::string property;
  std::string message;
};

absl::StatusOr<Options> OptionsFromJson(const Json& json);

namespace internal {

inline absl::StatusOr<std::string> HexField(const Json& object,
                                            const std::string& key,
                                            const std::string& where) {
  if (!object.contains(key) || !object[key].is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": missing string field \"", key, "\""));
  }
  const std::string hex = object[key].get<std::string>();
  if (hex.size() % 2 != 0 ||
      hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": field \"", key, "\" is not hex"));
  }
  return absl::HexStringToBytes(hex);
}

// Checks the lasso of a liveness counterexample: the run returns to the
// state `loop_back` names and the property fails where it must.
template <core::Protocol P>
ReplayOutcome ReplayLasso(const Json& trace, const Json& states,
                          const typename P::Config& config,
                          const Json& violation) {
  auto fail = [](std::string message) {
    return ReplayOutcome{2, "", std::move(message)};
  };
  if constexpr (core::HasLiveness<P>) {
    const std::string name = violation.value("property", "");
    const core::LivenessProperty<P>* property = nullptr;
    for (const auto& candidate : P::liveness()) {
      if (candidate.name == name) property = &candidate;
    }
    if (property == nullptr) {
      return fail(absl::StrCat("unknown liveness property \"", name, "\""));
    }
    const Json& loop = trace.value("loop_back", Json(nullptr));
    if (!loop.is_number_unsigned() || loop.get<size_t>() < 1 ||
        loop.get<size_t>() > states.size()) {
      return fail("a liveness trace needs loop_back between 1 and its length");
    }
    const size_t loop_back = loop.get<size_t>();
    if (states[loop_back - 1]["state_bytes"] != states.back()["state_bytes"]) {
      return fail(absl::StrCat("the last state is not state ", loop_back,
                               ", so the trace is not a lasso"));
    }
    const size_t first_checked =
        property->temporal == core::Temporal::kEventually ? 0 : loop_back - 1;
    for (size_t k = first_checked; k < states.size(); ++k) {
      auto bytes = HexField(states[k], "state_bytes", "state");
      auto state = core::codec::Decode<Cluster<P>>(*bytes);
      if (property->holds(state->View(config))) {
        return fail(absl::StrCat(name, " holds at state ", k + 1,
                                 ", so this lasso does not violate it"));
      }
    }
    return ReplayOutcome{1, name,
                         absl::StrCat("liveness property ", name,
                                      " violated: the run loops back to state ",
                                      loop_back, " forever without it")};
  } else {
    return fail("this protocol declares no liveness properties");
  }
}

}  // namespace internal

// A trace file decoded: its configuration, options and recorded run (the
// lasso's loop_back is not read here; ReplayLasso checks it).
template <core::Protocol P>
struct RecordedTrace {
  typename P::Config config;
  Options options;
  Trace<P> trace;
};

namespace internal {

// The value of type T encoded in `object`'s hex field `key`.
template <typename T>
absl::StatusOr<T> DecodeHexField(const Json& object, const std::string& key,
                                 const std::string& where) {
  auto bytes = HexField(object, key, where);
  if (!bytes.ok()) return bytes.status();
  auto value = core::codec::Decode<T>(*bytes);
  if (!value.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": ", key, ": ", value.status().message()));
  }
  return value;
}

}  // namespace internal

// Decodes a trace file without re-executing it; errors name the field and
// the state ("state 3: action_bytes: ...").
template <core::Protocol P>
absl::StatusOr<RecordedTrace<P>> ReadTrace(const Json& trace) {
  auto config = internal::DecodeHexField<typename P::Config>(
      trace, "config_bytes", "trace");
  if (!config.ok()) return config.status();
  if (!trace.contains("options")) {
    return absl::InvalidArgumentError("trace: missing \"options\"");
  }
  auto options = OptionsFromJson(trace["options"]);
  if (!options.ok()) return options.status();
  if (!trace.contains("states") || !trace["states"].is_array() ||
      trace["states"].empty()) {
    return absl::InvalidArgumentError(
        "trace: \"states\" must be a non-empty array");
  }
  RecordedTrace<P> recorded{*std::move(config), *std::move(options), {}};
  const Json& states = trace["states"];
  for (size_t k = 0; k < states.size(); ++k) {
    const std::string where = absl::StrCat("state ", k + 1);
    if (k > 0) {
      auto action =
          internal::DecodeHexField<Action<P>>(states[k], "action_bytes", where);
      if (!action.ok()) return action.status();
      recorded.trace.actions.push_back(*std::move(action));
    }
    auto state =
        internal::DecodeHexField<Cluster<P>>(states[k], "state_bytes", where);
    if (!state.ok()) return state.status();
    recorded.trace.states.push_back(*std::move(state));
  }
  return recorded;
}

// Re-executes `recorded`, which ReadTrace decoded from the trace file
// `trace` (for the file's violation and lasso), so that a caller that needs
// the decoded run as well decodes it once.
template <core::Protocol P>
ReplayOutcome Replay(const Json& trace, const RecordedTrace<P>& recorded) {
  auto fail = [](std::string message) {
    return ReplayOutcome{2, "", std::move(message)};
  };
  const typename P::Config& config = recorded.config;
  const Options& options = recorded.options;
  const std::vector<Cluster<P>>& states = recorded.trace.states;
  const std::vector<Action<P>>& actions = recorded.trace.actions;
  Semantics<P> semantics(config, options);
  for (size_t k = 0; k < states.size(); ++k) {
    const std::string where = absl::StrCat("state ", k + 1);
    if (k == 0) {
      bool initial = false;
      for (const auto& c : semantics.InitialClusters()) {
        initial |= Encode(c) == Encode(states[0]);
      }
      if (!initial) return fail("state 1 is not an initial state");
    } else {
      const Action<P>& action = actions[k - 1];
      auto next = semantics.Apply(states[k - 1], action);
      if (!next.ok()) {
        return fail(absl::StrCat(where, ": <", DescribeAction(action),
                                 ">: ", next.status().message()));
      }
      if (Encode(*next) != Encode(states[k])) {
        return fail(absl::StrCat(where, ": <", DescribeAction(action),
                                 "> leads to a different state than recorded"));
      }
    }
    for (const auto& invariant : P::invariants()) {
      if (!options.Checks(invariant.name)) continue;
      if (!invariant.holds(states[k].View(config))) {
        return ReplayOutcome{
            1, std::string(invariant.name),
            absl::StrCat("invariant ", std::string(invariant.name),
                         " violated at state ", k + 1)};
      }
    }
  }
  const Json& violation = trace.value("violation", Json(nullptr));
  if (violation.is_object() && violation.value("kind", "") == "liveness") {
    return internal::ReplayLasso<P>(trace, trace["states"], config, violation);
  }
  if (violation.is_object() && violation.value("kind", "") == "invariant") {
    return fail(absl::StrCat("the trace records a violation of ",
                             violation.value("property", "?"),
                             " but replaying it violates nothing"));
  }
  return ReplayOutcome{0, "",
                       absl::StrCat("replayed ", states.size(),
                                    " states; no invariant violated")};
}

template <core::Protocol P>
ReplayOutcome Replay(const Json& trace) {
  absl::StatusOr<RecordedTrace<P>> recorded = ReadTrace<P>(trace);
  if (!recorded.ok()) {
    return ReplayOutcome{2, "", std::string(recorded.status().message())};
  }
  return Replay<P>(trace, *recorded);
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_REPLAY_H_
