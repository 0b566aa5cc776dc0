#include "core/clock/hlc.h"

#include <algorithm>
#include <cassert>

#include "absl/status/status.h"

namespace stepwise::core::clock {
namespace {

// The paper's receive rule for c, given the new l: whichever of the old
// timestamp and the message's carried that l, count one event past the
// larger of their c's; a fresh l from the physical clock starts c at 0.
// Returns c as 64 bits so the caller can check the 32-bit limit.
uint64_t ReceiveLogical(const HlcTimestamp& own, const HlcTimestamp& message,
                        uint64_t l) {
  const uint64_t own_c = own.c;
  const uint64_t message_c = message.c;
  if (l == own.l && l == message.l) return std::max(own_c, message_c) + 1;
  if (l == own.l) return own_c + 1;
  if (l == message.l) return message_c + 1;
  return 0;
}

}  // namespace

std::string HlcTimestamp::ToString() const {
  return "(" + std::to_string(l) + "," + std::to_string(c) + ")";
}

HybridClock::HybridClock(HlcOptions options, HlcTimestamp start)
    : options_(options), last_(start) {}

absl::StatusOr<HlcTimestamp> HybridClock::Tick(uint64_t physical_time) {
  // Send or local event: l' = max(l, pt); c counts on only if l stayed.
  const uint64_t l = std::max(last_.l, physical_time);
  if (l == last_.l && last_.c == kMaxLogical) {
    return absl::ResourceExhaustedError(
        "hybrid clock " + last_.ToString() +
        ": logical counter exhausted until physical time passes " +
        std::to_string(last_.l));
  }
  const HlcTimestamp next{l, l == last_.l ? last_.c + 1 : 0};
  assert(next > last_);
  assert(next.l >= physical_time);
  last_ = next;
  return next;
}

absl::StatusOr<HlcReceipt> HybridClock::Receive(HlcTimestamp message,
                                                uint64_t physical_time) {
  // Written as a difference so that pt + max_offset cannot overflow.
  const uint64_t ahead_by =
      message.l > physical_time ? message.l - physical_time : 0;
  const bool beyond = ahead_by > options_.max_offset;
  if (beyond && options_.policy == OffsetPolicy::kReject) {
    return absl::OutOfRangeError(
        "received hybrid timestamp " + message.ToString() + " is " +
        std::to_string(ahead_by) + " ahead of physical time " +
        std::to_string(physical_time) + ", beyond the max clock offset " +
        std::to_string(options_.max_offset));
  }
  const uint64_t l = std::max({last_.l, message.l, physical_time});
  const uint64_t c = ReceiveLogical(last_, message, l);
  if (c > kMaxLogical) {
    return absl::ResourceExhaustedError("received hybrid timestamp " +
                                        message.ToString() +
                                        ": logical counter exhausted");
  }
  const HlcTimestamp next{l, static_cast<uint32_t>(c)};
  // The Lamport condition in both directions of the receive edge.
  assert(next > last_);
  assert(next > message);
  last_ = next;
  return HlcReceipt{next, ahead_by, beyond};
}

}  // namespace stepwise::core::clock
