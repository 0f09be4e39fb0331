#include "compiler/plan/lower_elementwise_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mote::plan::elementwise_lowering {

std::string shape_string(const std::vector<int32_t>& shape) {
  return fmt::format("[{}]", fmt::join(shape, ", "));
}

ElementType element_type(const LowerContext& ctx, const std::vector<const ir::Tensor*>& tensors) {
  const ir::DType dtype = tensors.front()->dtype;
  for (const ir::Tensor* t : tensors) {
    if (t->dtype != dtype) {
      ctx.fail(ErrorCode::kInvalid, fmt::format("'{}' is {} but '{}' is {}", tensors.front()->name,
                                                ir::dtype_name(dtype), t->name,
                                                ir::dtype_name(t->dtype)));
    }
  }
  if (dtype == ir::DType::kInt8) return ElementType::kInt8;
  if (dtype == ir::DType::kFloat32) return ElementType::kFloat32;
  ctx.unsupported(fmt::format("{} tensors (supported: int8, float32)", ir::dtype_name(dtype)));
}

void check_activation(const LowerContext& ctx, ir::Activation activation) {
  switch (activation) {
    case ir::Activation::kNone:
    case ir::Activation::kRelu:
    case ir::Activation::kReluN1To1:
    case ir::Activation::kRelu6: return;
    case ir::Activation::kTanh: ctx.unsupported("fused TANH activation");
    case ir::Activation::kSignBit: ctx.unsupported("fused SIGN_BIT activation");
  }
  ctx.fail(ErrorCode::kInvalid, "unknown fused activation");
}

ir::Activation fused_activation(const LowerContext& ctx) {
  ir::Activation activation = ir::Activation::kNone;
  if (std::holds_alternative<ir::ActivationOptions>(ctx.op.options)) {
    activation = ctx.op.opts<ir::ActivationOptions>().activation;
  } else if (!std::holds_alternative<std::monostate>(ctx.op.options)) {
    ctx.fail(ErrorCode::kInvalid, "options of the wrong kind");
  }
  check_activation(ctx, activation);
  return activation;
}

TensorQuant int8_quant(const LowerContext& ctx, const ir::Tensor& tensor, const char* role) {
  if (!tensor.quant || tensor.quant->scale.empty() || tensor.quant->zero_point.empty()) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("int8 {} '{}' has no quantization parameters", role,
                                              tensor.name));
  }
  const ir::Quantization& q = *tensor.quant;
  if (q.scale.size() != 1 || q.zero_point.size() != 1) {
    ctx.unsupported(fmt::format("{} '{}' is quantized per channel ({} scales)", role, tensor.name,
                                q.scale.size()));
  }
  const float scale = q.scale[0];
  if (!(scale > 0) || !std::isfinite(scale)) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("{} '{}' has scale {}", role, tensor.name, scale));
  }
  const int64_t zero_point = q.zero_point[0];
  if (zero_point < -128 || zero_point > 127) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("{} '{}' has zero point {} outside int8", role,
                                              tensor.name, zero_point));
  }
  return {scale, static_cast<int32_t>(zero_point)};
}

QuantizedMultiplier quantize_multiplier_smaller_than_one(const LowerContext& ctx, double real,
                                                         const char* what) {
  if (!(real > 0.0 && real < 1.0)) {
    ctx.unsupported(fmt::format("{} is {}; TFLite requires it in (0, 1)", what, real));
  }
  return quantize_multiplier(real);
}

namespace {

// `shape` left-padded with 1s to MOTE_MAX_RANK dimensions.
std::vector<int32_t> padded(const LowerContext& ctx, const ir::Tensor& t) {
  if (t.shape.size() > MOTE_MAX_RANK) {
    ctx.unsupported(fmt::format("'{}' has rank {} (at most {} supported)", t.name, t.shape.size(),
                                MOTE_MAX_RANK));
  }
  for (int32_t d : t.shape) {
    if (d < 0) {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("'{}' has shape {}", t.name, shape_string(t.shape)));
    }
  }
  std::vector<int32_t> dims(MOTE_MAX_RANK - t.shape.size(), 1);
  dims.insert(dims.end(), t.shape.begin(), t.shape.end());
  return dims;
}

// Row-major element strides of padded `dims`, 0 for size-1 dimensions (so
// they broadcast).
std::vector<int32_t> broadcast_strides(const std::vector<int32_t>& dims) {
  std::vector<int32_t> strides(dims.size(), 0);
  int64_t stride = 1;
  for (int d = static_cast<int>(dims.size()) - 1; d >= 0; --d) {
    strides[d] = dims[d] == 1 ? 0 : static_cast<int32_t>(stride);
    stride *= dims[d];
  }
  return strides;
}

}  // namespace

