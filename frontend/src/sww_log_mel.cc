#include "mote/frontend/sww_log_mel.h"

#include "mote/math.h"
#include "turns.h"

namespace mote::frontend {

namespace sww {
const char* const kLabels[kNumLabels] = {"marvin", "silence", "other"};
}  // namespace sww

using namespace sww;

void SwwLogMel::init() {
  for (int n = 0; n < kFrameLength; ++n) {  // symmetric Hamming
    window_[n] = 0.54f - 0.46f * detail::cos_turns(n, kFrameLength - 1);
  }
  fft_.init();
  mel_.init(static_cast<float>(kSampleRate), kMelLowerHz, kMelUpperHz);
  reset();
}

void SwwLogMel::reset() {
  for (float& v : history_) v = 0.0f;
  previous_x_ = 0.0f;
  filled_ = 0;
}

bool SwwLogMel::push_hop(const int16_t* hop, int8_t* frame, float* features_f32) {
  for (int i = 0; i < kFrameLength - kHop; ++i) history_[i] = history_[i + kHop];
  for (int i = 0; i < kHop; ++i) {
    const float x = static_cast<float>(hop[i]) / 32768.0f;
    history_[kFrameLength - kHop + i] = x - kPreemphasis * previous_x_;
    previous_x_ = x;
  }
  if (filled_ < kFrameLength) filled_ += kHop;
  if (filled_ < kFrameLength) return false;

  for (int n = 0; n < kFrameLength; ++n) buffer_[n] = history_[n] * window_[n];
  fft_.forward(buffer_);
  for (int k = 0; k < kNumBins; ++k) {  // in place: bin k reads 2k, 2k+1 >= k
    const float re = buffer_[2 * k], im = buffer_[2 * k + 1];
    buffer_[k] = (re * re + im * im) / static_cast<float>(kFftLength);
  }
  float mel[kNumMelBins];
  mel_.apply(buffer_, mel);
  const float log10_e = 0.434294481903251828f;
  for (int m = 0; m < kNumMelBins; ++m) {
    const float energy = mel[m] > 1e-30f ? mel[m] : 1e-30f;
    float f = (10.0f * log10_e * log_f32(energy) + 52.0f) / 64.0f;
    f = f < 0.0f ? 0.0f : (f > 1.0f ? 1.0f : f);
    if (features_f32) features_f32[m] = f;
    float q = roundf_away(f / kInputScale) + static_cast<float>(kInputZeroPoint);
    q = q > 127.0f ? 127.0f : q;  // f >= 0 keeps q >= -128
    frame[m] = static_cast<int8_t>(q);
  }
  return true;
}

void SwwFeatureWindow::reset() {
  for (int8_t& v : values_) v = static_cast<int8_t>(kInputZeroPoint);
}

void SwwFeatureWindow::push(const int8_t* frame) {
  for (int i = 0; i < kWindowValues - kNumMelBins; ++i) values_[i] = values_[i + kNumMelBins];
  for (int m = 0; m < kNumMelBins; ++m) values_[kWindowValues - kNumMelBins + m] = frame[m];
}

bool SwwDetector::update(const int8_t* scores, int64_t stream_sample) {
  if (scores[kWakewordLabel] <= kDetectionThreshold) return false;
  if (last_detection_ >= 0 && stream_sample - last_detection_ < kDebounceSamples) return false;
  last_detection_ = stream_sample;
  return true;
}

}  // namespace mote::frontend
