// BATCH_MATMUL reference kernels: int8 (TFLite Micro's BatchMatMul with
// FullyConnectedParams: offsets added to both operands, int32 sum,
// double-rounding requantization, clamp) and float32. TFLite Micro transposes
// operands into a scratch copy first; that moves data but not the arithmetic,
// so here the adj flags are strides and no copy is made.
#include "mote/kernels/batch_matmul.h"

#include "mote/fixed_point.h"
#include "mote/kernel_ids.h"

namespace {

constexpr int kBatchDims = MOTE_BATCH_MATMUL_MAX_BATCH_DIMS;

int32_t batch_count(const mote_batch_matmul_shape& s) {
  int32_t n = 1;
  for (int d = 0; d < kBatchDims; ++d) n *= s.batch_dims[d];
  return n;
}

// Element offset of the current batch's matrix, from its batch coordinates.
int32_t batch_offset(const int32_t* index, const int32_t* strides) {
  int32_t offset = 0;
  for (int d = 0; d < kBatchDims; ++d) offset += index[d] * strides[d];
  return offset;
}

void next_batch(const mote_batch_matmul_shape& s, int32_t* index) {
  for (int d = kBatchDims - 1; d >= 0; --d) {
    if (++index[d] < s.batch_dims[d]) return;
    index[d] = 0;
  }
}

}  // namespace

void mote_batch_matmul_s8(const mote_batch_matmul_s8_params* params, const int8_t* lhs,
                          const int8_t* rhs, int8_t* output) {
  const mote_batch_matmul_shape& s = params->shape;
  const mote_batch_matmul_s8_params& q = *params;
  const int32_t batches = batch_count(s);
  int32_t index[kBatchDims] = {};
  for (int32_t b = 0; b < batches; ++b) {
    const int8_t* a = lhs + batch_offset(index, s.lhs_batch_strides);
    const int8_t* w = rhs + batch_offset(index, s.rhs_batch_strides);
    for (int32_t r = 0; r < s.rows; ++r) {
      for (int32_t c = 0; c < s.cols; ++c) {
        int32_t acc = 0;
        for (int32_t k = 0; k < s.depth; ++k) {
          const int32_t x = a[r * s.lhs_row_stride + k * s.lhs_depth_stride];
          const int32_t y = w[k * s.rhs_depth_stride + c * s.rhs_col_stride];
          acc = mote::wrapping_add(acc, (x + q.lhs_offset) * (y + q.rhs_offset));
        }
        acc = mote::multiply_by_quantized_multiplier(acc, q.output_multiplier, q.output_shift);
        acc = mote::wrapping_add(acc, q.output_offset);
        *output++ = static_cast<int8_t>(mote::clamp_i32(acc, q.activation_min, q.activation_max));
      }
    }
    next_batch(s, index);
  }
}

void mote_batch_matmul_f32(const mote_batch_matmul_f32_params* params, const float* lhs,
                           const float* rhs, float* output) {
  const mote_batch_matmul_shape& s = params->shape;
  const int32_t batches = batch_count(s);
  int32_t index[kBatchDims] = {};
  for (int32_t b = 0; b < batches; ++b) {
    const float* a = lhs + batch_offset(index, s.lhs_batch_strides);
    const float* w = rhs + batch_offset(index, s.rhs_batch_strides);
    for (int32_t r = 0; r < s.rows; ++r) {
      for (int32_t c = 0; c < s.cols; ++c) {
        float total = 0.0f;
        for (int32_t k = 0; k < s.depth; ++k) {
          total += a[r * s.lhs_row_stride + k * s.lhs_depth_stride] *
                   w[k * s.rhs_depth_stride + c * s.rhs_col_stride];
        }
        *output++ = total;
      }
    }
    next_batch(s, index);
  }
}

void mote_entry_batch_matmul_s8(const void* params, void* const* operands) {
  mote_batch_matmul_s8(static_cast<const mote_batch_matmul_s8_params*>(params),
                       static_cast<const int8_t*>(operands[0]),
                       static_cast<const int8_t*>(operands[1]),
                       static_cast<int8_t*>(operands[2]));
}

void mote_entry_batch_matmul_f32(const void* params, void* const* operands) {
  mote_batch_matmul_f32(static_cast<const mote_batch_matmul_f32_params*>(params),
                        static_cast<const float*>(operands[0]),
                        static_cast<const float*>(operands[1]),
                        static_cast<float*>(operands[2]));
}
