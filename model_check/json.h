// Readable JSON for reflected protocol values, used by traces and reports.
//
// Structs become objects keyed by field name, enums their names, variants an
// object {"type": <alternative's type_name>, ...fields}. The JSON is for
// people and tools to read; `stepwise replay` re-executes the codec bytes
// stored beside it, so this rendering never needs to be parsed back.

#ifndef STEPWISE_MODEL_CHECK_JSON_H_
#define STEPWISE_MODEL_CHECK_JSON_H_

#include <array>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/reflect.h"
#include "model_check/order.h"
#include "nlohmann/json.hpp"

namespace stepwise::mc {

using Json = nlohmann::ordered_json;

// The kebab spelling of enum values lives in core/reflect.h.
using core::KebabName;

template <typename T>
Json ToJson(const T& value);

namespace internal {

template <typename T>
struct IsJsonSequence : std::false_type {};
template <typename T, typename A>
struct IsJsonSequence<std::vector<T, A>> : std::true_type {};
template <typename T, size_t N>
struct IsJsonSequence<std::array<T, N>> : std::true_type {};

template <typename T>
Json FieldsToJson(const T& value) {
  Json object = Json::object();
  size_t index = 0;
  std::apply(
      [&](const auto&... field) {
        ((object[std::string(core::NthName(T::field_names(), index++))] =
              ToJson(field)),
         ...);
      },
      value.fields());
  return object;
}

}  // namespace internal

template <typename T>
Json ToJson(const T& value) {
  if constexpr (std::is_same_v<T, bool> || std::is_arithmetic_v<T> ||
                std::is_same_v<T, std::string>) {
    return Json(value);
  } else if constexpr (core::ReflectedEnum<T>) {
    return Json(KebabName(EnumName(value)));
  } else if constexpr (std::is_enum_v<T>) {
    return Json(static_cast<uint64_t>(value));
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return Json(nullptr);
  } else if constexpr (internal::IsJsonSequence<T>::value) {
    Json array = Json::array();
    for (const auto& element : value) array.push_back(ToJson(element));
    return array;
  } else if constexpr (internal::IsOptional<T>::value) {
    return value.has_value() ? ToJson(*value) : Json(nullptr);
  } else if constexpr (internal::IsVariant<T>::value) {
    return std::visit(
        [](const auto& alternative) {
          using Alt = std::decay_t<decltype(alternative)>;
          Json object = Json::object();
          if constexpr (core::Reflected<Alt>) {
            object["type"] = std::string(Alt::type_name());
            const Json fields = internal::FieldsToJson(alternative);
            for (const auto& [key, field] : fields.items()) {
              object[key] = field;
            }
          } else {
            object["value"] = ToJson(alternative);
          }
          return object;
        },
        value);
  } else if constexpr (core::Reflected<T>) {
    return internal::FieldsToJson(value);
  } else {
    static_assert(sizeof(T) == 0, "no JSON rendering for this type");
  }
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_JSON_H_
