// Layer 3 of validation (see validate.h), on the IR: the graph is in execution
// order, and each op Mote models has the inputs, outputs, dtypes, quantization
// and options TFLite defines for it. Ops of other types pass through here
// untouched: the lowering reports them as unsupported.
#include <fmt/format.h>

#include <cmath>
#include <initializer_list>
#include <vector>

#include "compiler/tflite/builtin_names.h"
#include "compiler/tflite/diag.h"
#include "compiler/tflite/validate.h"

namespace mote::tflite {
namespace {

using ir::DType;
using ir::OpType;

bool is_quantized_type(DType t) {
  return t == DType::kInt8 || t == DType::kUInt8 || t == DType::kInt16;
}
bool is_index_type(DType t) { return t == DType::kInt32 || t == DType::kInt64; }

std::string op_name(const ir::Op& op) {
  if (op.type == OpType::kUnsupported && !op.custom_code.empty()) {
    return fmt::format("CUSTOM({})", quoted(op.custom_code));
  }
  return builtin_operator_name(op.builtin_code);
}

// Input/output counts TFLite defines; max -1 = any number.
struct Arity {
  int min_in, max_in, min_out, max_out;
};

Arity arity(OpType type) {
  switch (type) {
    case OpType::kConv2D:
    case OpType::kDepthwiseConv2D:
    case OpType::kFullyConnected: return {2, 3, 1, 1};
    case OpType::kConcatenation: return {1, -1, 1, 1};
    case OpType::kReshape: return {1, 2, 1, 1};
    case OpType::kAdd: case OpType::kSub: case OpType::kMul:
    case OpType::kMaximum: case OpType::kMinimum: case OpType::kPad:
    case OpType::kTranspose: case OpType::kMean: case OpType::kReduceMax:
    case OpType::kExpandDims: case OpType::kBatchMatMul: return {2, 2, 1, 1};
    case OpType::kStridedSlice: return {4, 4, 1, 1};
    case OpType::kGreater: case OpType::kGreaterEqual: case OpType::kLess:
    case OpType::kLessEqual: case OpType::kEqual: case OpType::kNotEqual: return {2, 2, 1, 1};
    case OpType::kIf: return {1, -1, 0, -1};
    case OpType::kWhile: return {0, -1, 0, -1};
    default: return {1, 1, 1, 1};  // unary ops, pools, softmax, (de)quantize, squeeze
  }
}

class OpChecker {
 public:
  OpChecker(const ir::Model& model, int s, int o)
      : model_(model), sg_(model.subgraphs[s]), op_(sg_.ops[o]), s_(s),
        where_(op_where(s, o, op_name(op_))) {}

  void run() {
    if (op_.type == OpType::kUnsupported) return;
    check_arity();
    check_quantization_present();
    switch (op_.type) {
      case OpType::kConv2D: check_conv(false); break;
      case OpType::kDepthwiseConv2D: check_conv(true); break;
      case OpType::kFullyConnected: check_fully_connected(); break;
      case OpType::kAveragePool2D: case OpType::kMaxPool2D: check_pool(); break;
      case OpType::kAdd: case OpType::kSub: case OpType::kMul:
      case OpType::kMaximum: case OpType::kMinimum: check_binary(); break;
      case OpType::kConcatenation: check_concatenation(); break;
      case OpType::kSoftmax: check_softmax(); break;
      case OpType::kQuantize: check_quantize(); break;
      case OpType::kDequantize: check_dequantize(); break;
      case OpType::kReshape: case OpType::kSqueeze: case OpType::kExpandDims:
        check_same_dtype(0);
        check_same_elements();
        if (inputs() == 2) check_index_input(1);
        break;
      case OpType::kTranspose:
        check_same_dtype(0);
        check_same_elements();
        check_index_input(1);
        break;
      case OpType::kPad: case OpType::kMean: case OpType::kReduceMax:
        check_same_dtype(0);
        check_index_input(1);
        break;
      case OpType::kStridedSlice:
        check_same_dtype(0);
        for (int i = 1; i < 4; ++i) check_index_input(i);
        break;
      case OpType::kBatchMatMul: check_batch_matmul(); break;
      case OpType::kGreater: case OpType::kGreaterEqual: case OpType::kLess:
      case OpType::kLessEqual: case OpType::kEqual: case OpType::kNotEqual:
        check_comparison();
        break;
      case OpType::kIf: check_if(); break;
      case OpType::kWhile: check_while(); break;
      default:  // elementwise unary ops
        check_same_dtype(0);
        check_same_elements();
        break;
    }
  }

