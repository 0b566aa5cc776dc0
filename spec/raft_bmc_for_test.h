// Shared by the Raft BMC tests: BMC of a catalog model in a fresh Z3
// context, and the explicit-state checker on the C++ core, so each test can
// ask both about one bug.

#ifndef STEPWISE_SPEC_RAFT_BMC_FOR_TEST_H_
#define STEPWISE_SPEC_RAFT_BMC_FOR_TEST_H_

#include <z3++.h>

#include <string>

#include "core/raft/raft.h"
#include "gtest/gtest.h"
#include "model_check/explore.h"
#include "model_check/json.h"
#include "spec/bmc.h"
#include "spec/catalog.h"

namespace stepwise::spec {

// "kCommitOldTerm" -> "commit-old-term", the catalog's and the CLI's name.
inline std::string RaftBugName(core::raft::Bug bug) {
  return mc::KebabName(EnumName(bug));
}

// BMC of `stepwise bmc raft --bug BUG` at `size` and `depth`; a build or
// solver error fails the test and yields an empty result.
inline BmcResult RunRaftBmc(const std::string& bug, int depth,
                            const SpecSize& size) {
  z3::context ctx;
  absl::StatusOr<TransitionSystem> ts = BuildSpec(ctx, "raft", bug, size);
  EXPECT_TRUE(ts.ok()) << ts.status();
  if (!ts.ok()) return {};
  absl::StatusOr<BmcResult> result = Bmc(*ts, {.depth = depth});
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : BmcResult{};
}

// `stepwise check raft` in-process, quiet and with symmetry reduction.
inline mc::Result<core::raft::Raft> CheckRaftCore(
    const core::raft::Raft::Config& config, mc::Options options) {
  options.quiet = true;
  options.symmetry = true;
  return mc::Explore<core::raft::Raft>(config, options);
}

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_RAFT_BMC_FOR_TEST_H_
