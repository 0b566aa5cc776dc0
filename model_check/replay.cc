#include "model_check/replay.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace stepwise::mc {

namespace {

template <typename E>
absl::StatusOr<E> EnumFromName(const Json& json, const std::string& key) {
  if (!json.contains(key) || !json[key].is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat("options: missing string field \"", key, "\""));
  }
  const std::string name = json[key].get<std::string>();
  if (const auto value = core::EnumFromKebab<E>(name)) return *value;
  return absl::InvalidArgumentError(
      absl::StrCat("options: unknown ", key, " \"", name, "\""));
}

absl::StatusOr<int> IntField(const Json& json, const std::string& key) {
  if (!json.contains(key) || !json[key].is_number_integer()) {
    return absl::InvalidArgumentError(
        absl::StrCat("options: missing integer field \"", key, "\""));
  }
  return json[key].get<int>();
}

}  // namespace

absl::StatusOr<Options> OptionsFromJson(const Json& json) {
  if (!json.is_object()) {
    return absl::InvalidArgumentError("options: not an object");
  }
  Options options;
  auto network = EnumFromName<Network>(json, "network");
  if (!network.ok()) return network.status();
  options.network = *network;
  for (auto [key, field] : {std::pair{"crashes", &options.crashes},
                            std::pair{"drops", &options.drops},
                            std::pair{"partitions", &options.partitions}}) {
    auto value = IntField(json, key);
    if (!value.ok()) return value.status();
    *field = *value;
  }
  if (json.contains("requests")) {
    auto requests = IntField(json, "requests");
    if (!requests.ok()) return requests.status();
    options.requests = *requests;
  }
  options.symmetry = json.value("symmetry", false);
  options.synchronous_timers = json.value("synchronous_timers", false);
  options.crash_stop = json.value("crash_stop", false);
  if (json.contains("only_properties")) {
    const Json& only = json["only_properties"];
    const bool all_names =
        only.is_array() &&
        std::all_of(only.begin(), only.end(),
                    [](const Json& name) { return name.is_string(); });
    if (!all_names) {
      return absl::InvalidArgumentError(
          "options.only_properties: expected an array of property names");
    }
    for (const Json& name : only) {
      options.only_properties.push_back(name.get<std::string>());
    }
  }
  return options;
}

}  // namespace stepwise::mc