 private:
  [[noreturn]] void error(const std::string& what, ErrorCode code = ErrorCode::kInvalid) const {
    fail(code, model_.path, where_, what);
  }
  int inputs() const { return static_cast<int>(op_.inputs.size()); }
  int outputs() const { return static_cast<int>(op_.outputs.size()); }
  bool has_input(int i) const { return i < inputs() && op_.inputs[i] != ir::kNoTensor; }
  const ir::Tensor& in(int i) const { return sg_.tensors[op_.inputs[i]]; }
  const ir::Tensor& out(int i) const { return sg_.tensors[op_.outputs[i]]; }
  std::string in_name(int i) const {
    return fmt::format("input {} (tensor {} {})", i, op_.inputs[i], quoted(in(i).name));
  }
  std::string out_name(int i) const {
    return fmt::format("output {} (tensor {} {})", i, op_.outputs[i], quoted(out(i).name));
  }
  static std::string dt(const ir::Tensor& t) { return ir::dtype_name(t.dtype); }
  static std::string sh(const ir::Tensor& t) { return shape_string(t.shape); }
  static int rank(const ir::Tensor& t) { return static_cast<int>(t.shape.size()); }

  void check_arity() const {
    const Arity a = arity(op_.type);
    if (inputs() < a.min_in || (a.max_in >= 0 && inputs() > a.max_in)) {
      error(fmt::format("has {} inputs, expected {}", inputs(), range(a.min_in, a.max_in)));
    }
    if (outputs() < a.min_out || (a.max_out >= 0 && outputs() > a.max_out)) {
      error(fmt::format("has {} outputs, expected {}", outputs(), range(a.min_out, a.max_out)));
    }
    // Only the bias of conv/fully-connected ops may be left out.
    const bool has_bias = op_.type == OpType::kConv2D || op_.type == OpType::kDepthwiseConv2D ||
                          op_.type == OpType::kFullyConnected;
    for (int i = 0; i < inputs(); ++i) {
      if (op_.inputs[i] == ir::kNoTensor && !(has_bias && i == 2)) {
        error(fmt::format("input {} is missing (-1) but is required", i));
      }
    }
  }
  static std::string range(int lo, int hi) {
    if (hi < 0) return fmt::format("at least {}", lo);
    return lo == hi ? std::to_string(lo) : fmt::format("{} to {}", lo, hi);
  }

  // Integer kernels need scales and zero points on every quantized tensor.
  void check_quantization_present() const {
    for (int i = 0; i < inputs(); ++i) {
      if (has_input(i) && is_quantized_type(in(i).dtype) && !in(i).quant) {
        error(fmt::format("{} is {} with missing quantization", in_name(i), dt(in(i))));
      }
    }
    for (int i = 0; i < outputs(); ++i) {
      if (is_quantized_type(out(i).dtype) && !out(i).quant) {
        error(fmt::format("{} is {} with missing quantization", out_name(i), dt(out(i))));
      }
    }
  }

