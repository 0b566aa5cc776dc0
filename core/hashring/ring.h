// A consistent-hash ring with virtual nodes, weights and replication
// (Karger et al., 1997; virtual nodes as in Dynamo).
//
// Each node puts `vnodes_per_weight * weight` points on a ring of 2^64
// positions (the hashes of its name with seeds 0, 1, ...). A key's hash is a
// position too; its owners are the first `replication` distinct nodes met
// walking clockwise from there (wrapping past 2^64 - 1 to 0), primary first.
//
// Why it is consistent: adding a node only inserts its points, so a key's
// walk meets the same nodes in the same order with the new one possibly
// among them; its owners change only if the new node is now one of them.
// Removing a node likewise changes only the keys it owned. More virtual
// nodes per node even out the arc lengths, hence the load
// (docs/hashring.md has the measured balance).
//
// The ring depends only on the set of (name, weight) and the options, not
// on the order nodes were added: points sort by position, then by name.
//
// Thread-safety: as placement.h.

#ifndef STEPWISE_CORE_HASHRING_RING_H_
#define STEPWISE_CORE_HASHRING_RING_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/hashring/placement.h"

namespace stepwise::core::hashring {

inline constexpr uint32_t kMaxVnodesPerWeight = 10000;
// Bound on the points of one ring (nodes x weight x virtual nodes).
inline constexpr size_t kMaxPoints = size_t{1} << 22;  // 64 MiB of points

struct RingOptions {
  uint32_t replication = 3;
  uint32_t vnodes_per_weight = 160;
};

class HashRing {
 public:
  // InvalidArgument for replication outside 1..kMaxReplication or virtual
  // nodes outside 1..kMaxVnodesPerWeight.
  static absl::StatusOr<HashRing> Create(const RingOptions& options);

  // Errors: see Members::CheckAdd; ResourceExhausted past kMaxPoints.
  absl::Status AddNode(std::string_view name, uint32_t weight = 1);
  // NotFound if there is no such node.
  absl::Status RemoveNode(std::string_view name);

  void LookupHash(uint64_t key_hash,
                  std::vector<std::string_view>* owners) const;

  size_t node_count() const { return members_.size(); }
  uint32_t replication() const { return options_.replication; }
  size_t point_count() const { return points_.size(); }

 private:
  struct Point {
    uint64_t position;
    uint32_t member;  // index into members_
  };

  explicit HashRing(const RingOptions& options) : options_(options) {}
  void Rebuild();

  RingOptions options_;
  Members members_;
  std::vector<Point> points_;  // sorted by (position, member name)
};

static_assert(Placement<HashRing>);

}  // namespace stepwise::core::hashring

#endif  // STEPWISE_CORE_HASHRING_RING_H_
