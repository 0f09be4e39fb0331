// MFCC front end of the MLPerf Tiny keyword-spotting model (kws_ds_cnn_int8,
// input 49x10 int8), the pipeline it was trained with:
//   1 s at 16 kHz (zero-padded at the end); x = s / max(s);
//   49 frames of 480 samples, hop 320, periodic Hann window;
//   512-point real FFT, magnitude |X|; 40 mel bands 20..4000 Hz;
//   ln(mel + 1e-6); DCT-II c[j] = sqrt(2/40) sum_m L[m] cos(pi j (2m+1) / 80), j < 10;
//   q = clamp(round(c / 0.5847029) + 83, -128, 127).
// Device code: no heap. The object holds its tables and scratch (~10 KB);
// call init() once before compute().
#pragma once

#include <stdint.h>

#include "mote/frontend/mel_filterbank.h"
#include "mote/frontend/real_fft.h"

namespace mote::frontend {

namespace kws {
constexpr int kSampleRate = 16000;
constexpr int kClipSamples = 16000;
constexpr int kFrameLength = 480;
constexpr int kFrameStep = 320;
constexpr int kFftLength = 512;
constexpr int kNumBins = kFftLength / 2 + 1;
constexpr int kNumFrames = 1 + (kClipSamples - kFrameLength) / kFrameStep;  // 49
constexpr int kNumMelBins = 40;
constexpr int kNumMfcc = 10;
constexpr int kNumFeatures = kNumFrames * kNumMfcc;
constexpr float kMelLowerHz = 20.0f;
constexpr float kMelUpperHz = 4000.0f;
constexpr float kLogOffset = 1e-6f;
constexpr float kInputScale = 0.5847029f;
constexpr int kInputZeroPoint = 83;
// Model output order.
constexpr int kNumLabels = 12;
constexpr int kNumKeywords = 10;  // labels [0, 10) are keywords
constexpr int kSilenceLabel = 10;
constexpr int kUnknownLabel = 11;
extern const char* const kLabels[kNumLabels];
}  // namespace kws

class KwsMfcc {
 public:
  void init();

  // Features of one clip of `num_samples` (clips longer than 1 s are cut,
  // shorter ones zero-padded). Writes kNumFeatures int8 values (frame-major)
  // to `features`; `log_mel` (49x40) and `mfcc` (49x10) receive the float
  // intermediate stages when not null.
  void compute(const int16_t* samples, int num_samples, int8_t* features,
               float* log_mel = nullptr, float* mfcc = nullptr);

  // Tables, exposed for checking against references.
  float window(int n) const { return window_[n]; }
  float mel_weight(int bin, int mel) const { return mel_.weight(bin, mel); }
  float dct(int j, int m) const { return dct_[j * kws::kNumMelBins + m]; }

 private:
  float window_[kws::kFrameLength];
  float dct_[kws::kNumMfcc * kws::kNumMelBins];
  RealFft<kws::kFftLength> fft_;
  MelFilterbank<kws::kNumBins, kws::kNumMelBins> mel_;
  float buffer_[RealFft<kws::kFftLength>::kBufferFloats];
};

}  // namespace mote::frontend