  void check_rank(const ir::Tensor& t, const std::string& name, int expected) const {
    if (rank(t) != expected) {
      error(fmt::format("{} has shape {}, expected rank {}", name, sh(t), expected));
    }
  }
  void check_same_dtype(int input) const {
    if (in(input).dtype != out(0).dtype) {
      error(fmt::format("{} is {} but {} is {}", in_name(input), dt(in(input)), out_name(0),
                        dt(out(0))));
    }
  }
  void check_same_elements() const {
    if (in(0).num_elements() != out(0).num_elements()) {
      error(fmt::format("{} shape {} and {} shape {} differ in element count", in_name(0),
                        sh(in(0)), out_name(0), sh(out(0))));
    }
  }
  void check_index_input(int i) const {
    if (!is_index_type(in(i).dtype)) {
      error(fmt::format("{} is {}, expected int32 or int64", in_name(i), dt(in(i))));
    }
  }
  void check_dtype_in(const ir::Tensor& t, const std::string& name,
                      std::initializer_list<DType> allowed) const {
    for (DType d : allowed) {
      if (t.dtype == d) return;
    }
    std::vector<std::string> names;
    for (DType d : allowed) names.push_back(ir::dtype_name(d));
    error(fmt::format("{} is {}, expected {}", name, dt(t), fmt::join(names, " or ")));
  }
  void check_positive(int value, const char* what) const {
    if (value < 1) error(fmt::format("{} is {}, must be at least 1", what, value));
  }

  // Weight, bias and output dtypes follow the input dtype: float (optionally
  // with int8 weights: dynamic-range "hybrid"), int8, int16 or legacy uint8.
  void check_weight_dtypes() const {
    const ir::Tensor& x = in(0);
    const ir::Tensor& w = in(1);
    const std::string wn = in_name(1);
    switch (x.dtype) {
      case DType::kFloat32:
        check_dtype_in(w, wn, {DType::kFloat32, DType::kInt8});
        if (has_input(2)) check_dtype_in(in(2), in_name(2), {DType::kFloat32});
        break;
      case DType::kInt8:
        check_dtype_in(w, wn, {DType::kInt8});
        if (has_input(2)) check_dtype_in(in(2), in_name(2), {DType::kInt32});
        break;
      case DType::kInt16:
        check_dtype_in(w, wn, {DType::kInt8});
        if (has_input(2)) check_dtype_in(in(2), in_name(2), {DType::kInt32, DType::kInt64});
        break;
      case DType::kUInt8:
        check_dtype_in(w, wn, {DType::kUInt8});
        if (has_input(2)) check_dtype_in(in(2), in_name(2), {DType::kInt32});
        break;
      default:
        error(fmt::format("{} is {}, expected float32, int8, int16 or uint8", in_name(0), dt(x)));
    }
    check_same_dtype(0);
    // Hybrid float ops dequantize int8 weights on the fly.
    if (x.dtype == DType::kFloat32 && w.dtype == DType::kInt8 && !w.quant) {
      error(fmt::format("{} is int8 with missing quantization", wn));
    }
  }

  // Per-channel weight scales must run along the output channels.
  void check_per_channel_axis(int expected_axis) const {
    const ir::Tensor& w = in(1);
    if (w.quant && w.quant->per_channel() && w.quant->axis != expected_axis) {
      error(fmt::format("{} is quantized per channel along dimension {}, expected {}", in_name(1),
                        w.quant->axis, expected_axis));
    }
  }

  void check_bias(int64_t channels) const {
    if (!has_input(2)) return;
    if (in(2).num_elements() != channels) {
      error(fmt::format("{} has shape {}, expected {} elements (one per output channel)",
                        in_name(2), sh(in(2)), channels));
    }
  }

