// Rendezvous, or highest-random-weight, hashing (Thaler and Ravishankar,
// 1996), with weights (a node's score is weight / -ln(u) for its uniform
// hash u of the key, so it wins in proportion to its weight).
//
// Every node scores every key; the owners are the `replication` highest
// scores. Adding a node changes a key's owners only if the new node scores
// among its top ones; removing a node only changes keys it owned. No table
// and no virtual nodes, but a lookup costs one hash per node: O(nodes).
//
// Thread-safety: as placement.h.

#ifndef STEPWISE_CORE_HASHRING_RENDEZVOUS_H_
#define STEPWISE_CORE_HASHRING_RENDEZVOUS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/hashring/placement.h"

namespace stepwise::core::hashring {

class RendezvousPlacement {
 public:
  static absl::StatusOr<RendezvousPlacement> Create(uint32_t replication);

  absl::Status AddNode(std::string_view name, uint32_t weight = 1);
  absl::Status RemoveNode(std::string_view name);

  void LookupHash(uint64_t key_hash,
                  std::vector<std::string_view>* owners) const;

  size_t node_count() const { return members_.size(); }
  uint32_t replication() const { return replication_; }

 private:
  explicit RendezvousPlacement(uint32_t replication)
      : replication_(replication) {}

  uint32_t replication_;
  Members members_;
  bool equal_weights_ = true;  // then scores compare as raw hashes
};

static_assert(Placement<RendezvousPlacement>);

}  // namespace stepwise::core::hashring

#endif  // STEPWISE_CORE_HASHRING_RENDEZVOUS_H_
