#include "wire/wal.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/raft/kv.h"
#include "core/raft/raft.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "wire/crc32c.h"

namespace stepwise::wire {
namespace {

namespace fs = std::filesystem;
using core::raft::Entry;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::path(::testing::TempDir()) / "wal-XXXXXX");
    path_ = ::mkdtemp(pattern.data());
    EXPECT_FALSE(path_.empty());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Sub(const std::string& name) const { return path_ / name; }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

Entry Put(uint64_t term, const std::string& key, const std::string& value) {
  return Entry{
      .term = term,
      .command = core::raft::Proposal{.client = 7,
                                      .seq = term,
                                      .command = {.op = core::raft::KvOp::kPut,
                                                  .key = key,
                                                  .value = value,
                                                  .expected = {}}}};
}

Entry Noop(uint64_t term) { return Entry{.term = term, .command = {}}; }

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteBytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::unique_ptr<Wal> OpenOrDie(const std::string& dir,
                               const WalOptions& options, DurableState* state,
                               std::vector<std::string>* warnings) {
  absl::StatusOr<std::unique_ptr<Wal>> wal =
      Wal::Open(dir, options, state, warnings);
  EXPECT_TRUE(wal.ok()) << wal.status();
  return wal.ok() ? *std::move(wal) : nullptr;
}

// Loops that reopen a WAL hundreds of times say so and skip fdatasync.
constexpr WalOptions kNoSync{.fsync = false};

TEST(Wal, RoundTripWithTruncationAndReopen) {
  TempDir tmp;
  const std::string dir = tmp.Sub("wal");  // Open creates it
  DurableState state;
  std::vector<std::string> warnings;
  {
    std::unique_ptr<Wal> wal = OpenOrDie(dir, {}, &state, &warnings);
    ASSERT_NE(wal, nullptr);
    EXPECT_EQ(state, DurableState{});
    EXPECT_FALSE(wal->HasPending());
    wal->SaveHardState(1, 2);
    const std::vector<Entry> first = {Noop(1), Put(1, "a", "1"),
                                      Put(1, "b", "2")};
    wal->SaveEntries(1, first);
    EXPECT_TRUE(wal->HasPending());
    ASSERT_TRUE(wal->Sync().ok());
    EXPECT_FALSE(wal->HasPending());
    // A new leader's entry replaces index 3 on.
    wal->SaveHardState(2, std::nullopt);
    const std::vector<Entry> second = {Noop(2)};
    wal->SaveEntries(3, second);
    ASSERT_TRUE(wal->Sync().ok());
    EXPECT_EQ(wal->last_index(), 3u);
  }
  const DurableState expected{
      .term = 2,
      .voted_for = std::nullopt,
      .log = {Noop(1), Put(1, "a", "1"), Noop(2)},
  };
  std::unique_ptr<Wal> wal = OpenOrDie(dir, {}, &state, &warnings);
  ASSERT_NE(wal, nullptr);
  EXPECT_EQ(state, expected);
  EXPECT_THAT(warnings, IsEmpty());
  EXPECT_EQ(wal->last_index(), 3u);

  // Appending after a reopen continues the same segment; an empty batch of
  // entries is a pure truncation.
  wal->SaveEntries(2, {});
  wal->SaveHardState(3, 1);
  ASSERT_TRUE(wal->Sync().ok());
  wal.reset();
  absl::StatusOr<DurableState> read = ReadWal(dir, &warnings);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, (DurableState{.term = 3, .voted_for = 1, .log = {Noop(1)}}));
  EXPECT_THAT(warnings, IsEmpty());
  EXPECT_EQ(fs::exists(fs::path(dir) / SegmentFileName(2)), false);
}

TEST(Wal, SecondOpenOfTheSameDirectoryIsRefused) {
  TempDir tmp;
  DurableState state;
  std::vector<std::string> warnings;
  std::unique_ptr<Wal> wal = OpenOrDie(tmp.path(), kNoSync, &state, &warnings);
  absl::StatusOr<std::unique_ptr<Wal>> again =
      Wal::Open(tmp.path(), kNoSync, &state, &warnings);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  wal.reset();
  EXPECT_NE(OpenOrDie(tmp.path(), kNoSync, &state, &warnings), nullptr);
}

