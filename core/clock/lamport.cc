#include "core/clock/lamport.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <string>

#include "absl/status/status.h"

namespace stepwise::core::clock {

LamportClock::LamportClock(uint64_t time) : time_(time) {
  assert(time <= kMaxTime);
}

uint64_t LamportClock::Tick() {
  // Reachable only after 2^62 local events past kMaxTime: a programming
  // error (a loop that never stops), not an input.
  assert(time_ < std::numeric_limits<uint64_t>::max());
  ++time_;
  return time_;
}

absl::StatusOr<uint64_t> LamportClock::Receive(uint64_t message_time) {
  // A peer's stamp is input: refuse rather than assert, and keep the clock.
  if (message_time > kMaxTime) {
    return absl::OutOfRangeError("Lamport time " +
                                 std::to_string(message_time) +
                                 " of a received message is above the limit " +
                                 std::to_string(kMaxTime));
  }
  [[maybe_unused]] const uint64_t before = time_;
  time_ = std::max(time_, message_time);
  const uint64_t stamp = Tick();
  assert(stamp > before && stamp > message_time);
  return stamp;
}

}  // namespace stepwise::core::clock
