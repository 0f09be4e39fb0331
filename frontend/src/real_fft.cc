#include "mote/frontend/real_fft.h"

#include "turns.h"

namespace mote::frontend {

void real_fft_twiddles(int n, float* cos_table, float* sin_table) {
  for (int k = 0; k < n / 2; ++k) {
    cos_table[k] = detail::cos_turns(k, n);
    sin_table[k] = detail::sin_turns(k, n);
  }
}

namespace {

// In-place radix-2 decimation-in-time FFT of m complex points (interleaved
// re, im). Twiddle exp(-2*pi*i*j/len) is entry j*(n/len) of the n-point tables.
void complex_fft(float* z, int m, int n, const float* cos_table, const float* sin_table) {
  for (int i = 1, j = 0; i < m; ++i) {  // bit-reversal permutation
    int bit = m >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j |= bit;
    if (i < j) {
      const float re = z[2 * i], im = z[2 * i + 1];
      z[2 * i] = z[2 * j];
      z[2 * i + 1] = z[2 * j + 1];
      z[2 * j] = re;
      z[2 * j + 1] = im;
    }
  }
  for (int len = 2; len <= m; len <<= 1) {
    const int half = len / 2;
    const int step = n / len;
    for (int start = 0; start < m; start += len) {
      for (int j = 0; j < half; ++j) {
        const float wr = cos_table[j * step], wi = -sin_table[j * step];
        float* a = z + 2 * (start + j);
        float* b = z + 2 * (start + j + half);
        const float br = b[0] * wr - b[1] * wi;
        const float bi = b[0] * wi + b[1] * wr;
        b[0] = a[0] - br;
        b[1] = a[1] - bi;
        a[0] += br;
        a[1] += bi;
      }
    }
  }
}

}  // namespace

void real_fft(float* buf, int n, const float* cos_table, const float* sin_table) {
  const int m = n / 2;
  // Even samples as real parts, odd as imaginary: buf already is that layout.
  complex_fft(buf, m, n, cos_table, sin_table);
  // Split Z = FFT(z) into X: X[k] = E[k] + W^k O[k], X[m-k] = conj(E[k] - W^k O[k]),
  // E = (Z[k] + conj Z[m-k]) / 2, O = (Z[k] - conj Z[m-k]) / 2i, W = exp(-2*pi*i/n).
  const float z0_re = buf[0], z0_im = buf[1];
  buf[0] = z0_re + z0_im;
  buf[1] = 0.0f;
  buf[n] = z0_re - z0_im;
  buf[n + 1] = 0.0f;
  for (int k = 1; k <= m / 2; ++k) {
    float* xk = buf + 2 * k;
    float* xmk = buf + 2 * (m - k);
    const float a = xk[0], b = xk[1], c = xmk[0], d = xmk[1];
    const float e_re = 0.5f * (a + c), e_im = 0.5f * (b - d);
    const float o_re = 0.5f * (b + d), o_im = -0.5f * (a - c);
    const float wr = cos_table[k], ws = sin_table[k];  // W^k = wr - i*ws
    const float wo_re = wr * o_re + ws * o_im;
    const float wo_im = wr * o_im - ws * o_re;
    xk[0] = e_re + wo_re;
    xk[1] = e_im + wo_im;
    xmk[0] = e_re - wo_re;
    xmk[1] = -(e_im - wo_im);
  }
}

}  // namespace mote::frontend
