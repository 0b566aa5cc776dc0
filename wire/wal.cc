#include "wire/wal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/codec/codec.h"
#include "core/raft/raft.h"
#include "wire/crc32c.h"

namespace stepwise::wire {
namespace {

namespace fs = std::filesystem;
using core::raft::Entry;

constexpr std::string_view kSegmentPrefix = "wal-";
constexpr std::string_view kSegmentSuffix = ".log";
constexpr std::string_view kTempSuffix = ".tmp";
constexpr size_t kSequenceDigits = 10;
// A codec body never nests deeper than an Entry's command (a handful).
constexpr uint32_t kMaxPayloadDepth = 16;
// Room for a segment header and a small entry.
constexpr uint64_t kMinRecordLimit = 64;

void PutU32(uint32_t value, char* out) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>(value >> (8 * i));
}

uint32_t GetU32(std::string_view bytes) {
  assert(bytes.size() >= 4);
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    value |= uint32_t{static_cast<uint8_t>(bytes[i])} << (8 * i);
  }
  return value;
}

// Reserves a record header at the end of *out; FinishRecord fills it in once
// the payload has been appended after it.
size_t StartRecord(RecordType type, std::string* out) {
  const size_t start = out->size();
  out->append(kRecordHeaderBytes, '\0');
  (*out)[start + 8] = static_cast<char>(type);
  return start;
}

void FinishRecord(size_t start, std::string* out) {
  const size_t length = out->size() - start - kRecordHeaderBytes;
  assert(length <= UINT32_MAX);
  const std::string_view typed_payload =
      std::string_view(*out).substr(start + kRecordHeaderBytes - 1);
  PutU32(static_cast<uint32_t>(length), out->data() + start);
  PutU32(MaskCrc32c(Crc32c(typed_payload)), out->data() + start + 4);
}

std::string_view TypeName(uint8_t type) {
  switch (static_cast<RecordType>(type)) {
    case RecordType::kSegmentHeader:
      return "segment header";
    case RecordType::kHardState:
      return "hard state";
    case RecordType::kEntries:
      return "entries";
    case RecordType::kSnapshot:
      return "snapshot";
  }
  return "unknown";
}

// Debian's Abseil does not alias std::string_view, so StrCat needs this.
absl::string_view Sv(std::string_view view) {
  return absl::string_view(view.data(), view.size());
}

std::string ErrnoText(int error) {
  return std::error_code(error, std::generic_category()).message();
}

absl::Status IoError(std::string_view what, std::string_view path, int error) {
  return absl::InternalError(
      absl::StrCat(Sv(what), " ", Sv(path), ": ", ErrnoText(error)));
}

// A status with the same code whose message names where it happened.
absl::Status At(std::string_view name, size_t offset,
                const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat(Sv(name), ": offset ", offset,
                                                  ": ", status.message()));
}

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

template <typename T>
absl::StatusOr<T> DecodePayload(std::string_view payload, uint8_t type) {
  const core::codec::Limits limits{.max_length = payload.size(),
                                   .max_depth = kMaxPayloadDepth};
  absl::StatusOr<T> decoded = core::codec::DecodeBody<T>(payload, limits);
  if (!decoded.ok()) {
    return absl::DataLossError(absl::StrCat(Sv(TypeName(type)),
                                            " payload does not decode (",
                                            decoded.status().message(), ")"));
  }
  return decoded;
}

absl::Status CheckHeader(const SegmentHeader& header, uint64_t sequence) {
  if (header.magic != kWalMagic) {
    return absl::DataLossError(
        absl::StrCat("bad magic \"", absl::CHexEscape(header.magic),
                     "\" in the segment header (not a stepwise WAL segment)"));
  }
  if (header.version != kWalFormatVersion) {
    return absl::UnimplementedError(
        absl::StrCat("unsupported WAL format version ", header.version,
                     " (this build reads version ", kWalFormatVersion, ")"));
  }
  if (header.sequence != sequence) {
    return absl::DataLossError(absl::StrCat(
        "segment header says sequence ", header.sequence,
        " but the file name says ", sequence, " (renamed or copied file?)"));
  }
  return absl::OkStatus();
}