TEST(Wal, ManyRecordsRollSegmentsAndReopen) {
  TempDir tmp;
  const WalOptions options{.segment_bytes = 256, .fsync = false};
  DurableState state;
  std::vector<std::string> warnings;
  DurableState expected;
  {
    std::unique_ptr<Wal> wal =
        OpenOrDie(tmp.path(), options, &state, &warnings);
    ASSERT_NE(wal, nullptr);
    for (uint64_t i = 1; i <= 300; ++i) {
      const uint64_t term = 1 + i / 50;
      if (i % 50 == 0) wal->SaveHardState(term, i % 3);
      // Every seventh batch rewrites the last entry, as a follower does.
      const uint64_t first =
          i % 7 == 0 ? expected.log.size() : expected.log.size() + 1;
      const std::vector<Entry> entries = {Put(term, absl::StrCat("k", i), "v")};
      wal->SaveEntries(first, entries);
      expected.log.resize(first - 1);
      expected.log.push_back(entries[0]);
      if (i % 50 == 0) {
        expected.term = term;
        expected.voted_for = i % 3;
      }
      ASSERT_TRUE(wal->Sync().ok()) << i;
    }
    EXPECT_GT(wal->stats().segments, 10u);
    EXPECT_EQ(wal->stats().segments,
              static_cast<uint64_t>(
                  std::distance(fs::directory_iterator(tmp.path()), {})) -
                  1);  // LOCK
  }
  std::unique_ptr<Wal> wal = OpenOrDie(tmp.path(), options, &state, &warnings);
  ASSERT_NE(wal, nullptr);
  EXPECT_EQ(state, expected);
  EXPECT_THAT(warnings, IsEmpty());
  for (uint64_t s = 1; s <= wal->stats().segments; ++s) {
    EXPECT_TRUE(fs::exists(tmp.path() / SegmentFileName(s))) << s;
  }
}

TEST(Wal, LargeBatchesAreSplitIntoRecordsThatFit) {
  TempDir tmp;
  const WalOptions options{.fsync = false, .max_record_bytes = 200};
  DurableState state;
  std::vector<std::string> warnings;
  std::vector<Entry> entries;
  for (int i = 0; i < 50; ++i) {
    entries.push_back(Put(1, absl::StrCat("key", i), std::string(30, 'x')));
  }
  {
    std::unique_ptr<Wal> wal =
        OpenOrDie(tmp.path(), options, &state, &warnings);
    ASSERT_NE(wal, nullptr);
    wal->SaveEntries(1, entries);
    ASSERT_TRUE(wal->Sync().ok());
    EXPECT_GT(wal->stats().records_written, 10u);
  }
  std::unique_ptr<Wal> wal = OpenOrDie(tmp.path(), options, &state, &warnings);
  ASSERT_NE(wal, nullptr);
  EXPECT_EQ(state.log, entries);

  // One entry that cannot fit: Sync fails, and keeps failing.
  const std::vector<Entry> huge = {Put(1, "big", std::string(500, 'y'))};
  wal->SaveEntries(51, huge);
  const absl::Status status = wal->Sync();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("index 51"));
  EXPECT_FALSE(wal->Sync().ok());
}

TEST(Wal, StatsCountSyncsBytesAndRecords) {
  TempDir tmp;
  DurableState state;
  std::vector<std::string> warnings;
  std::unique_ptr<Wal> wal = OpenOrDie(tmp.path(), {}, &state, &warnings);
  ASSERT_NE(wal, nullptr);
  const uint64_t header_bytes = wal->stats().bytes_written;
  EXPECT_GT(header_bytes, 0u);
  EXPECT_EQ(wal->stats().segments, 1u);
  ASSERT_TRUE(wal->Sync().ok());  // nothing pending: not counted
  EXPECT_EQ(wal->stats().syncs, 0u);
  wal->SaveHardState(1, 1);
  const std::vector<Entry> entries = {Noop(1)};
  wal->SaveEntries(1, entries);
  ASSERT_TRUE(wal->Sync().ok());
  wal->SaveHardState(2, std::nullopt);
  ASSERT_TRUE(wal->Sync().ok());
  const WalStats& stats = wal->stats();
  EXPECT_EQ(stats.syncs, 2u);
  EXPECT_EQ(stats.records_written, 3u);
  EXPECT_EQ(stats.bytes_written,
            fs::file_size(tmp.path() / SegmentFileName(1)));
  EXPECT_GT(stats.last_sync_nanos, 0u);
  EXPECT_GE(stats.sync_nanos, stats.last_sync_nanos);
}

// Builds a WAL whose one segment ends with a record of several bytes, and
// returns the state before that record and where it starts.
struct Built {
  DurableState before_last;
  DurableState all;
  uint64_t last_record_offset = 0;
  std::string segment;  // the whole file
};

