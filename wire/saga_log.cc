#include "wire/saga_log.h"

#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/codec/codec.h"
#include "wire/crc32c.h"

namespace stepwise::wire {
namespace {

constexpr char kMagic[2] = {'S', 'G'};

void AppendU32(uint32_t value, std::string* out) {
  for (int shift = 0; shift < 32; shift += 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

uint32_t ReadU32(std::string_view bytes) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) {
    value = (value << 8) | static_cast<uint8_t>(bytes[static_cast<size_t>(i)]);
  }
  return value;
}

}  // namespace

std::string SagaLogRecord(const core::saga::State& log) {
  const std::string body = core::codec::Encode(log);
  std::string record(kMagic, sizeof(kMagic));
  AppendU32(static_cast<uint32_t>(body.size()), &record);
  AppendU32(MaskCrc32c(Crc32c(body)), &record);
  record += body;
  return record;
}

SagaLogRead ReadSagaLog(std::string_view saga, std::string_view bytes) {
  SagaLogRead read;
  size_t offset = 0;
  auto damage = [&](std::string_view what) {
    read.status = absl::DataLossError(absl::StrCat(
        "saga ", std::string(saga), ": log record ", read.records + 1,
        " at byte ", offset, ": ", std::string(what)));
    return read;
  };
  // Each pass consumes a whole record or stops, so at most one pass per
  // header's worth of bytes.
  while (offset < bytes.size()) {
    const std::string_view rest = bytes.substr(offset);
    if (rest.size() < kSagaLogHeaderBytes) {
      return damage(absl::StrCat("cut short (", rest.size(), " of ",
                                 kSagaLogHeaderBytes, " header bytes)"));
    }
    if (std::memcmp(rest.data(), kMagic, sizeof(kMagic)) != 0) {
      return damage("not a saga log record (bad magic)");
    }
    const uint32_t length = ReadU32(rest.substr(2, 4));
    if (length > kMaxSagaLogBodyBytes) {
      return damage(absl::StrCat("body length ", length, " over the limit ",
                                 kMaxSagaLogBodyBytes));
    }
    const std::string_view after_header = rest.substr(kSagaLogHeaderBytes);
    if (after_header.size() < length) {
      return damage(absl::StrCat("cut short (", after_header.size(), " of ",
                                 length, " body bytes)"));
    }
    const std::string_view body = after_header.substr(0, length);
    if (UnmaskCrc32c(ReadU32(rest.substr(6, 4))) != Crc32c(body)) {
      return damage("checksum mismatch");
    }
    absl::StatusOr<core::saga::State> state =
        core::codec::Decode<core::saga::State>(body);
    if (!state.ok()) {
      return damage(absl::StrCat("body does not decode (",
                                 std::string(state.status().message()),
                                 ", counted from the body's start)"));
    }
    read.last = *std::move(state);
    ++read.records;
    offset += kSagaLogHeaderBytes + length;
    read.good_bytes = offset;
  }
  return read;
}

}  // namespace stepwise::wire
