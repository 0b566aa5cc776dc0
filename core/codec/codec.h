// Strict, canonical binary encoding of protocol values.
//
// Wire format (version 1):
//   * unsigned integers and enums: LEB128 varint, minimal length only;
//   * signed integers: zigzag, then varint;
//   * bool: one byte, 0 or 1;
//   * string: varint length, then the bytes;
//   * vector: varint count, then each element;
//   * std::array: each element (the count is part of the type);
//   * optional: one byte (0 absent, 1 present), then the value;
//   * variant: varint alternative index, then the alternative;
//   * tuple / reflected struct (STEPWISE_FIELDS): each field in order.
// A framed value (`Encode` / `Decode`) starts with a one-byte format version.
//
// Every value has exactly one encoding, so decode(encode(x)) == x and
// encode(decode(b)) == b for every b that decodes: the fuzzers check both.
// Decoding never trusts a length: it is checked against `Limits` and against
// the bytes left before anything is allocated. Errors name the byte offset at
// which the offending value (or the container that is too deep) starts.
//
// Thread-safety: Writer and Reader are single-threaded values.

#ifndef STEPWISE_CORE_CODEC_CODEC_H_
#define STEPWISE_CORE_CODEC_CODEC_H_

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/reflect.h"

namespace stepwise::core::codec {

inline constexpr uint8_t kFormatVersion = 1;

struct Limits {
  // Largest string length or element count accepted by the decoder.
  uint64_t max_length = 1 << 20;
  // Deepest nesting of containers accepted by the decoder.
  uint32_t max_depth = 64;
};

// Appends to a string. Bytes go through a raw cursor (the string is grown
// ahead and trimmed when the Writer is destroyed or flushed), because the
// model checker encodes every state it generates.
class Writer {
 public:
  explicit Writer(std::string* out) : out_(out), length_(out->size()) {}
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer() { Flush(); }

  void Varint(uint64_t value) {
    if (value < 0x80) {
      Byte(static_cast<uint8_t>(value));
      return;
    }
    Reserve(10);
    char* cursor = out_->data() + length_;
    while (value >= 0x80) {
      *cursor++ = static_cast<char>((value & 0x7f) | 0x80);
      value >>= 7;
    }
    *cursor++ = static_cast<char>(value);
    length_ = static_cast<size_t>(cursor - out_->data());
  }
  void Zigzag(int64_t value) {
    Varint((static_cast<uint64_t>(value) << 1) ^
           static_cast<uint64_t>(value >> 63));
  }
  void Byte(uint8_t value) {
    Reserve(1);
    (*out_)[length_++] = static_cast<char>(value);
  }
  void Bytes(std::string_view bytes) {
    Reserve(bytes.size());
    std::memcpy(out_->data() + length_, bytes.data(), bytes.size());
    length_ += bytes.size();
  }
  // Trims the string to what was written; the Writer stays usable.
  void Flush() { out_->resize(length_); }

 private:
  void Reserve(size_t more) {
    if (length_ + more > out_->size()) {
      out_->resize(std::max(out_->size() * 2, length_ + more + 64));
    }
  }

  std::string* out_;
  size_t length_;
};

class Reader {
 public:
  explicit Reader(std::string_view data, Limits limits = {})
      : data_(data), limits_(limits) {}

  // Each read returns false (and records the first error) on failure; after a
  // failure every further read fails too.
  bool Varint(uint64_t* value) {
    // Fast path: one byte, the common case for small protocol values.
    if (status_.ok() && offset_ < data_.size() &&
        static_cast<uint8_t>(data_[offset_]) < 0x80) {
      *value = static_cast<uint8_t>(data_[offset_++]);
      return true;
    }
    return SlowVarint(value);
  }
  bool Zigzag(int64_t* value);
  bool Byte(uint8_t* value);
  bool Bytes(size_t count, std::string_view* bytes);
  // Reads a length prefix and checks it against the limit and, assuming each
  // element takes at least `min_element_bytes`, against the bytes left.
  bool Length(std::string_view what, size_t min_element_bytes,
              uint64_t* length);

