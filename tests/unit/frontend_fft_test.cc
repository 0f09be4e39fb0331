// The front end's table trigonometry and real FFT against double-precision
// references.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <random>
#include <vector>

#include "../../frontend/src/turns.h"
#include "mote/frontend/real_fft.h"

namespace mote::frontend {
namespace {

TEST(FrontendTurns, CosAndSinOfFractionsOfATurnAreAccurate) {
  for (int n : {3, 80, 160, 480, 512, 1023, 1024, 4096}) {
    for (int k = -n; k <= 2 * n; ++k) {
      const double angle = 2 * M_PI * double(k) / double(n);
      ASSERT_NEAR(detail::cos_turns(k, n), std::cos(angle), 2e-7) << k << "/" << n;
      ASSERT_NEAR(detail::sin_turns(k, n), std::sin(angle), 2e-7) << k << "/" << n;
    }
  }
}

template <int N>
void check_against_dft(uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  auto fft = std::make_unique<RealFft<N>>();
  fft->init();
  std::vector<float> x(N), buf(RealFft<N>::kBufferFloats);
  for (int i = 0; i < N; ++i) buf[i] = x[i] = dist(rng);
  fft->forward(buf.data());
  double max_err = 0;
  for (int k = 0; k <= N / 2; ++k) {
    std::complex<double> want = 0;
    for (int t = 0; t < N; ++t) want += double(x[t]) * std::polar(1.0, -2 * M_PI * double(k) * t / N);
    max_err = std::max({max_err, std::abs(buf[2 * k] - want.real()), std::abs(buf[2 * k + 1] - want.imag())});
  }
  // Inputs of size 1 give bins of size ~sqrt(N); float32 radix-2 error grows like log2(N).
  EXPECT_LT(max_err, 2e-5 * std::sqrt(double(N))) << "N=" << N;
}

TEST(FrontendRealFft, MatchesDirectDftForEverySizeUsed) {
  check_against_dft<4>(1);
  check_against_dft<8>(2);
  check_against_dft<64>(3);
  check_against_dft<512>(4);
  check_against_dft<1024>(5);
}

TEST(FrontendRealFft, PureToneLandsInItsBin) {
  constexpr int N = 512;
  auto fft = std::make_unique<RealFft<N>>();
  fft->init();
  std::vector<float> buf(RealFft<N>::kBufferFloats);
  for (int t = 0; t < N; ++t) buf[t] = float(std::cos(2 * M_PI * 37 * t / N));
  fft->forward(buf.data());
  for (int k = 0; k <= N / 2; ++k) {
    const double mag = std::hypot(buf[2 * k], buf[2 * k + 1]);
    EXPECT_NEAR(mag, k == 37 ? N / 2.0 : 0.0, 1e-3) << k;
  }
}

}  // namespace
}  // namespace mote::frontend
