#include "core/hashring/jump.h"

#include <algorithm>
#include <cassert>

namespace stepwise::core::hashring {

// Written from the paper's description. The key drives a 64-bit linear
// congruential generator; from bucket b the next jump is to
// floor((b + 1) / r) for r uniform in (0, 1], taken from the generator's
// top 31 bits. The last jump below `buckets` is the answer.
uint32_t JumpHash(uint64_t key, uint32_t buckets) {
  assert(buckets >= 1);
  assert(buckets <= (uint32_t{1} << 31));
  constexpr uint64_t kLcgMultiplier = 2862933555777941757;  // the paper's
  int64_t bucket = -1;
  int64_t next = 0;
  // Each jump is to a larger bucket (r <= 1), so at most `buckets` rounds;
  // about ln(buckets) in expectation.
  for (uint32_t round = 0; round <= buckets && next < int64_t{buckets};
       ++round) {
    bucket = next;
    key = key * kLcgMultiplier + 1;
    const double r_inverse = static_cast<double>(int64_t{1} << 31) /
                             static_cast<double>((key >> 33) + 1);
    next = static_cast<int64_t>(static_cast<double>(bucket + 1) * r_inverse);
    assert(next > bucket);
  }
  assert(bucket >= 0 && bucket < int64_t{buckets});
  return static_cast<uint32_t>(bucket);
}

absl::StatusOr<JumpPlacement> JumpPlacement::Create(uint32_t replication) {
  if (absl::Status status = CheckReplication(replication); !status.ok()) {
    return status;
  }
  return JumpPlacement(replication);
}

absl::Status JumpPlacement::AddNode(std::string_view name, uint32_t weight) {
  if (weight != 1) {
    return absl::InvalidArgumentError(
        "jump consistent hash has no weights (node '" + std::string(name) +
        "', weight " + std::to_string(weight) + ")");
  }
  if (absl::Status status = members_.CheckAdd(name, weight); !status.ok()) {
    return status;
  }
  members_.Add(name, weight);
  return absl::OkStatus();
}

absl::Status JumpPlacement::RemoveNode(std::string_view name) {
  const int index = members_.Find(name);
  if (index < 0) return members_.NotFound(name);
  if (static_cast<size_t>(index) + 1 != members_.size()) {
    return absl::FailedPreconditionError(
        "jump consistent hash removes only the last node added ('" +
        members_.all().back().name + "'), not '" + std::string(name) + "'");
  }
  members_.Remove(static_cast<size_t>(index));
  return absl::OkStatus();
}

void JumpPlacement::LookupHash(uint64_t key_hash,
                               std::vector<std::string_view>* owners) const {
  owners->clear();
  const size_t n = members_.size();
  const size_t want = std::min<size_t>(replication_, n);
  if (want == 0) return;
  const uint32_t first = JumpHash(key_hash, static_cast<uint32_t>(n));
  for (size_t i = 0; i < want; ++i) {
    owners->push_back(members_.all()[(first + i) % n].name);
  }
}

}  // namespace stepwise::core::hashring
