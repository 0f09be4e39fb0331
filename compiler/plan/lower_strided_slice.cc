// STRIDED_SLICE -> mote_strided_slice (runtime/kernels/reference/strided_slice.cc).
//
// All of the index arithmetic happens here, following TFLite's kernel:
//   1. the spec (begin/end/strides and the five masks) is expanded onto the
//      "effective" input shape: the ellipsis becomes full ranges over the
//      dimensions it stands for, each new axis a dimension of 1, dimensions
//      past the spec full ranges (TFLite's BuildStridedSliceParams);
//   2. every dimension's first index and stop are resolved as in TFLite's
//      StridedSliceStartForAxis / StridedSliceEndForAxis: negative indices
//      count from the end, then clamp to [0, dim] (or [-1, dim - 1] for a
//      negative stride), then begin_mask/end_mask override; `offset` makes end
//      relative to the start; a shrunk axis takes the one element at start;
//   3. the number of indices visited, ceil((stop - start) / stride) or 0,
//      gives each output dimension.
// TFLite Micro itself ignores ellipsis_mask, new_axis_mask and offset; Mote
// follows TFLite, which honors them. Cases where TFLite's resolution departs
// from TensorFlow's meaning (a shrunk axis indexed out of range or walked
// backwards, an ellipsis standing for no dimension) are rejected.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/plan/lower_ops.h"
#include "compiler/plan/lower_reshaping_common.h"
#include "mote/kernels/strided_slice.h"

namespace mote::plan {

using namespace reshaping;

namespace {

bool bit(int mask, int i) { return i < 31 && ((mask >> i) & 1) != 0; }

// One dimension of the effective input, before its indices are resolved.
struct AxisSpec {
  int32_t size = 1;
  int64_t begin = 0, end = 0, stride = 1;
  bool begin_mask = false, end_mask = false, shrink = false;
  int spec_index = -1;  // entry of begin/end/strides it came from, or -1
};

// Step 1: expand the spec onto the effective input shape.
std::vector<AxisSpec> expand_spec(const LowerContext& ctx, const ir::Tensor& input,
                                  const std::vector<int64_t>& begin,
                                  const std::vector<int64_t>& end,
                                  const std::vector<int64_t>& strides,
                                  const ir::StridedSliceOptions& opts) {
  const int spec_count = static_cast<int>(begin.size());
  const int input_dims = static_cast<int>(input.shape.size());
  // Only the spec's own bits mean anything.
  const int in_spec = spec_count >= 31 ? 0x7FFFFFFF : (1 << spec_count) - 1;
  const int ellipsis_mask = opts.ellipsis_mask & in_spec;
  const int new_axis_mask = opts.new_axis_mask & ~ellipsis_mask & in_spec;
  if ((ellipsis_mask & (ellipsis_mask - 1)) != 0) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("ellipsis_mask {:#x} has more than one bit set", opts.ellipsis_mask));
  }
  int num_new_axes = 0;
  for (int i = 0; i < spec_count; ++i) num_new_axes += bit(new_axis_mask, i) ? 1 : 0;
  const int effective_dims = input_dims + num_new_axes;
  // Input dimensions the spec indexes explicitly (not ellipsis, not new axis).
  const int indexed = spec_count - num_new_axes - (ellipsis_mask != 0 ? 1 : 0);
  if (indexed > input_dims) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("begin/end/strides index {} dimensions but the input has rank {}",
                         indexed, input_dims));
  }
  const int ellipsis_dims = input_dims - indexed;
  if (ellipsis_mask != 0 && ellipsis_dims == 0) {
    // TFLite would still give the ellipsis one dimension and drop the last entry.
    ctx.unsupported("an ellipsis that stands for no dimension is not supported");
  }
  if (effective_dims > MOTE_MAX_RANK) {
    ctx.unsupported(fmt::format("the slice has {} dimensions including new axes; at most {} "
                                "are supported",
                                effective_dims, MOTE_MAX_RANK));
  }

  std::vector<AxisSpec> axes;
  int input_dim = 0;
  for (int s = 0; s < spec_count; ++s) {
    if (bit(ellipsis_mask, s)) {
      for (int k = 0; k < ellipsis_dims; ++k) {
        AxisSpec a;
        a.size = input.shape[input_dim++];
        a.begin_mask = a.end_mask = true;
        axes.push_back(a);
      }
    } else if (bit(new_axis_mask, s)) {
      AxisSpec a;  // a new dimension of 1, read at index 0
      a.end = 1;
      a.spec_index = s;
      axes.push_back(a);
    } else {
      AxisSpec a;
      a.size = input.shape[input_dim++];
      a.begin = begin[s];
      a.end = end[s];
      a.stride = strides[s];
      a.begin_mask = bit(opts.begin_mask, s);
      a.end_mask = bit(opts.end_mask, s);
      a.shrink = bit(opts.shrink_axis_mask, s);
      a.spec_index = s;
      axes.push_back(a);
    }
  }
  while (input_dim < input_dims) {  // past the spec: full ranges
    AxisSpec a;
    a.size = input.shape[input_dim++];
    a.begin_mask = a.end_mask = true;
    axes.push_back(a);
  }
  return axes;
}

// Step 2 and 3 for one dimension.
struct AxisRange {
  int64_t start = 0, count = 0;
};

