// `mote listen --target qemu-m4`: builds firmware from the compiled model, the
// audio front end (frontend/) and the listen harness
// (targets/qemu-m4/listen_main.cc), streams a WAV's samples to it on QEMU and
// returns the per-window model outputs it wrote, with what the front end and
// the model each cost in instructions and RAM. The caller applies the same
// detection (KwsListener/SwwListener::detect) as on the host.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>

#include "compiler/audio/listen.h"
#include "compiler/target/qemu_runner.h"

namespace mote::plan {
class Executable;
}

namespace mote::audio {

struct DeviceListenOptions {
  std::string target = "qemu-m4";
  std::string pipeline;         // "kws" or "sww"
  bool kws_whole_clip = false;  // kws: classify the stream (<= 1 s) once
  int64_t kws_hop_samples = 0;  // kws stream: sliding-window step
  std::string build_dir;        // "" = a temporary directory, removed after a successful run
  std::chrono::seconds timeout{600};
};

struct DeviceListen {
  WindowOutputs outputs;
  target::DeviceRun run;  // sections, stack, arena; run.metrics has every harness metric
  int64_t frontend_instructions = 0;  // summed over all windows, +-resolution per window
  int64_t model_instructions = 0;
  int64_t windows = 0;
  int64_t frontend_state_bytes = 0;  // sizeof of the front-end objects (tables, scratch, state)
  int64_t frontend_audio_bytes = 0;  // the harness's sample buffer
  double build_seconds = 0;          // wall time: compiling and linking the firmware
  double run_seconds = 0;            // wall time: the QEMU run
};

// Throws Error (toolchain or QEMU missing: kIo naming the packages).
DeviceListen listen_on_device(const plan::Executable& executable,
                              std::span<const int16_t> stream, const DeviceListenOptions& options);

}  // namespace mote::audio
