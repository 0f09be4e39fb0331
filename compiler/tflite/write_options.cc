#include "compiler/tflite/write_options.h"

#include <fmt/format.h>

#include "compiler/tflite/diag.h"

namespace mote::tflite {
namespace {

using ::tflite::BuiltinOptions;

const char* alternative_name(const ir::Options& options) {
  static constexpr const char* kNames[] = {
      "no options",          "Conv2DOptions",      "DepthwiseConv2DOptions",
      "FullyConnectedOptions", "Pool2DOptions",    "ActivationOptions",
      "ConcatenationOptions", "SoftmaxOptions",    "LeakyReluOptions",
      "ReducerOptions",      "ReshapeOptions",     "SqueezeOptions",
      "StridedSliceOptions", "BatchMatMulOptions", "IfOptions",
      "WhileOptions"};
  static_assert(std::size(kNames) == std::variant_size_v<ir::Options>);
  return kNames[options.index()];
}

class OptionsWriter {
 public:
  OptionsWriter(flatbuffers::FlatBufferBuilder& fbb, const ir::Op& op, const std::string& file,
                const std::string& where)
      : fbb_(fbb), op_(op), file_(file), where_(where) {}

  WrittenOptions write() {
    using ir::OpType;
    switch (op_.type) {
      case OpType::kConv2D: {
        const auto& o = required<ir::Conv2DOptions>();
        return {BuiltinOptions::Conv2DOptions,
                ::tflite::CreateConv2DOptions(fbb_, padding(o.padding), o.stride_w, o.stride_h,
                                              activation(o.activation), o.dilation_w,
                                              o.dilation_h)
                    .Union()};
      }
      case OpType::kDepthwiseConv2D: {
        const auto& o = required<ir::DepthwiseConv2DOptions>();
        return {BuiltinOptions::DepthwiseConv2DOptions,
                ::tflite::CreateDepthwiseConv2DOptions(
                    fbb_, padding(o.padding), o.stride_w, o.stride_h, o.depth_multiplier,
                    activation(o.activation), o.dilation_w, o.dilation_h)
                    .Union()};
      }
      case OpType::kAveragePool2D:
      case OpType::kMaxPool2D: {
        const auto& o = required<ir::Pool2DOptions>();
        return {BuiltinOptions::Pool2DOptions,
                ::tflite::CreatePool2DOptions(fbb_, padding(o.padding), o.stride_w, o.stride_h,
                                              o.filter_w, o.filter_h, activation(o.activation))
                    .Union()};
      }
      case OpType::kIf: {
        const auto& o = required<ir::IfOptions>();
        return {BuiltinOptions::IfOptions,
                ::tflite::CreateIfOptions(fbb_, o.then_subgraph, o.else_subgraph).Union()};
      }
      case OpType::kWhile: {
        const auto& o = required<ir::WhileOptions>();
        return {BuiltinOptions::WhileOptions,
                ::tflite::CreateWhileOptions(fbb_, o.cond_subgraph, o.body_subgraph).Union()};
      }
      case OpType::kFullyConnected:
        return optional<ir::FullyConnectedOptions>(
            BuiltinOptions::FullyConnectedOptions, [&](const auto& o) {
              return ::tflite::CreateFullyConnectedOptions(
                  fbb_, activation(o.activation),
                  ::tflite::FullyConnectedOptionsWeightsFormat::DEFAULT, o.keep_num_dims,
                  o.asymmetric_quantize_inputs);
            });
      case OpType::kAdd:
        return optional<ir::ActivationOptions>(BuiltinOptions::AddOptions, [&](const auto& o) {
          return ::tflite::CreateAddOptions(fbb_, activation(o.activation));
        });
      case OpType::kSub:
        return optional<ir::ActivationOptions>(BuiltinOptions::SubOptions, [&](const auto& o) {
          return ::tflite::CreateSubOptions(fbb_, activation(o.activation));
        });
      case OpType::kMul:
        return optional<ir::ActivationOptions>(BuiltinOptions::MulOptions, [&](const auto& o) {
          return ::tflite::CreateMulOptions(fbb_, activation(o.activation));
        });
      case OpType::kConcatenation:
        return optional<ir::ConcatenationOptions>(
            BuiltinOptions::ConcatenationOptions, [&](const auto& o) {
              return ::tflite::CreateConcatenationOptions(fbb_, o.axis, activation(o.activation));
            });
      case OpType::kSoftmax:
        return optional<ir::SoftmaxOptions>(BuiltinOptions::SoftmaxOptions, [&](const auto& o) {
          return ::tflite::CreateSoftmaxOptions(fbb_, o.beta);
        });
      case OpType::kLeakyRelu:
        return optional<ir::LeakyReluOptions>(BuiltinOptions::LeakyReluOptions, [&](const auto& o) {
          return ::tflite::CreateLeakyReluOptions(fbb_, o.alpha);
        });
      case OpType::kMean:
      case OpType::kReduceMax:
        return optional<ir::ReducerOptions>(BuiltinOptions::ReducerOptions, [&](const auto& o) {
          return ::tflite::CreateReducerOptions(fbb_, o.keep_dims);
        });
      case OpType::kReshape:
        // An empty new_shape stays absent: TFLite then takes the shape input.
        return optional<ir::ReshapeOptions>(BuiltinOptions::ReshapeOptions, [&](const auto& o) {
          return ::tflite::CreateReshapeOptions(
              fbb_, o.new_shape.empty() ? 0 : fbb_.CreateVector(o.new_shape));
        });
      case OpType::kSqueeze:
        return optional<ir::SqueezeOptions>(BuiltinOptions::SqueezeOptions, [&](const auto& o) {
          return ::tflite::CreateSqueezeOptions(
              fbb_, o.squeeze_dims.empty() ? 0 : fbb_.CreateVector(o.squeeze_dims));
        });
      case OpType::kStridedSlice:
        return optional<ir::StridedSliceOptions>(
            BuiltinOptions::StridedSliceOptions, [&](const auto& o) {
              return ::tflite::CreateStridedSliceOptions(fbb_, o.begin_mask, o.end_mask,
                                                         o.ellipsis_mask, o.new_axis_mask,
                                                         o.shrink_axis_mask, o.offset);
            });
      case OpType::kBatchMatMul:
        return optional<ir::BatchMatMulOptions>(
            BuiltinOptions::BatchMatMulOptions, [&](const auto& o) {
              return ::tflite::CreateBatchMatMulOptions(fbb_, o.adj_x, o.adj_y,
                                                        o.asymmetric_quantize_inputs);
            });
      default:
        // Ops whose options the IR does not model: TFLite reads an absent
        // table as its defaults, which is what Mote's reader assumed too.
        expect_none();
        return {};
    }
  }

