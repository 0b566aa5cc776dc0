// The runner's write-ahead log: Raft's durable state (term, vote, log) on disk.
//
// The node buffers records (SaveHardState, SaveEntries) while it handles a
// batch of events and calls Sync() once before any message or reply of that
// batch leaves the node: many records, one fdatasync.
//
// On-disk format (version 1)
// --------------------------
// A WAL is a directory of segment files `wal-0000000001.log`,
// `wal-0000000002.log`, ... (10-digit decimal sequence numbers, starting at 1,
// no gaps). Other files are ignored, except `wal-*.tmp` (a segment whose
// creation a crash interrupted: Open removes it) and the `LOCK` file Open
// holds with flock so two processes never append to the same WAL.
//
// A segment is a sequence of records:
//
//   [u32 LE payload length][u32 LE masked CRC-32C][u8 type][payload]
//
// The CRC covers the type byte and the payload, and is masked (crc32c.h says
// why). The length is checked against WalOptions::max_record_bytes before
// anything is allocated. Payloads are codec bodies (core/codec/codec.h,
// unframed: the segment header carries the format version) of:
//
//   type 1  SegmentHeader    {magic "stepwise-wal", version 1, sequence}
//           always and only the first record of a segment, so a renamed or
//           foreign file is caught;
//   type 2  HardStateRecord  {term, voted_for}: replaces the term and vote;
//   type 3  EntriesRecord    {first_index, entries}: the entries at
//           first_index, first_index+1, ... replace the log from first_index
//           on (first_index <= last index + 1, so the log never has gaps);
//   type 4  reserved for snapshots (reading one is an "unsupported" error).
//
// Type 0 is never written, so zero-filled bytes never pass as a record.
//
// Replay applies records in order across segments sorted by sequence. New
// segments are written as `wal-N.tmp` with their header, synced, renamed and
// the directory synced, so a segment file always starts with a whole header.
// Segments are never deleted yet: there are no snapshots.
//
// Damage: a torn record at the very end of the last segment is what a crash
// during a write leaves; it was never acknowledged (Sync had not returned), so
// it is cut off with a warning. A record is torn when its header or payload
// is cut short by the end of the file, when its CRC fails and it ends exactly
// at the end of the file, or when its CRC fails and everything from it to the
// end of the file is zero bytes (a file extended but not yet filled when the
// machine stopped). Anything else is an error naming file, offset and what is
// wrong: never skipped, never a crash.
//
// Thread-safety: a Wal is used by one thread; the free functions are pure.

#ifndef STEPWISE_WIRE_WAL_H_
#define STEPWISE_WIRE_WAL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/protocol.h"
#include "core/raft/raft.h"
#include "core/reflect.h"

