// Hybrid logical clocks (Kulkarni, Demirbas, Madappa, Avva and Leone,
// "Logical Physical Clocks and Consistent Snapshots in Globally Distributed
// Databases", 2014). A timestamp (l, c) is close to physical time, like a
// wall clock, yet respects happened-before like a Lamport clock:
//   * e happened before f          =>  ts(e) < ts(f)   (lexicographic);
//   * a node's timestamps only grow, even when its physical clock steps back;
//   * l is the largest physical time this node has read or heard of, so it
//     stays near physical time; c counts events that share that l.
// Databases use it to stamp transactions (CockroachDB, YugabyteDB, MongoDB).
//
// Physical time is an input (any unit, e.g. ns since an epoch): the caller
// reads its clock and passes the reading, so this stays pure and testable.
//
// Maximum clock offset. Users configure the bound they trust their clock
// synchronization to keep, `max_offset` (epsilon). A received l more than
// epsilon ahead of the local physical reading means a peer's clock (or the
// message) is wrong. Left alone it would drag this node's l ahead of its
// physical time for good, so by default (`OffsetPolicy::kReject`) such a
// message is refused and the clock is unchanged; `kReport` accepts it and
// says how far ahead it was. What is guaranteed (docs/clocks.md; proved in
// spec/clock_proofs.h, tested in proptests/clock_props_test.cc):
//   * always: l >= the physical time read at the latest event;
//   * with kReject: l <= (largest physical time this node has read, or the
//     l it started from) + epsilon, even when physical clocks step back;
//   * if all physical clocks are monotone and within epsilon of each other,
//     kReject never refuses a message and l - pt <= epsilon at every event.
//
// Limits: c is 32 bits. A receive whose c would pass kMaxLogical is refused
// (ResourceExhausted, clock unchanged); locally, when c would pass it within
// one physical reading, `Tick` fails the same way (wait for the physical
// clock to move, as a Snowflake generator waits for the next millisecond).
//
// Thread-safety: a value type; synchronize access to one instance yourself.

#ifndef STEPWISE_CORE_CLOCK_HLC_H_
#define STEPWISE_CORE_CLOCK_HLC_H_

#include <compare>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "core/reflect.h"

namespace stepwise::core::clock {

struct HlcTimestamp {
  uint64_t l = 0;  // the largest physical time known (logical part 1)
  uint32_t c = 0;  // events since l last changed (logical part 2)

  // Equality, hashing and the codec's encoding (messages carry timestamps).
  STEPWISE_FIELDS(HlcTimestamp, l, c)
  // Lexicographic: by l, then by c.
  friend auto operator<=>(const HlcTimestamp&, const HlcTimestamp&) = default;
  // "(l,c)".
  std::string ToString() const;
};

enum class OffsetPolicy {
  kReject,  // refuse a message more than max_offset ahead (clock unchanged)
  kReport,  // accept it, and say so in the receipt
};

struct HlcOptions {
  uint64_t max_offset = 0;  // epsilon, in the unit of physical time
  OffsetPolicy policy = OffsetPolicy::kReject;
};

// What a receive did.
struct HlcReceipt {
  HlcTimestamp time;               // the receive event's timestamp
  uint64_t ahead_by = 0;           // max(0, message l - physical time)
  bool beyond_max_offset = false;  // ahead_by > max_offset (kReport only)
};

class HybridClock {
 public:
  static constexpr uint32_t kMaxLogical = std::numeric_limits<uint32_t>::max();

  // `start` resumes a saved clock (a restarted node must not reuse stamps).
  explicit HybridClock(HlcOptions options = {}, HlcTimestamp start = {});

  // The timestamp of the latest event ((0,0) before the first).
  HlcTimestamp last() const { return last_; }
  const HlcOptions& options() const { return options_; }

  // A local event or a send, at physical reading `physical_time`.
  // ResourceExhausted (clock unchanged) when c is at kMaxLogical and the
  // physical time has not passed l.
  absl::StatusOr<HlcTimestamp> Tick(uint64_t physical_time);

  // A receive of a message stamped `message`, at `physical_time`.
  // OutOfRange (clock unchanged) when, under kReject, message.l is more than
  // max_offset ahead of physical_time; ResourceExhausted (unchanged) when c
  // would pass kMaxLogical.
  absl::StatusOr<HlcReceipt> Receive(HlcTimestamp message,
                                     uint64_t physical_time);

  friend bool operator==(const HybridClock& a, const HybridClock& b) {
    return a.last_ == b.last_ &&
           a.options_.max_offset == b.options_.max_offset &&
           a.options_.policy == b.options_.policy;
  }
  template <typename H>
  friend H AbslHashValue(H h, const HybridClock& clock) {
    return H::combine(std::move(h), clock.last_, clock.options_.max_offset,
                      clock.options_.policy);
  }

 private:
  HlcOptions options_;
  HlcTimestamp last_;
};

}  // namespace stepwise::core::clock

#endif  // STEPWISE_CORE_CLOCK_HLC_H_
