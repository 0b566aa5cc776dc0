#include "tools/stepwise/trace_file.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "core/protocols.h"
#include "model_check/listed_traces.h"
#include "tools/stepwise/check_command.h"
#include "tools/stepwise/view/view_page.h"

namespace stepwise::tools {

std::optional<mc::Json> ReadTraceFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "stepwise: cannot read %s\n", path.c_str());
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  mc::Json trace = mc::Json::parse(buffer.str(), nullptr, false);
  if (trace.is_discarded()) {
    std::fprintf(stderr, "stepwise: %s: not valid JSON\n", path.c_str());
    return std::nullopt;
  }
  if (!trace.is_object() || trace.value("format", "") != "stepwise-trace") {
    std::fprintf(stderr, "stepwise: %s: not a stepwise trace\n", path.c_str());
    return std::nullopt;
  }
  if (trace.value("version", 0) != mc::kTraceFormatVersion) {
    std::fprintf(stderr, "stepwise: %s: unsupported trace version %s\n",
                 path.c_str(),
                 trace.value("version", mc::Json()).dump().c_str());
    return std::nullopt;
  }
  const std::string protocol = trace.value("protocol", "");
  if (!core::Protocols::IndexOfName(protocol).has_value()) {
    std::fprintf(stderr, "stepwise: %s: unknown protocol \"%s\"\n",
                 path.c_str(), protocol.c_str());
    return std::nullopt;
  }
  return trace;
}

bool WriteTraceFile(const std::string& path, const mc::Json& trace) {
  std::ofstream out(path);
  out << trace.dump(2) << "\n";
  out.close();
  if (!out) {
    std::fprintf(stderr, "stepwise: cannot write %s\n", path.c_str());
    return false;
  }
  return true;
}

int RunReplay(const std::string& path) {
  const std::optional<mc::Json> trace = ReadTraceFile(path);
  if (!trace.has_value()) return kExitUsage;
  mc::ReplayOutcome outcome;
  core::Protocols::WithName(trace->value("protocol", ""), [&]<typename P>() {
    outcome = mc::Replay<P>(*trace);
  });
  if (outcome.exit_code == kExitUsage) {
    std::fprintf(stderr, "stepwise: %s: %s\n", path.c_str(),
                 outcome.message.c_str());
  } else {
    std::printf("%s: %s\n", path.c_str(), outcome.message.c_str());
  }
  return outcome.exit_code;
}

namespace {

// What `work` (a file-level step such as ShrinkTraceFile or ViewTrace)
// makes of the trace at `path`, run with the protocol the trace names;
// nullopt after printing why the file cannot be read or `work` refused it.
template <typename Outcome, typename Work>
std::optional<Outcome> WithListedTrace(const std::string& path, Work&& work) {
  const std::optional<mc::Json> trace = ReadTraceFile(path);
  if (!trace.has_value()) return std::nullopt;
  Outcome outcome;
  core::Protocols::WithName(trace->value("protocol", ""), [&]<typename P>() {
    outcome = work.template operator()<P>(*trace);
  });
  if (outcome.exit_code != kExitOk) {
    std::fprintf(stderr, "stepwise: %s: %s\n", path.c_str(),
                 outcome.message.c_str());
    return std::nullopt;
  }
  return outcome;
}

}  // namespace

int ShrinkFile(const std::string& path, const std::string& out) {
  const auto outcome = WithListedTrace<mc::ShrinkOutcome>(
      path, [&]<typename P>(const mc::Json& trace) {
        return mc::ShrinkTraceFile<P>(trace);
      });
  if (!outcome.has_value()) return kExitUsage;
  if (!WriteTraceFile(out, outcome->trace)) return kExitUsage;
  std::printf("%s: %s; written to %s\n", path.c_str(), outcome->message.c_str(),
              out.c_str());
  return kExitOk;
}

namespace {

std::optional<mc::TraceView> ViewOf(const std::string& path) {
  return WithListedTrace<mc::TraceView>(path,
                                        [&]<typename P>(const mc::Json& trace) {
                                          return mc::ViewTrace<P>(trace);
                                        });
}

}  // namespace

int CompareFiles(const std::string& left, const std::string& right,
                 const std::string& out) {
  std::optional<mc::TraceView> left_view = ViewOf(left);
  if (!left_view.has_value()) return kExitUsage;
  std::optional<mc::TraceView> right_view = ViewOf(right);
  if (!right_view.has_value()) return kExitUsage;
  if (left_view->data["protocol"] != right_view->data["protocol"]) {
    std::fprintf(
        stderr,
        "stepwise view: %s is a %s trace and %s a %s trace: only "
        "traces of one protocol compare\n",
        left.c_str(), left_view->data["protocol"].get<std::string>().c_str(),
        right.c_str(), right_view->data["protocol"].get<std::string>().c_str());
    return kExitUsage;
  }
  left_view->data["path"] = left;
  right_view->data["path"] = right;
  mc::Json compare = mc::Json::object();
  compare["compare"]["left"] = std::move(left_view->data);
  compare["compare"]["right"] = std::move(right_view->data);
  if (!WriteViewerPage(out, compare,
                       absl::StrCat("stepwise: ", left, " vs ", right))) {
    return kExitUsage;
  }
  std::printf("%s\n", out.c_str());
  return kExitOk;
}

int ViewFile(const std::string& path, const std::string& out,
             TraceFormat format) {
  const std::optional<mc::TraceView> view = ViewOf(path);
  if (!view.has_value()) return kExitUsage;
  std::string text;
  switch (format) {
    case TraceFormat::kHtml:
      text = ViewerPage(view->data, absl::StrCat("stepwise: ", path));
      break;
    case TraceFormat::kMermaid:
      text = MermaidSequence(view->data);
      break;
    case TraceFormat::kShiviz:
      text = ShivizLog(view->data);
      break;
    case TraceFormat::kItf:
      text = ItfTrace(view->data).dump(2) + "\n";
      break;
  }
  if (!WriteTextFile(out, text)) return kExitUsage;
  std::printf("%s\n", out.c_str());
  return kExitOk;
}

bool WriteTextFile(const std::string& path, const std::string& text) {
  std::ofstream file(path);
  file << text;
  file.close();
  if (!file) {
    std::fprintf(stderr, "stepwise: cannot write %s\n", path.c_str());
    return false;
  }
  return true;
}

bool WriteViewerPage(const std::string& path, const mc::Json& view_data,
                     const std::string& title) {
  return WriteTextFile(path, ViewerPage(view_data, title));
}

std::string OutputBeside(const std::string& path, const std::string& out,
                         const std::string& suffix) {
  if (!out.empty()) return out;
  const std::string stem =
      path.ends_with(".json") ? path.substr(0, path.size() - 5) : path;
  return stem + suffix;
}

}  // namespace stepwise::tools
