#include "core/hashring/ring.h"

#include <algorithm>
#include <array>
#include <cassert>

namespace stepwise::core::hashring {

absl::StatusOr<HashRing> HashRing::Create(const RingOptions& options) {
  if (absl::Status status = CheckReplication(options.replication);
      !status.ok()) {
    return status;
  }
  if (options.vnodes_per_weight < 1 ||
      options.vnodes_per_weight > kMaxVnodesPerWeight) {
    return absl::InvalidArgumentError(
        "virtual nodes per weight " +
        std::to_string(options.vnodes_per_weight) + " is outside 1.." +
        std::to_string(kMaxVnodesPerWeight));
  }
  return HashRing(options);
}

absl::Status HashRing::AddNode(std::string_view name, uint32_t weight) {
  if (absl::Status status = members_.CheckAdd(name, weight); !status.ok()) {
    return status;
  }
  const size_t added = size_t{options_.vnodes_per_weight} * weight;
  if (points_.size() + added > kMaxPoints) {
    return absl::ResourceExhaustedError("node '" + std::string(name) +
                                        "' would take the ring past " +
                                        std::to_string(kMaxPoints) + " points");
  }
  members_.Add(name, weight);
  Rebuild();
  return absl::OkStatus();
}

absl::Status HashRing::RemoveNode(std::string_view name) {
  const int index = members_.Find(name);
  if (index < 0) return members_.NotFound(name);
  members_.Remove(static_cast<size_t>(index));
  Rebuild();
  return absl::OkStatus();
}

// Membership changes are rare next to lookups: rebuilding the sorted points
// keeps member indices simple (they shift when a node leaves).
void HashRing::Rebuild() {
  points_.clear();
  const std::vector<Member>& all = members_.all();
  for (uint32_t m = 0; m < all.size(); ++m) {
    const uint32_t vnodes = options_.vnodes_per_weight * all[m].weight;
    for (uint32_t v = 0; v < vnodes; ++v) {
      points_.push_back({.position = HashString(all[m].name, v), .member = m});
    }
  }
  assert(points_.size() <= kMaxPoints);
  // Ties between positions are broken by name, so the order does not depend
  // on the order in which nodes joined.
  std::sort(points_.begin(), points_.end(),
            [&all](const Point& a, const Point& b) {
              if (a.position != b.position) return a.position < b.position;
              return all[a.member].name < all[b.member].name;
            });
}

void HashRing::LookupHash(uint64_t key_hash,
                          std::vector<std::string_view>* owners) const {
  owners->clear();
  const size_t want = std::min<size_t>(options_.replication, members_.size());
  if (want == 0) return;
  std::array<uint32_t, kMaxReplication> found{};
  size_t i = static_cast<size_t>(
      std::lower_bound(
          points_.begin(), points_.end(), key_hash,
          [](const Point& p, uint64_t h) { return p.position < h; }) -
      points_.begin());
  // Every node has a point, so one full turn finds `want` distinct nodes.
  for (size_t step = 0; step < points_.size() && owners->size() < want;
       ++step, ++i) {
    if (i == points_.size()) i = 0;
    const uint32_t member = points_[i].member;
    if (std::find(found.begin(), found.begin() + owners->size(), member) !=
        found.begin() + owners->size()) {
      continue;
    }
    found[owners->size()] = member;
    owners->push_back(members_.all()[member].name);
  }
  assert(owners->size() == want);
}

}  // namespace stepwise::core::hashring
