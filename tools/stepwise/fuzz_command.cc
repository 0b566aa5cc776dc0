// `stepwise fuzz <protocol> --seconds N`: runs the protocol's libFuzzer
// schedule fuzzer (fuzz/<protocol>_schedule*), which a clang-16 build with
// -DSTEPWISE_FUZZ=ON produces, and summarizes what libFuzzer printed:
// executions, exec/s, coverage, and the finding as a trace file that
// `stepwise replay` reproduces.
//
// The fuzzer is a separate binary because libFuzzer needs clang and
// instrumentation the ordinary (g++) build of this tool does not have. It is
// looked for in --fuzzer-dir, then $STEPWISE_FUZZ_DIR, then next to this
// binary's build tree (<build>/fuzz, <build>/../build-fuzz/fuzz).

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_join.h"
#include "core/protocols.h"
#include "tools/stepwise/check_command.h"
#include "tools/stepwise/trace_file.h"

namespace stepwise::tools {
namespace {

namespace fs = std::filesystem;

struct FuzzArgs {
  std::string protocol;
  int seconds = 60;
  std::string bug = "none";
  std::string corpus;
  std::string trace_out;
  std::string html;  // the viewer page of the (shrunk) finding
  std::string fuzzer_dir;
  bool verbose = false;
};

// What libFuzzer's output said; zero / empty where it said nothing.
struct FuzzReport {
  uint64_t executions = 0;
  uint64_t exec_per_second = 0;
  uint64_t coverage = 0;  // cov: edges
  uint64_t features = 0;  // ft:
  uint64_t corpus = 0;    // corp: inputs
  std::string kind;       // "invariant" or "liveness property"
  std::string property;   // the violated one
  std::string steps;
  std::string counterexample;
  std::string trace;
  std::string crash_input;  // libFuzzer's artifact
  bool crashed = false;     // a crash that is not an invariant violation
};

bool KnownBug(const std::string& protocol, const std::string& bug) {
  bool known = false;
  core::Protocols::WithName(protocol, [&]<typename P>() {
    known = core::EnumFromKebab<typename P::Bug>(bug).has_value();
  });
  return known;
}

std::string ShellQuote(const std::string& s) {
  std::string quoted = "'";
  for (char c : s) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

std::optional<fs::path> FindFuzzer(const FuzzArgs& args,
                                   std::vector<fs::path>* looked_in) {
  const std::string binary = "fuzz_" + args.protocol + "_schedule";
  std::vector<fs::path> dirs;
  if (!args.fuzzer_dir.empty()) {
    dirs.push_back(args.fuzzer_dir);
  } else if (const char* env = std::getenv("STEPWISE_FUZZ_DIR")) {
    dirs.push_back(env);
  } else {
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
      // <build>/tools/stepwise/stepwise
      const fs::path build = self.parent_path().parent_path().parent_path();
      dirs.push_back(build / "fuzz");
      dirs.push_back(build.parent_path() / "build-fuzz" / "fuzz");
    }
  }
  for (const fs::path& dir : dirs) {
    looked_in->push_back(dir);
    const fs::path candidate = dir / binary;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

// The checked-in seed corpus of the source tree the fuzzer was built from
// (its CMakeCache.txt names the source directory), if there is one.
std::optional<fs::path> SeedCorpus(const fs::path& fuzzer,
                                   const std::string& protocol) {
  std::ifstream cache(fuzzer.parent_path().parent_path() / "CMakeCache.txt");
  const std::string key = "CMAKE_HOME_DIRECTORY:INTERNAL=";
  std::string line;
  while (std::getline(cache, line)) {
    if (line.rfind(key, 0) != 0) continue;
    const fs::path seeds = fs::path(line.substr(key.size())) / "fuzz/corpus" /
                           (protocol + "_schedule");
    if (fs::is_directory(seeds)) return seeds;
  }
  return std::nullopt;
}

uint64_t Field(const std::string& line, const std::regex& pattern) {
  std::smatch match;
  if (!std::regex_search(line, match, pattern)) return 0;
  return std::stoull(match[1].str());
}

void ParseLine(const std::string& line, FuzzReport* report) {
  static const std::regex kStatus(R"(^#(\d+)\s)");
  static const std::regex kCov(R"(\bcov: (\d+))");
  static const std::regex kFt(R"(\bft: (\d+))");
  static const std::regex kCorp(R"(\bcorp: (\d+))");
  static const std::regex kRate(R"(\bexec/s: (\d+))");
  static const std::regex kUnits(R"(^stat::number_of_executed_units: (\d+))");
  static const std::regex kAverage(R"(^stat::average_exec_per_sec: (\d+))");
  static const std::regex kViolation(
      R"(^(invariant|liveness property) (\S+) violated after (\d+) steps)");
  static const std::regex kTrace(R"(^trace written to (\S+))");
  static const std::regex kArtifact(R"(Test unit written to (\S+))");
  std::smatch match;
  if (std::regex_search(line, kStatus) && line.find("cov:") != line.npos) {
    report->executions = Field(line, kStatus);
    report->coverage = Field(line, kCov);
    report->features = Field(line, kFt);
    report->corpus = Field(line, kCorp);
    if (const uint64_t rate = Field(line, kRate)) {
      report->exec_per_second = rate;
    }
  } else if (std::regex_search(line, match, kUnits)) {
    report->executions = std::stoull(match[1].str());
  } else if (std::regex_search(line, match, kAverage)) {
    report->exec_per_second = std::stoull(match[1].str());
  } else if (std::regex_search(line, match, kViolation)) {
    report->kind = match[1].str();
    report->property = match[2].str();
    report->steps = match[3].str();
  } else if (std::regex_search(line, match, kTrace)) {
    report->trace = match[1].str();
  } else if (std::regex_search(line, match, kArtifact)) {
    report->crash_input = match[1].str();
  } else if (line.find("ERROR: AddressSanitizer") != line.npos ||
             line.find("runtime error:") != line.npos ||
             line.find("ERROR: libFuzzer") != line.npos) {
    report->crashed = true;
  }
  // The readable counterexample: what the fuzzer printed between the
  // violation line and the trace line.
  if (!report->property.empty() && report->trace.empty() &&
      !std::regex_search(line, kViolation)) {
    report->counterexample += line;
  }
}

// Runs `command`, parsing (and with --verbose echoing) what it prints.
// Returns the exit status, or -1 if it could not run.
int RunFuzzer(const std::string& command, bool verbose, FuzzReport* report) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  std::string line;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
    line += buffer;
    if (line.empty() || line.back() != '\n') continue;
    if (verbose) std::fputs(line.c_str(), stderr);
    ParseLine(line, report);
    line.clear();
  }
  if (!line.empty()) ParseLine(line, report);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

void PrintReport(const FuzzArgs& args, const FuzzReport& report,
                 double seconds) {
  std::printf(
      "fuzz %s (bug %s): %llu executions in %.1f s (%llu exec/s), coverage "
      "cov: %llu ft: %llu, corpus %llu inputs\n",
      args.protocol.c_str(), args.bug.c_str(),
      static_cast<unsigned long long>(report.executions), seconds,
      static_cast<unsigned long long>(report.exec_per_second),
      static_cast<unsigned long long>(report.coverage),
      static_cast<unsigned long long>(report.features),
      static_cast<unsigned long long>(report.corpus));
}

int RunFuzz(const FuzzArgs& args) {
  if (!KnownBug(args.protocol, args.bug)) {
    std::fprintf(stderr,
                 "stepwise: unknown bug \"%s\" for %s (see stepwise "
                 "check --list)\n",
                 args.bug.c_str(), args.protocol.c_str());
    return kExitUsage;
  }
  std::vector<fs::path> looked_in;
  const std::optional<fs::path> fuzzer = FindFuzzer(args, &looked_in);
  if (!fuzzer.has_value()) {
    std::string dirs;
    for (const fs::path& dir : looked_in) dirs += " " + dir.string();
    std::fprintf(
        stderr,
        "stepwise: fuzzer fuzz_%s_schedule not found (looked in:%s); build "
        "it with: cmake -S . -B build-fuzz -G Ninja "
        "-DCMAKE_CXX_COMPILER=clang++-16 -DSTEPWISE_FUZZ=ON && ninja -C "
        "build-fuzz fuzz_%s_schedule (or pass --fuzzer-dir DIR or set "
        "STEPWISE_FUZZ_DIR)\n",
        args.protocol.c_str(), dirs.c_str(), args.protocol.c_str());
    return kExitUsage;
  }
  char scratch_template[] = "/tmp/stepwise-fuzz-XXXXXX";
  if (mkdtemp(scratch_template) == nullptr) {
    std::fprintf(stderr, "stepwise: cannot create a scratch directory\n");
    return kExitUsage;
  }
  const fs::path scratch = scratch_template;
  const fs::path corpus =
      args.corpus.empty() ? scratch / "corpus" : fs::path(args.corpus);
  fs::create_directories(corpus);
  const fs::path trace =
      fs::absolute(args.trace_out.empty() ? args.protocol + "-finding.json"
                                          : args.trace_out);
  // A stale trace must not pass for this run's finding.
  fs::remove(trace);

  // The child inherits these (schedule_fuzzer.h reads them).
  setenv("STEPWISE_FUZZ_BUG", args.bug.c_str(), 1);
  setenv("STEPWISE_FUZZ_TRACE", trace.c_str(), 1);
  std::string command = ShellQuote(fuzzer->string()) +
                        " -max_total_time=" + std::to_string(args.seconds) +
                        " -print_final_stats=1 -max_len=128 -len_control=0"
                        " -entropic=0"
                        " -artifact_prefix=" +
                        ShellQuote(scratch.string() + "/") + " " +
                        ShellQuote(corpus.string());
  // -len_control=0: bugs need long schedules, and libFuzzer would otherwise
  // spend the first minutes on short inputs. -entropic=0: the state
  // feedback makes tens of thousands of rare features, and the entropic
  // schedule spreads its energy over all of them; the plain schedule found
  // commit-old-term in 1-2 s instead of 5-25 s and read-without-quorum in
  // 14-85 s instead of not in 120 s (tools/bench/fuzz_sharpness.sh).
  // New inputs go to the first directory only, so the seeds stay untouched.
  if (auto seeds = SeedCorpus(*fuzzer, args.protocol)) {
    command += " " + ShellQuote(seeds->string());
  }
  command += " 2>&1";
  FuzzReport report;
  const auto start = std::chrono::steady_clock::now();
  const int status = RunFuzzer(command, args.verbose, &report);
  const std::chrono::duration<double> elapsed =
      std::chrono::steady_clock::now() - start;
  PrintReport(args, report, elapsed.count());

  int exit_code = kExitOk;
  if (!report.property.empty()) {
    std::printf("Finding: %s %s violated after %s steps\n%s",
                report.kind.c_str(), report.property.c_str(),
                report.steps.c_str(), report.counterexample.c_str());
    if (!report.crash_input.empty()) {
      const fs::path input = fs::path(trace).replace_extension(".input");
      std::error_code error;
      fs::copy_file(report.crash_input, input,
                    fs::copy_options::overwrite_existing, error);
      if (!error) std::printf("Input: %s\n", input.c_str());
    }
    std::printf("Trace: %s\n", report.trace.c_str());
    // A fuzzer's schedule carries every detour it took: shorten it.
    std::string replay = report.trace;
    const std::string shrunk =
        fs::path(report.trace).replace_extension(".shrunk.json").string();
    if (ShrinkFile(report.trace, shrunk) == kExitOk) replay = shrunk;
    std::printf("Replay: stepwise replay %s\n", replay.c_str());
    if (!args.html.empty() && ViewFile(replay, args.html) != kExitOk) {
      return kExitUsage;
    }
    exit_code = kExitViolation;
  } else if (report.crashed || status != 0) {
    // A crash or sanitizer report outside the invariants: still a finding,
    // but there is no trace, only libFuzzer's input.
    std::printf(
        "Finding: the fuzzer stopped with status %d (crash or "
        "sanitizer report; rerun with --verbose)%s%s\n",
        status, report.crash_input.empty() ? "" : "; input ",
        report.crash_input.c_str());
    exit_code = kExitViolation;
  } else {
    std::printf("Verdict: no finding\n");
  }
  // Keep the scratch directory only when it holds the crash input we could
  // not copy out.
  if (exit_code == kExitOk || !report.property.empty()) {
    std::error_code error;
    fs::remove_all(scratch, error);
  }
  return exit_code;
}

}  // namespace

void RegisterFuzz(CLI::App* app, std::function<void(int)> set_exit_code) {
  auto args = std::make_shared<FuzzArgs>();
  CLI::App* fuzz = app->add_subcommand(
      "fuzz", "run a protocol's libFuzzer schedule fuzzer (clang-16 build)");
  const std::vector<std::string> protocols(core::Protocols::kNames.begin(),
                                           core::Protocols::kNames.end());
  fuzz->add_option("protocol", args->protocol, absl::StrJoin(protocols, ", "))
      ->required()
      ->check(CLI::IsMember(protocols));
  fuzz->add_option("--seconds", args->seconds, "how long to fuzz")
      ->check(CLI::Range(1, 86400));
  fuzz->add_option("--bug", args->bug, "hunt a textbook bug (a --bug name)");
  fuzz->add_option("--corpus", args->corpus,
                   "corpus directory to grow (default: a scratch directory; "
                   "the checked-in seeds are always read)");
  fuzz->add_option("--html", args->html,
                   "write the finding's viewer page (stepwise view) here");
  fuzz->add_option("--trace-out", args->trace_out,
                   "where a finding's trace goes (default "
                   "<protocol>-finding.json)");
  fuzz->add_option("--fuzzer-dir", args->fuzzer_dir,
                   "directory holding fuzz_<protocol>_schedule (default: "
                   "$STEPWISE_FUZZ_DIR, then beside this build)");
  fuzz->add_flag("--verbose", args->verbose, "echo libFuzzer's output");
  fuzz->callback([args, set_exit_code] { set_exit_code(RunFuzz(*args)); });
}

}  // namespace stepwise::tools
