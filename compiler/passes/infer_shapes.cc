#include "compiler/passes/infer_shapes.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "compiler/ir/error.h"
#include "compiler/tflite/diag.h"
#include "compiler/tflite/validate.h"

namespace mote::passes {
namespace {

using Shape = std::vector<int32_t>;
using ir::OpType;
using tflite::shape_string;

// The output shape(s) of one op from its inputs' shapes.
class ShapeRule {
 public:
  ShapeRule(const ir::Model& model, const ir::Subgraph& graph, int op_index)
      : model_(model), graph_(graph), op_(graph.ops[op_index]), op_index_(op_index) {}

  Shape output_shape() const {
    switch (op_.type) {
      case OpType::kAdd: case OpType::kSub: case OpType::kMul:
      case OpType::kMaximum: case OpType::kMinimum: return broadcast(in(0), in(1));
      case OpType::kGreater: case OpType::kGreaterEqual: case OpType::kLess:
      case OpType::kLessEqual: case OpType::kEqual: case OpType::kNotEqual:
        return broadcast(in(0), in(1));
      case OpType::kConv2D: return conv(op_.opts<ir::Conv2DOptions>(), in(1)[0]);
      case OpType::kDepthwiseConv2D: return conv(op_.opts<ir::DepthwiseConv2DOptions>(), in(1)[3]);
      case OpType::kAveragePool2D: case OpType::kMaxPool2D: return pool();
      case OpType::kFullyConnected: return fully_connected();
      case OpType::kReshape: return reshape();
      case OpType::kSqueeze: return squeeze();
      case OpType::kExpandDims: return expand_dims();
      case OpType::kTranspose: return transpose();
      case OpType::kConcatenation: return concatenation();
      case OpType::kMean: case OpType::kReduceMax: return reduce();
      case OpType::kPad: return pad();
      case OpType::kBatchMatMul: return batch_matmul();
      case OpType::kSoftmax: case OpType::kLogistic: case OpType::kTanh: case OpType::kRelu:
      case OpType::kRelu6: case OpType::kLeakyRelu: case OpType::kHardSwish:
      case OpType::kQuantize: case OpType::kDequantize: case OpType::kLog:
      case OpType::kRsqrt: return in(0);
      default:
        fail(ErrorCode::kUnsupported, "has no shape rule, so the model's inputs cannot be resized");
    }
  }

 private:
  [[noreturn]] void fail(ErrorCode code, const std::string& what) const {
    throw Error(code, fmt::format("{}: op {} ({}): {}", model_.path, op_index_,
                                  ir::builtin_code_name(op_.builtin_code), what));
  }
  const ir::Tensor& tensor(int i) const {
    if (i >= static_cast<int>(op_.inputs.size()) || op_.inputs[i] < 0) {
      fail(ErrorCode::kInvalid, fmt::format("input {} is missing", i));
    }
    return graph_.tensors[op_.inputs[i]];
  }
  const Shape& in(int i) const { return tensor(i).shape; }
  int rank(int i) const { return static_cast<int>(in(i).size()); }
  void need_rank(int i, int r) const {
    if (rank(i) != r) {
      fail(ErrorCode::kInvalid, fmt::format("input {} has shape {}; rank {} expected", i,
                                            shape_string(in(i)), r));
    }
  }

  // The values of constant int32/int64 input `i` (perm, axes, paddings, ...).
  std::vector<int64_t> constant_ints(int i, const char* what) const {
    const ir::Tensor& t = tensor(i);
    const bool ints = t.dtype == ir::DType::kInt32 || t.dtype == ir::DType::kInt64;
    if (!ints || (!t.is_constant() && t.num_elements() > 0)) {
      fail(ErrorCode::kUnsupported,
           fmt::format("{} (input {}) must be a constant int32/int64 tensor to infer shapes", what, i));
    }
    std::vector<int64_t> values(t.num_elements());
    for (size_t k = 0; k < values.size(); ++k) {
      if (t.dtype == ir::DType::kInt32) {
        int32_t v;
        std::copy_n(t.data.data() + 4 * k, 4, reinterpret_cast<uint8_t*>(&v));
        values[k] = v;
      } else {
        std::copy_n(t.data.data() + 8 * k, 8, reinterpret_cast<uint8_t*>(&values[k]));
      }
    }
    return values;
  }

