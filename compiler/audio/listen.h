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

// A model with one int8 input of `input_values` values and one int8 output
// of `num_classes` values; anything else is refused naming the model.
class Int8Classifier {
 public:
  Int8Classifier(const ir::Model& model, const std::string& model_path, int input_values,
                 int num_classes, const std::string& pipeline);
  ~Int8Classifier();
  std::span<const int8_t> run(std::span<const int8_t> input);
  float probability(int8_t q) const { return (float(q) - float(zero_point_)) * scale_; }

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

 private:
  std::unique_ptr<frontend::SwwLogMel> log_mel_;
  Int8Classifier model_;
};

}  // namespace mote::audio