  // Records an error at the current offset, e.g. "unknown tag 7 for X".
  bool Fail(std::string_view what);
  // Records an error at `offset`, typically where the rejected value starts.
  bool FailAt(size_t offset, std::string_view what);
  // Call before reading a container's first byte: fails (at that byte) when
  // the nesting would exceed `Limits::max_depth`.
  bool EnterNested();
  void LeaveNested() { --depth_; }

  bool ok() const { return status_.ok(); }
  const absl::Status& status() const { return status_; }
  size_t offset() const { return offset_; }
  size_t remaining() const { return data_.size() - offset_; }

 private:
  bool SlowVarint(uint64_t* value);

  std::string_view data_;
  Limits limits_;
  size_t offset_ = 0;
  uint32_t depth_ = 0;
  absl::Status status_;
};

// ---------------------------------------------------------------------------
// Generic encoding. Overloads for primitives; templates for containers and
// reflected types.

template <typename T>
void Write(Writer& w, const T& value);
template <typename T>
bool Read(Reader& r, T* value);

namespace internal {

template <typename T>
struct IsVector : std::false_type {};
template <typename T, typename A>
struct IsVector<std::vector<T, A>> : std::true_type {};
template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <typename T>
struct IsVariant : std::false_type {};
template <typename... Ts>
struct IsVariant<std::variant<Ts...>> : std::true_type {};
template <typename T>
struct IsArray : std::false_type {};
template <typename T, size_t N>
struct IsArray<std::array<T, N>> : std::true_type {};
template <typename T>
struct IsTuple : std::false_type {};
template <typename... Ts>
struct IsTuple<std::tuple<Ts...>> : std::true_type {};

// The fewest bytes any value of T encodes to. A vector's count is checked
// against the bytes left divided by this (when it is not zero), so a length
// prefix can never make the decoder reserve more than the input can fill, and
// elements that encode to nothing (std::monostate, empty structs, arrays of
// them) are bounded by `Limits::max_length` alone.
template <typename T>
constexpr size_t MinEncodedSize();

template <typename Tuple, size_t... I>
constexpr size_t MinEncodedSizeOfFields(std::index_sequence<I...>) {
  return (
      size_t{0} + ... +
      MinEncodedSize<std::remove_cvref_t<std::tuple_element_t<I, Tuple>>>());
}

template <typename T>
constexpr size_t MinEncodedSize() {
  if constexpr (IsArray<T>::value) {
    return std::tuple_size_v<T> * MinEncodedSize<typename T::value_type>();
  } else if constexpr (IsTuple<T>::value) {
    return MinEncodedSizeOfFields<T>(
        std::make_index_sequence<std::tuple_size_v<T>>{});
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return 0;
  } else if constexpr (Reflected<T>) {
    using Fields = decltype(std::declval<const T&>().fields());
    return MinEncodedSizeOfFields<Fields>(
        std::make_index_sequence<std::tuple_size_v<Fields>>{});
  } else {
    // Integers, enums, bool, strings, vectors, optionals and variants all
    // start with at least one byte (a varint, a flag or a tag).
    return 1;
  }
}

// Reserve no more than this many bytes up front: a count that passed the
// checks may still describe elements much larger in memory than on the wire.
inline constexpr size_t kMaxReserveBytes = size_t{1} << 16;

template <size_t I, typename Variant>
bool ReadAlternativeAt(Reader& r, Variant* value) {
  std::variant_alternative_t<I, Variant> alternative{};
  if (!Read(r, &alternative)) return false;
  value->template emplace<I>(std::move(alternative));
  return true;
}

// REQUIRES: index < std::variant_size_v<Variant>.
template <typename Variant, size_t... I>
bool ReadAlternative(Reader& r, uint64_t index, Variant* value,
                     std::index_sequence<I...>) {
  using ReadFn = bool (*)(Reader&, Variant*);
  static constexpr ReadFn kReaders[] = {&ReadAlternativeAt<I, Variant>...};
  assert(index < sizeof...(I));
  return kReaders[index](r, value);
}

template <typename Tuple, size_t... I>
bool ReadTuple(Reader& r, Tuple&& tuple, std::index_sequence<I...>) {
  return (Read(r, &std::get<I>(tuple)) && ...);
}

}  // namespace internal

template <typename T>
void Write(Writer& w, const T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    w.Byte(value ? 1 : 0);
  } else if constexpr (std::is_enum_v<T>) {
    w.Varint(static_cast<uint64_t>(value));
  } else if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T>) {
    w.Varint(value);
  } else if constexpr (std::is_integral_v<T>) {
    w.Zigzag(value);
  } else if constexpr (std::is_same_v<T, std::string>) {
    w.Varint(value.size());
    w.Bytes(value);
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    // Nothing to write.
  } else if constexpr (internal::IsVector<T>::value) {
    w.Varint(value.size());
    for (const auto& element : value) Write(w, element);
  } else if constexpr (internal::IsArray<T>::value) {
    for (const auto& element : value) Write(w, element);
  } else if constexpr (internal::IsOptional<T>::value) {
    w.Byte(value.has_value() ? 1 : 0);
    if (value.has_value()) Write(w, *value);
  } else if constexpr (internal::IsVariant<T>::value) {
    w.Varint(value.index());
    std::visit([&](const auto& alternative) { Write(w, alternative); }, value);
  } else if constexpr (internal::IsTuple<T>::value) {
    std::apply([&](const auto&... element) { (Write(w, element), ...); },
               value);
  } else if constexpr (Reflected<T>) {
    std::apply([&](const auto&... field) { (Write(w, field), ...); },
               value.fields());
  } else {
    static_assert(sizeof(T) == 0, "no codec for this type");
  }
}

