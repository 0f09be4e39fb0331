// Log-mel front end of the MLPerf Tiny streaming wake-word model
// (sww_streaming_wakeword, "marvin", input 30x40 int8), streaming:
//   x = s / 32768; pre-emphasis y[n] = x[n] - 0.96875 x[n-1], carried across hops;
//   frames of 1024, hop 512, symmetric Hamming 0.54 - 0.46 cos(2 pi n / 1023);
//   power |X|^2 / 1024; 40 mel bands 0..8000 Hz;
//   f = clamp((10 log10(max(mel, 1e-30)) + 52) / 64, 0, 1);
//   q = clamp(round(f / 0.0037010426) - 128, -128, 127).
// The model sees the last 30 frames after every hop (SwwFeatureWindow) and a
// detection is out[0] > 115, at most one per second (SwwDetector).
// Device code: no heap; call init() once, reset() at the start of a stream.
#pragma once

#include <stdint.h>

#include "mote/frontend/mel_filterbank.h"
#include "mote/frontend/real_fft.h"

namespace mote::frontend {

namespace sww {
constexpr int kSampleRate = 16000;
constexpr int kFrameLength = 1024;
constexpr int kHop = 512;
constexpr int kFftLength = 1024;
constexpr int kNumBins = kFftLength / 2 + 1;
constexpr int kNumMelBins = 40;
constexpr int kWindowFrames = 30;
constexpr int kWindowValues = kWindowFrames * kNumMelBins;
constexpr float kPreemphasis = 0.96875f;
constexpr float kMelLowerHz = 0.0f;
constexpr float kMelUpperHz = 8000.0f;
constexpr float kInputScale = 0.0037010426f;
constexpr int kInputZeroPoint = -128;
// Model output order; detection rule.
constexpr int kNumLabels = 3;
extern const char* const kLabels[kNumLabels];
constexpr int kWakewordLabel = 0;
constexpr int kDetectionThreshold = 115;  // on the raw int8 score of output 0
constexpr int kDebounceSamples = kSampleRate;  // 1 s
}  // namespace sww

class SwwLogMel {
 public:
  void init();
  void reset();  // start of a new stream: no history, no pre-emphasis memory

  // Consumes the next sww::kHop samples. Once a whole frame has been seen,
  // writes its 40 int8 features to `frame` (and the clamped float values f
  // to `features_f32`, when not null) and returns true.
  bool push_hop(const int16_t* hop, int8_t* frame, float* features_f32 = nullptr);

  float window(int n) const { return window_[n]; }
  float mel_weight(int bin, int mel) const { return mel_.weight(bin, mel); }

 private:
  float window_[sww::kFrameLength];
  RealFft<sww::kFftLength> fft_;
  MelFilterbank<sww::kNumBins, sww::kNumMelBins> mel_;
  float history_[sww::kFrameLength];  // pre-emphasised samples of the current frame
  float buffer_[RealFft<sww::kFftLength>::kBufferFloats];
  float previous_x_;
  int filled_;
};

// The model input: the last 30 feature frames, oldest first, contiguous.
// Starts filled with -128 (the quantized silence floor) so the model can run
// from the first frame on.
class SwwFeatureWindow {
 public:
  void reset();
  void push(const int8_t* frame);
  const int8_t* data() const { return values_; }

 private:
  int8_t values_[sww::kWindowValues];
};

// Fires when the wake-word score exceeds the threshold, then stays quiet for
// one second of stream time.
class SwwDetector {
 public:
  void reset() { last_detection_ = -1; }
  // `scores` are the model's 3 int8 outputs for the window ending at
  // `stream_sample`; returns true when this window is a detection.
  bool update(const int8_t* scores, int64_t stream_sample);

 private:
  int64_t last_detection_ = -1;
};

}  // namespace mote::frontend
