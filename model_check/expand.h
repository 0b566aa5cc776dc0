// Successor generation for the exhaustive searches (BFS and DFS): the
// initial states, and the expansion of one state into its new successors,
// each fingerprinted, looked up in the visited set, logged, checked and
// added to the next batch of the frontier (or the DFS stack).

#ifndef STEPWISE_MODEL_CHECK_EXPAND_H_
#define STEPWISE_MODEL_CHECK_EXPAND_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/protocol.h"
#include "model_check/action.h"
#include "model_check/cluster.h"
#include "model_check/fast_codec.h"
#include "model_check/frontier.h"
#include "model_check/search_context.h"
#include "model_check/semantics.h"

namespace stepwise::mc {

// Records every distinct initial state at depth 1 in `out`. Returns false
// if one of them already violates an invariant.
template <core::Protocol P>
bool SeedInitialStates(SearchContext<P>& ctx, Semantics<P>& sem, Batch& out) {
  Worker<P>& worker = ctx.workers[0];
  for (const Cluster<P>& c : sem.InitialClusters()) {
    ctx.Count(worker.generated);
    Cluster<P> copy = c;
    std::string bytes;
    const uint64_t fp =
        ctx.fingerprints.FingerprintOf(copy, &bytes, &worker.renamed);
    if (!ctx.InsertNew(worker, fp)) continue;
    const uint64_t id = ctx.Log(0, fp, kNoParent);
    if (!ctx.Check(c, id)) return false;
    ctx.fingerprints.FrontierBytes(copy, &bytes);
    out.Add(id, bytes, 1);
  }
  return true;
}

// Expand with order-free fingerprints, for the state in the thread's
// Worker::parent: a successor's fingerprint needs only what its action
// changed, so successors are built in place and kept as differences from
// the parent; only the new ones are built whole.
template <core::Protocol P>
void ExpandInPlace(SearchContext<P>& ctx, Semantics<P>& sem, int thread,
                   uint64_t parent, uint32_t depth, Batch& out) {
  Worker<P>& worker = ctx.workers[thread];
  const Cluster<P>& c = worker.parent;
  worker.hasher.Reset(c);
  uint64_t generated = 0;
  size_t pending = 0;
  sem.ForEachSuccessorInPlace(
      c, [&](const Action<P>& action, const Cluster<P>& next,
             const SuccessorChange& change) {
        ++generated;
        // A step that changed nothing leads back to the parent, which is
        // visited: skip the shared set for it.
        if (SameAsParent(c, next, change)) return;
        const uint64_t fp = worker.hasher.Successor(action, next);
        if (fp == worker.hasher.parent_fingerprint()) return;
        if (worker.recent.Contains(fp)) return;
        ctx.visited.Prefetch(fp);
        if (pending == worker.deltas.size()) worker.deltas.emplace_back();
        if (pending == worker.fingerprints.size()) {
          worker.fingerprints.emplace_back();
        }
        worker.fingerprints[pending] = fp;
        worker.deltas[pending].Record(c, next, change);
        ++pending;
      });
  ctx.Count(worker.generated, generated);
  if (worker.successors.empty()) {
    worker.successors.emplace_back();
    worker.encodings.emplace_back();
  }
  Cluster<P>& next = worker.successors[0];
  std::string& encoded = worker.encodings[0];
  for (size_t k = 0; k < pending && !ctx.Stopped(); ++k) {
    const uint64_t fp = worker.fingerprints[k];
    if (!ctx.InsertNew(worker, fp)) continue;
    const uint64_t id = ctx.Log(thread, fp, parent);
    worker.deltas[k].Rebuild(c, &next);
    // The parent's network is canonical; its successor's differs at the
    // end only.
    CanonicalizeTail(next, worker.deltas[k].change.appended_from);
    EncodeInto(next, &encoded);
    if (!ctx.Check(next, id)) return;
    if (ctx.AtStateLimit()) return;
    out.Add(id, encoded, depth);
  }
}

// Expands the frontier entry `bytes` (log id `parent`): its new successors
// go to `out` at `depth`. Generates every successor of the state first and
// then looks them up: a lookup is a cache miss in a set far larger than the
// cache, and prefetching all of a state's slots lets those misses overlap.
template <core::Protocol P>
void Expand(SearchContext<P>& ctx, Semantics<P>& sem, int thread,
            std::string_view bytes, uint64_t parent, uint32_t depth,
            Batch& out) {
  Worker<P>& worker = ctx.workers[thread];
  // The entry was written by this explorer, so is well formed: decoding
  // trusts it, and the parent's vectors keep their storage.
  TrustedDecode(bytes, &worker.parent);
  const Cluster<P>& c = worker.parent;
  if (!sem.WithinBounds(c)) return;
  if (ctx.fingerprints.FastFingerprints()) {
    ExpandInPlace(ctx, sem, thread, parent, depth, out);
    return;
  }
  uint64_t generated = 0;
  size_t pending = 0;
  sem.set_canonicalize(false);
  sem.ForEachSuccessor(c, [&](const Action<P>&, Cluster<P>&& next) {
    ++generated;
    if (pending == worker.successors.size()) {
      worker.successors.emplace_back();
      worker.encodings.emplace_back();
    }
    if (pending == worker.fingerprints.size()) {
      worker.fingerprints.emplace_back();
    }
    const uint64_t fp = ctx.fingerprints.FingerprintOf(
        next, &worker.encodings[pending], &worker.renamed);
    if (worker.recent.Contains(fp)) return;
    ctx.visited.Prefetch(fp);
    worker.fingerprints[pending] = fp;
    // A swap, not a copy: the semantics' scratch storage and ours trade
    // buffers, so neither allocates once warm.
    std::swap(worker.successors[pending], next);
    ++pending;
  });
  ctx.Count(worker.generated, generated);
  for (size_t k = 0; k < pending && !ctx.Stopped(); ++k) {
    const uint64_t fp = worker.fingerprints[k];
    if (!ctx.InsertNew(worker, fp)) continue;
    const uint64_t id = ctx.Log(thread, fp, parent);
    if (!ctx.Check(worker.successors[k], id)) return;
    if (ctx.AtStateLimit()) return;
    ctx.fingerprints.FrontierBytes(worker.successors[k], &worker.encodings[k]);
    out.Add(id, worker.encodings[k], depth);
  }
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_EXPAND_H_