template <typename T>
bool Read(Reader& r, T* value) {
  // Where this value starts: value errors are reported there.
  [[maybe_unused]] const size_t start = r.offset();
  if constexpr (std::is_same_v<T, bool>) {
    uint8_t byte = 0;
    if (!r.Byte(&byte)) return false;
    if (byte > 1) return r.FailAt(start, "bool byte is not 0 or 1");
    *value = byte == 1;
    return true;
  } else if constexpr (std::is_enum_v<T>) {
    uint64_t raw = 0;
    if (!r.Varint(&raw)) return false;
    if constexpr (ReflectedEnum<T>) {
      if (raw >= EnumSize(T{})) return r.FailAt(start, "unknown enum value");
      *value = static_cast<T>(raw);
    } else {
      // Write() widened the underlying value to 64 bits (sign-extending a
      // signed one); accept exactly the values that survive the way back.
      using U = std::underlying_type_t<T>;
      const T candidate = static_cast<T>(static_cast<U>(raw));
      if (static_cast<uint64_t>(candidate) != raw) {
        return r.FailAt(start, "enum value out of range");
      }
      *value = candidate;
    }
    return true;
  } else if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T>) {
    uint64_t raw = 0;
    if (!r.Varint(&raw)) return false;
    if (raw > std::numeric_limits<T>::max()) {
      return r.FailAt(start, "integer out of range");
    }
    *value = static_cast<T>(raw);
    return true;
  } else if constexpr (std::is_integral_v<T>) {
    int64_t raw = 0;
    if (!r.Zigzag(&raw)) return false;
    if (raw > std::numeric_limits<T>::max() ||
        raw < std::numeric_limits<T>::min()) {
      return r.FailAt(start, "integer out of range");
    }
    *value = static_cast<T>(raw);
    return true;
  } else if constexpr (std::is_same_v<T, std::string>) {
    uint64_t length = 0;
    if (!r.Length("string", 1, &length)) return false;
    std::string_view bytes;
    if (!r.Bytes(length, &bytes)) return false;
    value->assign(bytes.data(), bytes.size());
    return true;
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return r.ok();
  } else if constexpr (internal::IsVector<T>::value) {
    using Element = typename T::value_type;
    constexpr size_t kMinBytes = internal::MinEncodedSize<Element>();
    constexpr size_t kMaxReserve =
        std::max<size_t>(1, internal::kMaxReserveBytes / sizeof(Element));
    if (!r.EnterNested()) return false;
    uint64_t count = 0;
    if (!r.Length("vector", kMinBytes, &count)) return false;
    value->clear();
    value->reserve(static_cast<size_t>(std::min<uint64_t>(count, kMaxReserve)));
    for (uint64_t i = 0; i < count; ++i) {
      Element element{};
      if (!Read(r, &element)) return false;
      value->push_back(std::move(element));
    }
    r.LeaveNested();
    return true;
  } else if constexpr (internal::IsArray<T>::value) {
    for (auto& element : *value) {
      if (!Read(r, &element)) return false;
    }
    return true;
  } else if constexpr (internal::IsOptional<T>::value) {
    if (!r.EnterNested()) return false;
    uint8_t present = 0;
    if (!r.Byte(&present)) return false;
    if (present > 1) return r.FailAt(start, "optional flag is not 0 or 1");
    if (present == 0) {
      value->reset();
    } else {
      typename T::value_type inner{};
      if (!Read(r, &inner)) return false;
      *value = std::move(inner);
    }
    r.LeaveNested();
    return true;
  } else if constexpr (internal::IsVariant<T>::value) {
    if (!r.EnterNested()) return false;
    uint64_t index = 0;
    if (!r.Varint(&index)) return false;
    if (index >= std::variant_size_v<T>) {
      return r.FailAt(start, "unknown variant tag " + std::to_string(index));
    }
    if (!internal::ReadAlternative(
            r, index, value,
            std::make_index_sequence<std::variant_size_v<T>>{}))
      return false;
    r.LeaveNested();
    return true;
  } else if constexpr (internal::IsTuple<T>::value) {
    return internal::ReadTuple(
        r, *value, std::make_index_sequence<std::tuple_size_v<T>>{});
  } else if constexpr (Reflected<T>) {
    auto fields = value->fields();
    return internal::ReadTuple(
        r, fields,
        std::make_index_sequence<std::tuple_size_v<decltype(fields)>>{});
  } else {
    static_assert(sizeof(T) == 0, "no codec for this type");
  }
}

