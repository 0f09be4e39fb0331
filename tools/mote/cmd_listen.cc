// mote listen: audio in, keywords out, with the device front end (frontend/)
// on the host runtime or, with --target qemu-m4, front end and model on the
// emulated Cortex-M4 (the events then come from the device's model outputs
// through the same detection code).
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>

#include "compiler/audio/device_listen.h"
#include "compiler/audio/listen.h"
#include "compiler/audio/oww.h"
#include "compiler/audio/wav.h"
#include "compiler/ir/error.h"
#include "mote/frontend/kws_mfcc.h"
#include "mote/frontend/sww_log_mel.h"
#include "tools/mote/commands.h"
#include "tools/mote/model_loading.h"

namespace mote::cli {

namespace {

// The pipeline a model was trained with, told apart by its input size.
std::string pipeline_for(const ir::Model& model) {
  const ir::Subgraph& graph = model.subgraphs.at(0);
  if (graph.inputs.size() == 1) {
    const int64_t n = graph.tensors[graph.inputs[0]].num_elements();
    if (n == frontend::kws::kNumFeatures) return "kws";
    if (n == frontend::sww::kWindowValues) return "sww";
  }
  return "kws";  // the model check then names what does not fit
}

// The device's window outputs must be the host runtime's, byte for byte:
// then the events are too.
void check_same_outputs(const audio::WindowOutputs& host, const audio::WindowOutputs& device,
                        const std::string& wav, const std::string& target) {
  if (device.size() != host.size()) {
    throw Error(ErrorCode::kInvalid,
                fmt::format("{}: {} analysed {} windows, the host {}", wav, target, device.size(),
                            host.size()));
  }
  for (size_t w = 0; w < host.size(); ++w) {
    const auto d = device.window(w), h = host.window(w);
    if (device.end_samples[w] != host.end_samples[w] || !std::equal(d.begin(), d.end(), h.begin())) {
      throw Error(ErrorCode::kInvalid,
                  fmt::format("{}: window {} (ending at sample {}): the model outputs on {} differ "
                              "from the host runtime",
                              wav, w, host.end_samples[w], target));
    }
  }
}

struct Listened {
  std::vector<audio::Event> events;
  std::optional<audio::DeviceListen> device;
};

// Runs `listener` on the host, and on the device when `device_options` is set.
template <typename Listener, typename Windows, typename Detect>
Listened listen_with(Listener& listener, Windows windows, Detect detect, const std::string& wav,
                     const std::optional<audio::DeviceListenOptions>& device_options,
                     std::span<const int16_t> samples) {
  const audio::WindowOutputs host = windows();
  if (!device_options) return {detect(host), std::nullopt};
  audio::DeviceListen device =
      audio::listen_on_device(listener.model().executable(), samples, *device_options);
  check_same_outputs(host, device.outputs, wav, device_options->target);
  return {detect(device.outputs), std::move(device)};
}

nlohmann::json events_json(const std::vector<audio::Event>& events) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : events) {
    list.push_back({{"label", e.label}, {"time_s", e.time_s}, {"score", e.score}});
  }
  return list;
}

// Seconds of audio the device analysed: a clip of at most 1 s is one
// zero-padded 1-s KWS window.
double analysed_seconds(const audio::Wav& wav, const std::string& pipeline) {
  const double seconds = wav.duration_s();
  return pipeline == "kws" && audio::KwsListener::is_whole_clip(wav.samples.size())
             ? 1.0
             : seconds;
}

// .data + .bss beside the model arena and the front end's static objects.
int64_t other_data_bss(const audio::DeviceListen& d) {
  return d.run.data_bss_bytes() - d.frontend_state_bytes - d.frontend_audio_bytes;
}

nlohmann::json device_json(const audio::DeviceListen& d, double audio_s) {
  const auto per = [&](int64_t n) { return d.windows > 0 ? double(n) / double(d.windows) : 0.0; };
  return {
      {"matches_host", true},
      {"audio_seconds", audio_s},
      {"windows", d.windows},
      {"instructions_resolution_per_window", d.run.instructions_resolution},
      {"frontend",
       {{"instructions", d.frontend_instructions},
        {"instructions_per_second", double(d.frontend_instructions) / audio_s},
        {"instructions_per_window", per(d.frontend_instructions)},
        {"ram_bytes", d.frontend_state_bytes + d.frontend_audio_bytes},
        {"state_bytes", d.frontend_state_bytes},
        {"audio_buffer_bytes", d.frontend_audio_bytes}}},
      {"model",
       {{"instructions", d.model_instructions},
        {"instructions_per_second", double(d.model_instructions) / audio_s},
        {"instructions_per_inference", per(d.model_instructions)},
        {"macs_per_inference", d.run.macs},
        {"ram_bytes", d.run.arena_bytes},
        {"flash_weight_bytes", d.run.sections.weight_bytes}}},
      {"stack_bytes", d.run.stack_high_water_bytes},
      {"other_data_bss_bytes", other_data_bss(d)},
      {"flash_bytes", d.run.flash_bytes()},
      {"build_seconds", d.build_seconds},
      {"run_seconds", d.run_seconds},
  };
}

