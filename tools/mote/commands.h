// The `mote` subcommands. Each registers its options on the app and returns
// the function that runs it (which may throw mote::Error).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace mote::cli {

using Command = std::function<int()>;

Command add_analyze(CLI::App& app);
Command add_run(CLI::App& app);
Command add_compile(CLI::App& app);
Command add_plan(CLI::App& app);
Command add_listen(CLI::App& app);
Command add_quantize(CLI::App& app);
Command add_compare(CLI::App& app);

}  // namespace mote::cli