Built BuildSegment(const fs::path& dir) {
  Built built;
  std::vector<std::string> warnings;
  std::unique_ptr<Wal> wal = OpenOrDie(dir, kNoSync, &built.all, &warnings);
  wal->SaveHardState(1, 1);
  const std::vector<Entry> first = {Noop(1), Put(1, "x", "y")};
  wal->SaveEntries(1, first);
  EXPECT_TRUE(wal->Sync().ok());
  wal->SaveHardState(2, 3);
  EXPECT_TRUE(wal->Sync().ok());
  built.before_last = {.term = 2, .voted_for = 3, .log = first};
  built.last_record_offset = fs::file_size(dir / SegmentFileName(1));
  const std::vector<Entry> last = {Put(2, "key", "value")};
  wal->SaveEntries(3, last);
  EXPECT_TRUE(wal->Sync().ok());
  wal.reset();
  built.all = built.before_last;
  built.all.log.push_back(last[0]);
  built.segment = ReadBytes(dir / SegmentFileName(1));
  return built;
}

TEST(Wal, TornTailAtEveryByteIsCutWithAWarning) {
  TempDir tmp;
  const Built built = BuildSegment(tmp.path());
  const fs::path file = tmp.path() / SegmentFileName(1);
  for (size_t cut = built.last_record_offset + 1; cut < built.segment.size();
       ++cut) {
    WriteBytes(file, built.segment.substr(0, cut));
    DurableState state;
    std::vector<std::string> warnings;
    // ReadWal reports the tail and leaves the file alone.
    absl::StatusOr<DurableState> read = ReadWal(tmp.path(), &warnings);
    ASSERT_TRUE(read.ok()) << cut << ": " << read.status();
    EXPECT_EQ(*read, built.before_last) << cut;
    ASSERT_THAT(warnings, SizeIs(1)) << cut;
    EXPECT_EQ(fs::file_size(file), cut);
    warnings.clear();
    // Open cuts it off.
    ASSERT_NE(OpenOrDie(tmp.path(), kNoSync, &state, &warnings), nullptr);
    EXPECT_EQ(state, built.before_last) << cut;
    ASSERT_THAT(warnings, SizeIs(2)) << cut;
    EXPECT_THAT(warnings[0], HasSubstr(absl::StrCat(
                                 SegmentFileName(1), ": offset ",
                                 built.last_record_offset, ": torn record")));
    EXPECT_EQ(fs::file_size(file), built.last_record_offset) << cut;
    warnings.clear();
    std::unique_ptr<Wal> wal =
        OpenOrDie(tmp.path(), kNoSync, &state, &warnings);
    EXPECT_EQ(state, built.before_last) << cut;
    EXPECT_THAT(warnings, IsEmpty()) << cut;
    // And the log goes on from there.
    const std::vector<Entry> again = {Noop(3)};
    wal->SaveEntries(3, again);
    ASSERT_TRUE(wal->Sync().ok());
  }
}

TEST(Wal, ZeroFilledTailIsTorn) {
  TempDir tmp;
  const Built built = BuildSegment(tmp.path());
  const fs::path file = tmp.path() / SegmentFileName(1);
  std::string bytes = built.segment.substr(0, built.last_record_offset);
  bytes.append(4096, '\0');
  WriteBytes(file, bytes);
  DurableState state;
  std::vector<std::string> warnings;
  ASSERT_NE(OpenOrDie(tmp.path(), kNoSync, &state, &warnings), nullptr);
  EXPECT_EQ(state, built.before_last);
  EXPECT_THAT(warnings, SizeIs(2));
}