absl::Status ApplyEntries(EntriesRecord record, DurableState* state) {
  const uint64_t last = state->log.size();
  if (record.first_index == 0) {
    return absl::DataLossError(
        "entries record at index 0 (indexes start at 1)");
  }
  if (record.first_index > last + 1) {
    return absl::DataLossError(absl::StrCat(
        "entries record starts at index ", record.first_index,
        " but the log ends at index ", last, ": a gap in the log"));
  }
  state->log.resize(record.first_index - 1);
  std::move(record.entries.begin(), record.entries.end(),
            std::back_inserter(state->log));
  return absl::OkStatus();
}

// Checks and applies one record whose CRC is good.
absl::Status ApplyRecord(uint8_t type, std::string_view payload, bool first,
                         uint64_t sequence, DurableState* state,
                         std::vector<WalRecord>* records) {
  if (first != (type == static_cast<uint8_t>(RecordType::kSegmentHeader))) {
    return absl::DataLossError(
        first ? absl::StrCat("the first record is a ", Sv(TypeName(type)),
                             " record (type ", int{type},
                             "), not a segment header")
              : std::string("a segment header in the middle of a segment"));
  }
  switch (static_cast<RecordType>(type)) {
    case RecordType::kSegmentHeader: {
      absl::StatusOr<SegmentHeader> header =
          DecodePayload<SegmentHeader>(payload, type);
      if (!header.ok()) return header.status();
      if (absl::Status s = CheckHeader(*header, sequence); !s.ok()) return s;
      if (records != nullptr) records->push_back(*std::move(header));
      return absl::OkStatus();
    }
    case RecordType::kHardState: {
      absl::StatusOr<HardStateRecord> hard =
          DecodePayload<HardStateRecord>(payload, type);
      if (!hard.ok()) return hard.status();
      state->term = hard->term;
      state->voted_for = hard->voted_for;
      if (records != nullptr) records->push_back(*std::move(hard));
      return absl::OkStatus();
    }
    case RecordType::kEntries: {
      absl::StatusOr<EntriesRecord> entries =
          DecodePayload<EntriesRecord>(payload, type);
      if (!entries.ok()) return entries.status();
      if (records != nullptr) records->push_back(*entries);
      return ApplyEntries(*std::move(entries), state);
    }
    case RecordType::kSnapshot:
      return absl::UnimplementedError(
          "a snapshot record: this version does not support snapshots");
  }
  return absl::DataLossError(absl::StrCat("unknown record type ", int{type}));
}

bool AllZero(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(),
                     [](char c) { return c == '\0'; });
}

// Bounds the CRC work of one scan; past it the damage is not called torn.
constexpr uint64_t kScanBudgetBytes = uint64_t{1} << 30;

