// Test support for a listed protocol's model-checking tests
// (model_check/<name>_check_test.cc): a quiet run, and the check that a
// violation is the expected property and its trace file replays to it.

#ifndef STEPWISE_MODEL_CHECK_CHECK_TEST_SUPPORT_H_
#define STEPWISE_MODEL_CHECK_CHECK_TEST_SUPPORT_H_

#include <string>

#include "gtest/gtest.h"
#include "model_check/explore.h"
#include "model_check/json.h"
#include "model_check/listed_traces.h"
#include "model_check/replay.h"

namespace stepwise::mc {

template <typename P>
Result<P> CheckQuietly(const typename P::Config& config, Options options) {
  options.quiet = true;
  return Explore<P>(config, options);
}

// The run finds a violation of `property`, and the trace it writes replays
// to a violation (replay's exit code 1). `what` names the case in failures.
template <typename P>
void ExpectCaughtWithReplay(const typename P::Config& config,
                            const Options& options, const std::string& property,
                            const std::string& what) {
  const Result<P> result = CheckQuietly<P>(config, options);
  ASSERT_EQ(result.verdict, Verdict::kViolation) << what;
  EXPECT_EQ(result.violation->property, property) << what;
  const Json json = TraceJson<P>(config, options, result.violation->trace,
                                 &*result.violation);
  EXPECT_EQ(Replay<P>(json).exit_code, 1) << what;
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_CHECK_TEST_SUPPORT_H_