TEST(Wal, FlippedByteInTheLastRecordIsATornTail) {
  TempDir tmp;
  const Built built = BuildSegment(tmp.path());
  const fs::path file = tmp.path() / SegmentFileName(1);
  // Past the length field: a longer or shorter length is checked below.
  for (size_t i = built.last_record_offset + 4; i < built.segment.size(); ++i) {
    std::string bytes = built.segment;
    bytes[i] ^= 0x20;
    WriteBytes(file, bytes);
    std::vector<std::string> warnings;
    absl::StatusOr<DurableState> read = ReadWal(tmp.path(), &warnings);
    ASSERT_TRUE(read.ok()) << i << ": " << read.status();
    EXPECT_EQ(*read, built.before_last) << i;
    ASSERT_THAT(warnings, SizeIs(1)) << i;
    EXPECT_THAT(warnings[0], HasSubstr("CRC mismatch"));
  }
  // In the length field: a longer record runs past the end (torn), a shorter
  // one fails its CRC with bytes after it (an error). Never accepted quietly.
  for (size_t i = built.last_record_offset; i < built.last_record_offset + 4;
       ++i) {
    for (const char flip : {'\x01', '\x80'}) {
      std::string bytes = built.segment;
      bytes[i] ^= flip;
      WriteBytes(file, bytes);
      std::vector<std::string> warnings;
      absl::StatusOr<DurableState> read = ReadWal(tmp.path(), &warnings);
      if (read.ok()) {
        EXPECT_EQ(*read, built.before_last) << i;
        EXPECT_THAT(warnings, SizeIs(1)) << i;
      } else {
        EXPECT_THAT(
            read.status().message(),
            HasSubstr(absl::StrCat("offset ", built.last_record_offset)));
      }
    }
  }
}

TEST(Wal, FlippedByteInAMiddleRecordIsAnErrorNamingFileAndOffset) {
  TempDir tmp;
  const Built built = BuildSegment(tmp.path());
  const fs::path file = tmp.path() / SegmentFileName(1);
  // The hard state record (2, 3) just before the last one.
  const std::string hard =
      EncodeRecord(HardStateRecord{.term = 2, .voted_for = 3});
  const uint64_t start = built.last_record_offset - hard.size();
  ASSERT_EQ(built.segment.substr(start, hard.size()), hard);
  for (size_t i = start; i < built.last_record_offset; ++i) {
    for (const char flip : {'\x01', '\x40', '\x80'}) {
      std::string bytes = built.segment;
      bytes[i] ^= flip;
      WriteBytes(file, bytes);
      std::vector<std::string> warnings;
      absl::StatusOr<DurableState> read = ReadWal(tmp.path(), &warnings);
      ASSERT_FALSE(read.ok()) << i;
      EXPECT_EQ(read.status().code(), absl::StatusCode::kDataLoss);
      EXPECT_THAT(
          read.status().message(),
          HasSubstr(absl::StrCat(SegmentFileName(1), ": offset ", start, ": ")))
          << i;
      DurableState state;
      EXPECT_FALSE(Wal::Open(tmp.path(), kNoSync, &state, &warnings).ok());
      EXPECT_EQ(ReadBytes(file), bytes) << "Open must not modify a damaged WAL";
    }
  }
}

TEST(Wal, TornRecordInASegmentThatIsNotTheLastIsAnError) {
  TempDir tmp;
  const WalOptions options{.segment_bytes = 1, .fsync = false};
  DurableState state;
  std::vector<std::string> warnings;
  {
    std::unique_ptr<Wal> wal =
        OpenOrDie(tmp.path(), options, &state, &warnings);
    for (uint64_t term = 1; term <= 3; ++term) {
      wal->SaveHardState(term, std::nullopt);
      ASSERT_TRUE(wal->Sync().ok());
    }
    EXPECT_EQ(wal->stats().segments, 3u);
  }
  const fs::path second = tmp.path() / SegmentFileName(2);
  const std::string bytes = ReadBytes(second);
  WriteBytes(second, bytes.substr(0, bytes.size() - 1));
  absl::StatusOr<DurableState> read = ReadWal(tmp.path(), &warnings);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr(SegmentFileName(2)));
  EXPECT_THAT(read.status().message(), HasSubstr("not the last"));
}

TEST(Wal, MissingSegmentIsAnError) {
  TempDir tmp;
  const WalOptions options{.segment_bytes = 1, .fsync = false};
  DurableState state;
  std::vector<std::string> warnings;
  {
    std::unique_ptr<Wal> wal =
        OpenOrDie(tmp.path(), options, &state, &warnings);
    for (uint64_t term = 1; term <= 3; ++term) {
      wal->SaveHardState(term, std::nullopt);
      ASSERT_TRUE(wal->Sync().ok());
    }
  }
  fs::remove(tmp.path() / SegmentFileName(2));
  absl::StatusOr<std::unique_ptr<Wal>> wal =
      Wal::Open(tmp.path(), options, &state, &warnings);
  ASSERT_FALSE(wal.ok());
  EXPECT_THAT(wal.status().message(),
              HasSubstr(absl::StrCat(SegmentFileName(2), ": missing segment")));
  fs::remove(tmp.path() / SegmentFileName(1));
  EXPECT_THAT(ReadWal(tmp.path(), &warnings).status().message(),
              HasSubstr(absl::StrCat(SegmentFileName(1), ": missing segment")));
}

