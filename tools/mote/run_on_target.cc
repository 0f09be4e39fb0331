#include "tools/mote/run_on_target.h"

#include <fmt/format.h>
#include <stdlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "compiler/codegen/emit.h"
#include "compiler/io/tensor_file.h"
#include "compiler/ir/error.h"
#include "compiler/target/firmware_image.h"
#include "compiler/target/fit.h"
#include "compiler/target/presets.h"
#include "compiler/target/process.h"
#include "compiler/target/qemu_runner.h"
#include "compiler/target/stack_usage.h"
#include "tools/mote/digest.h"
#include "tools/mote/target_profile.h"

namespace mote::cli {

namespace {

namespace fs = std::filesystem;

constexpr int kFramesReported = 3;

void check_identical(const ir::Subgraph& graph, const target::DeviceRun& run,
                     const std::vector<std::span<const uint8_t>>& host_outputs,
                     const TargetRunOptions& options) {
  for (size_t i = 0; i < host_outputs.size(); ++i) {
    const ir::Tensor& t = graph.tensors[graph.outputs[i]];
    const std::vector<uint8_t>& device = run.outputs[i];
    const std::span<const uint8_t> host = host_outputs[i];
    if (device.size() != host.size()) {
      throw Error(
          ErrorCode::kInvalid,
          fmt::format("{}: output {} '{}': {} wrote {} bytes, the host runtime {}",
                      options.model_path, i, t.name, options.target, device.size(), host.size()));
    }
    for (size_t b = 0; b < host.size(); ++b) {
      if (device[b] != host[b]) {
        throw Error(ErrorCode::kInvalid,
                    fmt::format("{}: output {} '{}' on {} differs from the host runtime at byte {} "
                                "of {} (device 0x{:02x}, host 0x{:02x})",
                                options.model_path, i, t.name, options.target, b, host.size(),
                                device[b], host[b]));
      }
    }
  }
}

nlohmann::json frames_json(const std::vector<target::StackFrame>& frames) {
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i < frames.size() && i < kFramesReported; ++i) {
    list.push_back({{"function", frames[i].function},
                    {"source", frames[i].source},
                    {"bytes", frames[i].bytes},
                    {"bounded", frames[i].bounded}});
  }
  return list;
}

std::optional<double> per_mac(const target::DeviceRun& run) {
  if (run.macs <= 0) return std::nullopt;
  return static_cast<double>(run.instructions) / static_cast<double>(run.macs);
}

void print_json(const ir::Subgraph& graph, const target::DeviceRun& run,
                const std::vector<target::StackFrame>& frames, const target::FitVerdict& fit,
                const std::vector<ProfileRow>& profile, const TargetRunOptions& options) {
  nlohmann::json outs = nlohmann::json::array();
  for (size_t i = 0; i < run.outputs.size(); ++i) {
    outs.push_back(output_json(graph.tensors[graph.outputs[i]], run.outputs[i]));
  }
  const auto ipm = per_mac(run);
  nlohmann::json j = {
      {"model", options.model_path},
      {"target", options.target},
      {"outputs", outs},
      {"matches_host", true},
      {"instructions", run.instructions},
      {"instructions_resolution", run.instructions_resolution},
      {"macs", run.macs},
      {"instructions_per_mac", ipm ? nlohmann::json(*ipm) : nlohmann::json(nullptr)},
      {"flash_bytes", run.flash_bytes()},
      {"flash_weight_bytes", run.sections.weight_bytes},
      {"flash_code_bytes", run.sections.code_bytes},
      {"flash_other_rodata_bytes", run.sections.other_rodata_bytes},
      {"ram_bytes", run.ram_bytes()},
      {"arena_bytes", run.arena_bytes},
      {"stack_bytes", run.stack_high_water_bytes},
      {"data_bss_bytes", run.data_bss_bytes()},
      {"stack_frames", frames_json(frames)},
      {"fit", target::to_json(fit)},
  };
  if (options.profile) j["profile"] = profile_json(profile);
  fmt::print("{}\n", j.dump(2));
}

void print_text(const ir::Subgraph& graph, const target::DeviceRun& run,
                const std::vector<target::StackFrame>& frames, const target::FitVerdict& fit,
                const std::vector<ProfileRow>& profile, const TargetRunOptions& options) {
  for (size_t i = 0; i < run.outputs.size(); ++i) {
    const ir::Tensor& t = graph.tensors[graph.outputs[i]];
    fmt::print("output {} '{}' sha256 {}\n", i, t.name, sha256_hex(run.outputs[i]));
  }
  fmt::print("{}: outputs byte-identical to the host runtime\n", options.target);
  fmt::print("flash {:>9} bytes: weights {}, code {}, other rodata {}\n", run.flash_bytes(),
             run.sections.weight_bytes, run.sections.code_bytes, run.sections.other_rodata_bytes);
  fmt::print("RAM   {:>9} bytes: arena {}, stack high-water {}, data+bss {}\n", run.ram_bytes(),
             run.arena_bytes, run.stack_high_water_bytes, run.data_bss_bytes());
  if (!frames.empty()) {
    fmt::print("stack frames (-fstack-usage), largest in the model: {} {} bytes{} ({})\n",
               frames[0].function, frames[0].bytes, frames[0].bounded ? "" : " (dynamic)",
               frames[0].source);
  }
  const auto ipm = per_mac(run);
  fmt::print("instructions {} per inference (+-{}){}\n", run.instructions,
             run.instructions_resolution,
             ipm ? fmt::format(", {:.2f} per MAC ({} MACs)", *ipm, run.macs) : "");
  fmt::print("{}\n", fit.summary());
  if (options.profile) {
    fmt::print("\ninstructions per step (+-{} each, profiling build):\n{}",
               run.instructions_resolution, profile_table(profile));
  }
}

}  // namespace

