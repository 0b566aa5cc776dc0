// Deterministic structural hashing of reflected values, and the order-free
// fingerprint of a cluster built from it.
//
// The explorer computes a fingerprint for every successor it generates, most
// of which it has seen before. Hashing the values directly (no encoding) and
// summing per-node and per-message hashes (so the network need not be sorted
// first) keeps that cheap. Sums of well-mixed 64-bit hashes identify
// multisets: equal clusters always get equal fingerprints, and unequal ones
// collide with the same small probability as any 64-bit fingerprint.

#ifndef STEPWISE_MODEL_CHECK_STABLE_HASH_H_
#define STEPWISE_MODEL_CHECK_STABLE_HASH_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/reflect.h"
#include "model_check/action.h"
#include "model_check/cluster.h"
#include "model_check/fingerprint.h"
#include "model_check/order.h"

namespace stepwise::mc {

// Cheap within one value; every node or message hash gets a full Mix64
// before it is summed, which spreads the bits.
inline uint64_t HashCombine(uint64_t seed, uint64_t value) {
  const uint64_t x = (seed ^ value) * 0x9e3779b97f4a7c15ULL;
  return (x << 29) | (x >> 35);
}

template <typename T>
uint64_t StableHash(uint64_t seed, const T& value) {
  if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) {
    return HashCombine(seed, static_cast<uint64_t>(value));
  } else if constexpr (std::is_same_v<T, std::string>) {
    return HashCombine(seed, Fingerprint(value));
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return seed;
  } else if constexpr (internal::IsStdContainer<T>::value) {
    uint64_t h = HashCombine(seed, value.size());
    for (const auto& element : value) h = StableHash(h, element);
    return h;
  } else if constexpr (internal::IsOptional<T>::value) {
    return value.has_value() ? StableHash(HashCombine(seed, 1), *value)
                             : HashCombine(seed, 0);
  } else if constexpr (internal::IsVariant<T>::value) {
    return std::visit(
        [&](const auto& alternative) {
          return StableHash(HashCombine(seed, value.index()), alternative);
        },
        value);
  } else if constexpr (internal::IsTuple<T>::value) {
    uint64_t h = seed;
    std::apply([&](const auto&... e) { ((h = StableHash(h, e)), ...); }, value);
    return h;
  } else if constexpr (core::Reflected<T>) {
    uint64_t h = seed;
    std::apply([&](const auto&... f) { ((h = StableHash(h, f)), ...); },
               value.fields());
    return h;
  } else {
    static_assert(sizeof(T) == 0, "no stable hash for this type");
  }
}

// The order-free fingerprint of a cluster: node hashes and message hashes
// are summed, so the network may be in any order. Not for ordered networks,
// where the order within a link is part of the state.
//
// `Reset(parent)` caches the parent's per-node and network sums so that
// `Successor()` hashes only what an action can change: the acting node, the
// message it consumed and the messages appended (Semantics keeps an
// uncanonicalized successor's network as the parent's, minus the consumed
// message, plus new messages at the end).
template <typename P>
class ClusterHasher {
 public:
  static uint64_t Full(const Cluster<P>& c) {
    uint64_t nodes = 0;
    for (NodeId id = 0; id < c.size(); ++id) nodes += NodeHash(c, id);
    uint64_t network = 0;
    for (const auto& envelope : c.network) network += MessageHash(envelope);
    return Finish(nodes, network, c);
  }

  void Reset(const Cluster<P>& parent) {
    node_hashes_.resize(parent.size());
    nodes_ = 0;
    for (NodeId id = 0; id < parent.size(); ++id) {
      node_hashes_[id] = NodeHash(parent, id);
      nodes_ += node_hashes_[id];
    }
    network_ = 0;
    for (const auto& envelope : parent.network) {
      network_ += MessageHash(envelope);
    }
    parent_messages_ = parent.network.size();
    parent_fingerprint_ = Finish(nodes_, network_, parent);
  }

  // The fingerprint of the cluster given to Reset().
  uint64_t parent_fingerprint() const { return parent_fingerprint_; }

  uint64_t Successor(const Action<P>& action, const Cluster<P>& next) const {
    uint64_t nodes = nodes_;
    if (action.node < next.size()) {
      nodes += NodeHash(next, action.node) - node_hashes_[action.node];
    }
    uint64_t network = network_;
    size_t kept = parent_messages_;
    if (action.kind == ActionKind::kDeliver ||
        action.kind == ActionKind::kDrop) {
      network -= MessageHash(action.envelope);
      --kept;
    }
    for (size_t k = kept; k < next.network.size(); ++k) {
      network += MessageHash(next.network[k]);
    }
    return Finish(nodes, network, next);
  }

 private:
  static uint64_t NodeHash(const Cluster<P>& c, NodeId id) {
    uint64_t h = HashCombine(0x243f6a8885a308d3ULL, id);
    h = StableHash(h, c.states[id]);
    h = HashCombine(h, c.timers[id]);
    h = HashCombine(h, (uint64_t{c.up[id]} << 1) | c.started[id]);
    return Mix64(h);
  }
  static uint64_t MessageHash(const core::Envelope<P>& envelope) {
    return Mix64(StableHash(0x13198a2e03707344ULL, envelope));
  }
  static uint64_t Finish(uint64_t nodes, uint64_t network,
                         const Cluster<P>& c) {
    uint64_t rest = HashCombine(0xa4093822299f31d0ULL, c.size());
    rest = HashCombine(rest, static_cast<uint32_t>(c.crashes_left));
    rest = HashCombine(rest, static_cast<uint32_t>(c.drops_left));
    rest = HashCombine(rest, static_cast<uint32_t>(c.partitions_left));
    rest = HashCombine(rest, c.cut);
    rest = HashCombine(rest, static_cast<uint32_t>(c.requests_left));
    if (!c.history.empty()) rest = StableHash(rest, c.history);
    const uint64_t fp = Mix64(nodes + Mix64(network) + rest);
    return fp == 0 ? 1 : fp;
  }

  std::vector<uint64_t> node_hashes_;
  uint64_t nodes_ = 0;
  uint64_t network_ = 0;
  size_t parent_messages_ = 0;
  uint64_t parent_fingerprint_ = 0;
};

template <typename P>
uint64_t UnorderedFingerprint(const Cluster<P>& c) {
  return ClusterHasher<P>::Full(c);
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_STABLE_HASH_H_
