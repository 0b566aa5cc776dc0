// Jump consistent hash (Lamping and Veach, "A Fast, Minimal Memory,
// Consistent Hash Algorithm", 2014), and a placement over it.
//
// JumpHash(key, n) picks a bucket in [0, n) with no table at all: it follows
// the jumps of the key's bucket as the bucket count grows (a key moves to
// the newest bucket with probability 1/n, and never elsewhere), computing
// only the jumps below n. Balance is as good as the key hash; moving keys is
// minimal; but buckets are numbered: only the last one can be removed, and
// there are no weights.
//
// JumpPlacement maps buckets to nodes in the order they were added. Its
// replicas are the next buckets (b, b+1, ... mod n): with them, adding or
// removing the last node still moves only keys whose owners include it.
//
// Thread-safety: as placement.h.

#ifndef STEPWISE_CORE_HASHRING_JUMP_H_
#define STEPWISE_CORE_HASHRING_JUMP_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/hashring/placement.h"

namespace stepwise::core::hashring {

// The bucket of `key` among `buckets`. REQUIRES: 1 <= buckets <= 2^31.
uint32_t JumpHash(uint64_t key, uint32_t buckets);

class JumpPlacement {
 public:
  static absl::StatusOr<JumpPlacement> Create(uint32_t replication);

  // InvalidArgument for a weight other than 1 (jump hash has none).
  absl::Status AddNode(std::string_view name, uint32_t weight = 1);
  // FailedPrecondition unless `name` is the last node added.
  absl::Status RemoveNode(std::string_view name);

  void LookupHash(uint64_t key_hash,
                  std::vector<std::string_view>* owners) const;

  size_t node_count() const { return members_.size(); }
  uint32_t replication() const { return replication_; }

 private:
  explicit JumpPlacement(uint32_t replication) : replication_(replication) {}

  uint32_t replication_;
  Members members_;  // bucket i is members_.all()[i]
};

static_assert(Placement<JumpPlacement>);

}  // namespace stepwise::core::hashring

#endif  // STEPWISE_CORE_HASHRING_JUMP_H_
