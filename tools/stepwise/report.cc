#include "tools/stepwise/report.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"

namespace stepwise::tools {

mc::Json NewReport(std::string_view command, std::string_view protocol) {
  mc::Json report = mc::Json::object();
  report["format"] = "stepwise-" + std::string(command);
  report["version"] = kReportVersion;
  report["protocol"] = std::string(protocol);
  return report;
}

absl::Status WriteJson(const std::string& path, const mc::Json& json) {
  errno = 0;
  std::ofstream out(path);
  if (out) {
    out << json.dump(2) << "\n";
    out.close();
  }
  if (!out) {
    const int error = errno;
    return absl::UnavailableError(
        absl::StrCat("cannot write ", path, ": ",
                     error != 0 ? std::strerror(error) : "write failed"));
  }
  return absl::OkStatus();
}

bool WriteJsonFile(const std::string& path, const mc::Json& json) {
  const absl::Status status = WriteJson(path, json);
  if (!status.ok()) {
    std::fprintf(stderr, "stepwise: %s\n",
                 std::string(status.message()).c_str());
    return false;
  }
  return true;
}

}  // namespace stepwise::tools
