// What a protocol declares about itself, once and beside its code, so that
// every layer (the CLI, the fuzzers, the property tests, the proofs) can be
// written once over the protocol list (core/protocols.h) instead of naming
// each protocol.
//
// A protocol P of the list specializes `Manifest<P>` in its own
// core/<name>/manifest.h:
//
//   template <>
//   struct Manifest<twopc::TwoPhase> {
//     static constexpr std::string_view kSummary = "two-phase commit ...";
//     // One line per value of P::Bug, in enum order ("" for kNone).
//     static constexpr std::array<std::string_view, 5> kBugHelp = {...};
//     // Calls bind(option, &config->field) once per command-line option.
//     template <typename Binder>
//     static void BindOptions(Binder& bind, twopc::Config* config);
//   };
//
// and may add, each optional:
//   static Config DefaultConfig();               // the model-checking start
//   static void DefaultCheckOptions(CheckOptions*);  // e.g. a crash budget
//   static std::string Validate(const Config&);  // "" when runnable
//   static void Adapt(Config*, const CheckOptions&);  // e.g. real clients
//   static std::vector<CheckRun<P>> Portfolio();  // `stepwise check --ci`
//
// The name, invariants, liveness properties, sanity goals and symmetry stay
// where they are: on P itself (core/protocol.h).

#ifndef STEPWISE_CORE_MANIFEST_H_
#define STEPWISE_CORE_MANIFEST_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/check_options.h"
#include "core/reflect.h"

namespace stepwise::core {

template <typename P>
struct Manifest;  // specialized by each protocol of the list

// One command-line option of a protocol's configuration. The field it sets
// is given beside it (`bind(option, &config->nodes)`): a number, a flag or a
// comma-separated list of numbers.
struct ConfigOption {
  std::string_view flag = {};        // "--nodes"
  std::string_view value_name = {};  // "N" ("" for a flag)
  std::string_view help = {};        // one line
  // Accepted range of a number (of each element of a list).
  uint64_t min = 0;
  uint64_t max = std::numeric_limits<uint32_t>::max();
  // A flag that switches the field off ("--no-auto-read").
  bool negated = false;
};

// One configuration of a protocol's CI portfolio (`stepwise check P --ci`):
// a small, targeted model chosen to catch bugs the default run misses
// (longer logs without crashes, one crash with short logs, clients, ...).
// A run may bound itself with options.max_states: reaching that bound is the
// design of the run ("bounded, no violation"), not a failure.
template <typename P>
struct CheckRun {
  std::string name;     // "longer-logs"
  std::string purpose;  // one line: what it is there to catch
  typename P::Config config;
  CheckOptions options;
};

// A protocol of the list: it declares a manifest with a summary, its
// options and a help line per bug.
template <typename P>
concept Listed = requires(typename P::Config config) {
  { Manifest<P>::kSummary } -> std::convertible_to<std::string_view>;
  Manifest<P>::kBugHelp.size();
  typename P::Bug;
};

template <typename P>
concept HasDefaultConfig = requires {
  { Manifest<P>::DefaultConfig() } -> std::same_as<typename P::Config>;
};
template <typename P>
concept HasDefaultCheckOptions = requires(CheckOptions options) {
  Manifest<P>::DefaultCheckOptions(&options);
};
template <typename P>
concept HasValidate = requires(const typename P::Config& config) {
  { Manifest<P>::Validate(config) } -> std::convertible_to<std::string>;
};
template <typename P>
concept HasAdapt = requires(typename P::Config config, CheckOptions options) {
  Manifest<P>::Adapt(&config, options);
};

template <typename P>
concept HasPortfolio = requires {
  { Manifest<P>::Portfolio() } -> std::same_as<std::vector<CheckRun<P>>>;
};

// The configuration a check of P starts from before its options apply.
template <typename P>
typename P::Config DefaultConfig() {
  if constexpr (HasDefaultConfig<P>) {
    return Manifest<P>::DefaultConfig();
  } else {
    return typename P::Config{};
  }
}

// The shared check options with P's own defaults applied.
template <typename P>
CheckOptions DefaultCheckOptions() {
  CheckOptions options;
  if constexpr (HasDefaultCheckOptions<P>) {
    Manifest<P>::DefaultCheckOptions(&options);
  }
  return options;
}

// P's CI portfolio: its own, or else the one default run.
template <typename P>
std::vector<CheckRun<P>> Portfolio() {
  if constexpr (HasPortfolio<P>) {
    return Manifest<P>::Portfolio();
  } else {
    return {CheckRun<P>{"default", "the protocol's default model",
                        DefaultConfig<P>(), DefaultCheckOptions<P>()}};
  }
}

// "" when P can run `config`; otherwise what is wrong with it.
template <typename P>
std::string ValidateConfig(const typename P::Config& config) {
  if constexpr (HasValidate<P>) {
    return std::string(Manifest<P>::Validate(config));
  } else {
    return "";
  }
}

// Lets the run's options change the configuration (e.g. real clients replace
// a protocol's stand-ins when requests are given).
template <typename P>
void AdaptConfig(typename P::Config* config, const CheckOptions& options) {
  if constexpr (HasAdapt<P>) Manifest<P>::Adapt(config, options);
}

// The help line of one of P's bugs.
template <typename P>
std::string_view BugHelp(typename P::Bug bug) {
  const size_t index = static_cast<size_t>(bug);
  return index < Manifest<P>::kBugHelp.size() ? Manifest<P>::kBugHelp[index]
                                              : std::string_view();
}

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_MANIFEST_H_