int run_on_target(const ir::Subgraph& graph, const plan::Executable& executable,
                  const std::vector<std::vector<uint8_t>>& inputs,
                  const std::vector<std::span<const uint8_t>>& host_outputs,
                  const TargetRunOptions& options) {
  const target::Preset& preset = target::find_preset(options.target);
  if (!preset.emulated) {
    throw Error(ErrorCode::kUsage,
                fmt::format("--target {}: no emulator for this board; `mote analyze --target {}` "
                            "checks its memory budget, `mote run --target qemu-m4` runs the model",
                            options.target, options.target));
  }
  target::require_toolchain();
  const fs::path dir = target::make_work_dir(options.build_dir, "mote-target");
  const codegen::EmitSummary summary =
      codegen::emit_c(executable, dir, codegen::EmitOptions{options.target});
  if (!summary.has_target_files) {
    throw Error(ErrorCode::kInvalid,
                fmt::format("--target {}: this mote has no board files for it", options.target));
  }
  const fs::path elf = target::build_firmware(
      dir, 2, options.profile ? std::vector<std::string>{"MOTE_PROFILE=1"} : std::vector<std::string>{});
  const target::DeviceRun run =
      target::run_firmware(elf, dir, inputs, static_cast<int>(host_outputs.size()),
                           std::chrono::seconds(options.timeout_seconds));
  if (!run.heap_symbols.empty()) {
    std::string names;
    for (const std::string& s : run.heap_symbols) names += " " + s;
    throw Error(ErrorCode::kInvalid,
                fmt::format("{}: the firmware links heap functions:{}", elf.string(), names));
  }
  check_identical(graph, run, host_outputs, options);
  for (size_t i = 0; i < options.output_files.size(); ++i) {
    io::save_tensor_file(options.output_files[i], graph.tensors[graph.outputs[i]], run.outputs[i]);
  }
  // The model's and kernels' frames; the harness (target/) is not the model's cost.
  std::vector<target::StackFrame> frames =
      target::linked_frames(target::read_stack_usage(dir), target::elf_defined_symbols(elf));
  std::erase_if(frames,
                [](const target::StackFrame& f) { return f.source.rfind("target/", 0) == 0; });
  const target::FitVerdict fit = target::check_fit(
      preset,
      {run.flash_bytes(), run.arena_bytes, run.stack_high_water_bytes + run.data_bss_bytes()});
  std::vector<ProfileRow> profile;
  if (options.profile) profile = profile_rows(graph, executable, run.step_instructions);
  if (options.json) {
    print_json(graph, run, frames, fit, profile, options);
  } else {
    print_text(graph, run, frames, fit, profile, options);
  }
  if (options.build_dir.empty()) fs::remove_all(dir);
  return 0;
}

}  // namespace mote::cli
