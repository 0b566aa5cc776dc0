// The codec's format (core/codec/codec.h), written and read faster, for the
// model checker's hot paths: every new state is encoded and every expanded
// state decoded.
//
// FastEncode writes exactly core::codec::AppendBody's bytes, so fingerprints
// of encodings do not change. TrustedDecode reads bytes this process encoded
// itself, such as the explorer's frontier entries, without the codec's checks
// (limits, truncation, canonical form, error offsets): they guard against
// hostile input, which the frontier never is, and cost more than the
// decoding. Values are decoded over the ones already in place, so a cluster
// decoded again and again allocates nothing once warm.
//
// REQUIRES (TrustedDecode): the input was written by the codec for the same
// type; anything else is undefined behaviour. Debug builds assert that both
// functions agree with the codec.

#ifndef STEPWISE_MODEL_CHECK_FAST_CODEC_H_
#define STEPWISE_MODEL_CHECK_FAST_CODEC_H_

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/codec/codec.h"
#include "core/reflect.h"

namespace stepwise::mc {
namespace fast_codec_internal {

// Returns where the value ends. A pointer in, a pointer out, rather than a
// cursor object: it stays in a register across calls that are not inlined.
inline const char* Varint(const char* p, uint64_t* value) {
  uint64_t byte = static_cast<uint8_t>(*p++);
  if (byte < 0x80) {
    *value = byte;
    return p;
  }
  uint64_t result = byte & 0x7f;
  for (int shift = 7;; shift += 7) {
    byte = static_cast<uint8_t>(*p++);
    result |= (byte & 0x7f) << shift;
    if (byte < 0x80) break;
  }
  *value = result;
  return p;
}

template <typename T>
const char* Read(const char* p, T* value);

template <size_t I, typename Variant>
const char* ReadAlternativeAt(const char* p, Variant* value) {
  if (value->index() != I) value->template emplace<I>();
  return Read(p, &std::get<I>(*value));
}

template <typename Variant, size_t... I>
const char* ReadAlternative(const char* p, uint64_t index, Variant* value,
                            std::index_sequence<I...>) {
  using ReadFn = const char* (*)(const char*, Variant*);
  static constexpr ReadFn kReaders[] = {&ReadAlternativeAt<I, Variant>...};
  assert(index < sizeof...(I));
  return kReaders[index](p, value);
}

template <typename Tuple, size_t... I>
const char* ReadTuple(const char* p, Tuple& tuple, std::index_sequence<I...>) {
  ((p = Read(p, &std::get<I>(tuple))), ...);
  return p;
}

template <typename T>
const char* Read(const char* p, T* value) {
  namespace internal = core::codec::internal;
  if constexpr (std::is_same_v<T, bool>) {
    *value = *p == 1;
    return p + 1;
  } else if constexpr (std::is_enum_v<T> ||
                       (std::is_integral_v<T> && std::is_unsigned_v<T>)) {
    uint64_t raw = 0;
    p = Varint(p, &raw);
    *value = static_cast<T>(raw);
    return p;
  } else if constexpr (std::is_integral_v<T>) {
    uint64_t raw = 0;
    p = Varint(p, &raw);
    *value =
        static_cast<T>(static_cast<int64_t>((raw >> 1) ^ (~(raw & 1) + 1)));
    return p;
  } else if constexpr (std::is_same_v<T, std::string>) {
    uint64_t length = 0;
    p = Varint(p, &length);
    value->assign(p, length);
    return p + length;
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return p;
  } else if constexpr (internal::IsVector<T>::value) {
    uint64_t count = 0;
    p = Varint(p, &count);
    value->resize(count);
    if constexpr (std::is_same_v<typename T::value_type, bool>) {
      for (uint64_t i = 0; i < count; ++i) (*value)[i] = p[i] == 1;
      return p + count;
    } else {
      for (auto& element : *value) p = Read(p, &element);
      return p;
    }
  } else if constexpr (internal::IsArray<T>::value) {
    for (auto& element : *value) p = Read(p, &element);
    return p;
  } else if constexpr (internal::IsOptional<T>::value) {
    if (*p++ == 0) {
      value->reset();
      return p;
    }
    if (!value->has_value()) value->emplace();
    return Read(p, &**value);
  } else if constexpr (internal::IsVariant<T>::value) {
    uint64_t index = 0;
    p = Varint(p, &index);
    return ReadAlternative(p, index, value,
                           std::make_index_sequence<std::variant_size_v<T>>{});
  } else if constexpr (internal::IsTuple<T>::value) {
    return ReadTuple(p, *value,
                     std::make_index_sequence<std::tuple_size_v<T>>{});
  } else if constexpr (core::Reflected<T>) {
    auto fields = value->fields();
    return ReadTuple(
        p, fields,
        std::make_index_sequence<std::tuple_size_v<decltype(fields)>>{});
  } else {
    static_assert(sizeof(T) == 0, "no codec for this type");
  }
}

// --- Encoding: the codec's bytes, written through a cursor that is passed
// and returned by value (two registers) instead of a Writer in memory, which
// every char store might alias.

struct Cursor {
  char* at;
  char* end;
};

// Grows `out` so that `more` bytes fit after the cursor.
inline Cursor Grow(std::string* out, Cursor c, size_t more) {
  const size_t used = static_cast<size_t>(c.at - out->data());
  out->resize(std::max(out->size() * 2, used + more + 64));
  return {out->data() + used, out->data() + out->size()};
}

inline Cursor Reserve(std::string* out, Cursor c, size_t more) {
  return static_cast<size_t>(c.end - c.at) >= more ? c : Grow(out, c, more);
}

inline Cursor PutVarint(std::string* out, Cursor c, uint64_t value) {
  c = Reserve(out, c, 10);
  while (value >= 0x80) {
    *c.at++ = static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  *c.at++ = static_cast<char>(value);
  return c;
}

template <typename T>
Cursor Put(std::string* out, Cursor c, const T& value) {
  namespace internal = core::codec::internal;
  if constexpr (std::is_same_v<T, bool>) {
    c = Reserve(out, c, 1);
    *c.at++ = value ? 1 : 0;
    return c;
  } else if constexpr (std::is_enum_v<T> ||
                       (std::is_integral_v<T> && std::is_unsigned_v<T>)) {
    return PutVarint(out, c, static_cast<uint64_t>(value));
  } else if constexpr (std::is_integral_v<T>) {
    const int64_t wide = value;
    return PutVarint(
        out, c,
        (static_cast<uint64_t>(wide) << 1) ^ static_cast<uint64_t>(wide >> 63));
  } else if constexpr (std::is_same_v<T, std::string>) {
    c = PutVarint(out, c, value.size());
    c = Reserve(out, c, value.size());
    std::memcpy(c.at, value.data(), value.size());
    c.at += value.size();
    return c;
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return c;
  } else if constexpr (internal::IsVector<T>::value) {
    c = PutVarint(out, c, value.size());
    for (const auto& element : value) c = Put(out, c, element);
    return c;
  } else if constexpr (internal::IsArray<T>::value) {
    for (const auto& element : value) c = Put(out, c, element);
    return c;
  } else if constexpr (internal::IsOptional<T>::value) {
    c = Reserve(out, c, 1);
    *c.at++ = value.has_value() ? 1 : 0;
    return value.has_value() ? Put(out, c, *value) : c;
  } else if constexpr (internal::IsVariant<T>::value) {
    c = PutVarint(out, c, value.index());
    return std::visit(
        [&](const auto& alternative) { return Put(out, c, alternative); },
        value);
  } else if constexpr (internal::IsTuple<T>::value || core::Reflected<T>) {
    if constexpr (internal::IsTuple<T>::value) {
      std::apply([&](const auto&... e) { ((c = Put(out, c, e)), ...); }, value);
    } else {
      std::apply([&](const auto&... f) { ((c = Put(out, c, f)), ...); },
                 value.fields());
    }
    return c;
  } else {
    static_assert(sizeof(T) == 0, "no codec for this type");
  }
}

}  // namespace fast_codec_internal

// Decodes `bytes`, the codec's unframed encoding of a T, into `*value`.
template <typename T>
void TrustedDecode(std::string_view bytes, T* value) {
  [[maybe_unused]] const char* end =
      fast_codec_internal::Read(bytes.data(), value);
  assert(end == bytes.data() + bytes.size());
  assert(core::codec::DecodeBody<T>(
             bytes, core::codec::Limits{.max_length = ~uint64_t{0} >> 1})
             .value() == *value);
}

// Replaces `*out` with the codec's unframed encoding of `value`
// (core::codec::AppendBody), reusing its capacity.
template <typename T>
void FastEncode(const T& value, std::string* out) {
  out->resize(out->capacity());
  fast_codec_internal::Cursor c = fast_codec_internal::Put(
      out, {out->data(), out->data() + out->size()}, value);
  out->resize(static_cast<size_t>(c.at - out->data()));
  assert(*out == core::codec::Encode(value).substr(1));
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_FAST_CODEC_H_