  void check_conv(bool depthwise) const {
    check_rank(in(0), in_name(0), 4);
    check_rank(in(1), in_name(1), 4);
    check_rank(out(0), out_name(0), 4);
    check_weight_dtypes();
    const int in_c = in(0).shape[3], out_c = out(0).shape[3];
    if (depthwise) {
      const auto& o = op_.opts<ir::DepthwiseConv2DOptions>();
      check_positive(o.stride_w, "stride_w");
      check_positive(o.stride_h, "stride_h");
      check_positive(o.dilation_w, "dilation_w");
      check_positive(o.dilation_h, "dilation_h");
      if (in(1).shape[0] != 1 || in(1).shape[3] != out_c) {
        error(fmt::format("{} has shape {}, expected [1,H,W,{}]", in_name(1), sh(in(1)), out_c));
      }
      if (out_c % in_c != 0) {
        error(fmt::format("output channels {} are not a multiple of input channels {}", out_c,
                          in_c));
      }
      check_per_channel_axis(3);
    } else {
      const auto& o = op_.opts<ir::Conv2DOptions>();
      check_positive(o.stride_w, "stride_w");
      check_positive(o.stride_h, "stride_h");
      check_positive(o.dilation_w, "dilation_w");
      check_positive(o.dilation_h, "dilation_h");
      if (in(1).shape[0] != out_c) {
        error(fmt::format("{} has {} filters but {} has {} channels", in_name(1), in(1).shape[0],
                          out_name(0), out_c));
      }
      // Grouped convolution: input channels are a multiple of filter depth.
      if (in_c % in(1).shape[3] != 0) {
        error(fmt::format("{} depth {} does not divide input channels {}", in_name(1),
                          in(1).shape[3], in_c));
      }
      check_per_channel_axis(0);
    }
    if (in(0).shape[0] != out(0).shape[0]) {
      error(fmt::format("{} batch {} differs from {} batch {}", in_name(0), in(0).shape[0],
                        out_name(0), out(0).shape[0]));
    }
    check_bias(out_c);
  }

  void check_fully_connected() const {
    check_rank(in(1), in_name(1), 2);
    check_weight_dtypes();
    const int units = in(1).shape[0], depth = in(1).shape[1];
    if (in(0).num_elements() % depth != 0) {
      error(fmt::format("{} shape {} does not split into rows of {} (weights {})", in_name(0),
                        sh(in(0)), depth, sh(in(1))));
    }
    if (rank(out(0)) == 0 || out(0).shape.back() != units) {
      error(fmt::format("{} has shape {}, expected last dimension {}", out_name(0), sh(out(0)),
                        units));
    }
    check_per_channel_axis(0);
    check_bias(units);
  }

  void check_pool() const {
    check_rank(in(0), in_name(0), 4);
    check_rank(out(0), out_name(0), 4);
    check_same_dtype(0);
    const auto& o = op_.opts<ir::Pool2DOptions>();
    check_positive(o.stride_w, "stride_w");
    check_positive(o.stride_h, "stride_h");
    check_positive(o.filter_w, "filter_width");
    check_positive(o.filter_h, "filter_height");
    if (in(0).shape[3] != out(0).shape[3] || in(0).shape[0] != out(0).shape[0]) {
      error(fmt::format("{} shape {} and {} shape {} differ in batch or channels", in_name(0),
                        sh(in(0)), out_name(0), sh(out(0))));
    }
  }

  // Elementwise with broadcasting: each input dimension (aligned from the
  // right) equals the output's or is 1.
  // Comparisons: both inputs of one type, a bool output.
  void check_comparison() const {
    if (in(0).dtype != in(1).dtype) {
      error(fmt::format("{} is {} but {} is {}", in_name(0), dt(in(0)), in_name(1), dt(in(1))));
    }
    if (out(0).dtype != DType::kBool) {
      error(fmt::format("{} is {}, expected bool", out_name(0), dt(out(0))));
    }
  }
  void check_binary() const {
    check_same_dtype(0);
    check_same_dtype(1);
    for (int i = 0; i < 2; ++i) {
      const ir::Tensor& x = in(i);
      const int offset = rank(out(0)) - rank(x);
      bool ok = offset >= 0;
      for (int d = 0; ok && d < rank(x); ++d) {
        ok = x.shape[d] == 1 || x.shape[d] == out(0).shape[d + offset];
      }
      if (!ok) {
        error(fmt::format("{} shape {} does not broadcast to {} shape {}", in_name(i), sh(x),
                          out_name(0), sh(out(0))));
      }
    }
  }

