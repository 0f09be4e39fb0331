// Triangular mel filterbank built like TensorFlow's
// tf.signal.linear_to_mel_weight_matrix: HTK mel scale 1127*ln(1 + f/700),
// band edges evenly spaced in mel, triangles linear in mel with peak 1, no
// area normalisation, the DC bin in no band. Stored sparsely: each band is a
// contiguous run of FFT bins, and each bin lies in at most two bands.
#pragma once

#include <stdint.h>

namespace mote::frontend {

struct MelFilterbankTables {
  int num_bins;        // FFT bins 0..num_bins-1 (DC to Nyquist)
  int num_mels;
  int16_t* first_bin;  // [num_mels]
  int16_t* num_weights;  // [num_mels]
  int16_t* offset;     // [num_mels] into weights
  float* weights;      // capacity 2 * num_bins
};

// Builds the bands for `sample_rate` between lower_hz and upper_hz.
void mel_filterbank_build(const MelFilterbankTables& t, float sample_rate, float lower_hz,
                          float upper_hz);
// mel[m] = sum over bins of weight(bin, m) * spectrum[bin].
void mel_filterbank_apply(const MelFilterbankTables& t, const float* spectrum, float* mel);
// The dense matrix entry (bin, band), 0 outside the band: for tests and tools.
float mel_filterbank_weight(const MelFilterbankTables& t, int bin, int mel);

template <int kBins, int kMels>
class MelFilterbank {
 public:
  void init(float sample_rate, float lower_hz, float upper_hz) {
    mel_filterbank_build(tables(), sample_rate, lower_hz, upper_hz);
  }
  void apply(const float* spectrum, float* mel) const { mel_filterbank_apply(tables(), spectrum, mel); }
  float weight(int bin, int mel) const { return mel_filterbank_weight(tables(), bin, mel); }

 private:
  MelFilterbankTables tables() const {
    auto* self = const_cast<MelFilterbank*>(this);
    return {kBins, kMels, self->first_bin_, self->num_weights_, self->offset_, self->weights_};
  }
  int16_t first_bin_[kMels];
  int16_t num_weights_[kMels];
  int16_t offset_[kMels];
  float weights_[2 * kBins];
};

}  // namespace mote::frontend
