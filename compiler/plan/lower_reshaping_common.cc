#include "compiler/plan/lower_reshaping_common.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstring>

namespace mote::plan::reshaping {

std::vector<int64_t> constant_ints(const LowerContext& ctx, int index, const char* what) {
  const ir::Tensor& t = ctx.input(index);
  if (!t.is_constant()) {
    ctx.unsupported(fmt::format("{} tensor '{}' is not constant (Mote resolves it at compile time)",
                                what, t.name));
  }
  if (t.dtype != ir::DType::kInt32 && t.dtype != ir::DType::kInt64) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("{} tensor '{}' is {}; expected int32 or int64",
                                              what, t.name, ir::dtype_name(t.dtype)));
  }
  const int64_t count = t.num_elements();
  if (static_cast<int64_t>(t.data.size()) != t.num_bytes()) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("{} tensor '{}' has {} bytes of data for {} elements", what, t.name,
                         t.data.size(), count));
  }
  std::vector<int64_t> values(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    // The data may be unaligned: copy each value out.
    if (t.dtype == ir::DType::kInt32) {
      int32_t v = 0;
      std::memcpy(&v, t.data.data() + i * 4, 4);
      values[i] = v;
    } else {
      int64_t v = 0;
      std::memcpy(&v, t.data.data() + i * 8, 8);
      values[i] = v;
    }
  }
  return values;
}

namespace {

bool is_quantized_type(ir::DType t) {
  return t == ir::DType::kInt8 || t == ir::DType::kUInt8 || t == ir::DType::kInt16;
}

std::string quant_string(const ir::Tensor& t) {
  if (!t.quant || t.quant->scale.empty()) return "no quantization";
  if (t.quant->per_channel()) return fmt::format("{} per-channel scales", t.quant->scale.size());
  return fmt::format("scale {} zero point {}", t.quant->scale[0],
                     t.quant->zero_point.empty() ? 0 : t.quant->zero_point[0]);
}

bool same_quantization(const ir::Tensor& a, const ir::Tensor& b) {
  const bool qa = a.quant && !a.quant->scale.empty();
  const bool qb = b.quant && !b.quant->scale.empty();
  if (!qa || !qb) return qa == qb;
  return a.quant->scale == b.quant->scale && a.quant->zero_point == b.quant->zero_point &&
         (!a.quant->per_channel() || a.quant->axis == b.quant->axis);
}

}  // namespace

void check_moves_unchanged(const LowerContext& ctx, const ir::Tensor& input,
                           const ir::Tensor& output, const std::string& role) {
  if (input.dtype != output.dtype) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("{} '{}' is {} but output '{}' is {}", role, input.name,
                         ir::dtype_name(input.dtype), output.name, ir::dtype_name(output.dtype)));
  }
  if (is_quantized_type(input.dtype) && !same_quantization(input, output)) {
    ctx.unsupported(fmt::format(
        "{} '{}' ({}) is quantized differently from output '{}' ({}); TFLite Micro would copy "
        "the raw values unchanged, so Mote requires identical quantization",
        role, input.name, quant_string(input), output.name, quant_string(output)));
  }
}

std::array<int32_t, MOTE_MAX_RANK> extend_shape(const LowerContext& ctx,
                                                const std::vector<int32_t>& shape, int32_t fill,
                                                const char* what) {
  const int rank = static_cast<int>(shape.size());
  if (rank > MOTE_MAX_RANK) {
    ctx.unsupported(fmt::format("{} has rank {} ({}); at most {} is supported", what, rank,
                                shape_string(shape), MOTE_MAX_RANK));
  }
  std::array<int32_t, MOTE_MAX_RANK> out;
  out.fill(fill);
  for (int i = 0; i < rank; ++i) out[MOTE_MAX_RANK - rank + i] = shape[i];
  return out;
}

std::vector<int32_t> strides_of(const std::vector<int32_t>& shape) {
  std::vector<int32_t> strides(shape.size(), 1);
  for (int i = static_cast<int>(shape.size()) - 2; i >= 0; --i) {
    strides[i] = strides[i + 1] * shape[i + 1];
  }
  return strides;
}

std::string shape_string(const std::vector<int32_t>& shape) {
  return fmt::format("[{}]", fmt::join(shape, ", "));
}

void check_arity(const LowerContext& ctx, int min_inputs, int max_inputs) {
  const int n = ctx.num_inputs();
  if (n < min_inputs || n > max_inputs) {
    ctx.fail(ErrorCode::kInvalid,
             min_inputs == max_inputs
                 ? fmt::format("has {} inputs; expected {}", n, min_inputs)
                 : fmt::format("has {} inputs; expected {} to {}", n, min_inputs, max_inputs));
  }
  for (int i = 0; i < min_inputs; ++i) ctx.input(i);  // fails if absent
  if (ctx.op.outputs.size() != 1) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("has {} outputs; expected 1", ctx.op.outputs.size()));
  }
  ctx.output(0);
}

}  // namespace mote::plan::reshaping
