// Streaming keyword detection over the 1-s KWS model run as a sliding
// window: the class probabilities of the last few windows are averaged
// (posterior smoothing), and a keyword fires when its smoothed probability
// reaches the threshold, at most once per refractory period.
// Device code: no heap.
#pragma once

#include <stdint.h>

#include "mote/frontend/kws_mfcc.h"

namespace mote::frontend {

struct KwsDetectorConfig {
  int smoothing_windows;      // 1..kMaxSmoothingWindows
  float threshold;            // on the smoothed probability
  int64_t refractory_samples; // quiet time after a detection
};

class KwsDetector {
 public:
  static constexpr int kMaxSmoothingWindows = 8;

  void reset(const KwsDetectorConfig& config);
  // `probabilities` are the model's 12 class probabilities for the window
  // ending at `stream_sample`. Returns the keyword label index that fires
  // (and its smoothed probability in *score), or -1.
  int update(const float* probabilities, int64_t stream_sample, float* score);

 private:
  KwsDetectorConfig config_;
  float history_[kMaxSmoothingWindows][kws::kNumLabels];
  int count_;
  int next_;
  int64_t last_detection_;
};

}  // namespace mote::frontend