mote_broadcast_shape broadcast_shape(const LowerContext& ctx, const ir::Tensor& input1,
                                     const ir::Tensor& input2, const ir::Tensor& output) {
  const std::vector<int32_t> a = padded(ctx, input1);
  const std::vector<int32_t> b = padded(ctx, input2);
  const std::vector<int32_t> out = padded(ctx, output);
  mote_broadcast_shape shape{};
  for (int d = 0; d < MOTE_MAX_RANK; ++d) {
    int32_t dim = 0;
    if (a[d] == b[d] || b[d] == 1) {
      dim = a[d];
    } else if (a[d] == 1) {
      dim = b[d];
    } else {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("input shapes {} and {} do not broadcast", shape_string(input1.shape),
                           shape_string(input2.shape)));
    }
    if (out[d] != dim) {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("output has shape {} but inputs {} and {} broadcast to a different one",
                           shape_string(output.shape), shape_string(input1.shape),
                           shape_string(input2.shape)));
    }
    shape.dims[d] = dim;
  }
  const std::vector<int32_t> strides1 = broadcast_strides(a);
  const std::vector<int32_t> strides2 = broadcast_strides(b);
  std::copy(strides1.begin(), strides1.end(), shape.input1_strides);
  std::copy(strides2.begin(), strides2.end(), shape.input2_strides);
  const int64_t flat_size = output.num_elements();
  if (flat_size > INT32_MAX) ctx.fail(ErrorCode::kLimit, "output has too many elements");
  shape.flat_size = static_cast<int32_t>(flat_size);
  shape.same_shapes = (a == out && b == out) ? 1 : 0;
  return shape;
}

bool keep_dims(const LowerContext& ctx) {
  if (std::holds_alternative<ir::ReducerOptions>(ctx.op.options)) {
    return ctx.op.opts<ir::ReducerOptions>().keep_dims;
  }
  if (!std::holds_alternative<std::monostate>(ctx.op.options)) {
    ctx.fail(ErrorCode::kInvalid, "options of the wrong kind");
  }
  return false;
}

mote_reduce_shape reduce_shape(const LowerContext& ctx) {
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& axis = ctx.input(1);
  const ir::Tensor& output = ctx.output(0);
  const int rank = static_cast<int>(input.shape.size());
  if (rank > MOTE_MAX_RANK) {
    ctx.unsupported(fmt::format("input has rank {} (at most {} supported)", rank, MOTE_MAX_RANK));
  }
  if (input.num_elements() <= 0) {
    ctx.unsupported(fmt::format("empty input of shape {}", shape_string(input.shape)));
  }
  if (axis.dtype != ir::DType::kInt32) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("axis tensor '{}' is {}; expected int32", axis.name,
                                              ir::dtype_name(axis.dtype)));
  }
  if (!axis.is_constant()) {
    ctx.unsupported(fmt::format("axis tensor '{}' is computed at run time", axis.name));
  }
  if (axis.data.size() != static_cast<size_t>(axis.num_elements()) * sizeof(int32_t)) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("axis tensor '{}' has {} bytes for {} elements",
                                              axis.name, axis.data.size(), axis.num_elements()));
  }
  // Resolve the axes as TFLite's ResolveAxis does.
  std::vector<bool> reduced(rank, false);
  for (int64_t i = 0; i < axis.num_elements(); ++i) {
    int32_t a = 0;
    std::memcpy(&a, axis.data.data() + i * sizeof(int32_t), sizeof(a));
    const int32_t resolved = a < 0 ? a + rank : a;
    if (resolved < 0 || resolved >= rank) {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("axis {} is out of range for an input of rank {}", a, rank));
    }
    reduced[resolved] = true;
  }

  // Kept dimensions become the outer walk, reduced ones the inner walk; both
  // keep their original order and are right-aligned in MOTE_MAX_RANK slots.
  std::vector<int32_t> strides(rank, 1);
  for (int d = rank - 2; d >= 0; --d) strides[d] = strides[d + 1] * input.shape[d + 1];
  std::vector<int32_t> outer_dims, outer_strides, inner_dims, inner_strides;
  for (int d = 0; d < rank; ++d) {
    (reduced[d] ? inner_dims : outer_dims).push_back(input.shape[d]);
    (reduced[d] ? inner_strides : outer_strides).push_back(strides[d]);
  }
  mote_reduce_shape shape{};
  auto fill = [](const std::vector<int32_t>& dims, const std::vector<int32_t>& strides,
                 int32_t* dims_out, int32_t* strides_out) {
    const size_t pad = MOTE_MAX_RANK - dims.size();
    int64_t count = 1;
    for (size_t i = 0; i < MOTE_MAX_RANK; ++i) {
      dims_out[i] = i < pad ? 1 : dims[i - pad];
      strides_out[i] = i < pad ? 0 : strides[i - pad];
      count *= dims_out[i];
    }
    return static_cast<int32_t>(count);
  };
  shape.num_outputs = fill(outer_dims, outer_strides, shape.outer_dims, shape.outer_strides);
  shape.reduce_count = fill(inner_dims, inner_strides, shape.inner_dims, shape.inner_strides);

  if (output.num_elements() != shape.num_outputs) {
    std::vector<int32_t> expected;
    for (int d = 0; d < rank; ++d) {
      if (!reduced[d]) {
        expected.push_back(input.shape[d]);
      } else if (keep_dims(ctx)) {
        expected.push_back(1);
      }
    }
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("output has shape {}; reducing {} over the given axes gives {}",
                         shape_string(output.shape), shape_string(input.shape),
                         shape_string(expected)));
  }
  return shape;
}

}  // namespace mote::plan::elementwise_lowering
