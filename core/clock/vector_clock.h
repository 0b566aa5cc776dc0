// Vector clocks (Fidge 1988, Mattern 1989): one counter per process, so that
// for any two events a and b
//   a happened before b   iff  VC(a) < VC(b)  (every entry <=, one <),
//   a and b are concurrent iff  neither VC(a) <= VC(b) nor VC(b) <= VC(a).
// Unlike Lamport clocks (lamport.h) this is an exact characterization, paid
// for with one entry per process. Also usable as a version vector: `Merge`
// is the pointwise maximum, `Compare` the causal order of two versions.
//
// Use: each process holds a VectorClock of the cluster's size and its own
// NodeId. `Tick(self)` for a local event or a send (the message carries a
// copy); `Receive(self, message_clock)` on receipt. `Compare(a, b)` tells
// kBefore / kAfter / kConcurrent / kEqual.
//
// Limits: at most kMaxNodes entries (asserted: the size is configuration).
// A received clock is input and checked, never asserted: a wrong size, or
// one claiming more events of the receiver than it has had (impossible in a
// correct run: only a process advances its own entry), is refused and the
// clock is unchanged. So a peer can never push our own entry to overflow.
//
// Thread-safety: a value type; synchronize access to one instance yourself.

#ifndef STEPWISE_CORE_CLOCK_VECTOR_CLOCK_H_
#define STEPWISE_CORE_CLOCK_VECTOR_CLOCK_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/protocol.h"

namespace stepwise::core::clock {

enum class Order { kBefore, kAfter, kConcurrent, kEqual };

// "before", "after", "concurrent", "equal".
const char* OrderName(Order order);

class VectorClock {
 public:
  static constexpr size_t kMaxNodes = 64;

  // All zeros: no event yet. REQUIRES: 1 <= nodes <= kMaxNodes.
  explicit VectorClock(size_t nodes);

  // A clock from decoded entries (a message's). InvalidArgument when there
  // are none or more than kMaxNodes.
  static absl::StatusOr<VectorClock> FromEntries(std::vector<uint64_t> entries);

  size_t size() const { return entries_.size(); }
  // How many events of `node` this clock has seen. REQUIRES: node < size().
  uint64_t at(NodeId node) const;
  const std::vector<uint64_t>& entries() const { return entries_; }

  // A local event or a send at `self`. REQUIRES: self < size().
  void Tick(NodeId self);

  // A receive at `self` of a message stamped `message`: merge, then tick.
  // InvalidArgument (clock unchanged) when the sizes differ or the message
  // has seen more events of `self` than `self` has. REQUIRES: self < size().
  absl::Status Receive(NodeId self, const VectorClock& message);

  // Pointwise maximum (version vectors: the join of two versions).
  // REQUIRES: other.size() == size().
  void Merge(const VectorClock& other);

  // "[1,0,2]".
  std::string ToString() const;

  friend bool operator==(const VectorClock&, const VectorClock&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const VectorClock& clock) {
    return H::combine(std::move(h), clock.entries_);
  }

 private:
  std::vector<uint64_t> entries_;
};

// The causal order of a and b. REQUIRES: a.size() == b.size().
Order Compare(const VectorClock& a, const VectorClock& b);

}  // namespace stepwise::core::clock

#endif  // STEPWISE_CORE_CLOCK_VECTOR_CLOCK_H_
