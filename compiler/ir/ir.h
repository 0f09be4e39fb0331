// Mote's intermediate representation of a model: tensors, quantization, ops
// with typed options, subgraphs. Produced by the importer, read by passes,
// the planner and reports. Small on purpose; print it with ir/print.h.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "compiler/ir/op_type.h"

namespace mote::ir {

enum class DType : uint8_t { kFloat32, kInt32, kUInt8, kInt64, kBool, kInt16, kInt8 };

const char* dtype_name(DType t);
int dtype_size(DType t);

struct Quantization {
  std::vector<float> scale;        // one per tensor, or one per channel
  std::vector<int64_t> zero_point; // same length as scale
  int axis = 0;                    // quantized dimension when per-channel
  bool per_channel() const { return scale.size() > 1; }
};

struct Tensor {
  std::string name;
  DType dtype = DType::kFloat32;
  std::vector<int32_t> shape;
  std::vector<int32_t> shape_signature;  // -1 marks a size the user may choose; empty: static
  std::optional<Quantization> quant;
  std::span<const uint8_t> data;  // non-empty: constant, points into Model::bytes
  bool is_variable = false;

  bool is_constant() const { return !data.empty(); }
  int64_t num_elements() const;
  int64_t num_bytes() const { return num_elements() * dtype_size(dtype); }
};

enum class Padding : uint8_t { kSame, kValid };
enum class Activation : uint8_t { kNone, kRelu, kReluN1To1, kRelu6, kTanh, kSignBit };

struct Conv2DOptions {
  Padding padding = Padding::kSame;
  int stride_w = 1, stride_h = 1;
  int dilation_w = 1, dilation_h = 1;
  Activation activation = Activation::kNone;
};
struct DepthwiseConv2DOptions {
  Padding padding = Padding::kSame;
  int stride_w = 1, stride_h = 1;
  int depth_multiplier = 1;
  int dilation_w = 1, dilation_h = 1;
  Activation activation = Activation::kNone;
};
struct FullyConnectedOptions {
  Activation activation = Activation::kNone;
  bool keep_num_dims = false;
  bool asymmetric_quantize_inputs = false;
};
struct Pool2DOptions {
  Padding padding = Padding::kSame;
  int stride_w = 1, stride_h = 1;
  int filter_w = 1, filter_h = 1;
  Activation activation = Activation::kNone;
};
struct ActivationOptions {  // ADD, SUB, MUL, CONCATENATION share "fused activation"
  Activation activation = Activation::kNone;
};
struct ConcatenationOptions {
  int axis = 0;
  Activation activation = Activation::kNone;
};
struct SoftmaxOptions {
  float beta = 1.0f;
};
struct LeakyReluOptions {
  float alpha = 0.2f;
};
struct ReducerOptions {  // MEAN, REDUCE_MAX
  bool keep_dims = false;
};
struct ReshapeOptions {
  std::vector<int32_t> new_shape;
};
struct SqueezeOptions {
  std::vector<int32_t> squeeze_dims;
};
struct StridedSliceOptions {
  int begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0, shrink_axis_mask = 0;
  bool offset = false;
};
struct BatchMatMulOptions {
  bool adj_x = false, adj_y = false;
  bool asymmetric_quantize_inputs = false;
};
struct IfOptions {
  int then_subgraph = 0, else_subgraph = 0;
};
struct WhileOptions {
  int cond_subgraph = 0, body_subgraph = 0;
};

using Options = std::variant<std::monostate, Conv2DOptions, DepthwiseConv2DOptions,
                             FullyConnectedOptions, Pool2DOptions, ActivationOptions,
                             ConcatenationOptions, SoftmaxOptions, LeakyReluOptions,
                             ReducerOptions, ReshapeOptions, SqueezeOptions, StridedSliceOptions,
                             BatchMatMulOptions, IfOptions, WhileOptions>;

inline constexpr int kNoTensor = -1;  // an optional input left empty

struct Op {
  OpType type = OpType::kUnsupported;
  int32_t builtin_code = 0;   // max(builtin_code, deprecated_builtin_code)
  std::string custom_code;    // for CUSTOM ops
  int version = 1;
  std::vector<int> inputs;    // tensor indices, kNoTensor for absent
  std::vector<int> outputs;
  Options options;

  template <class T> const T& opts() const { return std::get<T>(options); }
};

struct Subgraph {
  std::string name;
  std::vector<Tensor> tensors;
  std::vector<Op> ops;
  std::vector<int> inputs;
  std::vector<int> outputs;
};

struct Model {
  std::string path;                 // for error messages
  std::vector<uint8_t> bytes;       // the whole file; Tensor::data points into it
  std::string description;
  std::vector<Subgraph> subgraphs;  // [0] is the main graph

  Model() = default;
  Model(const Model&) = delete;  // Tensor::data spans point into `bytes`
  Model& operator=(const Model&) = delete;
  Model(Model&&) = default;
  Model& operator=(Model&&) = default;
};

}  // namespace mote::ir
