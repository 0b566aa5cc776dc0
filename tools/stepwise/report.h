// The JSON files the commands write: `--stats-json` reports of check, prove
// and bmc, `--trace-out` traces and the matrix summary. One writer, so every
// report opens the same way and a file that cannot be written is one clear
// error naming its path.

#ifndef STEPWISE_TOOLS_STEPWISE_REPORT_H_
#define STEPWISE_TOOLS_STEPWISE_REPORT_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "model_check/json.h"

namespace stepwise::tools {

// The version of every report format below; raise it when a field changes
// meaning or goes away (new fields do not change it).
inline constexpr int kReportVersion = 1;

// The opening of `command`'s report about `protocol`:
// {"format": "stepwise-<command>", "version": 1, "protocol": "<protocol>"}.
// The command adds its results after these.
mc::Json NewReport(std::string_view command, std::string_view protocol);

// Writes `json` to `path`, indented, with a final newline; on failure an
// Unavailable status "cannot write PATH: REASON".
absl::Status WriteJson(const std::string& path, const mc::Json& json);

// WriteJson for a command: on failure prints "stepwise: cannot write PATH:
// REASON" and returns false.
bool WriteJsonFile(const std::string& path, const mc::Json& json);

}  // namespace stepwise::tools

#endif  // STEPWISE_TOOLS_STEPWISE_REPORT_H_