  void check_concatenation() const {
    const int r = rank(out(0));
    int axis = op_.opts<ir::ConcatenationOptions>().axis;
    if (axis < -r || axis >= r) error(fmt::format("axis {} out of range for rank {}", axis, r));
    if (axis < 0) axis += r;
    int64_t total = 0;
    for (int i = 0; i < inputs(); ++i) {
      check_same_dtype(i);
      bool ok = rank(in(i)) == r;
      for (int d = 0; ok && d < r; ++d) ok = d == axis || in(i).shape[d] == out(0).shape[d];
      if (!ok) {
        error(fmt::format("{} shape {} does not match {} shape {} outside axis {}", in_name(i),
                          sh(in(i)), out_name(0), sh(out(0)), axis));
      }
      total += in(i).shape[axis];
    }
    if (total != out(0).shape[axis]) {
      error(fmt::format("inputs add up to {} along axis {}, {} has {}", total, axis, out_name(0),
                        out(0).shape[axis]));
    }
  }

  void check_softmax() const {
    if (!std::isfinite(op_.opts<ir::SoftmaxOptions>().beta)) error("beta is not finite");
    check_same_elements();
    // int8 softmax may write int16 (TFLite allows both).
    if (!(in(0).dtype == DType::kInt8 && out(0).dtype == DType::kInt16)) check_same_dtype(0);
  }

  void check_quantize() const {
    check_dtype_in(in(0), in_name(0), {DType::kFloat32, DType::kInt8, DType::kUInt8, DType::kInt16});
    check_dtype_in(out(0), out_name(0), {DType::kInt8, DType::kUInt8, DType::kInt16});
    check_same_elements();
  }

  void check_dequantize() const {
    check_dtype_in(in(0), in_name(0), {DType::kInt8, DType::kUInt8, DType::kInt16});
    check_dtype_in(out(0), out_name(0), {DType::kFloat32});
    check_same_elements();
  }

  void check_batch_matmul() const {
    if (rank(in(0)) < 2 || rank(in(1)) < 2) {
      error(fmt::format("{} shape {} and {} shape {} need rank 2 or more", in_name(0), sh(in(0)),
                        in_name(1), sh(in(1))));
    }
    check_same_dtype(0);
    // Hybrid: float activations times int8 weights.
    if (!(in(0).dtype == DType::kFloat32 && in(1).dtype == DType::kInt8)) check_same_dtype(1);
  }

  // A called subgraph must exist and must not be the caller: recursion would
  // never end on a device with a fixed memory plan.
  const ir::Subgraph& callee(int index, const char* what) const {
    const int n = static_cast<int>(model_.subgraphs.size());
    if (index < 0 || index >= n) {
      error(fmt::format("{} {} out of range (model has {} subgraphs)", what, index, n));
    }
    if (index == s_) error(fmt::format("{} {} is the subgraph that contains the op", what, index));
    return model_.subgraphs[index];
  }
  void check_signature(const ir::Subgraph& g, int index, const char* what, size_t num_in,
                       size_t num_out) const {
    if (g.inputs.size() != num_in || g.outputs.size() != num_out) {
      error(fmt::format("{} {} has {} inputs and {} outputs, the op needs {} and {}", what, index,
                        g.inputs.size(), g.outputs.size(), num_in, num_out));
    }
  }

  void check_if() const {
    const auto& o = op_.opts<ir::IfOptions>();
    // Input 0 is the condition; the rest feed the chosen branch.
    const size_t n_in = op_.inputs.size() - 1, n_out = op_.outputs.size();
    check_signature(callee(o.then_subgraph, "then_subgraph"), o.then_subgraph, "then_subgraph",
                    n_in, n_out);
    check_signature(callee(o.else_subgraph, "else_subgraph"), o.else_subgraph, "else_subgraph",
                    n_in, n_out);
  }

