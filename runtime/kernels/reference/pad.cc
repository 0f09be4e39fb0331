// PAD reference kernel (TFLite's reference Pad): the output is walked row by
// row (a row = the last dimension); a row outside the input in any outer
// dimension is all pad value, any other row is pad, one input row, pad.
// The input is therefore read once, in order.
#include "mote/kernels/pad.h"

#include "mote/kernel_ids.h"

namespace {

constexpr int kLast = MOTE_MAX_RANK - 1;  // the row dimension

void fill(uint8_t* dst, const uint8_t* value, uint32_t element_size, int32_t count) {
  for (int32_t i = 0; i < count; ++i) {
    for (uint32_t b = 0; b < element_size; ++b) dst[b] = value[b];
    dst += element_size;
  }
}

}  // namespace

void mote_pad(const mote_pad_params* params, const void* input, const void* pad_value,
              void* output) {
  const mote_pad_params& p = *params;
  const uint32_t size = p.element_size;
  const uint8_t* value = static_cast<const uint8_t*>(pad_value);
  const uint8_t* src = static_cast<const uint8_t*>(input);
  uint8_t* dst = static_cast<uint8_t*>(output);

  const int32_t row_before = p.before[kLast];
  const int32_t row_input = p.input_dims[kLast];
  const int32_t row_after = p.output_dims[kLast] - row_before - row_input;
  int32_t rows = 1;
  for (int d = 0; d < kLast; ++d) rows *= p.output_dims[d];

  int32_t index[kLast] = {};  // output coordinates of the current row
  for (int32_t r = 0; r < rows; ++r) {
    bool inside = true;
    for (int d = 0; d < kLast; ++d) {
      if (index[d] < p.before[d] || index[d] >= p.before[d] + p.input_dims[d]) inside = false;
    }
    if (inside) {
      fill(dst, value, size, row_before);
      dst += static_cast<uint32_t>(row_before) * size;
      const uint32_t bytes = static_cast<uint32_t>(row_input) * size;
      for (uint32_t b = 0; b < bytes; ++b) dst[b] = src[b];
      src += bytes;
      dst += bytes;
      fill(dst, value, size, row_after);
      dst += static_cast<uint32_t>(row_after) * size;
    } else {
      fill(dst, value, size, p.output_dims[kLast]);
      dst += static_cast<uint32_t>(p.output_dims[kLast]) * size;
    }
    // Next row: the innermost outer dimension moves fastest.
    for (int d = kLast - 1; d >= 0; --d) {
      if (++index[d] < p.output_dims[d]) break;
      index[d] = 0;
    }
  }
}

void mote_entry_pad(const void* params, void* const* operands) {
  mote_pad(static_cast<const mote_pad_params*>(params), operands[0], operands[1], operands[2]);
}