// Whether a whole data record with a good CRC starts somewhere in `bytes`
// after `from` (or whether the scan gave up). A crash leaves a prefix of the
// last write, so nothing valid can follow a torn record: when something
// does, the record's length field was damaged and acknowledged records would
// be dropped if it were taken for a torn tail.
bool ValidRecordFollows(std::string_view bytes, size_t from,
                        uint64_t max_record_bytes) {
  uint64_t budget = kScanBudgetBytes;
  for (size_t p = from + 1; p + kRecordHeaderBytes <= bytes.size(); ++p) {
    const auto type = static_cast<uint8_t>(bytes[p + 8]);
    if (type < static_cast<uint8_t>(RecordType::kHardState) ||
        type > static_cast<uint8_t>(RecordType::kSnapshot)) {
      continue;
    }
    const uint32_t length = GetU32(bytes.substr(p));
    if (length > max_record_bytes ||
        length > bytes.size() - p - kRecordHeaderBytes) {
      continue;
    }
    if (budget < length + 1) return true;
    budget -= length + 1;
    if (Crc32c(bytes.substr(p + 8, length + 1)) ==
        UnmaskCrc32c(GetU32(bytes.substr(p + 4)))) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string EncodeRecord(const WalRecord& record) {
  std::string out;
  const auto type = static_cast<RecordType>(record.index() + 1);
  const size_t start = StartRecord(type, &out);
  std::visit([&](const auto& value) { core::codec::AppendBody(value, &out); },
             record);
  FinishRecord(start, &out);
  return out;
}

std::string SegmentFileName(uint64_t sequence) {
  assert(sequence >= 1);
  assert(sequence < 10'000'000'000ull);
  return absl::StrFormat("wal-%010u.log", sequence);
}

std::optional<uint64_t> ParseSegmentFileName(std::string_view name) {
  if (name.size() !=
          kSegmentPrefix.size() + kSequenceDigits + kSegmentSuffix.size() ||
      !name.starts_with(kSegmentPrefix) || !name.ends_with(kSegmentSuffix)) {
    return std::nullopt;
  }
  uint64_t sequence = 0;
  for (const char c : name.substr(kSegmentPrefix.size(), kSequenceDigits)) {
    if (c < '0' || c > '9') return std::nullopt;
    sequence = sequence * 10 + static_cast<uint64_t>(c - '0');
  }
  if (sequence == 0) return std::nullopt;
  return sequence;
}

absl::Status ReplaySegment(std::string_view bytes, std::string_view name,
                           bool is_last, DurableState* state,
                           size_t* good_bytes,
                           std::vector<std::string>* warnings,
                           uint64_t max_record_bytes,
                           std::vector<WalRecord>* records) {
  assert(state != nullptr && good_bytes != nullptr && warnings != nullptr);
  *good_bytes = 0;
  const std::optional<uint64_t> sequence = ParseSegmentFileName(BaseName(name));
  if (!sequence.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(Sv(name), ": not a WAL segment file name (wal-",
                     std::string(kSequenceDigits, 'N'), ".log)"));
  }
  size_t offset = 0;
  // A torn record ends replay of the last segment; anywhere else, or in
  // place of the header (segments are renamed into place whole), it is
  // damage.
  auto torn = [&](std::string_view why) {
    if (!is_last || offset == 0) {
      return absl::DataLossError(
          absl::StrCat(Sv(name), ": offset ", offset, ": ", Sv(why),
                       offset == 0 ? " (in the segment header)"
                                   : " (in a segment that is not the last)"));
    }
    if (ValidRecordFollows(bytes, offset, max_record_bytes)) {
      return absl::DataLossError(absl::StrCat(
          Sv(name), ": offset ", offset, ": ", Sv(why),
          ", but a valid record follows it: a damaged record, not a torn "
          "write"));
    }
    warnings->push_back(absl::StrCat(Sv(name), ": offset ", offset,
                                     ": torn record at the end of the log (",
                                     Sv(why), "): the ", bytes.size() - offset,
                                     " bytes from here on are not replayed"));
    return absl::OkStatus();
  };
  while (offset < bytes.size() || offset == 0) {
    const size_t left = bytes.size() - offset;
    if (left < kRecordHeaderBytes) {
      return torn(absl::StrCat("record header cut short: ", left, " of ",
                               kRecordHeaderBytes, " bytes"));
    }
    const uint32_t length = GetU32(bytes.substr(offset));
    const uint32_t stored_crc = UnmaskCrc32c(GetU32(bytes.substr(offset + 4)));
    const auto type = static_cast<uint8_t>(bytes[offset + 8]);
    const size_t available = left - kRecordHeaderBytes;
    if (length > available) {
      return torn(absl::StrCat("payload cut short: the record needs ", length,
                               " bytes, the file has ", available));
    }
    if (length > max_record_bytes) {
      return At(name, offset,
                absl::DataLossError(absl::StrCat("record length ", length,
                                                 " is over the limit of ",
                                                 max_record_bytes, " bytes")));
    }
    const std::string_view typed_payload =
        bytes.substr(offset + kRecordHeaderBytes - 1, length + 1);
    if (Crc32c(typed_payload) != stored_crc) {
      const size_t end = offset + kRecordHeaderBytes + length;
      if (is_last && offset > 0 &&
          (end == bytes.size() || AllZero(bytes.substr(offset)))) {
        return torn("CRC mismatch");
      }
      return At(name, offset,
                absl::DataLossError(absl::StrCat(
                    "CRC mismatch in a record of ", length,
                    " bytes (type byte says ", Sv(TypeName(type)),
                    ") followed by ", bytes.size() - end, " more bytes")));
    }
    if (absl::Status s = ApplyRecord(type, typed_payload.substr(1), offset == 0,
                                     *sequence, state, records);
        !s.ok()) {
      return At(name, offset, s);
    }
    offset += kRecordHeaderBytes + length;
    *good_bytes = offset;
  }
  return absl::OkStatus();
}

// --- Files -------------------------------------------------------------------

namespace {

absl::Status SyncDir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("open directory", dir, errno);
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) return IoError("fsync directory", dir, error);
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("open", path, errno);
  std::string data;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    data.reserve(static_cast<size_t>(st.st_size));
  }
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      return IoError("read", path, error);
    }
    if (n == 0) break;
    data.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return data;
}

