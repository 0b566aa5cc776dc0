// libFuzzer target for the runner's write-ahead log: see wal_fuzzer.h.

#include "fuzz/wal_fuzzer.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/raft/kv.h"
#include "core/raft/raft.h"
#include "wire/crc32c.h"
#include "wire/wal.h"

namespace stepwise::fuzz {
namespace {

using core::raft::Entry;
using wire::DurableState;
using wire::WalRecord;

constexpr std::string_view kName = "wal-0000000001.log";
// Far above any input libFuzzer makes, so lengths are bounded by the input.
constexpr uint64_t kMaxRecordBytes = uint64_t{1} << 20;

struct Replay {
  bool ok = false;
  DurableState state;
  size_t good_bytes = 0;
  std::vector<std::string> warnings;
  std::vector<WalRecord> records;
};

Replay Run(std::string_view segment, bool is_last) {
  Replay replay;
  replay.ok = wire::ReplaySegment(segment, kName, is_last, &replay.state,
                                  &replay.good_bytes, &replay.warnings,
                                  kMaxRecordBytes, &replay.records)
                  .ok();
  return replay;
}

// The state the records describe, applied independently of the WAL code.
bool ApplyByHand(const std::vector<WalRecord>& records, DurableState* state) {
  for (const WalRecord& record : records) {
    if (const auto* hard = std::get_if<wire::HardStateRecord>(&record)) {
      state->term = hard->term;
      state->voted_for = hard->voted_for;
    } else if (const auto* entries =
                   std::get_if<wire::EntriesRecord>(&record)) {
      if (entries->first_index == 0 ||
          entries->first_index > state->log.size() + 1) {
        return false;
      }
      state->log.resize(entries->first_index - 1);
      state->log.insert(state->log.end(), entries->entries.begin(),
                        entries->entries.end());
    }
  }
  return true;
}

bool Consistent(std::string_view segment, const Replay& replay, bool is_last) {
  if (replay.good_bytes > segment.size()) return false;
  const bool whole = replay.good_bytes == segment.size();
  // A warning exactly when a torn tail was cut, and only in the last segment.
  if (whole != replay.warnings.empty()) return false;
  if (!is_last && !whole) return false;
  if (replay.records.empty() ||
      !std::holds_alternative<wire::SegmentHeader>(replay.records[0])) {
    return false;
  }
  std::string encoded;
  for (const WalRecord& record : replay.records) {
    encoded += wire::EncodeRecord(record);
  }
  if (encoded != segment.substr(0, replay.good_bytes)) return false;
  DurableState by_hand;
  if (!ApplyByHand(replay.records, &by_hand) || !(by_hand == replay.state)) {
    return false;
  }
  if (whole) return true;
  const Replay prefix = Run(encoded, /*is_last=*/false);
  return prefix.ok && prefix.warnings.empty() && prefix.state == replay.state &&
         prefix.records == replay.records;
}

uint32_t GetU32(std::string_view bytes) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    value |= uint32_t{static_cast<uint8_t>(bytes[i])} << (8 * i);
  }
  return value;
}

}  // namespace

WalOutcome CheckWalSegment(std::string_view segment) {
  const Replay last = Run(segment, /*is_last=*/true);
  const Replay middle = Run(segment, /*is_last=*/false);
  // An earlier segment allows strictly less: no torn tail.
  if (middle.ok &&
      (!last.ok || !last.warnings.empty() || !(middle.state == last.state))) {
    return WalOutcome::kMismatch;
  }
  if (middle.ok && !Consistent(segment, middle, /*is_last=*/false)) {
    return WalOutcome::kMismatch;
  }
  if (!last.ok) return WalOutcome::kRejected;
  if (!Consistent(segment, last, /*is_last=*/true)) {
    return WalOutcome::kMismatch;
  }
  return last.warnings.empty() ? WalOutcome::kReplayed : WalOutcome::kTorn;
}

std::string FixWalCrcs(std::string_view segment) {
  std::string fixed(segment);
  size_t offset = 0;
  while (fixed.size() - offset >= wire::kRecordHeaderBytes) {
    const uint32_t length = GetU32(std::string_view(fixed).substr(offset));
    if (length > fixed.size() - offset - wire::kRecordHeaderBytes) break;
    const uint32_t crc = wire::MaskCrc32c(wire::Crc32c(
        std::string_view(fixed).substr(offset + 8, size_t{length} + 1)));
    for (int i = 0; i < 4; ++i) {
      fixed[offset + 4 + i] = static_cast<char>(crc >> (8 * i));
    }
    offset += wire::kRecordHeaderBytes + length;
  }
  return fixed;
}

std::vector<WalSeed> WalSeeds() {
  using wire::EncodeRecord;
  using wire::EntriesRecord;
  using wire::HardStateRecord;
  const Entry noop{.term = 1, .command = core::raft::Noop{}};
  const Entry put{
      .term = 2,
      .command = core::raft::Proposal{.client = 3,
                                      .seq = 1,
                                      .command = {.op = core::raft::KvOp::kPut,
                                                  .key = "k",
                                                  .value = "v",
                                                  .expected = {}}}};
  const Entry cas{
      .term = 2,
      .command = core::raft::Proposal{.client = 3,
                                      .seq = 2,
                                      .command = {.op = core::raft::KvOp::kCas,
                                                  .key = "k",
                                                  .value = "w",
                                                  .expected = "v"}}};
  const std::string header = EncodeRecord(wire::SegmentHeader{.sequence = 1});
  const std::string front =
      header + EncodeRecord(HardStateRecord{.term = 1, .voted_for = 2}) +
      EncodeRecord(EntriesRecord{.first_index = 1, .entries = {noop, noop}}) +
      EncodeRecord(HardStateRecord{.term = 2, .voted_for = std::nullopt}) +
      EncodeRecord(EntriesRecord{.first_index = 3, .entries = {}});
  const std::string valid =
      front +
      EncodeRecord(EntriesRecord{.first_index = 2, .entries = {put, cas}});
  std::string bad_magic = header;
  bad_magic[wire::kRecordHeaderBytes + 1] = 'S';
  return {
      {"seed-header-only", header},
      {"seed-valid", valid},
      {"seed-torn-payload", valid.substr(0, valid.size() - 3)},
      {"seed-torn-header", valid.substr(0, front.size() + 5)},
      {"seed-zero-tail", valid + std::string(32, '\0')},
      {"seed-bad-magic", FixWalCrcs(bad_magic)},
  };
}

}  // namespace stepwise::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using stepwise::fuzz::WalOutcome;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (stepwise::fuzz::CheckWalSegment(input) == WalOutcome::kMismatch ||
      stepwise::fuzz::CheckWalSegment(stepwise::fuzz::FixWalCrcs(input)) ==
          WalOutcome::kMismatch) {
    __builtin_trap();
  }
  return 0;
}
