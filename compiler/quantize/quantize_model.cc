#include "compiler/quantize/quantize_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <optional>

#include "compiler/ir/error.h"
#include "compiler/ir/model_builder.h"
#include "compiler/quantize/branch_weights.h"
#include "compiler/quantize/weight_quantization.h"

namespace mote::quantize {

namespace {

using ir::OpType;

int32_t builtin_code(OpType type) {
  switch (type) {
#define MOTE_QUANT_CODE(name, code, str) \
  case OpType::name: return code;
    MOTE_IR_OPS(MOTE_QUANT_CODE)
#undef MOTE_QUANT_CODE
    case OpType::kUnsupported: break;
  }
  return -1;
}

// Ops whose int8 kernels require output parameters equal to the input's.
bool shares_input_params(OpType t) {
  switch (t) {
    case OpType::kAveragePool2D: case OpType::kMaxPool2D: case OpType::kReshape:
    case OpType::kSqueeze: case OpType::kExpandDims: case OpType::kPad:
    case OpType::kStridedSlice: case OpType::kTranspose:
      return true;
    default: return false;
  }
}
// Ops whose inputs and output all share one set of parameters.
bool shares_all_params(OpType t) {
  return t == OpType::kConcatenation || t == OpType::kMaximum || t == OpType::kMinimum;
}

std::optional<AffineParams> fixed_output_params(OpType t) {
  if (t == OpType::kSoftmax || t == OpType::kLogistic) return AffineParams{1.0f / 256, -128};
  if (t == OpType::kTanh) return AffineParams{1.0f / 128, 0};
  return std::nullopt;
}

// Comparisons of int8 inputs need both inputs quantized alike.
bool is_comparison(OpType t) {
  return t == OpType::kGreater || t == OpType::kGreaterEqual || t == OpType::kLess ||
         t == OpType::kLessEqual || t == OpType::kEqual || t == OpType::kNotEqual;
}

bool has_weights(OpType t) {
  return t == OpType::kConv2D || t == OpType::kDepthwiseConv2D || t == OpType::kFullyConnected;
}

bool observed(const Range& r) { return r.min <= r.max; }

class Quantizer {
 public:
  Quantizer(const ir::Model& model, const std::vector<Range>& ranges, const QuantizeOptions& options)
      : model_(model), in_(model.subgraphs.at(0)), ranges_(ranges), options_(options),
        branches_(model.subgraphs) {}

  ir::Model run() {
    check_ops();
    group_shared_params();
    out_ = ir::Subgraph{in_.name, in_.tensors, {}, in_.inputs, in_.outputs};
    blobs_.assign(in_.tensors.size(), {});
    for (size_t t = 0; t < in_.tensors.size(); ++t) quantize_tensor(static_cast<int>(t));
    for (size_t i = 0; i < in_.ops.size(); ++i) quantize_weights(static_cast<int>(i));
    for (const ir::Op& op : in_.ops) {
      if (op.type == OpType::kIf) {
        quantize_branch_weights(in_, op, true, {out_, blobs_, branches_});
      }
    }
    if (options_.io == IoType::kFloat) add_float_io();
    else out_.ops = quantized_ops();
    return assemble();
  }

 private:
  [[noreturn]] void fail(int op, ErrorCode code, const std::string& what) const {
    const ir::Op& o = in_.ops[op];
    throw Error(code, fmt::format("{}: op {} {}: {}", model_.path, op, ir::op_type_name(o.type), what));
  }

