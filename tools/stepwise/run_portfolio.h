// `stepwise check P --ci`: runs P's CI portfolio (core::Portfolio<P>(),
// declared in core/<name>/manifest.h) within one time budget and gives one
// verdict: ok when every run finished or reached its own declared bound
// without a violation; violation (exit 1) at the first run that finds one,
// with its counterexample; incomplete (exit 1 too: CI must not pass a check
// it did not finish) when the budget ran out first.

#ifndef STEPWISE_TOOLS_STEPWISE_RUN_PORTFOLIO_H_
#define STEPWISE_TOOLS_STEPWISE_RUN_PORTFOLIO_H_

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/manifest.h"
#include "fmt/core.h"
#include "tools/stepwise/check_command.h"
#include "tools/stepwise/run_check.h"

namespace stepwise::tools {

// What --ci takes from the command line; every other model option comes
// from the portfolio.
struct PortfolioArgs {
  double budget_seconds = 300;
  int threads = 0;
  double progress_seconds = 5;
};

template <typename P>
int RunPortfolio(typename P::Bug bug, const PortfolioArgs& args,
                 const CheckOutputs& outputs) {
  const std::vector<core::CheckRun<P>> runs = core::Portfolio<P>();
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start)
        .count();
  };
  std::printf("stepwise check %s --ci: %zu runs, budget %.0f s\n",
              std::string(P::kName).c_str(), runs.size(), args.budget_seconds);
  std::vector<std::string> rows;
  int exit_code = kExitOk;
  std::string verdict = "ok";
  for (size_t i = 0; i < runs.size(); ++i) {
    const core::CheckRun<P>& run = runs[i];
    const double left = args.budget_seconds - elapsed();
    if (left <= 0) {
      rows.push_back(absl::StrCat(run.name, ": not run (budget spent)"));
      verdict = "incomplete";
      exit_code = kExitViolation;
      continue;
    }
    typename P::Config config = run.config;
    config.bug = bug;
    mc::Options options = run.options;
    options.threads = args.threads;
    options.progress_seconds = args.progress_seconds;
    options.max_seconds = left;
    std::printf("\n--- run %zu/%zu: %s (%s)\n", i + 1, runs.size(),
                run.name.c_str(), run.purpose.c_str());
    CheckSummary summary;
    const int code = RunCheck<P>(config, options, outputs, &summary);
    std::string row =
        absl::StrCat(run.name, ": ", summary.distinct_states, " states, ",
                     fmt::format("{:.1f}", summary.seconds), " s, ");
    if (code == kExitUsage) return kExitUsage;
    if (summary.verdict == mc::Verdict::kViolation) {
      rows.push_back(absl::StrCat(row, "violation of ", summary.property));
      verdict = "violation";
      exit_code = kExitViolation;
      break;
    }
    if (summary.verdict == mc::Verdict::kIncomplete) {
      if (summary.incomplete_reason == mc::kStoppedAtMaxStates &&
          run.options.max_states > 0) {
        rows.push_back(absl::StrCat(row, "bounded at its ",
                                    run.options.max_states,
                                    " states, no violation"));
      } else {
        rows.push_back(
            absl::StrCat(row, "incomplete (", summary.incomplete_reason, ")"));
        verdict = "incomplete";
        exit_code = kExitViolation;
      }
      continue;
    }
    rows.push_back(absl::StrCat(row, "ok, exhaustive"));
  }
  std::printf("\nstepwise check %s --ci summary (%.1f s of %.0f s):\n",
              std::string(P::kName).c_str(), elapsed(), args.budget_seconds);
  for (const std::string& row : rows) std::printf("  %s\n", row.c_str());
  std::printf("CI verdict: %s\n", verdict.c_str());
  return exit_code;
}

}  // namespace stepwise::tools

#endif  // STEPWISE_TOOLS_STEPWISE_RUN_PORTFOLIO_H_
