// Running an external tool (make, QEMU) with a working directory, a timeout
// and its output captured to a file.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mote::target {

// Full path of `program` found on PATH, or nothing.
std::optional<std::filesystem::path> find_program(const std::string& program);

struct ProcessResult {
  int exit_code = -1;  // valid when !timed_out
  bool timed_out = false;
  std::string output;  // stdout and stderr, interleaved
};

// Runs argv[0] (looked up on PATH) in `directory`; kills it after `timeout`.
// Throws Error(kIo) if it cannot be started.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::filesystem::path& directory,
                          std::chrono::milliseconds timeout);

// `requested` (created, made absolute), or when empty a new temporary
// directory named PREFIX-XXXXXX. Throws Error(kIo).
std::filesystem::path make_work_dir(const std::string& requested, const std::string& prefix);

// The last `lines` lines of `text` (for error messages).
std::string tail_lines(const std::string& text, int lines);

}  // namespace mote::target
