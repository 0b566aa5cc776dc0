#include "core/codec/codec.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace stepwise::core::codec {

bool Reader::Fail(std::string_view what) { return FailAt(offset_, what); }

bool Reader::FailAt(size_t offset, std::string_view what) {
  if (status_.ok()) {
    status_ = absl::InvalidArgumentError(
        absl::StrCat(std::string(what), " at byte offset ", offset));
  }
  return false;
}

bool Reader::SlowVarint(uint64_t* value) {
  if (!ok()) return false;
  uint64_t result = 0;
  const size_t start = offset_;
  for (int shift = 0; shift < 64; shift += 7) {
    if (offset_ >= data_.size()) {
      offset_ = start;
      return Fail("truncated varint");
    }
    const uint8_t byte = static_cast<uint8_t>(data_[offset_++]);
    if (shift == 63 && byte > 1) {
      offset_ = start;
      return Fail("varint overflows 64 bits");
    }
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      // Canonical form: no redundant trailing zero groups.
      if (byte == 0 && shift > 0) {
        offset_ = start;
        return Fail("non-minimal varint");
      }
      *value = result;
      return true;
    }
  }
  offset_ = start;
  return Fail("varint longer than 10 bytes");
}

bool Reader::Zigzag(int64_t* value) {
  uint64_t raw = 0;
  if (!Varint(&raw)) return false;
  *value = static_cast<int64_t>((raw >> 1) ^ (~(raw & 1) + 1));
  return true;
}

bool Reader::Byte(uint8_t* value) {
  if (!ok()) return false;
  if (offset_ >= data_.size()) return Fail("truncated buffer");
  *value = static_cast<uint8_t>(data_[offset_++]);
  return true;
}

bool Reader::Bytes(size_t count, std::string_view* bytes) {
  if (!ok()) return false;
  if (count > remaining()) {
    return Fail(absl::StrCat("truncated buffer: need ", count, " bytes, have ",
                             remaining()));
  }
  *bytes = data_.substr(offset_, count);
  offset_ += count;
  return true;
}

bool Reader::Length(std::string_view what, size_t min_element_bytes,
                    uint64_t* length) {
  const size_t start = offset_;
  if (!Varint(length)) return false;
  if (*length > limits_.max_length) {
    offset_ = start;
    return Fail(absl::StrCat(std::string(what), " length ", *length,
                             " exceeds limit ", limits_.max_length));
  }
  const size_t left = remaining();  // after the length prefix
  if (min_element_bytes > 0 && *length > left / min_element_bytes) {
    offset_ = start;
    return Fail(absl::StrCat("truncated buffer: ", std::string(what),
                             " length ", *length, " but only ", left,
                             " bytes left"));
  }
  return true;
}

bool Reader::EnterNested() {
  if (!ok()) return false;
  if (depth_ >= limits_.max_depth) return Fail("nesting too deep");
  ++depth_;
  return true;
}

absl::Status CheckVersion(Reader& r) {
  uint8_t version = 0;
  if (!r.Byte(&version)) return r.status();
  if (version != kFormatVersion) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown format version ", version,
                     " at byte offset 0 (expected ", kFormatVersion, ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckFullyConsumed(const Reader& r) {
  if (r.remaining() != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        r.remaining(), " trailing bytes at byte offset ", r.offset()));
  }
  return absl::OkStatus();
}

}  // namespace stepwise::core::codec
