#include "core/hashring/placement.h"

#include <cassert>

namespace stepwise::core::hashring {

absl::Status Members::CheckAdd(std::string_view name, uint32_t weight) const {
  if (name.empty() || name.size() > kMaxNameBytes) {
    return absl::InvalidArgumentError("node name must have 1 to " +
                                      std::to_string(kMaxNameBytes) + " bytes");
  }
  if (weight < 1 || weight > kMaxWeight) {
    return absl::InvalidArgumentError(
        "node '" + std::string(name) + "': weight " + std::to_string(weight) +
        " is outside 1.." + std::to_string(kMaxWeight));
  }
  if (Find(name) >= 0) {
    return absl::AlreadyExistsError("node '" + std::string(name) +
                                    "' is already placed");
  }
  if (members_.size() >= kMaxNodes) {
    return absl::ResourceExhaustedError("at most " + std::to_string(kMaxNodes) +
                                        " nodes");
  }
  return absl::OkStatus();
}

void Members::Add(std::string_view name, uint32_t weight) {
  assert(CheckAdd(name, weight).ok());
  members_.push_back({.name = std::string(name),
                      .weight = weight,
                      .hash = HashString(name, kNodeSeed)});
}

int Members::Find(std::string_view name) const {
  for (size_t i = 0; i < members_.size(); ++i) {
    if (members_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

absl::Status Members::NotFound(std::string_view name) const {
  return absl::NotFoundError("no node '" + std::string(name) + "'");
}

void Members::Remove(size_t index) {
  assert(index < members_.size());
  members_.erase(members_.begin() + static_cast<ptrdiff_t>(index));
}

absl::Status CheckReplication(uint32_t replication) {
  if (replication < 1 || replication > kMaxReplication) {
    return absl::InvalidArgumentError(
        "replication " + std::to_string(replication) + " is outside 1.." +
        std::to_string(kMaxReplication));
  }
  return absl::OkStatus();
}

}  // namespace stepwise::core::hashring
