#include "compiler/tflite/options.h"

#include <fmt/format.h>

#include "compiler/tflite/diag.h"

namespace mote::tflite {
namespace {

using ::tflite::BuiltinOptions;

std::string union_type_name(BuiltinOptions type) {
  const char* name = ::tflite::EnumNameBuiltinOptions(type);
  if (name && *name) return name;
  return fmt::format("BuiltinOptions type {}", static_cast<int>(type));
}

class Converter {
 public:
  Converter(const ::tflite::Operator& op, const std::string& file, const std::string& where)
      : op_(op), file_(file), where_(where) {}

  // The options table of type T, or nullptr when absent. A table of another
  // type is an error: TFLite would silently ignore it and use zeros.
  template <class T>
  const T* table(bool required) const {
    const BuiltinOptions expected = ::tflite::BuiltinOptionsTraits<T>::enum_value;
    const BuiltinOptions actual = op_.builtin_options_type();
    if (actual == expected && op_.builtin_options()) return static_cast<const T*>(op_.builtin_options());
    if (actual != BuiltinOptions::NONE && actual != expected) {
      fail(ErrorCode::kInvalid, file_, where_,
           fmt::format("has builtin options {}, expected {}", union_type_name(actual),
                       union_type_name(expected)));
    }
    if (required) {
      fail(ErrorCode::kInvalid, file_, where_,
           fmt::format("missing builtin options {}", union_type_name(expected)));
    }
    return nullptr;
  }

  // Unpacked options, schema defaults when the table is absent.
  template <class T>
  typename T::NativeTableType unpack(bool required = false) const {
    typename T::NativeTableType native;
    if (const T* t = table<T>(required)) t->UnPackTo(&native);
    return native;
  }

  ir::Activation activation(::tflite::ActivationFunctionType a) const {
    using A = ::tflite::ActivationFunctionType;
    switch (a) {
      case A::NONE: return ir::Activation::kNone;
      case A::RELU: return ir::Activation::kRelu;
      case A::RELU_N1_TO_1: return ir::Activation::kReluN1To1;
      case A::RELU6: return ir::Activation::kRelu6;
      case A::TANH: return ir::Activation::kTanh;
      case A::SIGN_BIT: return ir::Activation::kSignBit;
    }
    fail(ErrorCode::kInvalid, file_, where_,
         fmt::format("unknown fused activation function {}", static_cast<int>(a)));
  }

  ir::Padding padding(::tflite::Padding p) const {
    switch (p) {
      case ::tflite::Padding::SAME: return ir::Padding::kSame;
      case ::tflite::Padding::VALID: return ir::Padding::kValid;
    }
    fail(ErrorCode::kInvalid, file_, where_, fmt::format("unknown padding {}", static_cast<int>(p)));
  }

  ir::Options convert(ir::OpType type) const;

 private:
  const ::tflite::Operator& op_;
  const std::string& file_;
  const std::string& where_;
};

ir::Options Converter::convert(ir::OpType type) const {
  using ir::OpType;
  switch (type) {
    case OpType::kConv2D: {
      const auto o = unpack<::tflite::Conv2DOptions>(/*required=*/true);
      return ir::Conv2DOptions{padding(o.padding), o.stride_w, o.stride_h,
                               o.dilation_w_factor, o.dilation_h_factor,
                               activation(o.fused_activation_function)};
    }
    case OpType::kDepthwiseConv2D: {
      const auto o = unpack<::tflite::DepthwiseConv2DOptions>(/*required=*/true);
      return ir::DepthwiseConv2DOptions{padding(o.padding),   o.stride_w,
                                        o.stride_h,           o.depth_multiplier,
                                        o.dilation_w_factor,  o.dilation_h_factor,
                                        activation(o.fused_activation_function)};
    }
    case OpType::kFullyConnected: {
      const auto o = unpack<::tflite::FullyConnectedOptions>();
      if (o.weights_format != ::tflite::FullyConnectedOptionsWeightsFormat::DEFAULT) {
        fail(ErrorCode::kUnsupported, file_, where_,
             fmt::format("weights_format {} is not supported (only DEFAULT)",
                         static_cast<int>(o.weights_format)));
      }
      return ir::FullyConnectedOptions{activation(o.fused_activation_function), o.keep_num_dims,
                                       o.asymmetric_quantize_inputs};
    }
    case OpType::kAveragePool2D:
    case OpType::kMaxPool2D: {
      const auto o = unpack<::tflite::Pool2DOptions>(/*required=*/true);
      return ir::Pool2DOptions{padding(o.padding),  o.stride_w,      o.stride_h,
                               o.filter_width,      o.filter_height,
                               activation(o.fused_activation_function)};
    }
    case OpType::kAdd:
      return ir::ActivationOptions{
          activation(unpack<::tflite::AddOptions>().fused_activation_function)};
    case OpType::kSub:
      return ir::ActivationOptions{
          activation(unpack<::tflite::SubOptions>().fused_activation_function)};
    case OpType::kMul:
      return ir::ActivationOptions{
          activation(unpack<::tflite::MulOptions>().fused_activation_function)};
    case OpType::kConcatenation: {
      const auto o = unpack<::tflite::ConcatenationOptions>();
      return ir::ConcatenationOptions{o.axis, activation(o.fused_activation_function)};
    }
    case OpType::kSoftmax:
      return ir::SoftmaxOptions{unpack<::tflite::SoftmaxOptions>().beta};
    case OpType::kLeakyRelu:
      return ir::LeakyReluOptions{unpack<::tflite::LeakyReluOptions>().alpha};
    case OpType::kMean:
    case OpType::kReduceMax:
      return ir::ReducerOptions{unpack<::tflite::ReducerOptions>().keep_dims};
    case OpType::kReshape:
      return ir::ReshapeOptions{unpack<::tflite::ReshapeOptions>().new_shape};
    case OpType::kSqueeze:
      return ir::SqueezeOptions{unpack<::tflite::SqueezeOptions>().squeeze_dims};
    case OpType::kStridedSlice: {
      const auto o = unpack<::tflite::StridedSliceOptions>();
      return ir::StridedSliceOptions{o.begin_mask,    o.end_mask,         o.ellipsis_mask,
                                     o.new_axis_mask, o.shrink_axis_mask, o.offset};
    }
    case OpType::kBatchMatMul: {
      const auto o = unpack<::tflite::BatchMatMulOptions>();
      return ir::BatchMatMulOptions{o.adj_x, o.adj_y, o.asymmetric_quantize_inputs};
    }
    case OpType::kIf: {
      const auto o = unpack<::tflite::IfOptions>(/*required=*/true);
      return ir::IfOptions{o.then_subgraph_index, o.else_subgraph_index};
    }
    case OpType::kWhile: {
      const auto o = unpack<::tflite::WhileOptions>(/*required=*/true);
      return ir::WhileOptions{o.cond_subgraph_index, o.body_subgraph_index};
    }
    default:
      // Ops without options in the IR. A table of the right kind, if any,
      // holds nothing Mote reads; unknown ops keep whatever they carry.
      return std::monostate{};
  }
}

}  // namespace

ir::Options convert_options(const ::tflite::Operator& op, ir::OpType type,
                            const std::string& file, const std::string& where) {
  return Converter(op, file, where).convert(type);
}

}  // namespace mote::tflite