  void check_ops() {
    kept_.assign(in_.ops.size(), false);
    // IF and its branches stay float (the branches' weights become int8 for
    // hybrid kernels, see branch_weights.h): their int8 operands are
    // dequantized on the way in and the results quantized on the way out.
    for (size_t i = 0; i < in_.ops.size(); ++i) kept_[i] = in_.ops[i].type == OpType::kIf;
    for (int i : options_.keep_float) {
      if (i < 0 || i >= static_cast<int>(in_.ops.size())) {
        throw Error(ErrorCode::kUsage, fmt::format("{}: --keep-float {}: the model has ops 0..{}",
                                                   model_.path, i, in_.ops.size() - 1));
      }
      kept_[i] = true;
    }
    for (size_t i = 0; i < in_.ops.size(); ++i) {
      const ir::Op& op = in_.ops[i];
      if (kept_[i]) {
        for (int t : op.inputs) {
          if (t >= 0 && in_.tensors[t].is_constant()) float_constants_.push_back(t);
        }
        continue;
      }
      if (int8_op_version(op.type, false) == 0) {
        fail(static_cast<int>(i), ErrorCode::kUnsupported,
             op.type == OpType::kUnsupported
                 ? fmt::format("{} cannot be quantized", ir::builtin_code_name(op.builtin_code))
                 : "the quantizer has no int8 form of this op");
      }
      for (int t : op.inputs) {
        if (t < 0) continue;
        const ir::Tensor& x = in_.tensors[t];
        // Bool and int32 tensors (conditions, shapes) pass through as they are.
        const bool quantized = x.dtype == ir::DType::kInt8 || x.dtype == ir::DType::kUInt8 ||
                               x.dtype == ir::DType::kInt16;
        if (!x.is_constant() && quantized) {
          fail(static_cast<int>(i), ErrorCode::kUnsupported,
               fmt::format("input '{}' is {}; quantization takes a float32 model", x.name,
                           ir::dtype_name(x.dtype)));
        }
      }
      if (has_weights(op.type)) {
        if (op.inputs.size() < 2 || op.inputs[1] < 0 || !in_.tensors[op.inputs[1]].is_constant() ||
            in_.tensors[op.inputs[1]].dtype != ir::DType::kFloat32) {
          fail(static_cast<int>(i), ErrorCode::kUnsupported, "weights must be a float32 constant");
        }
        weights_of_.push_back(static_cast<int>(i));
      }
    }
  }

  int find(int t) {
    while (parent_[t] != t) t = parent_[t] = parent_[parent_[t]];
    return t;
  }
  void unite(int a, int b) { parent_[find(a)] = find(b); }

  bool is_float(int t) const { return t >= 0 && in_.tensors[t].dtype == ir::DType::kFloat32; }
  bool is_float_activation(int t) const { return is_float(t) && !in_.tensors[t].is_constant(); }

  void group_shared_params() {
    parent_.resize(in_.tensors.size());
    std::iota(parent_.begin(), parent_.end(), 0);
    for (size_t i = 0; i < in_.ops.size(); ++i) {
      const ir::Op& op = in_.ops[i];
      if (op.outputs.empty() || kept_[i]) continue;
      const int out = op.outputs[0];
      if (shares_input_params(op.type) && is_float(op.inputs[0])) unite(op.inputs[0], out);
      // Constants are not joined: one may serve several ops (openWakeWord's
      // embedding model has one MAXIMUM floor for all 20 layers); each op
      // gets its own copy in its parameters (own_constants).
      if (is_comparison(op.type) && is_float_activation(op.inputs[0]) &&
          is_float_activation(op.inputs[1])) {
        unite(op.inputs[1], op.inputs[0]);
      }
      if (shares_all_params(op.type)) {
        for (int t : op.inputs) {
          if (is_float_activation(t)) unite(t, out);
        }
      }
    }
    fixed_.assign(in_.tensors.size(), std::nullopt);
    for (size_t i = 0; i < in_.ops.size(); ++i) {
      const ir::Op& op = in_.ops[i];
      if (kept_[i]) continue;
      if (auto p = fixed_output_params(op.type)) fixed_[find(op.outputs[0])] = p;
    }
    std::vector<Range> group_range(in_.tensors.size(), Range{INFINITY, -INFINITY});
    for (size_t t = 0; t < in_.tensors.size(); ++t) {
      const Range r = in_.tensors[t].is_constant() ? constant_range(static_cast<int>(t))
                      : t < ranges_.size()         ? ranges_[t]
                                                   : Range{INFINITY, -INFINITY};
      if (!observed(r)) continue;
      Range& g = group_range[find(static_cast<int>(t))];
      g.min = std::min(g.min, r.min);
      g.max = std::max(g.max, r.max);
    }
    params_.assign(in_.tensors.size(), std::nullopt);
    for (size_t t = 0; t < in_.tensors.size(); ++t) {
      const int root = find(static_cast<int>(t));
      if (fixed_[root]) params_[t] = fixed_[root];
      else if (observed(group_range[root])) params_[t] = int8_params(group_range[root]);
    }
  }

