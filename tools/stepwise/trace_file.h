// Reading and writing trace files for the commands that take one
// (`replay`, `shrink`, `view`, and `fuzz`, which shrinks what it found): the
// file
// must be a stepwise trace of the supported version, and every failure is
// printed as "stepwise: PATH: why".

#ifndef STEPWISE_TOOLS_STEPWISE_TRACE_FILE_H_
#define STEPWISE_TOOLS_STEPWISE_TRACE_FILE_H_

#include <optional>
#include <string>

#include "model_check/json.h"
#include "tools/stepwise/view/exports.h"

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

// `stepwise view`'s work: re-executes the trace at `path` and writes the
// viewer page (tools/stepwise/view/) for it, or an export in `format`, to
// `out`, printing its path. Returns 0 when written, 2 when the trace does
// not re-execute or the file cannot be written.
int ViewFile(const std::string& path, const std::string& out,
             TraceFormat format = TraceFormat::kHtml);

// `stepwise view A B`: one page that shows both traces (of one protocol)
// step beside step, from their first difference, each state of one
// diffed against the other's. Returns 0 when written, 2 otherwise.
int CompareFiles(const std::string& left, const std::string& right,
                 const std::string& out);

// Writes `text` to `path`; false after printing why not.
bool WriteTextFile(const std::string& path, const std::string& text);

// Writes the viewer page for `view_data` (mc::ViewTrace's) to `path`; false
// after printing why not.
bool WriteViewerPage(const std::string& path, const mc::Json& view_data,
                     const std::string& title);

// `out` if given, else `path` with its ".json" (if any) replaced by `suffix`.
std::string OutputBeside(const std::string& path, const std::string& out,
                         const std::string& suffix);

}  // namespace stepwise::tools

#endif  // STEPWISE_TOOLS_STEPWISE_TRACE_FILE_H_
