// Lamport clocks (Lamport, "Time, Clocks, and the Ordering of Events in a
// Distributed System", CACM 1978): one counter per process, so that if event
// a happened before event b then time(a) < time(b). The converse does not
// hold; vector clocks (vector_clock.h) characterize happened-before exactly.
//
// Use: stamp every local event and every sent message with `Tick()`; on
// receipt, pass the message's stamp to `Receive()`, which returns the receive
// event's stamp. Ties between processes are broken by node id when a total
// order is wanted (time, node).
//
// Limits: a received stamp above kMaxTime is refused (an error, the clock is
// unchanged), so the clock cannot be pushed to overflow by a peer; local
// ticks would need 2^62 more events to reach the top, which is asserted.
//
// Thread-safety: a value type; synchronize access to one instance yourself.

#ifndef STEPWISE_CORE_CLOCK_LAMPORT_H_
#define STEPWISE_CORE_CLOCK_LAMPORT_H_

#include <cstdint>

#include "absl/status/statusor.h"

namespace stepwise::core::clock {

class LamportClock {
 public:
  // Received stamps above this are refused: it leaves 2^62 local ticks of
  // headroom below UINT64_MAX.
  static constexpr uint64_t kMaxTime = uint64_t{1} << 62;

  LamportClock() = default;
  // Resumes from a saved time (a restarted process must not reuse stamps).
  // REQUIRES: time <= kMaxTime.
  explicit LamportClock(uint64_t time);

  // The stamp of the latest event (0 before the first).
  uint64_t time() const { return time_; }

  // A local event or a send: advances the clock and returns its stamp.
  uint64_t Tick();

  // A receive of a message stamped `message_time`: the clock moves past both
  // its own time and the message's. OutOfRange (clock unchanged) when
  // message_time > kMaxTime.
  absl::StatusOr<uint64_t> Receive(uint64_t message_time);

  friend bool operator==(const LamportClock&, const LamportClock&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const LamportClock& clock) {
    return H::combine(std::move(h), clock.time_);
  }

 private:
  uint64_t time_ = 0;
};

}  // namespace stepwise::core::clock

#endif  // STEPWISE_CORE_CLOCK_LAMPORT_H_