  void check_while() const {
    const auto& o = op_.opts<ir::WhileOptions>();
    const size_t n = op_.inputs.size();
    if (op_.outputs.size() != n) {
      error(fmt::format("has {} inputs but {} outputs; WHILE needs as many of each", n,
                        op_.outputs.size()));
    }
    check_signature(callee(o.cond_subgraph, "cond_subgraph"), o.cond_subgraph, "cond_subgraph", n,
                    1);
    check_signature(callee(o.body_subgraph, "body_subgraph"), o.body_subgraph, "body_subgraph", n,
                    n);
  }

  const ir::Model& model_;
  const ir::Subgraph& sg_;
  const ir::Op& op_;
  int s_;
  std::string where_;
};

// Ops come in execution order: every tensor an op reads already holds a
// value (constant, variable, graph input, or an earlier op's output), and
// every tensor is written once.
void check_graph_order(const ir::Model& model, int s) {
  const ir::Subgraph& sg = model.subgraphs[s];
  const std::string sg_where = fmt::format("subgraph {}", s);
  if (sg.outputs.empty()) fail(ErrorCode::kInvalid, model.path, sg_where, "has no outputs");
  if (s == 0 && sg.inputs.empty()) fail(ErrorCode::kInvalid, model.path, sg_where, "has no inputs");

  enum class State : uint8_t { kEmpty, kInput, kWritten };
  std::vector<State> state(sg.tensors.size(), State::kEmpty);
  std::vector<int> writer(sg.tensors.size(), -1);
  for (int t : sg.inputs) state[t] = State::kInput;
  for (size_t o = 0; o < sg.ops.size(); ++o) {
    const ir::Op& op = sg.ops[o];
    const std::string where = op_where(s, static_cast<int>(o), op_name(op));
    for (int t : op.inputs) {
      if (t == ir::kNoTensor) continue;
      const ir::Tensor& x = sg.tensors[t];
      // An empty tensor holds no bytes to read (its constant data is empty too).
      if (state[t] == State::kEmpty && !x.is_constant() && !x.is_variable &&
          x.num_elements() > 0) {
        fail(ErrorCode::kInvalid, model.path, where,
             fmt::format("reads tensor {} {} before any op writes it (ops must be in execution "
                         "order)",
                         t, quoted(x.name)));
      }
    }
    for (int t : op.outputs) {
      const ir::Tensor& x = sg.tensors[t];
      if (x.is_constant()) {
        fail(ErrorCode::kInvalid, model.path, where,
             fmt::format("writes constant tensor {} {}", t, quoted(x.name)));
      }
      if (state[t] == State::kInput) {
        fail(ErrorCode::kInvalid, model.path, where,
             fmt::format("writes subgraph input tensor {} {}", t, quoted(x.name)));
      }
      if (state[t] == State::kWritten) {
        fail(ErrorCode::kInvalid, model.path, where,
             fmt::format("writes tensor {} {}, already written by op {}", t, quoted(x.name),
                         writer[t]));
      }
      state[t] = State::kWritten;
      writer[t] = static_cast<int>(o);
    }
  }
  for (size_t i = 0; i < sg.outputs.size(); ++i) {
    const int t = sg.outputs[i];
    const ir::Tensor& x = sg.tensors[t];
    if (state[t] == State::kEmpty && !x.is_constant() && !x.is_variable) {
      fail(ErrorCode::kInvalid, model.path, sg_where,
           fmt::format("output {} (tensor {} {}) is never written", i, t, quoted(x.name)));
    }
  }
}

}  // namespace

void validate_ops(const ir::Model& model) {
  for (size_t s = 0; s < model.subgraphs.size(); ++s) {
    check_graph_order(model, static_cast<int>(s));
    for (size_t o = 0; o < model.subgraphs[s].ops.size(); ++o) {
      OpChecker(model, static_cast<int>(s), static_cast<int>(o)).run();
    }
  }
}

}  // namespace mote::tflite
