// STRIDED_SLICE reference kernel: walks the resolved index ranges (TFLite's
// reference StridedSlice after its start/stop resolution, which the host has
// done) and writes the selected input elements to the output in order.
#include "mote/kernels/strided_slice.h"

#include "mote/kernel_ids.h"

namespace {

constexpr int kLast = MOTE_MAX_RANK - 1;  // the row dimension

}  // namespace

void mote_strided_slice(const mote_strided_slice_params* params, const void* input,
                        void* output) {
  const mote_strided_slice_params& p = *params;
  const uint32_t size = p.element_size;
  const uint8_t* in = static_cast<const uint8_t*>(input);
  uint8_t* dst = static_cast<uint8_t*>(output);

  int32_t rows = 1;
  for (int d = 0; d < kLast; ++d) rows *= p.count[d];

  int32_t index[kLast] = {};  // iteration number along each outer dimension
  for (int32_t r = 0; r < rows; ++r) {
    int32_t row_start = 0;
    for (int d = 0; d < kLast; ++d) {
      row_start += (p.start[d] + index[d] * p.step[d]) * p.input_strides[d];
    }
    for (int32_t i = 0; i < p.count[kLast]; ++i) {
      const int32_t index_in_row = p.start[kLast] + i * p.step[kLast];
      const int32_t element = row_start + index_in_row * p.input_strides[kLast];
      const uint8_t* src = in + static_cast<uint32_t>(element) * size;
      for (uint32_t b = 0; b < size; ++b) dst[b] = src[b];
      dst += size;
    }
    for (int d = kLast - 1; d >= 0; --d) {
      if (++index[d] < p.count[d]) break;
      index[d] = 0;
    }
  }
}

void mote_entry_strided_slice(const void* params, void* const* operands) {
  mote_strided_slice(static_cast<const mote_strided_slice_params*>(params), operands[0],
                     operands[1]);
}