  // A dimension index in [-rank, rank) made non-negative.
  int axis_in(int64_t axis, int r, const char* what) const {
    if (axis < -r || axis >= r) {
      fail(ErrorCode::kInvalid, fmt::format("{} {} is out of range for rank {}", what, axis, r));
    }
    return static_cast<int>(axis < 0 ? axis + r : axis);
  }

  Shape broadcast(const Shape& a, const Shape& b) const {
    Shape out(std::max(a.size(), b.size()));
    for (size_t k = 0; k < out.size(); ++k) {
      const int32_t da = k < out.size() - a.size() ? 1 : a[k - (out.size() - a.size())];
      const int32_t db = k < out.size() - b.size() ? 1 : b[k - (out.size() - b.size())];
      if (da != db && da != 1 && db != 1) {
        fail(ErrorCode::kInvalid,
             fmt::format("shapes {} and {} do not broadcast", shape_string(a), shape_string(b)));
      }
      out[k] = da == 1 ? db : da;
    }
    return out;
  }

  // One spatial output size, as TFLite computes it for SAME and VALID.
  int32_t window_output(int32_t size, int32_t filter, int32_t stride, int32_t dilation,
                        ir::Padding padding, const char* axis) const {
    const int64_t effective = int64_t{filter - 1} * dilation + 1;
    if (stride <= 0 || filter <= 0 || dilation <= 0) {
      fail(ErrorCode::kInvalid, "filter, stride and dilation must be positive");
    }
    if (padding == ir::Padding::kSame) return static_cast<int32_t>((int64_t{size} + stride - 1) / stride);
    if (size < effective) {
      fail(ErrorCode::kInvalid, fmt::format("the {} window of {} does not fit the input {} of {} "
                                            "with VALID padding",
                                            axis, effective, axis, size));
    }
    return static_cast<int32_t>((size - effective + stride) / stride);
  }

  template <class Options>
  Shape conv(const Options& o, int32_t output_channels) const {
    need_rank(0, 4);
    need_rank(1, 4);
    const Shape& x = in(0);
    const Shape& f = in(1);
    return {x[0], window_output(x[1], f[1], o.stride_h, o.dilation_h, o.padding, "height"),
            window_output(x[2], f[2], o.stride_w, o.dilation_w, o.padding, "width"),
            output_channels};
  }

  Shape pool() const {
    need_rank(0, 4);
    const auto& o = op_.opts<ir::Pool2DOptions>();
    const Shape& x = in(0);
    return {x[0], window_output(x[1], o.filter_h, o.stride_h, 1, o.padding, "height"),
            window_output(x[2], o.filter_w, o.stride_w, 1, o.padding, "width"), x[3]};
  }

  Shape fully_connected() const {
    need_rank(1, 2);
    const Shape& x = in(0);
    const int32_t units = in(1)[0], depth = in(1)[1];
    if (x.empty() || depth <= 0) fail(ErrorCode::kInvalid, "input and weights must not be empty");
    if (op_.opts<ir::FullyConnectedOptions>().keep_num_dims) {
      if (x.back() != depth) {
        fail(ErrorCode::kInvalid, fmt::format("input {} does not end in the weights' depth {}",
                                              shape_string(x), depth));
      }
      Shape out = x;
      out.back() = units;
      return out;
    }
    const int64_t elements = tensor(0).num_elements();
    if (elements % depth != 0) {
      fail(ErrorCode::kInvalid, fmt::format("input {} is not a whole number of rows of {}",
                                            shape_string(x), depth));
    }
    return {static_cast<int32_t>(elements / depth), units};
  }

  // RESHAPE's target from its shape input (or options), one -1 resolved.
  Shape reshape() const {
    std::vector<int64_t> target;
    if (op_.inputs.size() > 1 && op_.inputs[1] >= 0) {
      target = constant_ints(1, "shape");
    } else {
      const auto& o = op_.opts<ir::ReshapeOptions>();
      target.assign(o.new_shape.begin(), o.new_shape.end());
    }
    const int64_t elements = tensor(0).num_elements();
    int64_t known = 1;
    int unknown = -1;
    for (size_t k = 0; k < target.size(); ++k) {
      if (target[k] == -1 && unknown < 0) {
        unknown = static_cast<int>(k);
      } else if (target[k] < 0) {
        fail(ErrorCode::kInvalid, fmt::format("new shape has dimension {} = {}", k, target[k]));
      } else {
        known *= target[k];
        if (known > elements && elements > 0) break;
      }
    }
    if (unknown >= 0) target[unknown] = known == 0 ? 0 : elements / known;
    Shape out(target.begin(), target.end());
    int64_t total = 1;
    for (int64_t d : target) total *= d;
    if (total != elements) {
      fail(ErrorCode::kInvalid, fmt::format("cannot reshape {} ({} elements) to {}",
                                            shape_string(in(0)), elements, shape_string(out)));
    }
    return out;
  }

