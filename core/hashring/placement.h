// Placing keys on nodes: the small interface shared by the consistent-hash
// ring (ring.h), jump consistent hash (jump.h) and rendezvous hashing
// (rendezvous.h), so tests and benchmarks treat them alike, and the node
// list they all keep (names, weights).
//
// A placement maps a key to `replication` distinct nodes (fewer when there
// are fewer nodes), primary first. Keys and node names are hashed with
// hash.h, so a placement depends only on its options and its set of nodes:
// every process computes the same owners. The owners are views of the
// placement's own node names, valid until its next AddNode or RemoveNode.
//
// Thread-safety: const member functions may run concurrently; AddNode and
// RemoveNode need exclusive access.

#ifndef STEPWISE_CORE_HASHRING_PLACEMENT_H_
#define STEPWISE_CORE_HASHRING_PLACEMENT_H_

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "core/hashring/hash.h"

namespace stepwise::core::hashring {

// Bounds on everything a placement holds.
inline constexpr size_t kMaxNodes = 4096;
inline constexpr uint32_t kMaxWeight = 1000;
inline constexpr uint32_t kMaxReplication = 16;
inline constexpr size_t kMaxNameBytes = 256;

// Seeds keep the hashes of keys and of node names unrelated.
inline constexpr uint64_t kKeySeed = 0x6b6579;     // "key"
inline constexpr uint64_t kNodeSeed = 0x6e6f6465;  // "node"

inline uint64_t KeyHash(std::string_view key) {
  return HashString(key, kKeySeed);
}

template <typename P>
concept Placement =
    requires(P p, const P& c, std::string_view name, uint32_t weight,
             uint64_t key_hash, std::vector<std::string_view>* owners) {
      { p.AddNode(name, weight) } -> std::same_as<absl::Status>;
      { p.RemoveNode(name) } -> std::same_as<absl::Status>;
      // The owners of the key whose KeyHash is `key_hash`, primary first.
      { c.LookupHash(key_hash, owners) } -> std::same_as<void>;
      { c.node_count() } -> std::same_as<size_t>;
      { c.replication() } -> std::same_as<uint32_t>;
    };

// The owners of `key`.
template <Placement P>
void Lookup(const P& placement, std::string_view key,
            std::vector<std::string_view>* owners) {
  placement.LookupHash(KeyHash(key), owners);
}

// A placement's nodes, in the order they were added.
struct Member {
  std::string name;
  uint32_t weight = 1;
  uint64_t hash = 0;  // HashString(name, kNodeSeed)
};

class Members {
 public:
  // Ok, or InvalidArgument / AlreadyExists / ResourceExhausted naming why
  // `name` with `weight` cannot join.
  absl::Status CheckAdd(std::string_view name, uint32_t weight) const;
  void Add(std::string_view name, uint32_t weight);  // REQUIRES: CheckAdd ok
  // The index of `name`, or -1.
  int Find(std::string_view name) const;
  absl::Status NotFound(std::string_view name) const;
  void Remove(size_t index);

  const std::vector<Member>& all() const { return members_; }
  size_t size() const { return members_.size(); }

 private:
  std::vector<Member> members_;
};

absl::Status CheckReplication(uint32_t replication);

}  // namespace stepwise::core::hashring

#endif  // STEPWISE_CORE_HASHRING_PLACEMENT_H_
