#include "mote/frontend/kws_detector.h"

namespace mote::frontend {

void KwsDetector::reset(const KwsDetectorConfig& config) {
  config_ = config;
  if (config_.smoothing_windows < 1) config_.smoothing_windows = 1;
  if (config_.smoothing_windows > kMaxSmoothingWindows) config_.smoothing_windows = kMaxSmoothingWindows;
  count_ = 0;
  next_ = 0;
  last_detection_ = -1;
}

int KwsDetector::update(const float* probabilities, int64_t stream_sample, float* score) {
  for (int i = 0; i < kws::kNumLabels; ++i) history_[next_][i] = probabilities[i];
  next_ = (next_ + 1) % config_.smoothing_windows;
  if (count_ < config_.smoothing_windows) ++count_;

  int best = -1;
  float best_score = 0.0f;
  for (int label = 0; label < kws::kNumKeywords; ++label) {
    float sum = 0.0f;
    for (int w = 0; w < count_; ++w) sum += history_[w][label];
    const float smoothed = sum / static_cast<float>(config_.smoothing_windows);
    if (smoothed > best_score) {
      best = label;
      best_score = smoothed;
    }
  }
  if (best < 0 || best_score < config_.threshold) return -1;
  if (last_detection_ >= 0 && stream_sample - last_detection_ < config_.refractory_samples) return -1;
  last_detection_ = stream_sample;
  if (score) *score = best_score;
  return best;
}

}  // namespace mote::frontend