// Writes all of `bytes` at `offset`: a short write is continued, a failed one
// is an error.
absl::Status WriteAll(int fd, std::string_view bytes, uint64_t offset,
                      std::string_view path) {
  while (!bytes.empty()) {
    const ssize_t n =
        ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("write", path, errno);
    if (n == 0)
      return absl::InternalError(
          absl::StrCat("write ", Sv(path), ": wrote nothing"));
    bytes.remove_prefix(static_cast<size_t>(n));
    offset += static_cast<uint64_t>(n);
  }
  return absl::OkStatus();
}

struct Segment {
  uint64_t sequence;
  std::string path;
};

// The segments of `dir` in sequence order, checked to be 1, 2, ..., n.
// Leftover temporary segments are removed (`remove_temp`) or reported.
absl::StatusOr<std::vector<Segment>> ListSegments(
    const std::string& dir, bool remove_temp,
    std::vector<std::string>* warnings) {
  std::vector<Segment> segments;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(kSegmentPrefix)) continue;
    const std::string path = it->path().string();
    if (std::optional<uint64_t> sequence = ParseSegmentFileName(name)) {
      segments.push_back({*sequence, path});
    } else if (name.ends_with(kTempSuffix)) {
      // A crash interrupted creating this segment before it was renamed:
      // it holds a header at most, never a record.
      if (remove_temp && ::unlink(path.c_str()) != 0) {
        return IoError("remove", path, errno);
      }
      warnings->push_back(
          absl::StrCat(path, ": unfinished segment from an interrupted roll",
                       remove_temp ? ", removed" : ", ignored"));
    } else {
      return absl::DataLossError(absl::StrCat(
          Sv(path),
          ": unexpected file in the WAL directory (a segment must be "
          "named wal-NNNNNNNNNN.log)"));
    }
  }
  if (ec) {
    return absl::InternalError(
        absl::StrCat("list directory ", dir, ": ", ec.message()));
  }
  std::sort(segments.begin(), segments.end(),
            [](const Segment& a, const Segment& b) {
              return a.sequence < b.sequence;
            });
  for (size_t i = 0; i < segments.size(); ++i) {
    if (segments[i].sequence != i + 1) {
      return absl::DataLossError(absl::StrCat(
          (fs::path(dir) / SegmentFileName(i + 1)).string(),
          ": missing segment (", i == 0 ? "the WAL starts at " : "followed by ",
          fs::path(segments[i].path).filename().string(), ")"));
    }
  }
  return segments;
}

struct Replayed {
  DurableState state;
  size_t last_good_bytes = 0;
  size_t last_size = 0;
};

absl::StatusOr<Replayed> ReplayAll(const std::vector<Segment>& segments,
                                   uint64_t max_record_bytes,
                                   std::vector<std::string>* warnings) {
  Replayed replayed;
  for (size_t i = 0; i < segments.size(); ++i) {
    absl::StatusOr<std::string> bytes = ReadFile(segments[i].path);
    if (!bytes.ok()) return bytes.status();
    const bool is_last = i + 1 == segments.size();
    if (absl::Status s = ReplaySegment(
            *bytes, segments[i].path, is_last, &replayed.state,
            &replayed.last_good_bytes, warnings, max_record_bytes);
        !s.ok()) {
      return s;
    }
    replayed.last_size = bytes->size();
  }
  return replayed;
}

absl::Status TruncateFile(const std::string& path, uint64_t size, bool sync) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return IoError("open", path, errno);
  absl::Status status;
  if (::ftruncate(fd, static_cast<off_t>(size)) != 0) {
    status = IoError("truncate", path, errno);
  } else if (sync && ::fdatasync(fd) != 0) {
    status = IoError("fdatasync", path, errno);
  }
  ::close(fd);
  return status;
}

}  // namespace

// --- Wal ---------------------------------------------------------------------

Wal::Wal(std::string dir, const WalOptions& options)
    : dir_(std::move(dir)), options_(options) {}

