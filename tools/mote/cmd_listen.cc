// mote listen: audio in, keywords out, on the host runtime with the device
// front end (frontend/).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "compiler/audio/listen.h"
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

}  // namespace

Command add_listen(CLI::App& app) {
  struct Options {
    ModelArgs model;
    std::string wav;
    std::string pipeline;
    std::string target = "host";
    float threshold = audio::KwsStreamOptions{}.threshold;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  add_model_args(app, opts->model);
  app.add_option("--wav", opts->wav, "Audio to listen to (16 kHz 16-bit PCM WAV)")->required();
  app.add_option("--pipeline", opts->pipeline,
                 "Front end: kws (49x10 MFCC, 1-s sliding window) or sww (streaming log-mel); "
                 "default: chosen from the model's input size")
      ->check(CLI::IsMember({"kws", "sww"}));
  app.add_option("--target", opts->target, "Where to run: host (qemu-m4 is not available yet)")
      ->check(CLI::IsMember({"host", "qemu-m4"}));
  app.add_option("--threshold", opts->threshold,
                 "kws streams: smoothed keyword probability that fires a detection")
      ->check(CLI::Range(0.0, 1.0));
  app.add_flag("--json", opts->json, "Print a JSON list of {label, time_s, score}");
  return [opts]() {
    if (opts->target != "host") {
      throw Error(ErrorCode::kUnsupported,
                  fmt::format("{}: --target {} is not supported yet; use --target host",
                              opts->wav, opts->target));
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
    std::vector<audio::Event> events;
    if (pipeline == "sww") {
      events = audio::SwwListener(model, opts->model.path).listen(wav.samples);
    } else {
      audio::KwsStreamOptions stream_options;
      stream_options.threshold = opts->threshold;
      events = audio::KwsListener(model, opts->model.path).listen(wav.samples, stream_options);
    }
    if (opts->json) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& e : events) {
        list.push_back({{"label", e.label}, {"time_s", e.time_s}, {"score", e.score}});
      }
      fmt::print("{}\n", list.dump(2));
      return 0;
    }
    fmt::print("{}: {:.3f} s, {} pipeline, {} event{}\n", opts->wav, wav.duration_s(), pipeline,
               events.size(), events.size() == 1 ? "" : "s");
    for (const auto& e : events) {
      fmt::print("  {:>8.3f} s  {:<8} score {:.3f}\n", e.time_s, e.label, e.score);
    }
    return 0;
  };
}

}  // namespace mote::cli
