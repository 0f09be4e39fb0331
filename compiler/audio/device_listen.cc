#include "compiler/audio/device_listen.h"

#include <fmt/format.h>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "compiler/codegen/emit.h"
#include "compiler/codegen/embedded_files.h"
#include "compiler/ir/error.h"
#include "compiler/plan/executable.h"
#include "compiler/target/presets.h"
#include "compiler/target/process.h"

namespace mote::audio {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Must match ListenConfig in targets/qemu-m4/listen_main.cc.
constexpr uint32_t kConfigMagic = 0x4E54534Cu;
constexpr size_t kRecordHeaderBytes = 4;

// The front end's sources (embedded in mote) go to DIR/frontend/.
void write_frontend_sources(const fs::path& dir) {
  constexpr std::string_view kPrefix = "frontend/";
  int written = 0;
  for (const codegen::EmbeddedFile& file : codegen::embedded_files()) {
    if (file.path.substr(0, kPrefix.size()) != kPrefix) continue;
    const fs::path path = dir / std::string(file.path);
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(file.bytes.data()),
              static_cast<std::streamsize>(file.bytes.size()));
    if (!out) throw Error(ErrorCode::kIo, fmt::format("{}: cannot write", path.string()));
    ++written;
  }
  if (written == 0) {
    throw Error(ErrorCode::kInvalid, "mote listen --target: this mote has no front-end sources");
  }
}

template <typename T>
void put(std::vector<uint8_t>& bytes, T value) {
  const size_t at = bytes.size();
  bytes.resize(at + sizeof(T));
  std::memcpy(bytes.data() + at, &value, sizeof(T));
}

std::vector<uint8_t> config_bytes(std::span<const int16_t> stream, const DeviceListenOptions& options) {
  std::vector<uint8_t> bytes;
  put<uint32_t>(bytes, kConfigMagic);
  put<uint32_t>(bytes, static_cast<uint32_t>(stream.size()));
  put<uint32_t>(bytes, options.kws_whole_clip ? 1 : 0);
  put<uint32_t>(bytes, static_cast<uint32_t>(options.kws_hop_samples));
  return bytes;
}

WindowOutputs parse_records(const std::vector<uint8_t>& bytes, int num_classes,
                            const fs::path& file) {
  const size_t record = kRecordHeaderBytes + size_t(num_classes);
  if (bytes.size() % record != 0) {
    throw Error(ErrorCode::kMalformed,
                fmt::format("{}: {} bytes is not a whole number of {}-byte window records",
                            file.string(), bytes.size(), record));
  }
  WindowOutputs outputs;
  outputs.num_classes = num_classes;
  for (size_t at = 0; at < bytes.size(); at += record) {
    uint32_t end = 0;
    std::memcpy(&end, bytes.data() + at, sizeof(end));
    outputs.append(end, {reinterpret_cast<const int8_t*>(bytes.data() + at + kRecordHeaderBytes),
                         size_t(num_classes)});
  }
  return outputs;
}

int64_t metric(const target::DeviceRun& run, const std::string& key, const fs::path& dir) {
  const auto it = run.metrics.find(key);
  if (it == run.metrics.end()) {
    throw Error(ErrorCode::kMalformed,
                fmt::format("{}: no '{}' line (not the listen harness?)",
                            (dir / "metrics.txt").string(), key));
  }
  return it->second;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

DeviceListen listen_on_device(const plan::Executable& executable, std::span<const int16_t> stream,
                              const DeviceListenOptions& options) {
  const target::Preset& preset = target::find_preset(options.target);
  if (!preset.emulated) {
    throw Error(ErrorCode::kUsage,
                fmt::format("--target {}: no emulator for this board; mote listen runs on host "
                            "or qemu-m4",
                            options.target));
  }
  if (options.pipeline != "kws" && options.pipeline != "sww") {
    throw Error(ErrorCode::kUsage, fmt::format("unknown pipeline '{}'", options.pipeline));
  }
  target::require_toolchain();
  const fs::path dir = target::make_work_dir(options.build_dir, "mote-listen");
  const auto build_start = Clock::now();
  const codegen::EmitSummary summary =
      codegen::emit_c(executable, dir, codegen::EmitOptions{options.target});
  if (!summary.has_target_files) {
    throw Error(ErrorCode::kInvalid,
                fmt::format("--target {}: this mote has no board files for it", options.target));
  }
  write_frontend_sources(dir);
  const fs::path elf = target::build_firmware(dir, 2, {"MOTE_LISTEN=" + options.pipeline});

  DeviceListen result;
  result.build_seconds = seconds_since(build_start);
  const auto* samples = reinterpret_cast<const uint8_t*>(stream.data());
  const std::vector<std::vector<uint8_t>> inputs = {
      {samples, samples + stream.size_bytes()}, config_bytes(stream, options)};
  const auto run_start = Clock::now();
  result.run = target::run_firmware(elf, dir, inputs, 1, options.timeout);
  result.run_seconds = seconds_since(run_start);
  if (!result.run.heap_symbols.empty()) {
    std::string names;
    for (const std::string& s : result.run.heap_symbols) names += " " + s;
    throw Error(ErrorCode::kInvalid,
                fmt::format("{}: the firmware links heap functions:{}", elf.string(), names));
  }
  const ir::Subgraph& graph = executable.program().graph();
  const int num_classes = static_cast<int>(graph.tensors[graph.outputs.at(0)].num_elements());
  result.outputs = parse_records(result.run.outputs.at(0), num_classes, dir / "output0.bin");
  result.frontend_instructions = metric(result.run, "frontend_instructions", dir);
  result.model_instructions = metric(result.run, "model_instructions", dir);
  result.windows = metric(result.run, "windows", dir);
  result.frontend_state_bytes = metric(result.run, "frontend_state_bytes", dir);
  result.frontend_audio_bytes = metric(result.run, "frontend_audio_bytes", dir);
  if (options.build_dir.empty()) fs::remove_all(dir);
  return result;
}

}  // namespace mote::audio
