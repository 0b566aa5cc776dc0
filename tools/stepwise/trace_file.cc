#include "tools/stepwise/trace_file.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/protocols.h"
#include "model_check/listed_traces.h"
#include "tools/stepwise/check_command.h"

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

int ShrinkFile(const std::string& path, const std::string& out) {
  const std::optional<mc::Json> trace = ReadTraceFile(path);
  if (!trace.has_value()) return kExitUsage;
  mc::ShrinkOutcome outcome;
  core::Protocols::WithName(trace->value("protocol", ""), [&]<typename P>() {
    outcome = mc::ShrinkTraceFile<P>(*trace);
  });
  if (outcome.exit_code != kExitOk) {
    std::fprintf(stderr, "stepwise: %s: %s\n", path.c_str(),
                 outcome.message.c_str());
    return kExitUsage;
  }
  if (!WriteTraceFile(out, outcome.trace)) return kExitUsage;
  std::printf("%s: %s; written to %s\n", path.c_str(), outcome.message.c_str(),
              out.c_str());
  return kExitOk;
}

}  // namespace stepwise::tools
