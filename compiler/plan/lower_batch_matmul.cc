// BATCH_MATMUL -> mote_batch_matmul_{s8,f32}
// (runtime/kernels/reference/batch_matmul.cc).
//
// As TFLite Micro: lhs, rhs and output share one type (float32 or int8; no
// hybrid), ranks 2 and up, batch dims broadcast numpy-style, no activation.
// For int8 every tensor is quantized per tensor, and the output multiplier is
// GetQuantizedConvolutionMultipler's: the float product lhs_scale * rhs_scale,
// divided in double by the output scale.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/plan/lower_ops.h"
#include "compiler/plan/lower_reshaping_common.h"
#include "compiler/plan/quant_util.h"
#include "mote/kernels/batch_matmul.h"

namespace mote::plan {

using namespace reshaping;

namespace {

constexpr int kBatchDims = MOTE_BATCH_MATMUL_MAX_BATCH_DIMS;

struct PerTensor {
  float scale = 0;
  int32_t zero_point = 0;
};

PerTensor per_tensor_quant(const LowerContext& ctx, const ir::Tensor& t, const char* role) {
  if (!t.quant || t.quant->scale.empty()) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("int8 {} '{}' has no quantization", role, t.name));
  }
  if (t.quant->per_channel()) {
    ctx.unsupported(fmt::format("{} '{}' is quantized per channel; BATCH_MATMUL takes one scale",
                                role, t.name));
  }
  const PerTensor q{t.quant->scale[0], tensor_zero_point(t)};
  if (!(q.scale > 0)) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("{} '{}' has scale {}", role, t.name, q.scale));
  }
  if (q.zero_point < -128 || q.zero_point > 127) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("{} '{}' has zero point {} outside int8", role, t.name, q.zero_point));
  }
  return q;
}

// Shapes, broadcasting and adj flags -> the kernel's strides.
mote_batch_matmul_shape matmul_shape(const LowerContext& ctx, const ir::Tensor& lhs,
                                     const ir::Tensor& rhs, const ir::Tensor& output,
                                     const ir::BatchMatMulOptions& opts) {
  const int lhs_rank = static_cast<int>(lhs.shape.size());
  const int rhs_rank = static_cast<int>(rhs.shape.size());
  for (const ir::Tensor* t : {&lhs, &rhs}) {
    const int rank = static_cast<int>(t->shape.size());
    if (rank < 2 || rank > MOTE_MAX_RANK) {
      ctx.unsupported(fmt::format("'{}' has shape {}; BATCH_MATMUL takes ranks 2 to {}", t->name,
                                  shape_string(t->shape), MOTE_MAX_RANK));
    }
  }
  const int rank = std::max(lhs_rank, rhs_rank);
  // lhs is [..., rows, depth] ([..., depth, rows] when adj_x);
  // rhs is [..., depth, cols] ([..., cols, depth] when adj_y).
  const int32_t lhs_a = lhs.shape[lhs_rank - 2], lhs_b = lhs.shape[lhs_rank - 1];
  const int32_t rhs_a = rhs.shape[rhs_rank - 2], rhs_b = rhs.shape[rhs_rank - 1];
  mote_batch_matmul_shape s{};
  s.rows = opts.adj_x ? lhs_b : lhs_a;
  s.depth = opts.adj_x ? lhs_a : lhs_b;
  s.cols = opts.adj_y ? rhs_a : rhs_b;
  const int32_t rhs_depth = opts.adj_y ? rhs_b : rhs_a;
  if (rhs_depth != s.depth) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("lhs {} (adj_x {}) and rhs {} (adj_y {}) disagree on the inner "
                         "dimension: {} vs {}",
                         shape_string(lhs.shape), opts.adj_x, shape_string(rhs.shape), opts.adj_y,
                         s.depth, rhs_depth));
  }
  s.lhs_row_stride = opts.adj_x ? 1 : s.depth;
  s.lhs_depth_stride = opts.adj_x ? s.rows : 1;
  s.rhs_depth_stride = opts.adj_y ? 1 : s.cols;
  s.rhs_col_stride = opts.adj_y ? s.depth : 1;

  // Batch dims, right-aligned to kBatchDims; a dim of 1 broadcasts (stride 0).
  std::vector<int32_t> expected;
  int32_t lhs_stride = s.rows * s.depth, rhs_stride = s.depth * s.cols;
  for (int k = 0; k < kBatchDims; ++k) {
    s.batch_dims[k] = 1;
    s.lhs_batch_strides[k] = 0;
    s.rhs_batch_strides[k] = 0;
  }
  for (int i = 1; i <= rank - 2; ++i) {  // i-th batch dim from the end
    const int32_t l = lhs_rank - 2 - i >= 0 ? lhs.shape[lhs_rank - 2 - i] : 1;
    const int32_t r = rhs_rank - 2 - i >= 0 ? rhs.shape[rhs_rank - 2 - i] : 1;
    if (l != r && l != 1 && r != 1) {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("batch dims of lhs {} and rhs {} do not broadcast",
                           shape_string(lhs.shape), shape_string(rhs.shape)));
    }
    const int k = kBatchDims - i;
    s.batch_dims[k] = std::max(l, r);
    s.lhs_batch_strides[k] = l == 1 ? 0 : lhs_stride;
    s.rhs_batch_strides[k] = r == 1 ? 0 : rhs_stride;
    lhs_stride *= l;
    rhs_stride *= r;
    expected.insert(expected.begin(), s.batch_dims[k]);
  }
  expected.push_back(s.rows);
  expected.push_back(s.cols);
  if (output.shape != expected) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("output has shape {}; lhs {} x rhs {} (adj_x {}, adj_y {}) gives {}",
                         shape_string(output.shape), shape_string(lhs.shape),
                         shape_string(rhs.shape), opts.adj_x, opts.adj_y,
                         shape_string(expected)));
  }
  return s;
}

}  // namespace