// ---------------------------------------------------------------------------
// Framed values: version byte + body, nothing after.

template <typename T>
std::string Encode(const T& value) {
  std::string out;
  {
    Writer w(&out);
    w.Byte(kFormatVersion);
    Write(w, value);
  }
  return out;
}

// Appends the unframed body of `value` to `out` (used for fingerprints).
template <typename T>
void AppendBody(const T& value, std::string* out) {
  Writer w(out);
  Write(w, value);
}

absl::Status CheckVersion(Reader& r);
absl::Status CheckFullyConsumed(const Reader& r);

template <typename T>
absl::StatusOr<T> Decode(std::string_view bytes, Limits limits = {}) {
  Reader r(bytes, limits);
  if (absl::Status s = CheckVersion(r); !s.ok()) return s;
  T value{};
  if (!Read(r, &value)) return r.status();
  if (absl::Status s = CheckFullyConsumed(r); !s.ok()) return s;
  return value;
}

// Decodes an unframed body that must fill `bytes` exactly.
template <typename T>
absl::StatusOr<T> DecodeBody(std::string_view bytes, Limits limits = {}) {
  Reader r(bytes, limits);
  T value{};
  if (!Read(r, &value)) return r.status();
  if (absl::Status s = CheckFullyConsumed(r); !s.ok()) return s;
  return value;
}

}  // namespace stepwise::core::codec

#endif  // STEPWISE_CORE_CODEC_CODEC_H_
