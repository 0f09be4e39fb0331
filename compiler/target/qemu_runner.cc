#include "compiler/target/qemu_runner.h"

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "compiler/ir/error.h"
#include "compiler/target/process.h"

namespace mote::target {

namespace {

constexpr int kLogTailLines = 25;

// Exit codes of targets/qemu-m4/main.c and startup.c.
std::string harness_failure(int code) {
  switch (code) {
    case 10:
      return "mote_model_init failed";
    case 11:
      return "an input file is missing or has the wrong size";
    case 12:
      return "mote_model_invoke failed";
    case 13:
      return "writing an output file failed";
    case 14:
      return "the stack overflowed (raise __stack_size in the linker script)";
    case 70:
      return "the CPU faulted (hard/bus/usage fault)";
    default:
      return fmt::format("exit code {}", code);
  }
}

void write_file(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) throw Error(ErrorCode::kIo, fmt::format("{}: cannot write", path.string()));
}

std::vector<uint8_t> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(ErrorCode::kIo, fmt::format("{}: the firmware did not write it", path.string()));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::map<std::string, int64_t> read_metrics(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in)
    throw Error(ErrorCode::kIo, fmt::format("{}: the firmware did not write it", path.string()));
  std::map<std::string, int64_t> metrics;
  std::string key;
  int64_t value;
  while (in >> key >> value) metrics[key] = value;
  return metrics;
}

int64_t metric(const std::map<std::string, int64_t>& metrics, const std::string& key,
               const std::filesystem::path& path) {
  auto it = metrics.find(key);
  if (it == metrics.end()) {
    throw Error(ErrorCode::kMalformed, fmt::format("{}: no '{}' line", path.string(), key));
  }
  return it->second;
}

}  // namespace

void require_toolchain() {
  struct Tool {
    const char* program;
    const char* package;
  };
  const Tool tools[] = {{"make", "make"},
                        {"arm-none-eabi-gcc", "gcc-arm-none-eabi libnewlib-arm-none-eabi"},
                        {"qemu-system-arm", "qemu-system-arm"}};
  for (const Tool& t : tools) {
    if (!find_program(t.program)) {
      throw Error(ErrorCode::kIo,
                  fmt::format("--target qemu-m4: {} not found on PATH (Debian: apt-get install {}; "
                              "scripts/setup.sh installs it)",
                              t.program, t.package));
    }
  }
}

std::filesystem::path build_firmware(const std::filesystem::path& tree, int jobs,
                                     const std::vector<std::string>& make_variables) {
  std::vector<std::string> argv = {"make", fmt::format("-j{}", jobs)};
  argv.insert(argv.end(), make_variables.begin(), make_variables.end());
  const ProcessResult make = run_process(argv, tree, std::chrono::minutes(10));
  if (make.timed_out || make.exit_code != 0) {
    throw Error(
        ErrorCode::kInvalid,
        fmt::format("{}: building the firmware with make failed{}:\n{}", tree.string(),
                    make.timed_out ? " (timed out)" : "", tail_lines(make.output, kLogTailLines)));
  }
  const std::filesystem::path elf = tree / "firmware.elf";
  if (!std::filesystem::exists(elf)) {
    throw Error(ErrorCode::kInvalid,
                fmt::format("{}: make succeeded but linked no firmware.elf (was the tree compiled "
                            "with --target qemu-m4?)",
                            tree.string()));
  }
  return elf;
}

DeviceRun run_firmware(const std::filesystem::path& elf, const std::filesystem::path& workdir,
                       const std::vector<std::vector<uint8_t>>& inputs, int num_outputs,
                       std::chrono::seconds timeout) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    write_file(workdir / fmt::format("input{}.bin", i), inputs[i]);
  }
  for (int i = 0; i < num_outputs; ++i)
    std::filesystem::remove(workdir / fmt::format("output{}.bin", i));
  std::filesystem::remove(workdir / "metrics.txt");
  std::filesystem::remove(workdir / "profile.txt");

  const ProcessResult qemu =
      run_process({"qemu-system-arm", "-M", "mps2-an386", "-nographic", "-monitor", "none",
                   "-serial", "none", "-semihosting-config", "enable=on,target=native", "-icount",
                   "shift=0", "-kernel", std::filesystem::absolute(elf).string()},
                  workdir, timeout);
  if (qemu.timed_out) {
    throw Error(ErrorCode::kLimit, fmt::format("{}: QEMU did not finish within {} s (--timeout)",
                                               elf.string(), timeout.count()));
  }
  if (qemu.exit_code != 0) {
    throw Error(ErrorCode::kInvalid, fmt::format("{}: firmware run on qemu-m4 failed: {}\n{}",
                                                 elf.string(), harness_failure(qemu.exit_code),
                                                 tail_lines(qemu.output, kLogTailLines)));
  }

  DeviceRun run;
  for (int i = 0; i < num_outputs; ++i) {
    run.outputs.push_back(read_file(workdir / fmt::format("output{}.bin", i)));
  }
  const std::filesystem::path metrics_path = workdir / "metrics.txt";
  const auto metrics = read_metrics(metrics_path);
  run.instructions = metric(metrics, "instructions", metrics_path);
  run.instructions_resolution = metric(metrics, "instructions_per_tick", metrics_path);
  run.stack_high_water_bytes = metric(metrics, "stack_high_water_bytes", metrics_path);
  run.arena_bytes = metric(metrics, "arena_bytes", metrics_path);
  run.macs = metric(metrics, "macs", metrics_path);
  run.metrics = metrics;
  const std::filesystem::path profile_path = workdir / "profile.txt";
  if (std::filesystem::exists(profile_path)) {
    std::ifstream in(profile_path);  // "step N" lines in plan order
    std::string key;
    int64_t value;
    while (in >> key >> value) run.step_instructions.push_back(value);
  }
  run.sections = read_link_map(elf.parent_path() / "firmware.map");
  run.heap_symbols = heap_symbols(elf_defined_symbols(elf));
  return run;
}

}  // namespace mote::target
