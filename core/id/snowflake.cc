#include "core/id/snowflake.h"

#include <cassert>
#include <limits>

namespace stepwise::core::id {

absl::Status Validate(const Config& config) {
  const Layout& layout = config.layout;
  if (layout.timestamp_bits == 0 || layout.worker_bits == 0 ||
      layout.sequence_bits == 0) {
    return absl::InvalidArgumentError(
        "snowflake layout: every field needs at least one bit (timestamp " +
        std::to_string(layout.timestamp_bits) + ", worker " +
        std::to_string(layout.worker_bits) + ", sequence " +
        std::to_string(layout.sequence_bits) + ")");
  }
  // Summed in 64 bits so huge widths cannot wrap around to 63.
  const uint64_t sum = uint64_t{layout.timestamp_bits} + layout.worker_bits +
                       layout.sequence_bits;
  if (sum != 63) {
    return absl::InvalidArgumentError(
        "snowflake layout: timestamp, worker and sequence bits must sum to "
        "63, not " +
        std::to_string(sum));
  }
  if (config.worker > FieldMax(layout.worker_bits)) {
    return absl::InvalidArgumentError(
        "snowflake worker id " + std::to_string(config.worker) +
        " does not fit in " + std::to_string(layout.worker_bits) + " bits");
  }
  if (config.epoch_ms > std::numeric_limits<uint64_t>::max() -
                            FieldMax(layout.timestamp_bits) - 1) {
    return absl::InvalidArgumentError(
        "snowflake epoch " + std::to_string(config.epoch_ms) +
        " plus the layout's last millisecond does not fit in 64 bits");
  }
  return absl::OkStatus();
}

bool ValidState(const Config& config, const State& state) {
  if (!state.issued) return state.last_ms == 0 && state.sequence == 0;
  return state.last_ms <= FieldMax(config.layout.timestamp_bits) &&
         state.sequence <= FieldMax(config.layout.sequence_bits);
}

std::string OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kId:
      return "id";
    case Outcome::kWait:
      return "wait";
    case Outcome::kClockBackward:
      return "clock-backward";
    case Outcome::kBeforeEpoch:
      return "before-epoch";
    case Outcome::kTimestampOverflow:
      return "timestamp-overflow";
  }
  return "unknown";
}

uint64_t Encode(const Layout& layout, uint64_t timestamp, uint64_t worker,
                uint64_t sequence) {
  assert(timestamp <= FieldMax(layout.timestamp_bits));
  assert(worker <= FieldMax(layout.worker_bits));
  assert(sequence <= FieldMax(layout.sequence_bits));
  // spec/id_proofs.cc models exactly these shifts and ors.
  return (timestamp << (layout.worker_bits + layout.sequence_bits)) |
         (worker << layout.sequence_bits) | sequence;
}

Decoded Decode(const Config& config, uint64_t id) {
  const Layout& layout = config.layout;
  return {.unix_ms = config.epoch_ms +
                     ((id >> (layout.worker_bits + layout.sequence_bits)) &
                      FieldMax(layout.timestamp_bits)),
          .worker = (id >> layout.sequence_bits) & FieldMax(layout.worker_bits),
          .sequence = id & FieldMax(layout.sequence_bits)};
}

Result Next(const Config& config, const State& state, uint64_t now_ms) {
  assert(Validate(config).ok());
  assert(ValidState(config, state));
  const Layout& layout = config.layout;
  if (now_ms < config.epoch_ms) {
    return {.state = state, .outcome = Outcome::kBeforeEpoch};
  }
  const uint64_t now = now_ms - config.epoch_ms;
  if (now > FieldMax(layout.timestamp_bits)) {
    return {.state = state, .outcome = Outcome::kTimestampOverflow};
  }
  State next{.issued = true, .last_ms = now, .sequence = 0};
  if (state.issued && now < state.last_ms) {
    // The clock went back. Making an id now would reuse a millisecond whose
    // sequence may be spent: wait for the clock to return, or refuse.
    if (config.backward == BackwardPolicy::kRefuse) {
      return {.state = state, .outcome = Outcome::kClockBackward};
    }
    // At the last id's millisecond the sequence continues, unless it is
    // spent there: then one millisecond later (one wait, not two).
    const bool spent = state.sequence == FieldMax(layout.sequence_bits);
    return {.state = state,
            .outcome = Outcome::kWait,
            .wait_until_ms = config.epoch_ms + state.last_ms + (spent ? 1 : 0)};
  }
  if (state.issued && now == state.last_ms) {
    if (state.sequence == FieldMax(layout.sequence_bits)) {
      // Exhausted: carrying into the worker bits would collide with another
      // worker, wrapping to 0 would repeat an id. The next millisecond
      // starts afresh (a refusal there if it is past the layout's end).
      return {.state = state,
              .outcome = Outcome::kWait,
              .wait_until_ms = config.epoch_ms + state.last_ms + 1};
    }
    next.sequence = state.sequence + 1;
  }
  const uint64_t id =
      Encode(layout, next.last_ms, config.worker, next.sequence);
  assert(!state.issued ||
         id > Encode(layout, state.last_ms, config.worker, state.sequence));
  assert(id >> 63 == 0);
  return {.state = next, .outcome = Outcome::kId, .id = id};
}

}  // namespace stepwise::core::id