Wal::~Wal() {
  if (fd_ >= 0) ::close(fd_);
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

absl::StatusOr<std::unique_ptr<Wal>> Wal::Open(
    const std::string& dir, const WalOptions& options, DurableState* recovered,
    std::vector<std::string>* warnings) {
  assert(recovered != nullptr && warnings != nullptr);
  *recovered = DurableState{};
  if (options.max_record_bytes < kMinRecordLimit ||
      options.max_record_bytes > UINT32_MAX) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_record_bytes must be in [", kMinRecordLimit, ", ",
                     UINT32_MAX, "], not ", options.max_record_bytes));
  }
  std::error_code ec;
  const bool created = fs::create_directories(dir, ec);
  if (ec) {
    return absl::InternalError(
        absl::StrCat("create ", dir, ": ", ec.message()));
  }
  if (created && options.fsync) {
    const fs::path parent = fs::absolute(fs::path(dir)).parent_path();
    if (absl::Status s = SyncDir(parent.string()); !s.ok()) return s;
  }
  std::unique_ptr<Wal> wal(new Wal(dir, options));
  const std::string lock_path = (fs::path(dir) / "LOCK").string();
  wal->lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (wal->lock_fd_ < 0) return IoError("open", lock_path, errno);
  if (::flock(wal->lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(dir, ": the WAL is open elsewhere (", lock_path,
                     " is locked: ", ErrnoText(errno), ")"));
  }

  absl::StatusOr<std::vector<Segment>> segments =
      ListSegments(dir, /*remove_temp=*/true, warnings);
  if (!segments.ok()) return segments.status();
  absl::StatusOr<Replayed> replayed =
      ReplayAll(*segments, options.max_record_bytes, warnings);
  if (!replayed.ok()) return replayed.status();

  if (segments->empty()) {
    if (absl::Status s = wal->CreateSegment(1); !s.ok()) return s;
  } else {
    const Segment& last = segments->back();
    if (replayed->last_good_bytes < replayed->last_size) {
      if (absl::Status s =
              TruncateFile(last.path, replayed->last_good_bytes, options.fsync);
          !s.ok()) {
        return s;
      }
      warnings->push_back(absl::StrCat(last.path, ": truncated to ",
                                       replayed->last_good_bytes, " bytes"));
    }
    if (absl::Status s =
            wal->OpenForAppend(last.sequence, replayed->last_good_bytes);
        !s.ok()) {
      return s;
    }
    wal->stats_.segments = segments->size();
  }
  wal->last_index_ = replayed->state.log.size();
  *recovered = std::move(replayed->state);
  return wal;
}

absl::Status Wal::OpenForAppend(uint64_t sequence, uint64_t size) {
  const std::string path =
      (fs::path(dir_) / SegmentFileName(sequence)).string();
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return IoError("open", path, errno);
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  sequence_ = sequence;
  segment_size_ = size;
  header_bytes_ = EncodeRecord(SegmentHeader{.sequence = sequence}).size();
  return absl::OkStatus();
}

absl::Status Wal::CreateSegment(uint64_t sequence) {
  const std::string path =
      (fs::path(dir_) / SegmentFileName(sequence)).string();
  const std::string temp = absl::StrCat(path, Sv(kTempSuffix));
  const std::string header = EncodeRecord(SegmentHeader{.sequence = sequence});
  const int fd =
      ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("create", temp, errno);
  absl::Status status = WriteAll(fd, header, 0, temp);
  if (status.ok() && options_.fsync && ::fsync(fd) != 0) {
    status = IoError("fsync", temp, errno);
  }
  ::close(fd);
  if (!status.ok()) return status;
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    return IoError("rename to " + path, temp, errno);
  }
  if (options_.fsync) {
    if (absl::Status s = SyncDir(dir_); !s.ok()) return s;
  }
  stats_.segments += 1;
  stats_.bytes_written += header.size();
  return OpenForAppend(sequence, header.size());
}

absl::Status Wal::WriteAndSync(std::string_view bytes) {
  const std::string path =
      (fs::path(dir_) / SegmentFileName(sequence_)).string();
  if (absl::Status s = WriteAll(fd_, bytes, segment_size_, path); !s.ok()) {
    return s;
  }
  segment_size_ += bytes.size();
  if (options_.fsync && ::fdatasync(fd_) != 0) {
    return IoError("fdatasync", path, errno);
  }
  return absl::OkStatus();
}

void Wal::Buffer(const WalRecord& record) {
  pending_ += EncodeRecord(record);
  pending_records_ += 1;
}

void Wal::SaveHardState(uint64_t term, std::optional<core::NodeId> voted_for) {
  Buffer(HardStateRecord{.term = term, .voted_for = voted_for});
}