namespace stepwise::wire {

// Raft's durable state (term, vote, log) as the WAL recovers it.
struct DurableState {
  uint64_t term = 0;
  std::optional<core::NodeId> voted_for;
  std::vector<core::raft::Entry> log;  // log[i-1] is index i
  friend bool operator==(const DurableState&, const DurableState&) = default;
};

struct WalOptions {
  uint64_t segment_bytes = 64ull << 20;  // roll to a new segment file past this
  bool fsync = true;  // false only for tests/benchmarks that say so
  // A length field above this is damage, never allocated. Also the largest
  // record Sync writes: larger batches of entries are split. At least 64.
  uint64_t max_record_bytes = 64ull << 20;
};

struct WalStats {
  uint64_t syncs = 0;       // Sync() calls that wrote something
  uint64_t sync_nanos = 0;  // total time spent in write+fdatasync
  uint64_t last_sync_nanos = 0;
  uint64_t bytes_written = 0;    // all bytes, segment headers included
  uint64_t records_written = 0;  // hard state and entries records
  uint64_t segments = 0;         // segment files now in the directory
};

// --- Records ----------------------------------------------------------------

enum class RecordType : uint8_t {
  kSegmentHeader = 1,
  kHardState = 2,
  kEntries = 3,
  kSnapshot = 4,  // reserved
};

inline constexpr std::string_view kWalMagic = "stepwise-wal";
inline constexpr uint64_t kWalFormatVersion = 1;
// length + CRC + type.
inline constexpr size_t kRecordHeaderBytes = 9;

struct SegmentHeader {
  std::string magic{kWalMagic};
  uint64_t version = kWalFormatVersion;
  uint64_t sequence = 0;
  STEPWISE_FIELDS(SegmentHeader, magic, version, sequence)
};
struct HardStateRecord {
  uint64_t term = 0;
  std::optional<core::NodeId> voted_for;
  STEPWISE_FIELDS(HardStateRecord, term, voted_for)
};
struct EntriesRecord {
  uint64_t first_index = 1;
  std::vector<core::raft::Entry> entries;
  STEPWISE_FIELDS(EntriesRecord, first_index, entries)
};
using WalRecord = std::variant<SegmentHeader, HardStateRecord, EntriesRecord>;

// The record's bytes as a segment holds them (header, CRC, type, payload).
std::string EncodeRecord(const WalRecord& record);

// "wal-0000000042.log" for 42, and back (nullopt for any other name).
std::string SegmentFileName(uint64_t sequence);
std::optional<uint64_t> ParseSegmentFileName(std::string_view name);

// Replays the bytes of one segment onto *state. `name` is the segment's file
// name or path (its last component must be the segment's file name: the
// header's sequence is checked against it) and prefixes every message.
// `is_last` says whether a torn tail is allowed (see the top of this file);
// when there is one, a warning is appended and *good_bytes (always set on
// success) is where it starts. When `records` is not null, every record
// replayed, header included, is appended to it. On error *state is partly
// updated and must be discarded.
absl::Status ReplaySegment(
    std::string_view bytes, std::string_view name, bool is_last,
    DurableState* state, size_t* good_bytes, std::vector<std::string>* warnings,
    uint64_t max_record_bytes = WalOptions{}.max_record_bytes,
    std::vector<WalRecord>* records = nullptr);

// --- The log -----------------------------------------------------------------

class Wal {
 public:
  // Opens (creating if needed) the WAL in `dir` and replays every segment
  // into *recovered. A torn tail of the last segment is truncated (and the
  // truncation synced) with a warning naming file and offset; any other
  // damage is an error Status naming file, offset and what is wrong.
  static absl::StatusOr<std::unique_ptr<Wal>> Open(
      const std::string& dir, const WalOptions& options,
      DurableState* recovered, std::vector<std::string>* warnings);

  // Records not synced when the Wal is destroyed are lost: they were never
  // acknowledged.
  ~Wal();
  Wal(const Wal&) = delete;
  Wal& operator=(const Wal&) = delete;

  // Buffer a record in memory (no I/O).
  void SaveHardState(uint64_t term, std::optional<core::NodeId> voted_for);
  // The entries at first_index, first_index+1, ... replace everything at and
  // after first_index (a truncation when the node's log was cut on conflict;
  // no entries at all is a pure truncation).
  // REQUIRES: 1 <= first_index <= last_index() + 1 (asserted; without
  // asserts a violation makes Sync fail rather than write a gap).
  void SaveEntries(uint64_t first_index,
                   std::span<const core::raft::Entry> entries);
  bool HasPending() const { return !pending_.empty(); }
  // The log's last index once everything saved so far is synced.
  uint64_t last_index() const { return last_index_; }

  // Writes every buffered record and fdatasyncs once. Rolls to a new segment
  // first when the current one holds records and is at or past
  // segment_bytes. After an I/O error the WAL's file state is unknown (a
  // failed fdatasync may have dropped pages), so this and every later Sync
  // fail: reopen to recover.
  absl::Status Sync();

  const WalStats& stats() const { return stats_; }
  const std::string& dir() const { return dir_; }

 private:
  Wal(std::string dir, const WalOptions& options);
  absl::Status OpenForAppend(uint64_t sequence, uint64_t size);
  absl::Status CreateSegment(uint64_t sequence);
  absl::Status WriteAndSync(std::string_view bytes);
  void Buffer(const WalRecord& record);
  void BufferEntries(uint64_t first_index,
                     std::span<const core::raft::Entry> entries);

  std::string dir_;
  WalOptions options_;
  WalStats stats_;
  int lock_fd_ = -1;
  int fd_ = -1;  // the last segment, open for writing
  uint64_t sequence_ = 0;
  uint64_t segment_size_ = 0;
  uint64_t header_bytes_ = 0;  // of the current segment
  uint64_t last_index_ = 0;
  std::string pending_;
  uint64_t pending_records_ = 0;
  absl::Status pending_error_;  // a record Save* could not encode
  absl::Status broken_;         // the first I/O error, sticky
};

// Reads a WAL directory without modifying anything (for tests, tools,
// dumps): the same checks as Open, but a torn tail is reported in *warnings
// and not truncated.
absl::StatusOr<DurableState> ReadWal(const std::string& dir,
                                     std::vector<std::string>* warnings);

}  // namespace stepwise::wire

#endif  // STEPWISE_WIRE_WAL_H_