  Range constant_range(int t) const {
    const ir::Tensor& x = in_.tensors[t];
    if (x.dtype != ir::DType::kFloat32) return {INFINITY, -INFINITY};
    const std::vector<float> v = float_data(x);
    if (v.empty()) return {INFINITY, -INFINITY};
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    return {*lo, *hi};
  }

  bool is_weight_or_bias(int t) const {
    for (int op : weights_of_) {
      const auto& inputs = in_.ops[op].inputs;
      if (inputs[1] == t || (inputs.size() > 2 && inputs[2] == t)) return true;
    }
    return false;
  }

  // Activations and plain float constants: int8 with the group's parameters.
  void quantize_tensor(int t) {
    const ir::Tensor& x = in_.tensors[t];
    ir::Tensor& q = out_.tensors[t];
    if (x.is_constant()) blobs_[t].assign(x.data.begin(), x.data.end());
    if (x.dtype != ir::DType::kFloat32 || is_weight_or_bias(t)) return;
    if (std::count(float_constants_.begin(), float_constants_.end(), t)) return;
    if (!params_[t]) {
      throw Error(ErrorCode::kInvalid,
                  fmt::format("{}: tensor {} '{}': no calibration range (never written while "
                              "calibrating)", model_.path, t, x.name));
    }
    const AffineParams p = *params_[t];
    if (!std::isfinite(p.scale)) {
      throw Error(ErrorCode::kInvalid,
                  fmt::format("{}: tensor {} '{}': calibration saw non-finite values", model_.path,
                              t, x.name));
    }
    q.dtype = ir::DType::kInt8;
    q.quant = ir::Quantization{{p.scale}, {p.zero_point}, 0};
    if (x.is_constant()) blobs_[t] = quantized_constant(x, p);
  }

  static std::vector<uint8_t> quantized_constant(const ir::Tensor& x, AffineParams p) {
    const std::vector<float> v = float_data(x);
    std::vector<uint8_t> bytes(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
      const long qv = std::lround(v[i] / p.scale) + p.zero_point;
      bytes[i] = static_cast<uint8_t>(static_cast<int8_t>(std::clamp<long>(qv, -128, 127)));
    }
    return bytes;
  }

  // Constant operands of ops whose kernels need one set of parameters for
  // all inputs get a copy in the parameters of the op's activations.
  void own_constants(ir::Op& op, int index) {
    const bool all = shares_all_params(op.type);
    if (!all && !is_comparison(op.type)) return;
    const int activation = all ? op.outputs[0] : op.inputs[is_float_activation(op.inputs[0]) ? 0 : 1];
    if (!params_[activation]) return;
    const AffineParams p = *params_[activation];
    for (int& t : op.inputs) {
      if (!is_float(t) || !in_.tensors[t].is_constant()) continue;
      ir::Tensor copy = out_.tensors[t];  // float if a kept op reads it too
      copy.name += fmt::format("_op{}", index);
      copy.dtype = ir::DType::kInt8;
      copy.quant = ir::Quantization{{p.scale}, {p.zero_point}, 0};
      out_.tensors.push_back(std::move(copy));
      blobs_.push_back(quantized_constant(in_.tensors[t], p));
      t = static_cast<int>(out_.tensors.size()) - 1;
    }
  }