TEST(Wal, RenamedSegmentIsAnError) {
  TempDir tmp;
  DurableState state;
  std::vector<std::string> warnings;
  OpenOrDie(tmp.path(), kNoSync, &state, &warnings).reset();
  fs::rename(tmp.path() / SegmentFileName(1), tmp.path() / SegmentFileName(2));
  fs::copy_file(tmp.path() / SegmentFileName(2),
                tmp.path() / SegmentFileName(1));
  absl::StatusOr<DurableState> read = ReadWal(tmp.path(), &warnings);
  EXPECT_THAT(read.status().message(), HasSubstr("renamed"));
  EXPECT_THAT(read.status().message(),
              HasSubstr(absl::StrCat(SegmentFileName(2), ": offset 0")));
}

TEST(Wal, GarbageFileIsAnError) {
  for (const std::string& garbage :
       {std::string(), std::string("hello, world\n"), std::string(100, 'A'),
        std::string(64, '\0')}) {
    TempDir tmp;
    WriteBytes(tmp.path() / SegmentFileName(1), garbage);
    std::vector<std::string> warnings;
    DurableState state;
    absl::StatusOr<std::unique_ptr<Wal>> wal =
        Wal::Open(tmp.path(), kNoSync, &state, &warnings);
    ASSERT_FALSE(wal.ok()) << garbage;
    EXPECT_THAT(wal.status().message(),
                HasSubstr(absl::StrCat(SegmentFileName(1), ": offset 0")));
  }
  // A file that looks like a segment but is not named like one.
  TempDir tmp;
  WriteBytes(tmp.path() / "wal-1.log", "");
  std::vector<std::string> warnings;
  EXPECT_THAT(ReadWal(tmp.path(), &warnings).status().message(),
              HasSubstr("wal-1.log: unexpected file"));
}

TEST(Wal, GapInEntriesIsAnError) {
  TempDir tmp;
  DurableState state;
  std::vector<std::string> warnings;
  OpenOrDie(tmp.path(), kNoSync, &state, &warnings).reset();
  const fs::path file = tmp.path() / SegmentFileName(1);
  const std::string header = ReadBytes(file);
  const std::string first = EncodeRecord(
      EntriesRecord{.first_index = 1, .entries = {Noop(1), Noop(1)}});
  const std::string gap =
      EncodeRecord(EntriesRecord{.first_index = 4, .entries = {Noop(1)}});
  WriteBytes(file, header + first + gap + EncodeRecord(HardStateRecord{}));
  absl::StatusOr<DurableState> read = ReadWal(tmp.path(), &warnings);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(),
              HasSubstr(absl::StrCat(SegmentFileName(1), ": offset ",
                                     header.size() + first.size(),
                                     ": entries record starts at index 4 but "
                                     "the log ends at index 2")));
}

TEST(Wal, UnsupportedAndUndecodableRecords) {
  TempDir tmp;
  DurableState state;
  std::vector<std::string> warnings;
  OpenOrDie(tmp.path(), kNoSync, &state, &warnings).reset();
  const fs::path file = tmp.path() / SegmentFileName(1);
  const std::string header = ReadBytes(file);
  // A record of type `type` with a good CRC around `payload`.
  auto record = [](uint8_t type, const std::string& payload) {
    std::string out(9, '\0');
    out[8] = static_cast<char>(type);
    out += payload;
    const auto length = static_cast<uint32_t>(payload.size());
    const uint32_t crc = MaskCrc32c(Crc32c(std::string_view(out).substr(8)));
    for (int i = 0; i < 4; ++i) {
      out[i] = static_cast<char>(length >> (8 * i));
      out[4 + i] = static_cast<char>(crc >> (8 * i));
    }
    return out;
  };
  const std::string tail =
      EncodeRecord(HardStateRecord{.term = 1, .voted_for = {}});
  struct Case {
    uint8_t type;
    std::string payload;
    std::string message;
    absl::StatusCode code;
  };
  for (const Case& c : {
           Case{4, "x", "snapshot", absl::StatusCode::kUnimplemented},
           Case{9, "x", "unknown record type 9", absl::StatusCode::kDataLoss},
           Case{0, "", "unknown record type 0", absl::StatusCode::kDataLoss},
           Case{2, "\x05\x07", "hard state payload does not decode",
                absl::StatusCode::kDataLoss},
           Case{1, header.substr(9), "segment header in the middle",
                absl::StatusCode::kDataLoss},
       }) {
    WriteBytes(file, header + record(c.type, c.payload) + tail);
    absl::StatusOr<DurableState> read = ReadWal(tmp.path(), &warnings);
    EXPECT_EQ(read.status().code(), c.code) << c.message;
    EXPECT_THAT(read.status().message(),
                HasSubstr(absl::StrCat(": offset ", header.size(), ": ")));
    EXPECT_THAT(read.status().message(), HasSubstr(c.message));
  }
}