void print_device_text(std::FILE* out, const audio::DeviceListen& d, double audio_s, const std::string& target) {
  const auto per = [&](int64_t n) { return d.windows > 0 ? n / d.windows : 0; };
  fmt::print(out, "{}: front end and model on the emulated core; {} window{}, model outputs "
             "byte-identical to the host runtime\n",
             target, d.windows, d.windows == 1 ? "" : "s");
  fmt::print(out, "  front end {:>12.0f} instructions per second of audio ({} per window), RAM {} "
             "bytes (state and tables {}, audio buffer {})\n",
             double(d.frontend_instructions) / audio_s, per(d.frontend_instructions),
             d.frontend_state_bytes + d.frontend_audio_bytes, d.frontend_state_bytes,
             d.frontend_audio_bytes);
  fmt::print(out, "  model     {:>12.0f} instructions per second of audio ({} per inference), RAM {} "
             "bytes (arena)\n",
             double(d.model_instructions) / audio_s, per(d.model_instructions), d.run.arena_bytes);
  fmt::print(out, "  stack high-water {} bytes, other data+bss {} bytes, flash {} bytes; instructions "
             "+-{} per window; build {:.1f} s, run {:.1f} s\n",
             d.run.stack_high_water_bytes, other_data_bss(d), d.run.flash_bytes(),
             d.run.instructions_resolution, d.build_seconds, d.run_seconds);
}

// The openWakeWord pipeline (three models, host only): detections at 0.5.
// Every chunk's model inputs and outputs, one raw float32 file each.
void write_oww_trace(const audio::OwwListener::Trace& trace, const std::string& dir) {
  std::filesystem::create_directories(dir);
  const auto write = [&](const char* name, const std::vector<float>& values, size_t per_chunk) {
    for (size_t c = 0; c * per_chunk < values.size(); ++c) {
      const std::string path = fmt::format("{}/chunk{:04d}_{}.bin", dir, c, name);
      std::ofstream out(path, std::ios::binary);
      out.write(reinterpret_cast<const char*>(values.data() + c * per_chunk),
                std::streamsize(per_chunk * sizeof(float)));
      if (!out) throw Error(ErrorCode::kIo, path + ": cannot write");
    }
  };
  namespace o = audio::oww;
  write("mel_in", trace.mel_inputs, o::kMelInputSamples);
  write("mel_out", trace.mel_outputs, o::kMelFramesPerChunk * o::kMelBands);
  write("embedding_in", trace.embedding_inputs, o::kEmbeddingFrames * o::kMelBands);
  write("embedding_out", trace.embeddings, o::kEmbeddingValues);
  write("wakeword_in", trace.wakeword_inputs, o::kWakeWordEmbeddings * o::kEmbeddingValues);
  write("wakeword_out", trace.raw_scores, 1);
}

int listen_oww(const std::string& wakeword, const std::string& dir, const std::string& wav_path,
               const std::string& target, bool json, const std::string& trace_dir) {
  if (dir.empty()) {
    throw Error(ErrorCode::kUsage, "--pipeline oww needs --oww-dir DIR (melspectrogram.tflite, "
                                   "embedding_model.tflite)");
  }
  if (target != "host") {
    throw Error(ErrorCode::kUnsupported, "--pipeline oww runs on the host only (--target host)");
  }
  const audio::Wav wav = audio::read_wav(wav_path);
  if (wav.sample_rate != audio::oww::kSampleRate) {
    throw Error(ErrorCode::kUsage,
                fmt::format("{}: sample rate is {} Hz; the oww pipeline needs {} Hz (e.g. sox IN "
                            "-r 16000 OUT.wav)",
                            wav_path, wav.sample_rate, audio::oww::kSampleRate));
  }
  audio::OwwListener listener(audio::OwwModelPaths::in_dir(dir, wakeword));
  audio::OwwListener::Trace trace;
  const std::vector<audio::Event> events =
      listener.listen(wav.samples, audio::oww::kThreshold, trace_dir.empty() ? nullptr : &trace);
  if (!trace_dir.empty()) write_oww_trace(trace, trace_dir);
  if (json) {
    fmt::print("{}\n", events_json(events).dump(2));
    return 0;
  }
  fmt::print("{}: {:.3f} s, oww pipeline, {} event{}\n", wav_path, wav.duration_s(),
             events.size(), events.size() == 1 ? "" : "s");
  for (const auto& e : events) {
    fmt::print("  {:>8.3f} s  {:<8} score {:.3f}\n", e.time_s, e.label, e.score);
  }
  return 0;
}

}  // namespace

