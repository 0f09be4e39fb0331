// Host streaming pipelines: the device front end (frontend/) feeding a model
// on the host runtime, turning audio into (label, time, score) events.
//  - KWS: the 1-s keyword model as a sliding window over the stream, with
//    posterior smoothing and a threshold (frontend KwsDetector). A stream of
//    at most 1 s is classified whole and its top-1 label always reported.
//  - SWW: the streaming wake-word model natively, one inference per 32-ms hop
//    on the last 30 frames, out[0] > 115 with a 1-s debounce (SwwDetector).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace mote::plan {
class Executable;
}
namespace mote::run {
class Session;
}
namespace mote::frontend {
class KwsMfcc;
class SwwLogMel;
}  // namespace mote::frontend

namespace mote::audio {

struct Event {
  std::string label;
  double time_s = 0;  // stream time the detection fires: end of the analysed window
  double score = 0;   // probability (dequantized model output, smoothed for KWS streams)
};

// The model's raw int8 outputs for every analysed window, in stream order:
// what the host runtime and the device (compiler/audio/device_listen.h) both
// produce, and what one detection function per pipeline turns into events.
struct WindowOutputs {
  int num_classes = 0;
  std::vector<int64_t> end_samples;  // stream sample at which each window ends
  std::vector<int8_t> values;        // num_classes per window
  size_t size() const { return end_samples.size(); }
  std::span<const int8_t> window(size_t i) const {
    return {values.data() + i * num_classes, size_t(num_classes)};
  }
  void append(int64_t end_sample, std::span<const int8_t> outputs) {
    end_samples.push_back(end_sample);
    values.insert(values.end(), outputs.begin(), outputs.end());
  }
};

// A model with one int8 input of `input_values` values and one int8 output
// of `num_classes` values; anything else is refused naming the model.
class Int8Classifier {
 public:
  Int8Classifier(const ir::Model& model, const std::string& model_path, int input_values,
                 int num_classes, const std::string& pipeline);
  ~Int8Classifier();
  std::span<const int8_t> run(std::span<const int8_t> input);
  float probability(int8_t q) const { return (float(q) - float(zero_point_)) * scale_; }
  const plan::Executable& executable() const { return *executable_; }

 private:
  std::unique_ptr<plan::Executable> executable_;
  std::unique_ptr<run::Session> session_;
  float scale_ = 1;
  int64_t zero_point_ = 0;
};

struct KwsStreamOptions {
  double hop_s = 0.125;      // sliding-window step
  int smoothing_windows = 3; // posteriors averaged over this many windows
  float threshold = 0.6f;    // on the smoothed keyword probability
  double refractory_s = 1.0; // no second detection within this time
};

class KwsListener {
 public:
  KwsListener(const ir::Model& model, const std::string& model_path);
  ~KwsListener();
  // The model input for one clip (49x10 int8).
  std::vector<int8_t> features(std::span<const int16_t> clip);
  // Raw int8 model outputs (12) for one clip.
  std::vector<int8_t> classify(std::span<const int16_t> clip);
  std::vector<Event> listen(std::span<const int16_t> stream, const KwsStreamOptions& options = {});

  // listen() in two steps. A stream of at most 1 s is one window ending at its
  // last sample; a longer one slides the 1-s window by options.hop_s.
  static bool is_whole_clip(size_t stream_samples);
  static int64_t hop_samples(const KwsStreamOptions& options);
  WindowOutputs window_outputs(std::span<const int16_t> stream, const KwsStreamOptions& options);
  std::vector<Event> detect(const WindowOutputs& outputs, size_t stream_samples,
                            const KwsStreamOptions& options) const;
  const Int8Classifier& model() const { return model_; }

 private:
  std::unique_ptr<frontend::KwsMfcc> mfcc_;
  Int8Classifier model_;
};

class SwwListener {
 public:
  // Every frame's features and every window's raw outputs, when asked for.
  struct Trace {
    std::vector<int8_t> frames;   // 40 per frame
    std::vector<int8_t> outputs;  // 3 per hop that produced a frame
  };
  SwwListener(const ir::Model& model, const std::string& model_path);
  ~SwwListener();
  std::vector<Event> listen(std::span<const int16_t> stream, Trace* trace = nullptr);

  // listen() in two steps: one window per 512-sample hop that completes a frame.
  WindowOutputs window_outputs(std::span<const int16_t> stream, Trace* trace = nullptr);
  std::vector<Event> detect(const WindowOutputs& outputs) const;
  const Int8Classifier& model() const { return model_; }

 private:
  std::unique_ptr<frontend::SwwLogMel> log_mel_;
  Int8Classifier model_;
};

}  // namespace mote::audio
