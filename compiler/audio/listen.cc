#include "compiler/audio/listen.h"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/ir/error.h"
#include "compiler/plan/executable.h"
#include "compiler/run/session.h"
#include "mote/frontend/kws_detector.h"
#include "mote/frontend/kws_mfcc.h"
#include "mote/frontend/sww_log_mel.h"

namespace mote::audio {

namespace {

std::string shape_text(const ir::Tensor& t) {
  std::string s;
  for (size_t i = 0; i < t.shape.size(); ++i) s += fmt::format("{}{}", i ? "x" : "", t.shape[i]);
  return fmt::format("{} {}", s, ir::dtype_name(t.dtype));
}

void check_int8_tensor(const ir::Tensor& t, int64_t values, const std::string& what,
                       const std::string& model_path, const std::string& pipeline) {
  if (t.dtype != ir::DType::kInt8 || t.num_elements() != values || !t.quant ||
      t.quant->scale.size() != 1) {
    throw Error(ErrorCode::kUsage,
                fmt::format("{}: {} '{}' is {}; the {} pipeline needs {} int8 values (per-tensor "
                            "quantized)",
                            model_path, what, t.name, shape_text(t), pipeline, values));
  }
}

}  // namespace

Int8Classifier::Int8Classifier(const ir::Model& model, const std::string& model_path,
                               int input_values, int num_classes, const std::string& pipeline) {
  const ir::Subgraph& graph = model.subgraphs.at(0);
  if (graph.inputs.size() != 1 || graph.outputs.size() != 1) {
    throw Error(ErrorCode::kUsage,
                fmt::format("{}: model has {} inputs and {} outputs; the {} pipeline needs 1 and 1",
                            model_path, graph.inputs.size(), graph.outputs.size(), pipeline));
  }
  check_int8_tensor(graph.tensors[graph.inputs[0]], input_values, "input", model_path, pipeline);
  const ir::Tensor& out = graph.tensors[graph.outputs[0]];
  check_int8_tensor(out, num_classes, "output", model_path, pipeline);
  scale_ = out.quant->scale[0];
  zero_point_ = out.quant->zero_point[0];
  executable_ = plan::Executable::build(model);
  session_ = std::make_unique<run::Session>(*executable_);
}

Int8Classifier::~Int8Classifier() = default;

std::span<const int8_t> Int8Classifier::run(std::span<const int8_t> input) {
  session_->set_input(0, {reinterpret_cast<const uint8_t*>(input.data()), input.size()});
  session_->invoke();
  const auto out = session_->output(0);
  return {reinterpret_cast<const int8_t*>(out.data()), out.size()};
}

// ---- KWS ----

KwsListener::KwsListener(const ir::Model& model, const std::string& model_path)
    : mfcc_(std::make_unique<frontend::KwsMfcc>()),
      model_(model, model_path, frontend::kws::kNumFeatures, frontend::kws::kNumLabels, "kws") {
  mfcc_->init();
}

KwsListener::~KwsListener() = default;

std::vector<int8_t> KwsListener::features(std::span<const int16_t> clip) {
  std::vector<int8_t> features(frontend::kws::kNumFeatures);
  const int n = static_cast<int>(std::min<size_t>(clip.size(), frontend::kws::kClipSamples));
  mfcc_->compute(clip.data(), n, features.data());
  return features;
}

std::vector<int8_t> KwsListener::classify(std::span<const int16_t> clip) {
  const auto out = model_.run(features(clip));
  return {out.begin(), out.end()};
}

bool KwsListener::is_whole_clip(size_t stream_samples) {
  return stream_samples <= size_t(frontend::kws::kClipSamples);
}

int64_t KwsListener::hop_samples(const KwsStreamOptions& options) {
  return std::max<int64_t>(1, static_cast<int64_t>(options.hop_s * frontend::kws::kSampleRate));
}

WindowOutputs KwsListener::window_outputs(std::span<const int16_t> stream,
                                          const KwsStreamOptions& options) {
  using namespace frontend::kws;
  WindowOutputs outputs;
  outputs.num_classes = kNumLabels;
  if (is_whole_clip(stream.size())) {
    outputs.append(int64_t(stream.size()), classify(stream));
    return outputs;
  }
  const size_t hop = size_t(hop_samples(options));
  for (size_t end = kClipSamples; end <= stream.size(); end += hop) {
    outputs.append(int64_t(end), classify(stream.subspan(end - kClipSamples, kClipSamples)));
  }
  return outputs;
}

std::vector<Event> KwsListener::detect(const WindowOutputs& outputs, size_t stream_samples,
                                       const KwsStreamOptions& options) const {
  using namespace frontend::kws;
  std::vector<Event> events;
  if (is_whole_clip(stream_samples)) {
    if (outputs.size() != 1) return events;
    const auto out = outputs.window(0);
    const auto best = std::max_element(out.begin(), out.end()) - out.begin();
    events.push_back({kLabels[best], double(stream_samples) / kSampleRate, model_.probability(out[best])});
    return events;
  }
  frontend::KwsDetector detector;
  detector.reset({options.smoothing_windows, options.threshold,
                  static_cast<int64_t>(options.refractory_s * kSampleRate)});
  float probabilities[kNumLabels];
  for (size_t w = 0; w < outputs.size(); ++w) {
    const auto out = outputs.window(w);
    for (int i = 0; i < kNumLabels; ++i) probabilities[i] = model_.probability(out[i]);
    float score = 0;
    const int64_t end = outputs.end_samples[w];
    const int label = detector.update(probabilities, end, &score);
    if (label >= 0) events.push_back({kLabels[label], double(end) / kSampleRate, score});
  }
  return events;
}

std::vector<Event> KwsListener::listen(std::span<const int16_t> stream, const KwsStreamOptions& options) {
  return detect(window_outputs(stream, options), stream.size(), options);
}

// ---- SWW ----

SwwListener::SwwListener(const ir::Model& model, const std::string& model_path)
    : log_mel_(std::make_unique<frontend::SwwLogMel>()),
      model_(model, model_path, frontend::sww::kWindowValues, frontend::sww::kNumLabels, "sww") {
  log_mel_->init();
}

SwwListener::~SwwListener() = default;

WindowOutputs SwwListener::window_outputs(std::span<const int16_t> stream, Trace* trace) {
  using namespace frontend::sww;
  log_mel_->reset();
  frontend::SwwFeatureWindow window;
  window.reset();
  WindowOutputs outputs;
  outputs.num_classes = kNumLabels;
  int8_t frame[kNumMelBins];
  for (size_t end = kHop; end <= stream.size(); end += kHop) {
    if (!log_mel_->push_hop(stream.data() + end - kHop, frame)) continue;
    window.push(frame);
    const auto out = model_.run({window.data(), size_t(kWindowValues)});
    if (trace) {
      trace->frames.insert(trace->frames.end(), frame, frame + kNumMelBins);
      trace->outputs.insert(trace->outputs.end(), out.begin(), out.end());
    }
    outputs.append(int64_t(end), out);
  }
  return outputs;
}

std::vector<Event> SwwListener::detect(const WindowOutputs& outputs) const {
  using namespace frontend::sww;
  frontend::SwwDetector detector;
  detector.reset();
  std::vector<Event> events;
  for (size_t w = 0; w < outputs.size(); ++w) {
    const auto out = outputs.window(w);
    const int64_t end = outputs.end_samples[w];
    if (detector.update(out.data(), end)) {
      events.push_back({kLabels[kWakewordLabel], double(end) / kSampleRate,
                        model_.probability(out[kWakewordLabel])});
    }
  }
  return events;
}

std::vector<Event> SwwListener::listen(std::span<const int16_t> stream, Trace* trace) {
  return detect(window_outputs(stream, trace));
}

}  // namespace mote::audio
