#include "compiler/plan/inplace.h"

#include <algorithm>
#include <limits>

#include "mote/kernels/broadcast.h"
#include "mote/kernels/conv_geometry.h"
#include "mote/kernels/fully_connected.h"
#include "mote/kernels/pool_geometry.h"

namespace mote::plan {

namespace {

// The smallest shift for a kernel that writes `units` consecutive output
// units in order. Unit q's bytes end at write_end(q) (from the output's
// start) and it reads no input below read_begin(q) (from the input's start).
// When `reads_precede_writes`, a unit reads all its input before writing
// (element-wise ops); otherwise its reads and writes interleave (a conv
// pixel reads its window again for every output channel).
template <class WriteEnd, class ReadBegin>
int64_t streaming_shift(int64_t units, WriteEnd write_end, ReadBegin read_begin,
                        bool reads_precede_writes) {
  int64_t shift = 0;
  int64_t later_reads = std::numeric_limits<int64_t>::max();  // min read_begin over q' > q
  for (int64_t q = units - 1; q >= 0; --q) {
    const int64_t pending = reads_precede_writes ? later_reads : std::min(later_reads, read_begin(q));
    if (pending != std::numeric_limits<int64_t>::max()) {
      shift = std::max(shift, write_end(q) - pending);
    }
    later_reads = std::min(later_reads, read_begin(q));
  }
  return shift;
}

int64_t clamp_index(int64_t v, int64_t size) { return std::clamp<int64_t>(v, 0, size - 1); }

// Conv, depthwise conv and pooling walk output pixels row-major (batch,
// y, x) and write all of a pixel's channels before the next pixel; a pixel
// reads no input above-left of its window's clipped origin.
int64_t window_shift(int64_t batches, int64_t in_h, int64_t in_w, int64_t in_depth,
                     int64_t out_h, int64_t out_w, int64_t out_depth, int64_t stride_h,
                     int64_t stride_w, int64_t pad_h, int64_t pad_w, int64_t in_size,
                     int64_t out_size) {
  const int64_t pixels = out_h * out_w;
  return streaming_shift(
      batches * pixels, [&](int64_t q) { return (q + 1) * out_depth * out_size; },
      [&](int64_t q) {
        const int64_t b = q / pixels, y = q % pixels / out_w, x = q % out_w;
        const int64_t in_y = clamp_index(y * stride_h - pad_h, in_h);
        const int64_t in_x = clamp_index(x * stride_w - pad_w, in_w);
        return ((b * in_h + in_y) * in_w + in_x) * in_depth * in_size;
      },
      false);
}

int64_t conv_shift(const mote_conv_geometry& g, int64_t in_size, int64_t out_size) {
  return window_shift(g.batches, g.input_height, g.input_width, g.input_depth, g.output_height,
                      g.output_width, g.output_depth, g.stride_height, g.stride_width,
                      g.pad_height, g.pad_width, in_size, out_size);
}

int64_t pool_shift(const mote_pool_geometry& g, int64_t elem_size) {
  return window_shift(g.batches, g.input_height, g.input_width, g.channels, g.output_height,
                      g.output_width, g.channels, g.stride_height, g.stride_width, g.pad_height,
                      g.pad_width, elem_size, elem_size);
}

// Element i reads input element i, then writes output element i.
int64_t elementwise_shift(int64_t elements, int64_t in_size, int64_t out_size) {
  return streaming_shift(
      elements, [&](int64_t q) { return (q + 1) * out_size; },
      [&](int64_t q) { return q * in_size; }, true);
}

enum class Pattern {
  kNone,
  kElementwise,      // element i: read input i, write output i
  kBinarySameShape,  // the same for two inputs, when neither is broadcast
  kConv,             // row-major output pixels over a window
  kPool,
  kHybridConv,       // quantizes each whole image into scratch, then writes it
  kFullyConnected,   // each output row reads its whole input row
  kHybridFullyConnected,  // quantizes each input row into scratch, then writes it
};

Pattern pattern_of(mote_kernel_id kernel) {
  switch (kernel) {
    case MOTE_K_COPY:
    case MOTE_K_RELU_S8: case MOTE_K_RELU_F32:
    case MOTE_K_LEAKY_RELU_S8: case MOTE_K_LEAKY_RELU_F32:
    case MOTE_K_LOGISTIC_S8: case MOTE_K_LOGISTIC_F32:
    case MOTE_K_TANH_S8: case MOTE_K_TANH_F32:
    case MOTE_K_HARD_SWISH_S8: case MOTE_K_HARD_SWISH_F32:
    case MOTE_K_QUANTIZE_F32_S8:
    case MOTE_K_REQUANTIZE_S8: case MOTE_K_REQUANTIZE_S8_U8: case MOTE_K_REQUANTIZE_U8_S8:
    case MOTE_K_DEQUANTIZE_S8_F32: case MOTE_K_DEQUANTIZE_U8_F32:
      return Pattern::kElementwise;
    case MOTE_K_ADD_S8: case MOTE_K_ADD_F32:
    case MOTE_K_ADD_S8_OPT:  // element i: reads both inputs' i, then writes i
    case MOTE_K_SUB_S8: case MOTE_K_SUB_F32:
    case MOTE_K_MUL_S8: case MOTE_K_MUL_F32:
    case MOTE_K_MAXIMUM_S8: case MOTE_K_MAXIMUM_F32:
    case MOTE_K_MINIMUM_S8: case MOTE_K_MINIMUM_F32:
      return Pattern::kBinarySameShape;
    case MOTE_K_CONV2D_S8: case MOTE_K_CONV2D_F32:
    case MOTE_K_DEPTHWISE_CONV2D_S8: case MOTE_K_DEPTHWISE_CONV2D_F32:
    case MOTE_K_DEPTHWISE_CONV2D_S8_OPT:  // same pixel order, window clipped the same way
      return Pattern::kConv;
    case MOTE_K_MAX_POOL2D_S8: case MOTE_K_MAX_POOL2D_F32:
    case MOTE_K_AVG_POOL2D_S8: case MOTE_K_AVG_POOL2D_F32:
    case MOTE_K_AVG_POOL2D_S8_OPT: case MOTE_K_MAX_POOL2D_S8_OPT:  // the reference's order
      return Pattern::kPool;
    case MOTE_K_CONV2D_HYBRID: case MOTE_K_DEPTHWISE_CONV2D_HYBRID:
      return Pattern::kHybridConv;
    case MOTE_K_FULLY_CONNECTED_S8: case MOTE_K_FULLY_CONNECTED_F32:
    case MOTE_K_GEMM_S8:  // one row at a time, like the reference (gemm.h)
      return Pattern::kFullyConnected;
    case MOTE_K_CONV2D_S8_GEMM:  // output pixels in order, like the reference (gemm.h)
      return Pattern::kConv;
    case MOTE_K_FULLY_CONNECTED_HYBRID:
      return Pattern::kHybridFullyConnected;
    default: return Pattern::kNone;
  }
}

}  // namespace

std::vector<InPlaceOption> in_place_options(const Program& program, const Step& step) {
  const Pattern pattern = pattern_of(step.kernel);
  if (pattern == Pattern::kNone || step.outputs.size() != 1 || step.params == nullptr) return {};
  const ir::Subgraph& g = program.graph();
  int output_operand = -1;
  for (size_t i = 0; i < step.operands.size(); ++i) {
    const Operand& o = step.operands[i];
    if (o.kind == Operand::Kind::kTensor && o.tensor == step.outputs[0]) {
      output_operand = static_cast<int>(i);
    }
  }
  if (output_operand < 0) return {};
  auto tensor_of = [&](int operand) -> const ir::Tensor* {
    const Operand& o = step.operands[operand];
    if (o.kind != Operand::Kind::kTensor || g.tensors[o.tensor].is_constant()) return nullptr;
    return &g.tensors[o.tensor];
  };
  const ir::Tensor& out = g.tensors[step.outputs[0]];
  const int64_t out_size = ir::dtype_size(out.dtype);
  std::vector<InPlaceOption> options;
  auto offer = [&](int input_operand, int64_t shift) {
    if (tensor_of(input_operand) != nullptr) options.push_back({input_operand, output_operand, shift});
  };
  switch (pattern) {
    case Pattern::kElementwise: {
      const ir::Tensor* in = tensor_of(0);
      if (in == nullptr || in->num_elements() != out.num_elements()) return {};
      offer(0, elementwise_shift(out.num_elements(), ir::dtype_size(in->dtype), out_size));
      break;
    }
    case Pattern::kBinarySameShape: {
      // Every binary parameter struct starts with its broadcast shape.
      const auto* shape = static_cast<const mote_broadcast_shape*>(step.params);
      if (shape->same_shapes == 0) return {};
      for (int i = 0; i < 2; ++i) {
        const ir::Tensor* in = tensor_of(i);
        if (in == nullptr || in->num_elements() != out.num_elements()) continue;
        offer(i, elementwise_shift(out.num_elements(), ir::dtype_size(in->dtype), out_size));
      }
      break;
    }
    case Pattern::kConv: {
      // Conv and depthwise parameter structs start with their geometry.
      const auto* geometry = static_cast<const mote_conv_geometry*>(step.params);
      const ir::Tensor* in = tensor_of(0);
      if (in == nullptr) return {};
      offer(0, conv_shift(*geometry, ir::dtype_size(in->dtype), out_size));
      break;
    }
    case Pattern::kPool: {
      const auto* geometry = static_cast<const mote_pool_geometry*>(step.params);
      if (tensor_of(0) == nullptr) return {};
      offer(0, pool_shift(*geometry, out_size));
      break;
    }
    case Pattern::kHybridConv: {
      const auto* g = static_cast<const mote_conv_geometry*>(step.params);
      const int64_t image_in = int64_t{g->input_height} * g->input_width * g->input_depth;
      const int64_t image_out = int64_t{g->output_height} * g->output_width * g->output_depth;
      offer(0, elementwise_shift(g->batches, image_in * 4, image_out * 4));
      break;
    }
    case Pattern::kFullyConnected:
    case Pattern::kHybridFullyConnected: {
      // Every fully connected parameter struct starts with its shape.
      const auto* shape = static_cast<const mote_fully_connected_shape*>(step.params);
      const ir::Tensor* in = tensor_of(0);
      if (in == nullptr) return {};
      const int64_t row_in = int64_t{shape->accum_depth} * ir::dtype_size(in->dtype);
      const int64_t row_out = int64_t{shape->output_depth} * out_size;
      offer(0, streaming_shift(
                   shape->batches, [&](int64_t q) { return (q + 1) * row_out; },
                   [&](int64_t q) { return q * row_in; },
                   pattern == Pattern::kHybridFullyConnected));
      break;
    }
    case Pattern::kNone: break;
  }
  return options;
}

}  // namespace mote::plan