Command add_listen(CLI::App& app) {
  struct Options {
    ModelArgs model;
    std::string wav;
    std::string pipeline;
    std::string target = "host";
    float threshold = audio::KwsStreamOptions{}.threshold;
    std::string build_dir;
    std::string oww_dir;  // --pipeline oww: melspectrogram + embedding models
    std::string oww_trace;
    std::string report;  // qemu-m4: the device measurements as JSON
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  add_model_args(app, opts->model);
  app.add_option("--wav", opts->wav, "Audio to listen to (16 kHz 16-bit PCM WAV)")->required();
  app.add_option("--pipeline", opts->pipeline,
                 "Front end: kws (49x10 MFCC, 1-s sliding window) or sww (streaming log-mel); "
                 "default: chosen from the model's input size")
      ->check(CLI::IsMember({"kws", "sww", "oww"}));
  app.add_option("--target", opts->target,
                 "Where to run: host, or qemu-m4 (front end and model on the emulated Cortex-M4; "
                 "needs arm-none-eabi-gcc and qemu-system-arm)")
      ->check(CLI::IsMember({"host", "qemu-m4"}));
  app.add_option("--threshold", opts->threshold,
                 "kws streams: smoothed keyword probability that fires a detection")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--build-dir", opts->build_dir,
                 "qemu-m4: keep the firmware tree here (default: a temporary directory)");
  app.add_option("--oww-dir", opts->oww_dir,
                 "oww (openWakeWord; MODEL is the wake-word model, e.g. hey_jarvis_v0.1.tflite): "
                 "directory with melspectrogram.tflite and embedding_model.tflite "
                 "(scripts/fetch_openwakeword.sh prints it)");
  app.add_option("--oww-trace", opts->oww_trace,
                 "oww: write every chunk's model inputs and outputs to this directory as raw "
                 "float32 (scripts/oww_oracle_check.sh compares them with LiteRT.js)");
  app.add_flag("--json", opts->json,
               "Print the events as a JSON list of {label, time_s, score} (on qemu-m4 the device "
               "measurements then go to stderr as text; --report writes them as JSON)");
  app.add_option("--report", opts->report,
                 "qemu-m4: write the device measurements (instructions per second of audio and "
                 "RAM of front end and model, the events) to this JSON file");
  return [opts]() {
    if (opts->pipeline == "oww") {
      return listen_oww(opts->model.path, opts->oww_dir, opts->wav, opts->target, opts->json,
                        opts->oww_trace);
    }
    const ir::Model model = load_model(opts->model);
    const std::string pipeline = opts->pipeline.empty() ? pipeline_for(model) : opts->pipeline;
    const audio::Wav wav = audio::read_wav(opts->wav);
    if (wav.sample_rate != frontend::kws::kSampleRate) {
      throw Error(ErrorCode::kUsage,
                  fmt::format("{}: sample rate is {} Hz; the {} pipeline needs {} Hz (e.g. sox IN "
                              "-r 16000 OUT.wav)",
                              opts->wav, wav.sample_rate, pipeline, frontend::kws::kSampleRate));
    }
    std::optional<audio::DeviceListenOptions> device_options;
    if (opts->target != "host") {
      device_options.emplace();
      device_options->target = opts->target;
      device_options->pipeline = pipeline;
      device_options->build_dir = opts->build_dir;
    }
    const std::span<const int16_t> samples = wav.samples;
    Listened listened;
    if (pipeline == "sww") {
      audio::SwwListener listener(model, opts->model.path);
      listened = listen_with(
          listener, [&] { return listener.window_outputs(samples); },
          [&](const audio::WindowOutputs& w) { return listener.detect(w); }, opts->wav,
          device_options, samples);
    } else {
      audio::KwsStreamOptions stream_options;
      stream_options.threshold = opts->threshold;
      if (device_options) {
        device_options->kws_whole_clip = audio::KwsListener::is_whole_clip(samples.size());
        device_options->kws_hop_samples = audio::KwsListener::hop_samples(stream_options);
      }
      audio::KwsListener listener(model, opts->model.path);
      listened = listen_with(
          listener, [&] { return listener.window_outputs(samples, stream_options); },
          [&](const audio::WindowOutputs& w) {
            return listener.detect(w, samples.size(), stream_options);
          },
          opts->wav, device_options, samples);
    }
    const std::vector<audio::Event>& events = listened.events;
    const double audio_s = analysed_seconds(wav, pipeline);
    if (!opts->report.empty()) {
      if (!listened.device) {
        throw Error(ErrorCode::kUsage, "--report needs a device target (--target qemu-m4)");
      }
      nlohmann::json j = {{"model", opts->model.path}, {"wav", opts->wav},
                          {"pipeline", pipeline},      {"target", opts->target},
                          {"events", events_json(events)}};
      j.update(device_json(*listened.device, audio_s));
      std::ofstream report(opts->report);
      report << j.dump(2) << "\n";
      if (!report) throw Error(ErrorCode::kIo, opts->report + ": cannot write the report");
    }
    if (opts->json) {
      fmt::print("{}\n", events_json(events).dump(2));
      if (listened.device) print_device_text(stderr, *listened.device, audio_s, opts->target);
      return 0;
    }
    fmt::print("{}: {:.3f} s, {} pipeline, {} event{}\n", opts->wav, wav.duration_s(), pipeline,
               events.size(), events.size() == 1 ? "" : "s");
    for (const auto& e : events) {
      fmt::print("  {:>8.3f} s  {:<8} score {:.3f}\n", e.time_s, e.label, e.score);
    }
    if (listened.device) print_device_text(stdout, *listened.device, audio_s, opts->target);
    return 0;
  };
}

}  // namespace mote::cli
