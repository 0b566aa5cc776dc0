// Random simulation (--mode simulate): --walks random walks of up to --depth
// steps from a random initial state, each step a uniformly chosen enabled
// action. Not exhaustive; a walk that breaks an invariant is kept whole as
// the counterexample.

#ifndef STEPWISE_MODEL_CHECK_SIMULATION_H_
#define STEPWISE_MODEL_CHECK_SIMULATION_H_

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/protocol.h"
#include "model_check/action.h"
#include "model_check/cluster.h"
#include "model_check/search_context.h"
#include "model_check/semantics.h"
#include "model_check/trace.h"

namespace stepwise::mc {

template <core::Protocol P>
void RunSimulate(SearchContext<P>& ctx) {
  Semantics<P> sem(ctx.config, ctx.options);
  const std::vector<Cluster<P>> initial = sem.InitialClusters();
  const uint64_t depth = ctx.options.depth > 0 ? ctx.options.depth : 100;
  // Only the chosen successor is built: ForEachAction lists the actions in
  // ForEachSuccessor's order, and Apply builds the one picked.
  std::vector<Action<P>> menu;
  for (uint64_t walk = 0; walk < ctx.options.walks && !ctx.Stopped(); ++walk) {
    ctx.visited.ReleaseRetiredTables();
    std::mt19937_64 rng(ctx.options.seed * 0x9e3779b97f4a7c15ULL + walk);
    Trace<P> trace;
    trace.states.push_back(initial[rng() % initial.size()]);
    for (uint64_t step = 0;; ++step) {
      const Cluster<P>& c = trace.states.back();
      ctx.Count(ctx.workers[0].generated);
      ctx.InsertNew(ctx.workers[0], ctx.fingerprints.FingerprintOf(c));
      ctx.max_depth = std::max<uint64_t>(ctx.max_depth, trace.states.size());
      if (!ctx.Check(c, 0)) {
        ctx.simulated_trace = std::move(trace);
        return;
      }
      if (step == depth || !sem.WithinBounds(c)) break;
      menu.clear();
      sem.ForEachAction(c, [&](const Action<P>& a) { menu.push_back(a); });
      if (menu.empty()) break;
      const Action<P>& action = menu[rng() % menu.size()];
      absl::StatusOr<Cluster<P>> next = sem.Apply(c, action);
      assert(next.ok());  // every listed action is enabled
      trace.actions.push_back(action);
      trace.states.push_back(*std::move(next));
    }
  }
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_SIMULATION_H_
