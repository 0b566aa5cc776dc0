// Minimal compile-time reflection for the flat value types of protocols.
//
// Protocol states and messages are plain structs and enums. Every generic layer
// (the codec, hashing, JSON traces, readable counterexamples) needs to walk
// their fields, so each type names its fields exactly once:
//
//   struct Vote {
//     uint64_t term = 0;
//     bool granted = false;
//     STEPWISE_FIELDS(Vote, term, granted)
//   };
//
//   STEPWISE_ENUM(Role, kFollower, kCandidate, kLeader);
//
// STEPWISE_FIELDS gives `fields()` (a tuple of references, const and mutable),
// `field_names()`, `type_name()`, `operator==` and `AbslHashValue`.
// STEPWISE_ENUM declares an `enum class` with uint8_t storage plus `EnumSize()`
// and `EnumName()` found by argument-dependent lookup; its members take no
// explicit values, so a value's name is its position in the list. Nothing here
// allocates or touches global state.

#ifndef STEPWISE_CORE_REFLECT_H_
#define STEPWISE_CORE_REFLECT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace stepwise::core {

// Counts the comma-separated names in a stringified argument list. A trailing
// comma (`STEPWISE_ENUM(E, kA, kB,)`, legal in an enum) names nothing.
constexpr size_t CountNames(std::string_view names) {
  while (!names.empty() && (names.back() == ' ' || names.back() == '\n')) {
    names.remove_suffix(1);
  }
  if (names.empty()) return 0;
  if (names.back() == ',') names.remove_suffix(1);
  size_t count = 1;
  for (char c : names) count += (c == ',') ? 1 : 0;
  return count;
}

// Returns the index-th name of a stringified, comma-separated argument list,
// trimmed of whitespace. Returns "?" when index is out of range (or names an
// empty entry).
constexpr std::string_view NthName(std::string_view names, size_t index) {
  size_t start = 0;
  for (size_t i = 0; i < index; ++i) {
    size_t comma = names.find(',', start);
    if (comma == std::string_view::npos) return "?";
    start = comma + 1;
  }
  size_t end = names.find(',', start);
  std::string_view name =
      names.substr(start, end == std::string_view::npos ? std::string_view::npos
                                                        : end - start);
  while (!name.empty() && (name.front() == ' ' || name.front() == '\n')) {
    name.remove_prefix(1);
  }
  while (!name.empty() && (name.back() == ' ' || name.back() == '\n')) {
    name.remove_suffix(1);
  }
  if (name.empty()) return "?";
  return name;
}

// A struct that declared its fields with STEPWISE_FIELDS.
template <typename T>
concept Reflected = requires(const T& t) {
  t.fields();
  T::field_names();
};

// An enum declared with STEPWISE_ENUM.
template <typename E>
concept ReflectedEnum = std::is_enum_v<E> && requires(E e) {
  { EnumSize(e) } -> std::convertible_to<size_t>;
  { EnumName(e) } -> std::convertible_to<std::string_view>;
};

// "kMajorityCommit" -> "majority-commit": how enum values read on the command
// line, in traces and in reports. The one spelling every layer uses (ASCII
// only, so no locale is consulted).
inline std::string KebabName(std::string_view enum_name) {
  auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (enum_name.size() > 1 && enum_name[0] == 'k' && is_upper(enum_name[1])) {
    enum_name.remove_prefix(1);
  }
  std::string out;
  out.reserve(enum_name.size() + 4);
  for (char c : enum_name) {
    if (is_upper(c)) {
      if (!out.empty()) out.push_back('-');
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The kebab names of every value of a STEPWISE_ENUM, in declaration order.
template <ReflectedEnum E>
std::vector<std::string> KebabNames() {
  std::vector<std::string> names;
  for (size_t i = 0; i < EnumSize(E{}); ++i) {
    names.push_back(KebabName(EnumName(static_cast<E>(i))));
  }
  return names;
}

// Parses a kebab name ("majority-commit") back to its value: the one enum
// parser of the project (CLI, trace files, fuzzer arguments). nullopt when
// `name` spells no value of E.
template <ReflectedEnum E>
std::optional<E> EnumFromKebab(std::string_view name) {
  for (size_t i = 0; i < EnumSize(E{}); ++i) {
    const auto value = static_cast<E>(i);
    if (KebabName(EnumName(value)) == name) return value;
  }
  return std::nullopt;
}

}  // namespace stepwise::core

#define STEPWISE_FIELDS(Type, ...)                                         \
  auto fields() const { return std::tie(__VA_ARGS__); }                    \
  auto fields() { return std::tie(__VA_ARGS__); }                          \
  static constexpr std::string_view field_names() { return #__VA_ARGS__; } \
  static constexpr std::string_view type_name() { return #Type; }          \
  friend bool operator==(const Type&, const Type&) = default;              \
  template <typename H>                                                    \
  friend H AbslHashValue(H h, const Type& value) {                         \
    return H::combine(std::move(h), value.fields());                       \
  }

// A struct without fields (for example a message that carries only its type).
#define STEPWISE_NO_FIELDS(Type)                                  \
  auto fields() const { return std::tuple<>(); }                  \
  auto fields() { return std::tuple<>(); }                        \
  static constexpr std::string_view field_names() { return ""; }  \
  static constexpr std::string_view type_name() { return #Type; } \
  friend bool operator==(const Type&, const Type&) = default;     \
  template <typename H>                                           \
  friend H AbslHashValue(H h, const Type&) {                      \
    return h;                                                     \
  }

#define STEPWISE_ENUM(Name, ...)                                         \
  enum class Name : uint8_t { __VA_ARGS__ };                             \
  [[maybe_unused]] constexpr size_t EnumSize(Name) {                     \
    /* Forced to compile time: the decoder calls this per value. */      \
    constexpr size_t kSize = ::stepwise::core::CountNames(#__VA_ARGS__); \
    return kSize;                                                        \
  }                                                                      \
  [[maybe_unused]] constexpr std::string_view EnumName(Name value) {     \
    return ::stepwise::core::NthName(#__VA_ARGS__,                       \
                                     static_cast<size_t>(value));        \
  }

#endif  // STEPWISE_CORE_REFLECT_H_
