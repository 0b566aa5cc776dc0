// The `stepwise` command line: one subcommand per layer.
//
// Exit codes: 0 success, 1 a property is violated, 2 bad usage or input.

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "tools/stepwise/check_command.h"
#include "tools/stepwise/spec_commands.h"
#include "tools/stepwise/trace_file.h"

namespace stepwise::tools {
void RegisterFuzz(CLI::App* app, std::function<void(int)> set_exit_code);
void RegisterNode(CLI::App* app, std::function<void(int)> set_exit_code);
void RegisterCluster(CLI::App* app, std::function<void(int)> set_exit_code);
void RegisterMatrix(CLI::App* app, std::function<void(int)> set_exit_code);
void RegisterMessages(CLI::App* app, std::function<void(int)> set_exit_code);
}  // namespace stepwise::tools

namespace {

constexpr const char* kVersion = "0.1.0";

}  // namespace

int main(int argc, char** argv) {
  using namespace stepwise::tools;
  CLI::App app{"stepwise: verified distributed-protocol cores"};
  app.name("stepwise");
  app.set_version_flag("--version", std::string("stepwise ") + kVersion);
  app.require_subcommand(1);

  int exit_code = kExitOk;
  auto set_exit_code = [&](int code) { exit_code = code; };

  RegisterCheckCommands(&app, set_exit_code);

  CLI::App* replay = app.add_subcommand(
      "replay", "re-execute a trace file and check every state");
  std::string trace_path;
  replay->add_option("trace", trace_path, "trace JSON written by --trace-out")
      ->required();
  std::string replay_html;
  replay->add_option("--html", replay_html,
                     "also write the viewer page for the trace here");
  replay->callback([&] {
    exit_code = RunReplay(trace_path);
    if (!replay_html.empty() && exit_code != kExitUsage &&
        ViewFile(trace_path, replay_html) != kExitOk) {
      exit_code = kExitUsage;
    }
  });

  CLI::App* shrink = app.add_subcommand(
      "shrink",
      "shorten a trace that violates an invariant: leave out steps while the "
      "rest still replays to the same violation");
  std::string shrink_path;
  std::string shrink_out;
  shrink->add_option("trace", shrink_path, "trace JSON to shorten")->required();
  shrink->add_option("--out", shrink_out,
                     "where the shortened trace goes (default: the trace's "
                     "name with .shrunk.json)");
  shrink->callback([&] {
    exit_code = ShrinkFile(
        shrink_path, OutputBeside(shrink_path, shrink_out, ".shrunk.json"));
  });

  CLI::App* view = app.add_subcommand(
      "view",
      "write one self-contained HTML page that shows a trace: a sequence "
      "diagram, the steps, each state's diff and every invariant's value");
  std::vector<std::string> view_paths;
  std::string view_out;
  std::string view_format = "html";
  view->add_option("trace", view_paths,
                   "trace JSON to show; two traces: compare them")
      ->required()
      ->expected(1, 2);
  view->add_option("--format", view_format,
                   "html (the viewer page), mermaid (a sequence diagram), "
                   "shiviz (a log with vector clocks) or itf (Apalache and "
                   "Quint's trace format)");
  view->add_option("--out", view_out,
                   "where the file goes (default: the trace's name with "
                   ".html, .mmd, .shiviz.log or .itf.json; for two traces, "
                   "the first's with .compare.html)");
  view->callback([&] {
    const std::optional<TraceFormat> format = ParseTraceFormat(view_format);
    if (!format.has_value()) {
      std::fprintf(stderr,
                   "stepwise view: unknown format '%s' (html, mermaid, "
                   "shiviz, itf)\n",
                   view_format.c_str());
      exit_code = kExitUsage;
      return;
    }
    const std::string& first = view_paths.front();
    if (view_paths.size() == 2) {
      if (*format != TraceFormat::kHtml) {
        std::fprintf(stderr,
                     "stepwise view: two traces compare as html only\n");
        exit_code = kExitUsage;
        return;
      }
      exit_code = CompareFiles(first, view_paths.back(),
                               OutputBeside(first, view_out, ".compare.html"));
      return;
    }
    exit_code = ViewFile(
        first, OutputBeside(first, view_out, FormatSuffix(*format)), *format);
  });

  RegisterProve(&app, set_exit_code);
  RegisterBmc(&app, set_exit_code);
  RegisterFuzz(&app, set_exit_code);
  RegisterNode(&app, set_exit_code);
  RegisterCluster(&app, set_exit_code);
  RegisterMatrix(&app, set_exit_code);
  RegisterMessages(&app, set_exit_code);

  CLI::App* version = app.add_subcommand("version", "print the version");
  version->callback([] { std::printf("stepwise %s\n", kVersion); });

  CLI::App* help = app.add_subcommand("help", "print this help");
  help->callback([&] { std::printf("%s", app.help().c_str()); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "stepwise: %s\n", e.what());
    return kExitUsage;
  }
  return exit_code;
}
