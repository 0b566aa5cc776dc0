// A compile-time list of protocol types and the ways to walk it. The one list
// of the project is core/protocols.h; this header only says what a list can
// do, so tests can build small lists of their own.

#ifndef STEPWISE_CORE_PROTOCOL_LIST_H_
#define STEPWISE_CORE_PROTOCOL_LIST_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace stepwise::core {

template <template <typename> typename Pred, typename List>
struct FilterList;

template <typename... Ps>
struct ProtocolList {
  static constexpr size_t kSize = sizeof...(Ps);
  // Every protocol's CLI name, in list order.
  static constexpr std::array<std::string_view, kSize> kNames = {Ps::kName...};

  // Calls f.template operator()<P>() for every P, in list order.
  template <typename F>
  static void ForEach(F&& f) {
    (f.template operator()<Ps>(), ...);
  }

  // Calls f.template operator()<P>() for the P named `name`; false when no
  // protocol has that name.
  template <typename F>
  static bool WithName(std::string_view name, F&& f) {
    bool found = false;
    ((!found && Ps::kName == name ? (f.template operator()<Ps>(), found = true)
                                  : false),
     ...);
    return found;
  }

  // The position of the protocol named `name`, if listed.
  static constexpr std::optional<size_t> IndexOfName(std::string_view name) {
    for (size_t i = 0; i < kSize; ++i) {
      if (kNames[i] == name) return i;
    }
    return std::nullopt;
  }

  // Whether P is in the list.
  template <typename P>
  static constexpr bool kContains = (std::is_same_v<P, Ps> || ...);

  // The protocol at position I.
  template <size_t I>
  using At = std::tuple_element_t<I, std::tuple<Ps...>>;

  // The protocols of the list for which Pred<P>::value holds, as another
  // list (e.g. those with a schedule fuzzer).
  template <template <typename> typename Pred>
  using Filter = typename FilterList<Pred, ProtocolList>::type;

  // The same protocols as template arguments of T (e.g. ::testing::Types).
  template <template <typename...> typename T>
  using Apply = T<Ps...>;
};

template <typename... As, typename... Bs>
ProtocolList<As..., Bs...> operator+(ProtocolList<As...>, ProtocolList<Bs...>);

template <template <typename> typename Pred, typename... Ps>
struct FilterList<Pred, ProtocolList<Ps...>> {
  using type = decltype((
      ProtocolList<>{} + ... +
      std::conditional_t<Pred<Ps>::value, ProtocolList<Ps>, ProtocolList<>>{}));
};

// Protocol names must be unique in a list; checked where the list is made.
template <typename List>
constexpr bool NamesAreUnique() {
  for (size_t i = 0; i < List::kSize; ++i) {
    for (size_t j = i + 1; j < List::kSize; ++j) {
      if (List::kNames[i] == List::kNames[j]) return false;
    }
  }
  return true;
}

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_PROTOCOL_LIST_H_
