// RapidCheck parameters for tests and hunts that must be reproducible: a
// fixed seed and test count, unless RC_PARAMS sets them.

#ifndef STEPWISE_PROPTESTS_FIXED_PARAMS_H_
#define STEPWISE_PROPTESTS_FIXED_PARAMS_H_

#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string_view>

#include "rapidcheck.h"
#include "rapidcheck/detail/Configuration.h"
#include "rapidcheck/detail/TestParams.h"

namespace stepwise::proptests {

// The configured parameters with `seed` and `max_success` unless RC_PARAMS
// names them.
inline rc::detail::TestParams FixedParams(uint64_t seed, int max_success) {
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  const char* env = std::getenv("RC_PARAMS");
  const std::string_view set = env != nullptr ? env : "";
  if (set.find("seed") == std::string_view::npos) params.seed = seed;
  if (set.find("max_success") == std::string_view::npos) {
    params.maxSuccess = max_success;
  }
  return params;
}

// How many shrink candidates a hunt runs after its first failure. Each
// candidate re-runs a long failing schedule (the quorum register's checks
// linearizability at every step): unoptimized under the sanitizers,
// shrinking to the end took 92 s for one quorum bug and 27 s for one Paxos
// bug, so there a hunt keeps the shortest failure among the first few
// hundred candidates. The optimized build shrinks to the end.
#ifdef STEPWISE_SANITIZED
inline constexpr int kMaxShrinkRuns = 300;
#else
inline constexpr int kMaxShrinkRuns = std::numeric_limits<int>::max();
#endif

}  // namespace stepwise::proptests

#endif  // STEPWISE_PROPTESTS_FIXED_PARAMS_H_
