// The saga log as bytes: what a host embedding core/saga/orchestrator.h
// stores durably, and how it reads it back after a crash.
//
// Each time the orchestrator must persist (Orchestrator::must_persist()), the
// host appends SagaLogRecord(orchestrator.log()) to the saga's log file and
// syncs it; after a crash it hands ReadSagaLog's `last` to
// Orchestrator::Recover. No I/O here: the host owns the file.
//
// A record is a 10-byte header, then the body:
//   "SG" (2 bytes), body length (4 bytes, little-endian, at most
//   kMaxSagaLogBodyBytes), masked CRC-32C of the body (4 bytes,
//   little-endian), then the body: the orchestrator's state in the codec's
//   framed encoding (core/codec/codec.h).
// ReadSagaLog never reads past damage: at the first record that is cut
// short, has a bad magic, length or checksum, or does not decode, it stops
// and reports the saga, the record's number and its byte offset; `last` is
// then the record before it (a torn final append after a crash looks like
// this, and the host decides whether to resume from `last`).

#ifndef STEPWISE_WIRE_SAGA_LOG_H_
#define STEPWISE_WIRE_SAGA_LOG_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "core/saga/saga.h"

namespace stepwise::wire {

inline constexpr size_t kSagaLogHeaderBytes = 10;
// A saga log record holds the orchestrator's few counters: far below this.
inline constexpr uint32_t kMaxSagaLogBodyBytes = 4096;

// One record holding `log`, to append to the saga's log.
std::string SagaLogRecord(const core::saga::State& log);

struct SagaLogRead {
  std::optional<core::saga::State> last;  // the last intact record
  size_t records = 0;                     // intact records before any damage
  size_t good_bytes = 0;  // their length from the start of the log
  // OK, or a DataLossError naming the saga, the damaged record (1-based) and
  // the byte offset where it starts.
  absl::Status status;
};

// Reads the records of the log of saga `saga` (a name for the messages).
SagaLogRead ReadSagaLog(std::string_view saga, std::string_view bytes);

}  // namespace stepwise::wire

#endif  // STEPWISE_WIRE_SAGA_LOG_H_
