// Reading and writing trace files for the commands that take one
// (`replay`, `shrink`, and `fuzz`, which shrinks what it found): the file
// must be a stepwise trace of the supported version, and every failure is
// printed as "stepwise: PATH: why".

#ifndef STEPWISE_TOOLS_STEPWISE_TRACE_FILE_H_
#define STEPWISE_TOOLS_STEPWISE_TRACE_FILE_H_

#include <optional>
#include <string>

#include "model_check/json.h"

namespace stepwise::tools {

// The trace at `path`, or nullopt after printing why it cannot be read.
std::optional<mc::Json> ReadTraceFile(const std::string& path);

// Writes `trace` to `path` (indented); false after printing why not.
bool WriteTraceFile(const std::string& path, const mc::Json& trace);

// `stepwise replay FILE`: re-executes the trace with the protocol it names
// and returns the exit code (0 no violation, 1 violation, 2 bad file).
int RunReplay(const std::string& path);

// `stepwise shrink`'s work on one file: shortens the trace at `path` and
// writes it to `out`. Returns the exit code (0 written, 2 cannot) and
// prints one line saying what happened.
int ShrinkFile(const std::string& path, const std::string& out);

}  // namespace stepwise::tools

#endif  // STEPWISE_TOOLS_STEPWISE_TRACE_FILE_H_