void Wal::SaveEntries(uint64_t first_index, std::span<const Entry> entries) {
  assert(first_index >= 1);
  assert(first_index <= last_index_ + 1);
  if (first_index == 0 || first_index > last_index_ + 1) {
    // Without asserts, refuse to write a log with a gap that replay would
    // then reject.
    if (pending_error_.ok()) {
      pending_error_ = absl::InvalidArgumentError(
          absl::StrCat("SaveEntries at index ", first_index,
                       " but the log ends at index ", last_index_));
    }
    return;
  }
  BufferEntries(first_index, entries);
  last_index_ = first_index - 1 + entries.size();
}

// Writes the EntriesRecord payload piecewise (codec: a struct is its fields in
// order, a vector its varint count then its elements) so that a batch larger
// than max_record_bytes can be split into records that each fit, without
// copying the entries. Records split this way replay to the same log.
void Wal::BufferEntries(uint64_t first_index, std::span<const Entry> entries) {
  std::string bodies;
  std::vector<size_t> ends;  // ends[i]: where entry i's body ends in `bodies`
  ends.reserve(entries.size());
  for (const Entry& entry : entries) {
    core::codec::AppendBody(entry, &bodies);
    ends.push_back(bodies.size());
  }
  // Two varints of at most 10 bytes each precede the entries.
  constexpr size_t kPrefixBytes = 20;
  size_t next = 0;
  do {
    size_t stop = next;
    const size_t begin = next == 0 ? 0 : ends[next - 1];
    while (stop < entries.size() &&
           (stop == next ||
            kPrefixBytes + ends[stop] - begin <= options_.max_record_bytes)) {
      ++stop;
    }
    const size_t end = stop == 0 ? 0 : ends[stop - 1];
    if (kPrefixBytes + end - begin > options_.max_record_bytes &&
        pending_error_.ok()) {
      pending_error_ = absl::InvalidArgumentError(absl::StrCat(
          "the entry at index ", first_index + next, " encodes to ",
          end - begin, " bytes, more than max_record_bytes (",
          options_.max_record_bytes, ")"));
    }
    const size_t start = StartRecord(RecordType::kEntries, &pending_);
    core::codec::AppendBody(uint64_t{first_index + next}, &pending_);
    core::codec::AppendBody(uint64_t{stop - next}, &pending_);
    pending_.append(bodies, begin, end - begin);
    FinishRecord(start, &pending_);
    pending_records_ += 1;
    next = stop;
  } while (next < entries.size());
}

absl::Status Wal::Sync() {
  if (!broken_.ok()) return broken_;
  if (!pending_error_.ok()) {
    broken_ = pending_error_;
    return broken_;
  }
  if (pending_.empty()) return absl::OkStatus();
  const auto start = std::chrono::steady_clock::now();
  absl::Status status;
  // A segment that holds only its header is never rolled: that would make
  // one file per Sync when segment_bytes is tiny.
  if (segment_size_ >= options_.segment_bytes &&
      segment_size_ > header_bytes_) {
    status = CreateSegment(sequence_ + 1);
  }
  if (status.ok()) status = WriteAndSync(pending_);
  if (!status.ok()) {
    broken_ = absl::Status(
        status.code(),
        absl::StrCat(status.message(),
                     " (the WAL stops accepting writes: reopen it)"));
    return broken_;
  }
  const auto nanos = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(
          std::chrono::steady_clock::now() - start)
          .count());
  stats_.syncs += 1;
  stats_.sync_nanos += nanos;
  stats_.last_sync_nanos = nanos;
  stats_.bytes_written += pending_.size();
  stats_.records_written += pending_records_;
  pending_.clear();
  pending_records_ = 0;
  return absl::OkStatus();
}

absl::StatusOr<DurableState> ReadWal(const std::string& dir,
                                     std::vector<std::string>* warnings) {
  assert(warnings != nullptr);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return absl::NotFoundError(absl::StrCat(dir, ": no such WAL directory"));
  }
  absl::StatusOr<std::vector<Segment>> segments =
      ListSegments(dir, /*remove_temp=*/false, warnings);
  if (!segments.ok()) return segments.status();
  absl::StatusOr<Replayed> replayed =
      ReplayAll(*segments, WalOptions{}.max_record_bytes, warnings);
  if (!replayed.ok()) return replayed.status();
  return std::move(replayed->state);
}

}  // namespace stepwise::wire
