#include "mote/frontend/mel_filterbank.h"

#include "mote/math.h"

namespace mote::frontend {

namespace {

float hz_to_mel(float hz) { return 1127.0f * log_f32(1.0f + hz / 700.0f); }

}  // namespace

void mel_filterbank_build(const MelFilterbankTables& t, float sample_rate, float lower_hz,
                          float upper_hz) {
  const float lower_mel = hz_to_mel(lower_hz);
  const float mel_span = hz_to_mel(upper_hz) - lower_mel;
  const float bin_hz = 0.5f * sample_rate / static_cast<float>(t.num_bins - 1);
  auto edge = [&](int i) {
    return lower_mel + mel_span * static_cast<float>(i) / static_cast<float>(t.num_mels + 1);
  };
  int used = 0;
  for (int m = 0; m < t.num_mels; ++m) {
    const float left = edge(m), center = edge(m + 1), right = edge(m + 2);
    t.first_bin[m] = 0;
    t.num_weights[m] = 0;
    t.offset[m] = static_cast<int16_t>(used);
    for (int bin = 1; bin < t.num_bins; ++bin) {  // bin 0 (DC) is in no band
      const float mel = hz_to_mel(bin_hz * static_cast<float>(bin));
      const float rising = (mel - left) / (center - left);
      const float falling = (right - mel) / (right - center);
      const float w = rising < falling ? rising : falling;
      if (w <= 0.0f) {
        if (t.num_weights[m] > 0) break;  // past the band: triangles are contiguous
        continue;
      }
      if (t.num_weights[m] == 0) t.first_bin[m] = static_cast<int16_t>(bin);
      if (used >= 2 * t.num_bins) return;  // cannot happen for ordered edges; never overrun
      t.weights[used++] = w;
      ++t.num_weights[m];
    }
  }
}

void mel_filterbank_apply(const MelFilterbankTables& t, const float* spectrum, float* mel) {
  for (int m = 0; m < t.num_mels; ++m) {
    const float* w = t.weights + t.offset[m];
    const float* s = spectrum + t.first_bin[m];
    float sum = 0.0f;
    for (int i = 0; i < t.num_weights[m]; ++i) sum += w[i] * s[i];
    mel[m] = sum;
  }
}

float mel_filterbank_weight(const MelFilterbankTables& t, int bin, int mel) {
  if (mel < 0 || mel >= t.num_mels) return 0.0f;
  const int i = bin - t.first_bin[mel];
  if (i < 0 || i >= t.num_weights[mel]) return 0.0f;
  return t.weights[t.offset[mel] + i];
}

}  // namespace mote::frontend
