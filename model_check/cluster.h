// Cluster<P>: everything the model checker knows about one global state.
//
// Node states, up/down flags, armed timers, the in-flight network and the
// fault budgets left. `Canonicalize()` sorts the network so that equal
// clusters have equal encodings (and so equal fingerprints); under symmetry
// `CanonicalEncoding()` picks the smallest encoding over all permutations of
// the protocol's interchangeable nodes.

#ifndef STEPWISE_MODEL_CHECK_CLUSTER_H_
#define STEPWISE_MODEL_CHECK_CLUSTER_H_

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "core/codec/codec.h"
#include "core/protocol.h"
#include "model_check/fast_codec.h"
#include "model_check/order.h"

namespace stepwise::mc {

using core::NodeId;

template <typename P>
struct Cluster {
  std::vector<typename P::State>
      states;                    // a crashed node keeps its durable part
  std::vector<uint32_t> timers;  // armed timers per node (bit mask)
  std::vector<uint8_t> up;       // 1: running
  std::vector<uint8_t> started;  // 1: the node took its Start step
  // In-flight messages, sorted. Under the ordered network the order within
  // one link is the send order (a stable sort by link keeps it).
  std::vector<core::Envelope<P>> network;
  int32_t crashes_left = 0;
  int32_t drops_left = 0;
  int32_t partitions_left = 0;
  uint64_t cut = 0;  // bit (from * 8 + to): link cut by a partition
  int32_t requests_left = 0;
  std::vector<core::HistoryEvent<P>> history;  // client calls and returns

  STEPWISE_FIELDS(Cluster, states, timers, up, started, network, crashes_left,
                  drops_left, partitions_left, cut, requests_left, history)

  size_t size() const { return states.size(); }
  bool LinkCut(NodeId from, NodeId to) const {
    return from < 8 && to < 8 && (cut >> (from * 8 + to)) & 1;
  }
  core::ClusterView<P> View(const typename P::Config& config) const {
    return core::ClusterView<P>{config, states, up, network, history};
  }
};

// Sorts the network into its canonical order.
template <typename P>
void Canonicalize(Cluster<P>& cluster, bool ordered_links) {
  auto& net = cluster.network;
  if (ordered_links) {
    std::stable_sort(net.begin(), net.end(), [](const auto& a, const auto& b) {
      return a.from != b.from ? a.from < b.from : a.to < b.to;
    });
  } else {
    std::sort(net.begin(), net.end(),
              [](const auto& a, const auto& b) { return Less(a, b); });
  }
}

// Canonicalize() for an unordered network whose first `sorted` messages are
// in canonical order already, as in a successor built from a canonical
// parent: the few messages after them are inserted into place.
template <typename P>
void CanonicalizeTail(Cluster<P>& cluster, size_t sorted) {
  auto& net = cluster.network;
  auto less = [](const auto& a, const auto& b) { return Less(a, b); };
  for (size_t k = sorted; k < net.size(); ++k) {
    const auto at = net.begin() + static_cast<std::ptrdiff_t>(k);
    std::rotate(std::upper_bound(net.begin(), at, *at, less), at, at + 1);
  }
  assert(std::is_sorted(net.begin(), net.end(), less));
}

// Replaces `out` with the cluster's encoding, reusing its capacity.
template <typename P>
void EncodeInto(const Cluster<P>& cluster, std::string* out) {
  FastEncode(cluster, out);
}

template <typename P>
std::string Encode(const Cluster<P>& cluster) {
  std::string out;
  EncodeInto(cluster, &out);
  return out;
}

// Applies a node permutation (`perm[old] == new`) to a whole cluster,
// writing it to `out` (another cluster), whose storage is reused.
template <typename P>
void PermuteInto(const Cluster<P>& cluster, core::Permutation perm,
                 Cluster<P>* out) {
  assert(out != &cluster);
  *out = cluster;
  out->cut = 0;
  for (NodeId old_id = 0; old_id < cluster.size(); ++old_id) {
    const NodeId new_id = perm[old_id];
    out->states[new_id] = P::rename(cluster.states[old_id], perm);
    out->timers[new_id] = cluster.timers[old_id];
    out->up[new_id] = cluster.up[old_id];
    out->started[new_id] = cluster.started[old_id];
    for (NodeId to = 0; to < cluster.size(); ++to) {
      if (cluster.LinkCut(old_id, to)) {
        out->cut |= uint64_t{1} << (new_id * 8 + perm[to]);
      }
    }
  }
  for (auto& envelope : out->network) {
    envelope.message = P::rename(envelope.message, perm);
    envelope.from = perm[envelope.from];
    envelope.to = perm[envelope.to];
  }
  for (auto& event : out->history) {
    event.node = perm[event.node];
    if constexpr (core::RenamesResults<P>) {
      event.result = P::rename(event.result, perm);
    }
  }
}
template <typename P>
Cluster<P> Permute(const Cluster<P>& cluster, core::Permutation perm) {
  Cluster<P> out;
  PermuteInto(cluster, perm, &out);
  return out;
}

// Every permutation of the symmetric nodes (identity first).
inline std::vector<std::vector<NodeId>> SymmetryGroup(
    size_t node_count, const std::vector<NodeId>& symmetric) {
  std::vector<std::vector<NodeId>> group;
  std::vector<NodeId> order = symmetric;
  std::sort(order.begin(), order.end());
  do {
    std::vector<NodeId> perm(node_count);
    std::iota(perm.begin(), perm.end(), 0);
    for (size_t i = 0; i < symmetric.size(); ++i) {
      perm[symmetric[i]] = order[i];
    }
    group.push_back(std::move(perm));
  } while (std::next_permutation(order.begin(), order.end()));
  // The sorted start makes the first permutation the identity.
  return group;
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_CLUSTER_H_
