#include "compiler/ir/print.h"

#include <fmt/format.h>

#include <algorithm>
#include <type_traits>

namespace mote::ir {
namespace {

// Names come from the file: control bytes would break the one-line-per-item
// layout, so they are shown as '?'.
std::string clean(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

const char* padding_name(Padding p) { return p == Padding::kSame ? "SAME" : "VALID"; }

const char* activation_name(Activation a) {
  switch (a) {
    case Activation::kNone: return "NONE";
    case Activation::kRelu: return "RELU";
    case Activation::kReluN1To1: return "RELU_N1_TO_1";
    case Activation::kRelu6: return "RELU6";
    case Activation::kTanh: return "TANH";
    case Activation::kSignBit: return "SIGN_BIT";
  }
  return "?";
}

// Per-tensor: "q=(0.00390625, zp -128)"; per-channel: count, axis and value
// ranges, to keep one tensor on one short line.
std::string quant_string(const Quantization& q) {
  if (q.scale.empty()) return "q=()";
  if (!q.per_channel()) return fmt::format("q=({:.7g}, zp {})", q.scale[0], q.zero_point[0]);
  const auto [smin, smax] = std::minmax_element(q.scale.begin(), q.scale.end());
  const auto [zmin, zmax] = std::minmax_element(q.zero_point.begin(), q.zero_point.end());
  const std::string zp = *zmin == *zmax ? fmt::format("{}", *zmin)
                                        : fmt::format("{}..{}", *zmin, *zmax);
  return fmt::format("q=per-channel({}, axis {}, scale {:.7g}..{:.7g}, zp {})", q.scale.size(),
                     q.axis, *smin, *smax, zp);
}

std::string tensor_line(const Tensor& t, int index) {
  std::string line = fmt::format("  t{} '{}' {} [{}]", index, clean(t.name), dtype_name(t.dtype),
                                 fmt::join(t.shape, ","));
  if (t.quant) line += " " + quant_string(*t.quant);
  if (t.is_constant()) line += fmt::format(" const={}B", t.data.size());
  if (t.is_variable) line += " variable";
  return line;
}

std::string options_string(const Options& options) {
  return std::visit(
      [](const auto& o) -> std::string {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, Conv2DOptions>) {
          return fmt::format(" padding={} stride_hw={},{} dilation_hw={},{} act={}",
                             padding_name(o.padding), o.stride_h, o.stride_w, o.dilation_h,
                             o.dilation_w, activation_name(o.activation));
        } else if constexpr (std::is_same_v<T, DepthwiseConv2DOptions>) {
          return fmt::format(
              " padding={} stride_hw={},{} dilation_hw={},{} depth_multiplier={} act={}",
              padding_name(o.padding), o.stride_h, o.stride_w, o.dilation_h, o.dilation_w,
              o.depth_multiplier, activation_name(o.activation));
        } else if constexpr (std::is_same_v<T, FullyConnectedOptions>) {
          return fmt::format(" act={}{}{}", activation_name(o.activation),
                             o.keep_num_dims ? " keep_num_dims" : "",
                             o.asymmetric_quantize_inputs ? " asymmetric_quantize_inputs" : "");
        } else if constexpr (std::is_same_v<T, Pool2DOptions>) {
          return fmt::format(" padding={} stride_hw={},{} filter_hw={},{} act={}",
                             padding_name(o.padding), o.stride_h, o.stride_w, o.filter_h,
                             o.filter_w, activation_name(o.activation));
        } else if constexpr (std::is_same_v<T, ActivationOptions>) {
          return fmt::format(" act={}", activation_name(o.activation));
        } else if constexpr (std::is_same_v<T, ConcatenationOptions>) {
          return fmt::format(" axis={} act={}", o.axis, activation_name(o.activation));
        } else if constexpr (std::is_same_v<T, SoftmaxOptions>) {
          return fmt::format(" beta={:.7g}", o.beta);
        } else if constexpr (std::is_same_v<T, LeakyReluOptions>) {
          return fmt::format(" alpha={:.7g}", o.alpha);
        } else if constexpr (std::is_same_v<T, ReducerOptions>) {
          return fmt::format(" keep_dims={}", o.keep_dims);
        } else if constexpr (std::is_same_v<T, ReshapeOptions>) {
          return fmt::format(" new_shape=[{}]", fmt::join(o.new_shape, ","));
        } else if constexpr (std::is_same_v<T, SqueezeOptions>) {
          return fmt::format(" squeeze_dims=[{}]", fmt::join(o.squeeze_dims, ","));
        } else if constexpr (std::is_same_v<T, StridedSliceOptions>) {
          return fmt::format(" masks(begin,end,ellipsis,new_axis,shrink)={},{},{},{},{}{}",
                             o.begin_mask, o.end_mask, o.ellipsis_mask, o.new_axis_mask,
                             o.shrink_axis_mask, o.offset ? " offset" : "");
        } else if constexpr (std::is_same_v<T, BatchMatMulOptions>) {
          return fmt::format(" adj_x={} adj_y={}", o.adj_x, o.adj_y);
        } else if constexpr (std::is_same_v<T, IfOptions>) {
          return fmt::format(" then=subgraph{} else=subgraph{}", o.then_subgraph,
                             o.else_subgraph);
        } else if constexpr (std::is_same_v<T, WhileOptions>) {
          return fmt::format(" cond=subgraph{} body=subgraph{}", o.cond_subgraph,
                             o.body_subgraph);
        } else {
          return "";
        }
      },
      options);
}

std::string op_line(const Op& op, int index) {
  std::string name = op.type == OpType::kUnsupported ? builtin_code_name(op.builtin_code)
                                                     : op_type_name(op.type);
  if (!op.custom_code.empty()) name += fmt::format("('{}')", clean(op.custom_code));
  if (op.type == OpType::kUnsupported) name += "(unsupported)";
  std::string line = fmt::format("  op{} {} [{}] -> [{}]", index, name, fmt::join(op.inputs, ","),
                                 fmt::join(op.outputs, ","));
  if (op.version != 1) line += fmt::format(" v{}", op.version);
  return line + options_string(op.options);
}

}  // namespace

std::string print(const Subgraph& sg, int index) {
  std::string out = fmt::format("subgraph {} '{}' inputs=[{}] outputs=[{}]\n", index, clean(sg.name),
                                fmt::join(sg.inputs, ","), fmt::join(sg.outputs, ","));
  for (size_t t = 0; t < sg.tensors.size(); ++t) {
    out += tensor_line(sg.tensors[t], static_cast<int>(t)) + "\n";
  }
  for (size_t o = 0; o < sg.ops.size(); ++o) out += op_line(sg.ops[o], static_cast<int>(o)) + "\n";
  return out;
}

std::string print(const Model& model) {
  std::string out;
  if (!model.description.empty()) out += fmt::format("description '{}'\n", clean(model.description));
  for (size_t s = 0; s < model.subgraphs.size(); ++s) {
    out += print(model.subgraphs[s], static_cast<int>(s));
  }
  return out;
}

}  // namespace mote::ir
