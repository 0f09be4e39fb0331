// mote: the command-line front end. Errors print as
// "mote: error: FILE: <where>: <what>" with an exit code per error kind.
#include <fmt/format.h>

#include <cstdio>
#include <map>

#include "compiler/ir/error.h"
#include "tools/mote/commands.h"

namespace {

int exit_code(mote::ErrorCode code) {
  switch (code) {
    case mote::ErrorCode::kUsage: return 2;
    case mote::ErrorCode::kIo: return 3;
    case mote::ErrorCode::kMalformed: return 4;
    case mote::ErrorCode::kInvalid: return 5;
    case mote::ErrorCode::kUnsupported: return 6;
    case mote::ErrorCode::kLimit: return 7;
    case mote::ErrorCode::kDoesNotFit: return 8;
  }
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Mote: run neural networks on microcontrollers", "mote"};
  app.require_subcommand(1);
  std::map<CLI::App*, mote::cli::Command> commands;
  auto add = [&](const char* name, const char* help, auto adder) {
    CLI::App* sub = app.add_subcommand(name, help);
    commands[sub] = adder(*sub);
  };
  add("analyze", "Per-op MACs, weights and activation memory of a model", mote::cli::add_analyze);
  add("run", "Run a model on the host runtime", mote::cli::add_run);
  add("compile", "Write a model as a standalone C source tree (ahead of time)",
      mote::cli::add_compile);
  add("plan", "Memory plan: execution order, in-place steps, arena offsets", mote::cli::add_plan);
  add("listen", "Detect keywords in a WAV file (audio front end + model)", mote::cli::add_listen);
  add("quantize", "Post-training int8 quantization of a float model, with a per-layer SQNR report",
      mote::cli::add_quantize);
  add("compare", "Compare two models on the same inputs (SQNR, max error, cosine, top-1)",
      mote::cli::add_compare);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    for (auto& [sub, run] : commands) {
      if (sub->parsed()) return run();
    }
  } catch (const mote::Error& e) {
    std::fflush(stdout);
    fmt::print(stderr, "mote: error: {}\n", e.what());
    return exit_code(e.code());
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "mote: error: internal: {}\n", e.what());
    return 1;
  }
  return 1;
}