AxisRange resolve(const LowerContext& ctx, const AxisSpec& a, bool offset) {
  const int64_t size = a.size;
  const bool forward = a.stride > 0;
  auto clamp = [&](int64_t v) {
    return forward ? std::clamp<int64_t>(v, 0, size) : std::clamp<int64_t>(v, -1, size - 1);
  };
  int64_t start = a.begin < 0 ? a.begin + size : a.begin;
  start = clamp(start);
  if (a.begin_mask) start = forward ? 0 : size - 1;

  if (a.shrink) {
    const int64_t index = a.begin < 0 ? a.begin + size : a.begin;
    if (!forward) {
      ctx.unsupported(fmt::format("stride {} on shrunk axis (spec entry {}): only positive "
                                  "strides select an element",
                                  a.stride, a.spec_index));
    }
    if (!a.begin_mask && (index < 0 || index >= size)) {
      ctx.fail(ErrorCode::kInvalid, fmt::format("index {} of shrunk axis (spec entry {}) is out "
                                                "of range for dimension {}",
                                                a.begin, a.spec_index, size));
    }
    return {start, start < size ? 1 : 0};
  }

  int64_t stop = a.end;
  if (offset) stop += start;
  if (stop < 0) stop += size;
  stop = clamp(stop);
  if (a.end_mask) stop = forward ? size : -1;

  int64_t count = 0;
  if (forward && stop > start) count = (stop - start + a.stride - 1) / a.stride;
  if (!forward && start > stop) count = (start - stop - a.stride - 1) / -a.stride;
  return {start, count};
}

}  // namespace

std::vector<Step> lower_strided_slice(LowerContext& ctx) {
  if (!std::holds_alternative<ir::StridedSliceOptions>(ctx.op.options)) {
    ctx.fail(ErrorCode::kInvalid, "missing STRIDED_SLICE options");
  }
  const auto& opts = ctx.op.opts<ir::StridedSliceOptions>();
  check_arity(ctx, 4, 4);
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& output = ctx.output(0);
  check_moves_unchanged(ctx, input, output, "input");
  extend_shape(ctx, input.shape, 1, "input");  // checks the rank

  const std::vector<int64_t> begin = constant_ints(ctx, 1, "begin");
  const std::vector<int64_t> end = constant_ints(ctx, 2, "end");
  const std::vector<int64_t> strides = constant_ints(ctx, 3, "strides");
  for (int i = 1; i <= 3; ++i) {
    if (ctx.input(i).shape.size() != 1) {
      ctx.fail(ErrorCode::kInvalid, fmt::format("input {} ('{}') has shape {}; expected 1-D", i,
                                                ctx.input(i).name,
                                                shape_string(ctx.input(i).shape)));
    }
  }
  if (end.size() != begin.size() || strides.size() != begin.size()) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("begin, end and strides have {}, {} and {} entries; expected the same",
                         begin.size(), end.size(), strides.size()));
  }
  for (size_t i = 0; i < strides.size(); ++i) {
    if (strides[i] == 0 || strides[i] < INT32_MIN + 1 || strides[i] > INT32_MAX) {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("stride {} (spec entry {}) must be a non-zero int32", strides[i], i));
    }
  }

  // Indices beyond +-2^40 act like +-2^40 (every dimension is far smaller);
  // bounding them keeps `offset` arithmetic on int64 begin/end from overflowing.
  auto bounded = [](std::vector<int64_t> v) {
    for (int64_t& x : v) x = std::clamp<int64_t>(x, -(int64_t{1} << 40), int64_t{1} << 40);
    return v;
  };
  const std::vector<AxisSpec> axes =
      expand_spec(ctx, input, bounded(begin), bounded(end), strides, opts);
  const int rank = static_cast<int>(axes.size());
  std::vector<int32_t> effective_shape;
  for (const AxisSpec& a : axes) effective_shape.push_back(a.size);
  const std::vector<int32_t> input_strides = strides_of(effective_shape);

  mote_strided_slice_params params{};
  params.element_size = static_cast<uint32_t>(ir::dtype_size(input.dtype));
  for (int k = 0; k < MOTE_MAX_RANK; ++k) {
    params.start[k] = 0;
    params.step[k] = 1;
    params.count[k] = 1;
    params.input_strides[k] = 0;
  }
  std::vector<int32_t> expected_shape;
  for (int d = 0; d < rank; ++d) {
    const AxisRange range = resolve(ctx, axes[d], opts.offset);
    const int k = MOTE_MAX_RANK - rank + d;
    // Nothing is read along an empty range; keep its start inside the tensor anyway.
    params.start[k] = range.count > 0 ? static_cast<int32_t>(range.start) : 0;
    params.step[k] = static_cast<int32_t>(axes[d].stride);
    params.count[k] = static_cast<int32_t>(range.count);
    params.input_strides[k] = input_strides[d];
    if (!axes[d].shrink) expected_shape.push_back(static_cast<int32_t>(range.count));
  }
  if (output.shape != expected_shape) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("output has shape {} but the slice of input {} has shape {}",
                         shape_string(output.shape), shape_string(input.shape),
                         shape_string(expected_shape)));
  }
  return {ctx.make_step(MOTE_K_STRIDED_SLICE, ctx.pool.add_params(params),
                        {ctx.input_operand(0), ctx.output_operand(0)})};
}

}  // namespace mote::plan
