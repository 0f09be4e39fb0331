// Real-input FFT of a fixed power-of-two size, written for the audio front
// end: an N/2-point complex radix-2 FFT on the even/odd samples, then one
// split pass. Device code: no heap, tables live in the object.
#pragma once

#include <stdint.h>

namespace mote::frontend {

// Fills cos_table[k] = cos(2*pi*k/n) and sin_table[k] = sin(2*pi*k/n), k < n/2.
void real_fft_twiddles(int n, float* cos_table, float* sin_table);

// In place. On entry buf[0..n) holds n real samples; on return buf[0..n+2)
// holds bins 0..n/2 as (re, im) pairs, X[k] = sum x[t] * exp(-2*pi*i*k*t/n).
// n must be a power of two >= 4 and the tables made by real_fft_twiddles(n).
void real_fft(float* buf, int n, const float* cos_table, const float* sin_table);

template <int N>
class RealFft {
  static_assert(N >= 4 && (N & (N - 1)) == 0, "RealFft size must be a power of two >= 4");

 public:
  static constexpr int kSize = N;
  static constexpr int kNumBins = N / 2 + 1;
  static constexpr int kBufferFloats = N + 2;  // the transform writes N/2+1 complex bins

  void init() { real_fft_twiddles(N, cos_, sin_); }
  void forward(float* buf) const { real_fft(buf, N, cos_, sin_); }

 private:
  float cos_[N / 2];
  float sin_[N / 2];
};

}  // namespace mote::frontend
