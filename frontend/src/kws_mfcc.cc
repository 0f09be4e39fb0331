#include "mote/frontend/kws_mfcc.h"

#include "mote/math.h"
#include "turns.h"

namespace mote::frontend {

namespace kws {
const char* const kLabels[kNumLabels] = {"down", "go",    "left", "no",      "off",    "on",
                                         "right", "stop", "up",   "yes", "silence", "unknown"};
}  // namespace kws

using namespace kws;

void KwsMfcc::init() {
  for (int n = 0; n < kFrameLength; ++n) {  // periodic Hann
    window_[n] = 0.5f - 0.5f * detail::cos_turns(n, kFrameLength);
  }
  const float dct_scale = sqrt_f32(2.0f / kNumMelBins);
  for (int j = 0; j < kNumMfcc; ++j) {
    for (int m = 0; m < kNumMelBins; ++m) {  // cos(pi j (2m+1) / 80) = cos_turns(j (2m+1), 160)
      dct_[j * kNumMelBins + m] = dct_scale * detail::cos_turns(j * (2 * m + 1), 4 * kNumMelBins);
    }
  }
  fft_.init();
  mel_.init(static_cast<float>(kSampleRate), kMelLowerHz, kMelUpperHz);
}

void KwsMfcc::compute(const int16_t* samples, int num_samples, int8_t* features, float* log_mel,
                      float* mfcc) {
  if (num_samples > kClipSamples) num_samples = kClipSamples;
  if (num_samples < 0) num_samples = 0;
  // Signed peak, as training did (s / reduce_max(s)); a clip with no positive
  // sample would flip or blow up, so it keeps the int16 full-scale instead.
  int peak = 0;
  for (int i = 0; i < num_samples; ++i) peak = samples[i] > peak ? samples[i] : peak;
  const float divisor = peak > 0 ? static_cast<float>(peak) : 32768.0f;

  float mel[kNumMelBins];
  float log_energies[kNumMelBins];
  for (int f = 0; f < kNumFrames; ++f) {
    const int start = f * kFrameStep;
    for (int n = 0; n < kFrameLength; ++n) {
      const int i = start + n;
      const float x = i < num_samples ? static_cast<float>(samples[i]) / divisor : 0.0f;
      buffer_[n] = x * window_[n];
    }
    for (int n = kFrameLength; n < kFftLength; ++n) buffer_[n] = 0.0f;
    fft_.forward(buffer_);
    for (int k = 0; k < kNumBins; ++k) {  // in place: bin k reads 2k, 2k+1 >= k
      const float re = buffer_[2 * k], im = buffer_[2 * k + 1];
      buffer_[k] = sqrt_f32(re * re + im * im);
    }
    mel_.apply(buffer_, mel);
    for (int m = 0; m < kNumMelBins; ++m) log_energies[m] = log_f32(mel[m] + kLogOffset);
    if (log_mel) {
      for (int m = 0; m < kNumMelBins; ++m) log_mel[f * kNumMelBins + m] = log_energies[m];
    }
    for (int j = 0; j < kNumMfcc; ++j) {
      float c = 0.0f;
      for (int m = 0; m < kNumMelBins; ++m) c += dct_[j * kNumMelBins + m] * log_energies[m];
      if (mfcc) mfcc[f * kNumMfcc + j] = c;
      float q = roundf_away(c / kInputScale) + static_cast<float>(kInputZeroPoint);
      q = q < -128.0f ? -128.0f : (q > 127.0f ? 127.0f : q);
      features[f * kNumMfcc + j] = static_cast<int8_t>(q);
    }
  }
}

}  // namespace mote::frontend
