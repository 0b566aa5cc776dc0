#include "core/hashring/rendezvous.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>

namespace stepwise::core::hashring {
namespace {

struct Scored {
  double score;
  uint64_t hash;  // the node's hash of the key: breaks ties, and is the
                  // score itself when weights are equal
  uint32_t member;
};

// a ranks above b. Names break exact ties, so the order does not depend on
// the order nodes joined.
bool Above(const Scored& a, const Scored& b, const std::vector<Member>& all) {
  if (a.score != b.score) return a.score > b.score;
  if (a.hash != b.hash) return a.hash > b.hash;
  return all[a.member].name < all[b.member].name;
}

}  // namespace

absl::StatusOr<RendezvousPlacement> RendezvousPlacement::Create(
    uint32_t replication) {
  if (absl::Status status = CheckReplication(replication); !status.ok()) {
    return status;
  }
  return RendezvousPlacement(replication);
}

absl::Status RendezvousPlacement::AddNode(std::string_view name,
                                          uint32_t weight) {
  if (absl::Status status = members_.CheckAdd(name, weight); !status.ok()) {
    return status;
  }
  members_.Add(name, weight);
  equal_weights_ = true;
  for (const Member& member : members_.all()) {
    equal_weights_ = equal_weights_ && member.weight == weight;
  }
  return absl::OkStatus();
}

absl::Status RendezvousPlacement::RemoveNode(std::string_view name) {
  const int index = members_.Find(name);
  if (index < 0) return members_.NotFound(name);
  members_.Remove(static_cast<size_t>(index));
  equal_weights_ = true;
  for (const Member& member : members_.all()) {
    equal_weights_ =
        equal_weights_ && member.weight == members_.all()[0].weight;
  }
  return absl::OkStatus();
}

void RendezvousPlacement::LookupHash(
    uint64_t key_hash, std::vector<std::string_view>* owners) const {
  owners->clear();
  const std::vector<Member>& all = members_.all();
  const size_t want = std::min<size_t>(replication_, all.size());
  if (want == 0) return;
  // The best `want` so far, best first (want <= kMaxReplication: insertion
  // into a short array beats a heap).
  std::array<Scored, kMaxReplication> best{};
  size_t kept = 0;
  for (uint32_t m = 0; m < all.size(); ++m) {
    const uint64_t h = Mix64(key_hash ^ all[m].hash);
    // Equal weights: the top 53 bits themselves (exact in a double), which
    // order nodes as u does below, so a change of mode moves no key.
    double score = static_cast<double>(h >> 11);
    if (!equal_weights_) {
      // u uniform in (0, 1) from the top 53 bits; -ln(u) > 0.
      const double u =
          (static_cast<double>(h >> 11) + 0.5) / 9007199254740992.0;
      score = static_cast<double>(all[m].weight) / -std::log(u);
    }
    const Scored candidate{.score = score, .hash = h, .member = m};
    if (kept == want && !Above(candidate, best[want - 1], all)) continue;
    size_t at = kept < want ? kept++ : want - 1;
    for (; at > 0 && Above(candidate, best[at - 1], all); --at) {
      best[at] = best[at - 1];
    }
    best[at] = candidate;
  }
  assert(kept == want);
  for (size_t i = 0; i < want; ++i) owners->push_back(all[best[i].member].name);
}

}  // namespace stepwise::core::hashring