std::vector<Step> lower_batch_matmul(LowerContext& ctx) {
  if (!std::holds_alternative<ir::BatchMatMulOptions>(ctx.op.options)) {
    ctx.fail(ErrorCode::kInvalid, "missing BATCH_MATMUL options");
  }
  const auto& opts = ctx.op.opts<ir::BatchMatMulOptions>();
  check_arity(ctx, 2, 2);
  const ir::Tensor& lhs = ctx.input(0);
  const ir::Tensor& rhs = ctx.input(1);
  const ir::Tensor& output = ctx.output(0);
  const bool all_float = lhs.dtype == ir::DType::kFloat32 && rhs.dtype == ir::DType::kFloat32 &&
                         output.dtype == ir::DType::kFloat32;
  const bool all_int8 = lhs.dtype == ir::DType::kInt8 && rhs.dtype == ir::DType::kInt8 &&
                        output.dtype == ir::DType::kInt8;
  if (!all_float && !all_int8) {
    ctx.unsupported(fmt::format("lhs {}, rhs {}, output {}: only all-float32 or all-int8 are "
                                "supported (as in TFLite Micro; no hybrid)",
                                ir::dtype_name(lhs.dtype), ir::dtype_name(rhs.dtype),
                                ir::dtype_name(output.dtype)));
  }
  const mote_batch_matmul_shape shape = matmul_shape(ctx, lhs, rhs, output, opts);
  const std::vector<Operand> operands = {ctx.input_operand(0), ctx.input_operand(1),
                                         ctx.output_operand(0)};
  if (all_float) {
    mote_batch_matmul_f32_params params{};
    params.shape = shape;
    return {ctx.make_step(MOTE_K_BATCH_MATMUL_F32, ctx.pool.add_params(params), operands)};
  }

  const PerTensor l = per_tensor_quant(ctx, lhs, "lhs");
  const PerTensor r = per_tensor_quant(ctx, rhs, "rhs");
  const PerTensor o = per_tensor_quant(ctx, output, "output");
  const double real_multiplier =
      static_cast<double>(l.scale * r.scale) / static_cast<double>(o.scale);
  const QuantizedMultiplier m = quantize_multiplier(real_multiplier);
  mote_batch_matmul_s8_params params{};
  params.shape = shape;
  params.lhs_offset = -l.zero_point;
  params.rhs_offset = -r.zero_point;
  params.output_offset = o.zero_point;
  params.output_multiplier = m.multiplier;
  params.output_shift = m.shift;
  params.activation_min = -128;  // BATCH_MATMUL has no fused activation
  params.activation_max = 127;
  return {ctx.make_step(MOTE_K_BATCH_MATMUL_S8, ctx.pool.add_params(params), operands)};
}

}  // namespace mote::plan
