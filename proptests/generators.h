// RapidCheck generators for codec-encodable values, derived from the types.
//
// `GenValue<T>()` covers everything the codec encodes: integers (biased toward
// their edges), bool, strings, vectors (short), arrays, optionals, variants
// (every alternative, by index), tuples, STEPWISE_ENUM enums and
// STEPWISE_FIELDS structs, so the twopc State, Config, Message,
// Event<TwoPhase> and Envelope<TwoPhase> need no hand-written generator.
// `Hex()` renders an encoding for RC_LOG, since rapidcheck cannot print the
// protocol types themselves.

#ifndef STEPWISE_PROPTESTS_GENERATORS_H_
#define STEPWISE_PROPTESTS_GENERATORS_H_

#include <rapidcheck.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/codec/codec.h"
#include "core/reflect.h"

namespace stepwise::proptests {

template <typename T>
rc::Gen<T> GenValue();

namespace internal {

template <typename T>
struct Traits {
  static constexpr int kind = 0;
};
template <typename T, typename A>
struct Traits<std::vector<T, A>> {
  static constexpr int kind = 1;
};
template <typename T, size_t N>
struct Traits<std::array<T, N>> {
  static constexpr int kind = 2;
};
template <typename T>
struct Traits<std::optional<T>> {
  static constexpr int kind = 3;
};
template <typename... Ts>
struct Traits<std::variant<Ts...>> {
  static constexpr int kind = 4;
};
template <typename... Ts>
struct Traits<std::tuple<Ts...>> {
  static constexpr int kind = 5;
};

// tuple<A&, const B&> -> tuple<A, B>
template <typename Tuple>
struct Decayed;
template <typename... Ts>
struct Decayed<std::tuple<Ts...>> {
  using type = std::tuple<std::remove_cvref_t<Ts>...>;
};

template <typename T>
rc::Gen<T> GenInteger() {
  using L = std::numeric_limits<T>;
  return rc::gen::weightedOneOf<T>({
      {3, rc::gen::arbitrary<T>()},
      {1, rc::gen::element(L::min(), L::max(), T{0}, T{1},
                           static_cast<T>(L::max() - 1),
                           static_cast<T>(L::min() + 1), static_cast<T>(127),
                           static_cast<T>(128))},
  });
}

template <typename Variant, size_t... I>
rc::Gen<Variant> GenVariant(std::index_sequence<I...>) {
  return rc::gen::oneOf(rc::gen::map(
      GenValue<std::variant_alternative_t<I, Variant>>(),
      [](std::variant_alternative_t<I, Variant> alternative) {
        return Variant(std::in_place_index<I>, std::move(alternative));
      })...);
}

template <typename Tuple, size_t... I>
rc::Gen<Tuple> GenTuple(std::index_sequence<I...>) {
  if constexpr (sizeof...(I) == 0) {
    return rc::gen::just(Tuple{});
  } else {
    return rc::gen::tuple(GenValue<std::tuple_element_t<I, Tuple>>()...);
  }
}

}  // namespace internal

template <typename E>
  requires core::ReflectedEnum<E>
rc::Gen<E> GenEnum() {
  return rc::gen::map(rc::gen::inRange<size_t>(0, EnumSize(E{})),  // by ADL
                      [](size_t value) { return static_cast<E>(value); });
}

template <typename T>
rc::Gen<T> GenValue() {
  if constexpr (std::is_same_v<T, bool>) {
    return rc::gen::arbitrary<bool>();
  } else if constexpr (core::ReflectedEnum<T>) {
    return GenEnum<T>();
  } else if constexpr (std::is_integral_v<T>) {
    return internal::GenInteger<T>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    return rc::gen::weightedOneOf<std::string>({
        {3, rc::gen::arbitrary<std::string>()},
        {1, rc::gen::mapcat(rc::gen::inRange<size_t>(0, 300),
                            [](size_t length) {
                              return rc::gen::container<std::string>(
                                  length, rc::gen::arbitrary<char>());
                            })},
    });
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return rc::gen::just(std::monostate{});
  } else if constexpr (internal::Traits<T>::kind == 1) {
    // Short vectors: nested containers multiply.
    return rc::gen::mapcat(rc::gen::inRange<size_t>(0, 6), [](size_t count) {
      return rc::gen::container<T>(count, GenValue<typename T::value_type>());
    });
  } else if constexpr (internal::Traits<T>::kind == 2) {
    return rc::gen::container<T>(GenValue<typename T::value_type>());
  } else if constexpr (internal::Traits<T>::kind == 3) {
    using Inner = typename T::value_type;
    return rc::gen::weightedOneOf<T>({
        {1, rc::gen::just(T())},
        {3, rc::gen::map(GenValue<Inner>(),
                         [](Inner inner) { return T(std::move(inner)); })},
    });
  } else if constexpr (internal::Traits<T>::kind == 4) {
    return internal::GenVariant<T>(
        std::make_index_sequence<std::variant_size_v<T>>{});
  } else if constexpr (internal::Traits<T>::kind == 5) {
    return internal::GenTuple<T>(
        std::make_index_sequence<std::tuple_size_v<T>>{});
  } else if constexpr (core::Reflected<T>) {
    using Fields =
        typename internal::Decayed<decltype(std::declval<T&>().fields())>::type;
    return rc::gen::map(
        internal::GenTuple<Fields>(
            std::make_index_sequence<std::tuple_size_v<Fields>>{}),
        [](Fields fields) {
          T value{};
          value.fields() = std::move(fields);
          return value;
        });
  } else {
    static_assert(sizeof(T) == 0, "no generator for this type");
  }
}

// Schedule bytes, uniform over 0..255: RapidCheck's arbitrary integers stay
// near 0 at small sizes, which as schedule bytes would always pick the first
// few actions.
inline rc::Gen<uint8_t> GenUniformByte() {
  return rc::gen::map(rc::gen::inRange(0, 256),
                      [](int byte) { return static_cast<uint8_t>(byte); });
}

inline rc::Gen<std::vector<uint8_t>> GenUniformBytes() {
  return rc::gen::container<std::vector<uint8_t>>(GenUniformByte());
}

inline std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    const auto byte = static_cast<uint8_t>(c);
    if (!out.empty()) out += ' ';
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0xf];
  }
  return out;
}

}  // namespace stepwise::proptests

#endif  // STEPWISE_PROPTESTS_GENERATORS_H_
