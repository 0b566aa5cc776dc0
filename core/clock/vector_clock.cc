#include "core/clock/vector_clock.h"

#include <algorithm>
#include <cassert>
#include <limits>

namespace stepwise::core::clock {

const char* OrderName(Order order) {
  switch (order) {
    case Order::kBefore:
      return "before";
    case Order::kAfter:
      return "after";
    case Order::kConcurrent:
      return "concurrent";
    case Order::kEqual:
      return "equal";
  }
  return "unknown";
}

VectorClock::VectorClock(size_t nodes) : entries_(nodes, 0) {
  assert(nodes >= 1);
  assert(nodes <= kMaxNodes);
}

absl::StatusOr<VectorClock> VectorClock::FromEntries(
    std::vector<uint64_t> entries) {
  if (entries.empty() || entries.size() > kMaxNodes) {
    return absl::InvalidArgumentError(
        "a vector clock has 1 to " + std::to_string(kMaxNodes) +
        " entries, not " + std::to_string(entries.size()));
  }
  VectorClock clock(entries.size());
  clock.entries_ = std::move(entries);
  return clock;
}

uint64_t VectorClock::at(NodeId node) const {
  assert(node < entries_.size());
  return entries_[node];
}

void VectorClock::Tick(NodeId self) {
  assert(self < entries_.size());
  // Only `self` advances its entry, one per event: 2^64 events never come.
  assert(entries_[self] < std::numeric_limits<uint64_t>::max());
  ++entries_[self];
}

absl::Status VectorClock::Receive(NodeId self, const VectorClock& message) {
  assert(self < entries_.size());
  if (message.size() != size()) {
    return absl::InvalidArgumentError(
        "received vector clock has " + std::to_string(message.size()) +
        " entries, this cluster " + std::to_string(size()));
  }
  if (message.entries_[self] > entries_[self]) {
    return absl::InvalidArgumentError(
        "received vector clock " + message.ToString() + " has seen " +
        std::to_string(message.entries_[self]) + " events of node " +
        std::to_string(self) + ", which has had only " +
        std::to_string(entries_[self]));
  }
  Merge(message);
  Tick(self);
  return absl::OkStatus();
}

void VectorClock::Merge(const VectorClock& other) {
  assert(other.size() == size());
  for (size_t i = 0; i < entries_.size(); ++i) {
    entries_[i] = std::max(entries_[i], other.entries_[i]);
  }
}

std::string VectorClock::ToString() const {
  std::string out = "[";
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (i > 0) out += ",";
    out += std::to_string(entries_[i]);
  }
  return out + "]";
}

Order Compare(const VectorClock& a, const VectorClock& b) {
  assert(a.size() == b.size());
  bool some_less = false;     // an entry where a < b
  bool some_greater = false;  // an entry where a > b
  for (size_t i = 0; i < a.size(); ++i) {
    const uint64_t x = a.entries()[i];
    const uint64_t y = b.entries()[i];
    some_less = some_less || x < y;
    some_greater = some_greater || x > y;
  }
  if (some_less && some_greater) return Order::kConcurrent;
  if (some_less) return Order::kBefore;
  if (some_greater) return Order::kAfter;
  return Order::kEqual;
}

}  // namespace stepwise::core::clock