  Shape squeeze() const {
    const Shape& x = in(0);
    const auto& dims = op_.opts<ir::SqueezeOptions>().squeeze_dims;
    std::vector<bool> drop(x.size(), false);
    for (int32_t d : dims) drop[axis_in(d, rank(0), "squeeze dimension")] = true;
    Shape out;
    for (size_t k = 0; k < x.size(); ++k) {
      const bool squeezed = dims.empty() ? x[k] == 1 : drop[k];
      if (squeezed && x[k] != 1) {
        fail(ErrorCode::kInvalid, fmt::format("cannot squeeze dimension {} of {}", k, shape_string(x)));
      }
      if (!squeezed) out.push_back(x[k]);
    }
    return out;
  }

  Shape expand_dims() const {
    const std::vector<int64_t> axis = constant_ints(1, "axis");
    if (axis.size() != 1) fail(ErrorCode::kInvalid, "axis must hold one value");
    Shape out = in(0);
    const int at = axis_in(axis[0], rank(0) + 1, "axis");
    out.insert(out.begin() + at, 1);
    return out;
  }

  Shape transpose() const {
    const std::vector<int64_t> perm = constant_ints(1, "perm");
    if (static_cast<int>(perm.size()) != rank(0)) {
      fail(ErrorCode::kInvalid, fmt::format("perm has {} entries for rank {}", perm.size(), rank(0)));
    }
    Shape out(perm.size());
    std::vector<bool> seen(perm.size(), false);
    for (size_t k = 0; k < perm.size(); ++k) {
      const int from = axis_in(perm[k], rank(0), "perm entry");
      if (seen[from]) fail(ErrorCode::kInvalid, "perm repeats a dimension");
      seen[from] = true;
      out[k] = in(0)[from];
    }
    return out;
  }

  Shape concatenation() const {
    Shape out = in(0);
    const int axis = axis_in(op_.opts<ir::ConcatenationOptions>().axis, rank(0), "axis");
    int64_t sum = 0;
    for (size_t i = 0; i < op_.inputs.size(); ++i) {
      const Shape& x = in(static_cast<int>(i));
      bool same = x.size() == out.size();
      for (size_t k = 0; same && k < x.size(); ++k) same = static_cast<int>(k) == axis || x[k] == out[k];
      if (!same) {
        fail(ErrorCode::kInvalid, fmt::format("input {} has shape {}, which does not match {} "
                                              "outside axis {}",
                                              i, shape_string(x), shape_string(out), axis));
      }
      sum += x[axis];
    }
    out[axis] = static_cast<int32_t>(std::min<int64_t>(sum, INT32_MAX));
    return out;
  }

  Shape reduce() const {
    const std::vector<int64_t> axes = constant_ints(1, "axes");
    std::vector<bool> reduced(in(0).size(), false);
    for (int64_t a : axes) reduced[axis_in(a, rank(0), "axis")] = true;
    const bool keep = op_.opts<ir::ReducerOptions>().keep_dims;
    Shape out;
    for (size_t k = 0; k < reduced.size(); ++k) {
      if (!reduced[k]) out.push_back(in(0)[k]);
      else if (keep) out.push_back(1);
    }
    return out;
  }

  Shape pad() const {
    const std::vector<int64_t> paddings = constant_ints(1, "paddings");
    if (static_cast<int>(paddings.size()) != 2 * rank(0)) {
      fail(ErrorCode::kInvalid, fmt::format("paddings has {} values for rank {}", paddings.size(), rank(0)));
    }
    Shape out = in(0);
    for (size_t k = 0; k < out.size(); ++k) {
      const int64_t before = paddings[2 * k], after = paddings[2 * k + 1];
      if (before < 0 || after < 0 || out[k] + before + after > INT32_MAX) {
        fail(ErrorCode::kInvalid, fmt::format("padding {}/{} of dimension {} is invalid", before, after, k));
      }
      out[k] = static_cast<int32_t>(out[k] + before + after);
    }
    return out;
  }

