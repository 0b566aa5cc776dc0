// Snowflake IDs: 64-bit ids that sort by creation time, made without
// coordination by each worker from its own clock.
//
// An id is, from the most significant bit down (the default layout):
//
//   0 | 41 bits: milliseconds since the epoch | 10 bits: worker | 12 bits:
//   sequence
//
// The top bit stays 0 so ids are positive as int64 too. `Next` is pure: the
// caller reads its clock and passes the time in; `Next` returns the new state
// and either an id, "wait until T" (call again when the clock reads T), or a
// refusal. It never returns an id twice and never a smaller one for the same
// worker: ids of one worker strictly increase, whatever the clock does.
//
//   * A new millisecond starts the sequence at 0; within one millisecond the
//     sequence counts up; when it is exhausted, `Next` says wait for the next
//     millisecond.
//   * The clock stepping backward (NTP, a VM migration) is handled by the
//     configured policy: kWait answers "wait until the last millisecond an id
//     was made in" (the one after, if its sequence is spent), kRefuse refuses
//     (the caller decides: alert, retry later). Neither reuses a timestamp the
//     sequence has already spent.
//   * A time before the epoch, or past the last millisecond the layout can
//     hold, is refused.
//
// Ids of different workers never collide: the worker field is part of every
// id. spec/id_proofs.h proves these laws with Z3 for all inputs and any valid
// layout; proptests/id_props_test.cc checks them against a reference model.
//
// Thread-safety: plain values and pure functions. A worker that makes ids on
// several threads keeps one State behind a mutex (or one worker id per
// thread).

#ifndef STEPWISE_CORE_ID_SNOWFLAKE_H_
#define STEPWISE_CORE_ID_SNOWFLAKE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"

namespace stepwise::core::id {

// Field widths. They must sum to 63 (the sign bit stays clear), and each
// field has at least one bit.
struct Layout {
  uint32_t timestamp_bits = 41;  // 2^41 ms: about 69.7 years after the epoch
  uint32_t worker_bits = 10;     // 1,024 workers
  uint32_t sequence_bits = 12;   // 4,096 ids per worker per millisecond

  friend bool operator==(const Layout&, const Layout&) = default;
};

// What to do when the clock reads earlier than the last id's millisecond.
enum class BackwardPolicy : uint8_t {
  kWait,    // answer kWait until the last id's millisecond
  kRefuse,  // answer kClockBackward
};

// 2020-01-01T00:00:00Z in Unix milliseconds.
inline constexpr uint64_t kDefaultEpochMs = 1577836800000;

struct Config {
  Layout layout;
  uint64_t epoch_ms = kDefaultEpochMs;  // Unix milliseconds of timestamp 0
  uint64_t worker = 0;                  // REQUIRES: < 2^worker_bits
  BackwardPolicy backward = BackwardPolicy::kWait;

  friend bool operator==(const Config&, const Config&) = default;
};

// The largest value of a field of `bits` bits. REQUIRES: 1 <= bits <= 63.
constexpr uint64_t FieldMax(uint32_t bits) { return (uint64_t{1} << bits) - 1; }

// Ok when the layout is usable: each field at least one bit, widths summing
// to 63, the worker id inside its field, and the epoch plus the last
// timestamp inside uint64 (so "wait until" times never overflow).
absl::Status Validate(const Config& config);

// A worker's generator state: the millisecond (since the epoch) and
// sequence of the last id made, if any. The durable part of a generator:
// a worker that restarts must resume from a state no older than its last
// id, or wait until its clock is past that id's millisecond.
struct State {
  bool issued = false;    // has an id been made (else both fields are 0)
  uint64_t last_ms = 0;   // REQUIRES: <= FieldMax(timestamp_bits)
  uint64_t sequence = 0;  // REQUIRES: <= FieldMax(sequence_bits)

  friend bool operator==(const State&, const State&) = default;
};

// Whether `state` is one `Next` can produce under `config` (or the initial
// state).
bool ValidState(const Config& config, const State& state);

enum class Outcome : uint8_t {
  kId,                 // `id` is the new id; `state` records it
  kWait,               // no id now; call again at `wait_until_ms`
  kClockBackward,      // the clock is behind the last id (policy kRefuse)
  kBeforeEpoch,        // now_ms < epoch_ms
  kTimestampOverflow,  // now_ms is past the layout's last millisecond
};

std::string OutcomeName(Outcome outcome);

struct Result {
  State state;  // the new state (unchanged unless outcome is kId)
  Outcome outcome = Outcome::kId;
  uint64_t id = 0;             // when kId
  uint64_t wait_until_ms = 0;  // when kWait: Unix ms at which to call again
};

// The next id of `config.worker` at Unix time `now_ms`.
// REQUIRES: Validate(config).ok() and ValidState(config, state).
Result Next(const Config& config, const State& state, uint64_t now_ms);

// The id of (timestamp since the epoch, worker, sequence) under `layout`:
// the fields shifted into place and or-ed. REQUIRES: each fits its field.
uint64_t Encode(const Layout& layout, uint64_t timestamp, uint64_t worker,
                uint64_t sequence);

struct Decoded {
  uint64_t unix_ms = 0;  // epoch + timestamp
  uint64_t worker = 0;
  uint64_t sequence = 0;

  friend bool operator==(const Decoded&, const Decoded&) = default;
};

// The fields of an id made under `config`'s layout and epoch (any worker).
Decoded Decode(const Config& config, uint64_t id);

}  // namespace stepwise::core::id

#endif  // STEPWISE_CORE_ID_SNOWFLAKE_H_
