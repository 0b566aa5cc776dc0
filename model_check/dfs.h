// Depth-first search (--mode dfs): one thread, the frontier used as a stack;
// --depth bounds it, and a bounded run is not exhaustive.

#ifndef STEPWISE_MODEL_CHECK_DFS_H_
#define STEPWISE_MODEL_CHECK_DFS_H_

#include <algorithm>
#include <cstdint>
#include <string>

#include "core/protocol.h"
#include "model_check/expand.h"
#include "model_check/frontier.h"
#include "model_check/search_context.h"
#include "model_check/semantics.h"

namespace stepwise::mc {

template <core::Protocol P>
void RunDfs(SearchContext<P>& ctx) {
  Semantics<P> sem(ctx.config, ctx.options);
  Batch stack;  // used as a stack: items are popped from the back
  if (!SeedInitialStates(ctx, sem, stack)) return;
  ctx.max_depth = stack.items.empty() ? 0 : 1;
  const uint64_t bound = ctx.options.depth;
  for (uint64_t popped = 1; !stack.items.empty() && !ctx.Stopped(); ++popped) {
    if (popped % 65536 == 0) ctx.visited.ReleaseRetiredTables();
    const FrontierItem item = stack.items.back();
    stack.items.pop_back();
    const std::string bytes(stack.Bytes(item));
    stack.bytes.resize(item.offset);
    ctx.queue.store(stack.items.size());
    ctx.max_depth = std::max<uint64_t>(ctx.max_depth, item.depth);
    if (bound > 0 && item.depth >= bound) {
      ctx.depth_bounded = true;
      continue;
    }
    Expand(ctx, sem, 0, bytes, item.id, item.depth + 1, stack);
  }
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_DFS_H_