  Shape batch_matmul() const {
    const auto& o = op_.opts<ir::BatchMatMulOptions>();
    const Shape& x = in(0);
    const Shape& y = in(1);
    if (x.size() < 2 || y.size() < 2) fail(ErrorCode::kInvalid, "both inputs need rank >= 2");
    const int32_t rows = o.adj_x ? x[x.size() - 1] : x[x.size() - 2];
    const int32_t depth_x = o.adj_x ? x[x.size() - 2] : x[x.size() - 1];
    const int32_t depth_y = o.adj_y ? y[y.size() - 1] : y[y.size() - 2];
    const int32_t cols = o.adj_y ? y[y.size() - 2] : y[y.size() - 1];
    if (depth_x != depth_y) {
      fail(ErrorCode::kInvalid, fmt::format("inner dimensions of {} and {} differ ({} vs {})",
                                            shape_string(x), shape_string(y), depth_x, depth_y));
    }
    Shape out = broadcast(Shape(x.begin(), x.end() - 2), Shape(y.begin(), y.end() - 2));
    out.push_back(rows);
    out.push_back(cols);
    return out;
  }

  const ir::Model& model_;
  const ir::Subgraph& graph_;
  const ir::Op& op_;
  int op_index_;
};

void check_size(const ir::Model& model, const std::string& where, const ir::Tensor& t) {
  int64_t bytes = ir::dtype_size(t.dtype);
  for (int32_t d : t.shape) {
    if (d < 0) throw Error(ErrorCode::kInvalid, fmt::format("{}: {}: negative dimension in {}", model.path, where, shape_string(t.shape)));
    bytes *= d;
    if (bytes > tflite::kMaxTensorBytes) {
      throw Error(ErrorCode::kLimit,
                  fmt::format("{}: {}: shape {} needs more than the {} byte limit per tensor",
                              model.path, where, shape_string(t.shape), tflite::kMaxTensorBytes));
    }
  }
}

}  // namespace

void infer_shapes(ir::Model& model) {
  ir::Subgraph& graph = model.subgraphs.at(0);
  for (int o = 0; o < static_cast<int>(graph.ops.size()); ++o) {
    const ir::Op& op = graph.ops[o];
    if (op.outputs.size() != 1) {
      throw Error(ErrorCode::kUnsupported,
                  fmt::format("{}: op {} ({}): shapes can only be inferred through ops with one "
                              "output",
                              model.path, o, ir::builtin_code_name(op.builtin_code)));
    }
    Shape shape = ShapeRule(model, graph, o).output_shape();
    ir::Tensor& out = graph.tensors[op.outputs[0]];
    out.shape = std::move(shape);
    check_size(model, tflite::tensor_where(0, op.outputs[0], out.name), out);
  }
}

void resize_inputs(ir::Model& model, const std::vector<std::vector<int32_t>>& input_shapes) {
  ir::Subgraph& graph = model.subgraphs.at(0);
  if (input_shapes.size() != graph.inputs.size()) {
    throw Error(ErrorCode::kUsage, fmt::format("{}: model has {} input(s), {} shape(s) given",
                                               model.path, graph.inputs.size(), input_shapes.size()));
  }
  for (size_t i = 0; i < input_shapes.size(); ++i) {
    ir::Tensor& t = graph.tensors[graph.inputs[i]];
    const std::string where =
        fmt::format("input {} (tensor {} {})", i, graph.inputs[i], tflite::quoted(t.name));
    const Shape& shape = input_shapes[i];
    const Shape& fixed = t.shape_signature.empty() ? Shape() : t.shape_signature;
    if (shape.size() != t.shape.size()) {
      throw Error(ErrorCode::kUsage, fmt::format("{}: {}: shape {} has rank {}; the model's is {}",
                                                 model.path, where, shape_string(shape),
                                                 shape.size(), shape_string(t.shape)));
    }
    for (size_t d = 0; d < shape.size(); ++d) {
      if (shape[d] <= 0) {
        throw Error(ErrorCode::kUsage, fmt::format("{}: {}: dimension {} of {} must be positive",
                                                   model.path, where, d, shape_string(shape)));
      }
      if (!fixed.empty() && fixed[d] != -1 && fixed[d] != shape[d]) {
        throw Error(ErrorCode::kUsage,
                    fmt::format("{}: {}: dimension {} is fixed at {} (shape_signature {})",
                                model.path, where, d, fixed[d], shape_string(fixed)));
      }
    }
    t.shape = shape;
    check_size(model, where, t);
  }
  infer_shapes(model);
}

}  // namespace mote::passes
