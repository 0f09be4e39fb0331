// TRANSPOSE reference kernel: walks the output in order; the element at
// output coordinates (i0, ..., i5) is the input element at
// sum(i_d * input_strides[d]), the strides already permuted by the host.
#include "mote/kernels/transpose.h"

#include "mote/kernel_ids.h"

namespace {

constexpr int kLast = MOTE_MAX_RANK - 1;  // the row dimension

}  // namespace

void mote_transpose(const mote_transpose_params* params, const void* input, void* output) {
  const mote_transpose_params& p = *params;
  const uint32_t size = p.element_size;
  const uint8_t* in = static_cast<const uint8_t*>(input);
  uint8_t* dst = static_cast<uint8_t*>(output);

  int32_t rows = 1;
  for (int d = 0; d < kLast; ++d) rows *= p.output_dims[d];

  int32_t index[kLast] = {};  // output coordinates of the current row
  for (int32_t r = 0; r < rows; ++r) {
    int32_t row_start = 0;
    for (int d = 0; d < kLast; ++d) row_start += index[d] * p.input_strides[d];
    for (int32_t i = 0; i < p.output_dims[kLast]; ++i) {
      const int32_t element = row_start + i * p.input_strides[kLast];
      const uint8_t* src = in + static_cast<uint32_t>(element) * size;
      for (uint32_t b = 0; b < size; ++b) dst[b] = src[b];
      dst += size;
    }
    for (int d = kLast - 1; d >= 0; --d) {
      if (++index[d] < p.output_dims[d]) break;
      index[d] = 0;
    }
  }
}

void mote_entry_transpose(const void* params, void* const* operands) {
  mote_transpose(static_cast<const mote_transpose_params*>(params), operands[0], operands[1]);
}
