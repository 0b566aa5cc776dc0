// RapidCheck parameters for tests and hunts that must be reproducible: a
// fixed seed and test count, unless RC_PARAMS sets them.

#ifndef STEPWISE_PROPTESTS_FIXED_PARAMS_H_
#define STEPWISE_PROPTESTS_FIXED_PARAMS_H_

#include <cstdint>
#include <cstdlib>
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

}  // namespace stepwise::proptests

#endif  // STEPWISE_PROPTESTS_FIXED_PARAMS_H_