TEST(Wal, OverlongLengthIsAnErrorUnlessItIsTheTornTail) {
  TempDir tmp;
  const Built built = BuildSegment(tmp.path());
  const std::string name = SegmentFileName(1);
  DurableState state;
  size_t good = 0;
  std::vector<std::string> warnings;
  const uint64_t limit = 10;  // below any real segment header
  absl::Status status =
      ReplaySegment(built.segment, name, true, &state, &good, &warnings, limit);
  EXPECT_THAT(status.message(), HasSubstr("offset 0: record length"));
  EXPECT_THAT(status.message(), HasSubstr("over the limit of 10 bytes"));
  // The same length reaching past the end of the last segment is torn.
  std::string bytes = built.segment.substr(0, built.last_record_offset);
  bytes += std::string("\xff\xff\xff\x7f", 4) + std::string(10, 'z');
  state = {};
  ASSERT_TRUE(ReplaySegment(bytes, name, true, &state, &good, &warnings).ok());
  EXPECT_EQ(state, built.before_last);
  EXPECT_EQ(good, built.last_record_offset);
  EXPECT_THAT(warnings, SizeIs(1));
  state = {};
  EXPECT_FALSE(
      ReplaySegment(bytes, name, false, &state, &good, &warnings).ok());
  // Open refuses limits too small for a segment header.
  EXPECT_EQ(
      Wal::Open(tmp.Sub("other"), {.max_record_bytes = 10}, &state, &warnings)
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(Wal, ReplaySegmentListsTheRecordsItApplied) {
  TempDir tmp;
  const Built built = BuildSegment(tmp.path());
  DurableState state;
  size_t good = 0;
  std::vector<std::string> warnings;
  std::vector<WalRecord> records;
  ASSERT_TRUE(ReplaySegment(built.segment, SegmentFileName(1), true, &state,
                            &good, &warnings, WalOptions{}.max_record_bytes,
                            &records)
                  .ok());
  EXPECT_EQ(state, built.all);
  EXPECT_EQ(good, built.segment.size());
  std::string encoded;
  for (const WalRecord& record : records) encoded += EncodeRecord(record);
  EXPECT_EQ(encoded, built.segment);
  EXPECT_FALSE(
      ReplaySegment(built.segment, "segment", true, &state, &good, &warnings)
          .ok());
}

TEST(Wal, InterruptedRollLeavesATempFileThatOpenRemoves) {
  TempDir tmp;
  DurableState state;
  std::vector<std::string> warnings;
  OpenOrDie(tmp.path(), kNoSync, &state, &warnings).reset();
  const fs::path temp = tmp.path() / (SegmentFileName(2) + ".tmp");
  WriteBytes(temp, "half a header");
  ASSERT_TRUE(ReadWal(tmp.path(), &warnings).ok());
  EXPECT_THAT(warnings, SizeIs(1));
  EXPECT_TRUE(fs::exists(temp));
  warnings.clear();
  ASSERT_NE(OpenOrDie(tmp.path(), kNoSync, &state, &warnings), nullptr);
  EXPECT_THAT(warnings, SizeIs(1));
  EXPECT_FALSE(fs::exists(temp));
}

TEST(Wal, SegmentFileNames) {
  EXPECT_EQ(SegmentFileName(1), "wal-0000000001.log");
  EXPECT_EQ(ParseSegmentFileName("wal-0000000042.log"), 42u);
  EXPECT_EQ(ParseSegmentFileName("wal-0000000000.log"), std::nullopt);
  EXPECT_EQ(ParseSegmentFileName("wal-000000001.log"), std::nullopt);
  EXPECT_EQ(ParseSegmentFileName("wal-00000000x1.log"), std::nullopt);
  EXPECT_EQ(ParseSegmentFileName("wal-0000000001.log.tmp"), std::nullopt);
}

TEST(Wal, ReadWalOfAMissingDirectoryIsNotFound) {
  TempDir tmp;
  std::vector<std::string> warnings;
  EXPECT_EQ(ReadWal(tmp.Sub("nope"), &warnings).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace stepwise::wire