 private:
  [[noreturn]] void wrong(const char* expected) const {
    fail(ErrorCode::kInvalid, file_, where_,
         fmt::format("has {}, expected {}", alternative_name(op_.options), expected));
  }

  template <class T>
  const T& required() const {
    if (const T* o = std::get_if<T>(&op_.options)) return *o;
    wrong(alternative_name(ir::Options(T{})));
  }

  // Options the op may leave out: with std::monostate none are written and
  // TFLite's schema defaults apply, as they do for Mote's reader.
  template <class T, class Make>
  WrittenOptions optional(BuiltinOptions type, Make make) const {
    if (std::holds_alternative<std::monostate>(op_.options)) return {};
    return {type, make(required<T>()).Union()};
  }

  void expect_none() const {
    if (!std::holds_alternative<std::monostate>(op_.options)) wrong("no options");
  }

  ::tflite::Padding padding(ir::Padding p) const {
    switch (p) {
      case ir::Padding::kSame: return ::tflite::Padding::SAME;
      case ir::Padding::kValid: return ::tflite::Padding::VALID;
    }
    fail(ErrorCode::kInvalid, file_, where_, fmt::format("unknown padding {}", static_cast<int>(p)));
  }

  ::tflite::ActivationFunctionType activation(ir::Activation a) const {
    using A = ::tflite::ActivationFunctionType;
    switch (a) {
      case ir::Activation::kNone: return A::NONE;
      case ir::Activation::kRelu: return A::RELU;
      case ir::Activation::kReluN1To1: return A::RELU_N1_TO_1;
      case ir::Activation::kRelu6: return A::RELU6;
      case ir::Activation::kTanh: return A::TANH;
      case ir::Activation::kSignBit: return A::SIGN_BIT;
    }
    fail(ErrorCode::kInvalid, file_, where_,
         fmt::format("unknown fused activation {}", static_cast<int>(a)));
  }

  flatbuffers::FlatBufferBuilder& fbb_;
  const ir::Op& op_;
  const std::string& file_;
  const std::string& where_;
};

}  // namespace

WrittenOptions write_options(flatbuffers::FlatBufferBuilder& fbb, const ir::Op& op,
                             const std::string& file, const std::string& where) {
  return OptionsWriter(fbb, op, file, where).write();
}

}  // namespace mote::tflite