  void quantize_weights(int op_index) {
    const ir::Op& op = in_.ops[op_index];
    if (!has_weights(op.type) || kept_[op_index]) return;
    const int w = op.inputs[1];
    const int axis = op.type == OpType::kDepthwiseConv2D ? 3 : 0;
    const bool per_channel = op.type != OpType::kFullyConnected || options_.per_channel_fc;
    const ir::Tensor& weights = in_.tensors[w];
    if (axis >= static_cast<int>(weights.shape.size())) {
      fail(op_index, ErrorCode::kInvalid,
           fmt::format("weights '{}' have rank {}, no axis {}", weights.name, weights.shape.size(), axis));
    }
    const SymmetricWeights qw = quantize_symmetric(float_data(weights), weights.shape, axis, per_channel);
    ir::Tensor& qt = out_.tensors[w];
    qt.dtype = ir::DType::kInt8;
    qt.quant = ir::Quantization{qw.scales, std::vector<int64_t>(qw.scales.size(), 0), axis};
    blobs_[w].resize(qw.values.size());
    std::memcpy(blobs_[w].data(), qw.values.data(), qw.values.size());

    const int b = op.inputs.size() > 2 ? op.inputs[2] : ir::kNoTensor;
    if (b < 0) return;
    const ir::Tensor& bias = in_.tensors[b];
    if (!bias.is_constant() || bias.dtype != ir::DType::kFloat32) {
      fail(op_index, ErrorCode::kUnsupported, fmt::format("bias '{}' must be a float32 constant", bias.name));
    }
    const float input_scale = params_[op.inputs[0]] ? params_[op.inputs[0]]->scale : 1.0f;
    const std::vector<float> values = float_data(bias);
    std::vector<float> scales;
    for (size_t c = 0; c < values.size(); ++c) {
      scales.push_back(input_scale * qw.scales[qw.scales.size() == 1 ? 0 : c % qw.scales.size()]);
    }
    const std::vector<int32_t> qb = quantize_bias(values, scales);
    if (qw.scales.size() == 1) scales.resize(1);
    ir::Tensor& qbt = out_.tensors[b];
    qbt.dtype = ir::DType::kInt32;
    qbt.quant = ir::Quantization{scales, std::vector<int64_t>(scales.size(), 0), 0};
    blobs_[b].resize(qb.size() * 4);
    std::memcpy(blobs_[b].data(), qb.data(), blobs_[b].size());
  }

  std::vector<ir::Op> quantized_ops() {
    std::vector<ir::Op> ops;
    std::vector<int> dequantized(in_.tensors.size(), ir::kNoTensor);
    for (size_t i = 0; i < in_.ops.size(); ++i) {
      ir::Op op = in_.ops[i];
      if (kept_[i]) {
        add_kept_float(op, dequantized, ops);
        continue;
      }
      const bool per_channel_fc = op.type == OpType::kFullyConnected && options_.per_channel_fc;
      own_constants(op, static_cast<int>(i));
      op.version = int8_op_version(op.type, per_channel_fc);
      op.builtin_code = builtin_code(op.type);
      ops.push_back(std::move(op));
    }
    return ops;
  }

  // A layer kept in float reads DEQUANTIZEd copies of its int8 inputs and
  // its result is QUANTIZEd back into the int8 tensor the next ops read.
  void add_kept_float(ir::Op op, std::vector<int>& dequantized, std::vector<ir::Op>& ops) {
    for (int& t : op.inputs) {
      if (t < 0 || in_.tensors[t].is_constant() || out_.tensors[t].dtype != ir::DType::kInt8) continue;
      if (dequantized[t] == ir::kNoTensor) {
        dequantized[t] = add_float_copy(t, "_float");
        ops.push_back(edge_op(OpType::kDequantize, t, dequantized[t]));
      }
      t = dequantized[t];
    }
    std::vector<ir::Op> requantize;
    for (int& t : op.outputs) {
      if (t < 0 || out_.tensors[t].dtype != ir::DType::kInt8) continue;
      const int float_result = add_float_copy(t, "_float");
      requantize.push_back(edge_op(OpType::kQuantize, float_result, t));
      t = float_result;
    }
    ops.push_back(std::move(op));
    ops.insert(ops.end(), requantize.begin(), requantize.end());
  }

  int add_float_copy(int t, const char* suffix) {
    ir::Tensor copy = in_.tensors[t];
    copy.name += suffix;
    out_.tensors.push_back(std::move(copy));
    blobs_.emplace_back();
    return static_cast<int>(out_.tensors.size()) - 1;
  }

