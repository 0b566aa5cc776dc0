// A total order over reflected protocol values, so the in-flight network can
// be kept as a sorted multiset (one canonical form per cluster).

#ifndef STEPWISE_MODEL_CHECK_ORDER_H_
#define STEPWISE_MODEL_CHECK_ORDER_H_

#include <array>
#include <compare>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/reflect.h"

namespace stepwise::mc {

template <typename T>
std::strong_ordering Compare(const T& a, const T& b);

namespace internal {

template <typename T>
struct IsStdContainer : std::false_type {};
template <typename T, typename A>
struct IsStdContainer<std::vector<T, A>> : std::true_type {};
template <typename T, size_t N>
struct IsStdContainer<std::array<T, N>> : std::true_type {};
template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <typename T>
struct IsVariant : std::false_type {};
template <typename... Ts>
struct IsVariant<std::variant<Ts...>> : std::true_type {};
template <typename T>
struct IsTuple : std::false_type {};
template <typename... Ts>
struct IsTuple<std::tuple<Ts...>> : std::true_type {};

template <typename Tuple, size_t... I>
std::strong_ordering CompareTuples(const Tuple& a, const Tuple& b,
                                   std::index_sequence<I...>) {
  std::strong_ordering result = std::strong_ordering::equal;
  [[maybe_unused]] auto equal_so_far = [&](const auto& x, const auto& y) {
    result = Compare(x, y);
    return result == 0;
  };
  static_cast<void>((equal_so_far(std::get<I>(a), std::get<I>(b)) && ...));
  return result;
}

}  // namespace internal

template <typename T>
std::strong_ordering Compare(const T& a, const T& b) {
  if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T> ||
                std::is_same_v<T, std::string>) {
    return a <=> b;
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return std::strong_ordering::equal;
  } else if constexpr (internal::IsStdContainer<T>::value) {
    const size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
      if (auto c = Compare(a[i], b[i]); c != 0) return c;
    }
    return a.size() <=> b.size();
  } else if constexpr (internal::IsOptional<T>::value) {
    if (a.has_value() != b.has_value()) return a.has_value() <=> b.has_value();
    return a.has_value() ? Compare(*a, *b) : std::strong_ordering::equal;
  } else if constexpr (internal::IsVariant<T>::value) {
    if (a.index() != b.index()) return a.index() <=> b.index();
    return std::visit(
        [&](const auto& left) {
          using Alt = std::decay_t<decltype(left)>;
          return Compare(left, std::get<Alt>(b));
        },
        a);
  } else if constexpr (internal::IsTuple<T>::value) {
    return internal::CompareTuples(
        a, b, std::make_index_sequence<std::tuple_size_v<T>>{});
  } else if constexpr (core::Reflected<T>) {
    const auto fa = a.fields();
    const auto fb = b.fields();
    return internal::CompareTuples(
        fa, fb, std::make_index_sequence<std::tuple_size_v<decltype(fa)>>{});
  } else {
    static_assert(sizeof(T) == 0, "no order for this type");
  }
}

template <typename T>
bool Less(const T& a, const T& b) {
  return Compare(a, b) < 0;
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_ORDER_H_
