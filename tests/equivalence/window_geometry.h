// Window shapes and output poisoning for the window kernels' equivalence
// cases (depthwise conv, pooling). Freestanding.
#pragma once

#include <stdint.h>

namespace mote::equiv {

// TFLite's output size: SAME rounds up, VALID needs the dilated filter inside.
inline int32_t window_output_size(int32_t in, int32_t filter, int32_t stride, int32_t dilation,
                                  bool same) {
  const int32_t effective = (filter - 1) * dilation + 1;
  return same ? (in + stride - 1) / stride : (in - effective + stride) / stride;
}

// SAME pads half the total (rounded down) before the input.
inline int32_t window_leading_pad(int32_t in, int32_t out, int32_t filter, int32_t stride,
                                  int32_t dilation) {
  const int32_t effective = (filter - 1) * dilation + 1;
  const int32_t total = (out - 1) * stride + effective - in;
  return total > 0 ? total / 2 : 0;
}

// Bytes after an output that no kernel may write.
constexpr int32_t kGuardBytes = 16;

// Fills two output buffers (n + kGuardBytes each) so that a byte one kernel
// leaves unwritten differs: different inside the output, equal in the guard.
inline void poison_outputs(int8_t* expected, int8_t* actual, int32_t n) {
  for (int32_t i = 0; i < n + kGuardBytes; ++i) {
    expected[i] = static_cast<int8_t>(0x5A);
    actual[i] = static_cast<int8_t>(i < n ? 0xA5 : 0x5A);
  }
}

}  // namespace mote::equiv