  // The float input feeds QUANTIZE into the int8 graph; DEQUANTIZE gives
  // each float output back.
  void add_float_io() {
    std::vector<ir::Op> ops;
    for (int& input : out_.inputs) {
      const int internal = input;
      input = add_float_twin(internal);
      ops.push_back(edge_op(OpType::kQuantize, input, internal));
    }
    const std::vector<ir::Op> body = quantized_ops();
    ops.insert(ops.end(), body.begin(), body.end());
    for (int& output : out_.outputs) {
      const int internal = output;
      output = add_float_twin(internal);
      ops.push_back(edge_op(OpType::kDequantize, internal, output));
    }
    out_.ops = std::move(ops);
  }

  int add_float_twin(int internal) {
    ir::Tensor twin = in_.tensors[internal];
    out_.tensors[internal].name += "_int8";
    out_.tensors.push_back(std::move(twin));
    blobs_.emplace_back();
    return static_cast<int>(out_.tensors.size()) - 1;
  }

  static ir::Op edge_op(OpType type, int from, int to) {
    ir::Op op;
    op.type = type;
    op.builtin_code = builtin_code(type);
    op.version = int8_op_version(type, false);
    op.inputs = {from};
    op.outputs = {to};
    return op;
  }

  // Constant data moves into the new model's own bytes.
  ir::Model assemble() {
    ir::Model m;
    m.path = model_.path;
    m.description = "Mote post-training int8 quantization";
    for (size_t t = 0; t < blobs_.size(); ++t) out_.tensors[t].data = blobs_[t];
    m.subgraphs = std::move(branches_);  // spans still point into model_.bytes until packed
    m.subgraphs[0] = std::move(out_);
    ir::pack_constants(m);
    return m;
  }

  const ir::Model& model_;
  const ir::Subgraph& in_;
  const std::vector<Range>& ranges_;
  QuantizeOptions options_;
  std::vector<ir::Subgraph> branches_;  // subgraphs 1.. (IF branches) of the result
  std::vector<int> weights_of_;  // quantized ops with constant weights
  std::vector<bool> kept_;       // ops left in float (--keep-float)
  std::vector<int> float_constants_;  // constants of kept ops, left as they are
  std::vector<int> parent_;      // union-find over tensors sharing parameters
  std::vector<std::optional<AffineParams>> fixed_, params_;
  ir::Subgraph out_;
  std::vector<std::vector<uint8_t>> blobs_;  // constant bytes per output tensor
};

}  // namespace

int int8_op_version(OpType type, bool per_channel_fc) {
  switch (type) {
    case OpType::kConv2D: case OpType::kDepthwiseConv2D: return 3;
    case OpType::kFullyConnected: return per_channel_fc ? 12 : 4;
    case OpType::kReshape: case OpType::kSqueeze: case OpType::kExpandDims:
    case OpType::kQuantize: case OpType::kHardSwish:
      return 1;
    case OpType::kRsqrt: case OpType::kGreater: case OpType::kGreaterEqual: case OpType::kLess:
    case OpType::kLessEqual: case OpType::kEqual: case OpType::kNotEqual:
    case OpType::kAdd: case OpType::kSub: case OpType::kMul: case OpType::kAveragePool2D:
    case OpType::kMaxPool2D: case OpType::kConcatenation: case OpType::kPad:
    case OpType::kMaximum: case OpType::kMinimum: case OpType::kMean: case OpType::kSoftmax:
    case OpType::kLogistic: case OpType::kTanh: case OpType::kRelu: case OpType::kRelu6:
    case OpType::kLeakyRelu: case OpType::kDequantize: case OpType::kStridedSlice:
    case OpType::kTranspose:
      return 2;
    default: return 0;  // not quantizable
  }
}

ir::Model quantize_model(const ir::Model& float_model, const std::vector<Range>& ranges,
                         const QuantizeOptions& options) {
  return Quantizer(float_model, ranges, options).run();
}

}  // namespace mote::quantize
