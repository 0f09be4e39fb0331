#include "compiler/plan/lower.h"

#include <fmt/format.h>

#include "compiler/plan/lower_ops.h"

namespace mote::plan {

const ir::Tensor& LowerContext::input(int i) const {
  if (!has_input(i)) fail(ErrorCode::kInvalid, fmt::format("input {} is missing", i));
  return graph.tensors[op.inputs[i]];
}

const ir::Tensor& LowerContext::output(int i) const {
  if (i >= static_cast<int>(op.outputs.size()) || op.outputs[i] < 0) {
    fail(ErrorCode::kInvalid, fmt::format("output {} is missing", i));
  }
  return graph.tensors[op.outputs[i]];
}

void LowerContext::fail(ErrorCode code, const std::string& what) const {
  throw Error(code, fmt::format("{}: op {} ({}): {}", model.path, op_index,
                                ir::builtin_code_name(op.builtin_code), what));
}

Step LowerContext::make_step(mote_kernel_id kernel, const void* params,
                             std::vector<Operand> operands) const {
  Step step;
  step.kernel = kernel;
  step.params = params;
  step.operands = std::move(operands);
  step.outputs = op.outputs;
  step.op_index = op_index;
  return step;
}

LowerFn lowering_for(ir::OpType type) {
  using ir::OpType;
  switch (type) {
    // Data movement (lower_reshape.cc).
    case OpType::kReshape:
    case OpType::kSqueeze:
    case OpType::kExpandDims: return &lower_reshape;
    // --- conv family ---
    case OpType::kConv2D: return &lower_conv2d;
    case OpType::kDepthwiseConv2D: return &lower_depthwise_conv2d;
    case OpType::kFullyConnected: return &lower_fully_connected;
    // --- elementwise family ---
    case OpType::kAdd: return &lower_add;
    case OpType::kSub: return &lower_sub;
    case OpType::kMul: return &lower_mul;
    case OpType::kMaximum:
    case OpType::kMinimum: return &lower_maximum_minimum;
    case OpType::kAveragePool2D:
    case OpType::kMaxPool2D: return &lower_pool2d;
    case OpType::kMean: return &lower_mean;
    case OpType::kReduceMax: return &lower_reduce_max;
    case OpType::kGreater:
    case OpType::kGreaterEqual:
    case OpType::kLess:
    case OpType::kLessEqual:
    case OpType::kEqual:
    case OpType::kNotEqual: return &lower_comparison;
    // --- activation family ---
    case OpType::kSoftmax: return &lower_softmax;
    case OpType::kLogistic: return &lower_logistic;
    case OpType::kTanh: return &lower_tanh;
    case OpType::kRelu:
    case OpType::kRelu6: return &lower_relu;
    case OpType::kLeakyRelu: return &lower_leaky_relu;
    case OpType::kHardSwish: return &lower_hard_swish;
    case OpType::kQuantize: return &lower_quantize;
    case OpType::kDequantize: return &lower_dequantize;
    case OpType::kLog: return &lower_log;
    case OpType::kRsqrt: return &lower_rsqrt;
    // --- reshaping family ---
    case OpType::kConcatenation: return &lower_concatenation;
    case OpType::kPad: return &lower_pad;
    case OpType::kTranspose: return &lower_transpose;
    case OpType::kStridedSlice: return &lower_strided_slice;
    case OpType::kBatchMatMul: return &lower_batch_matmul;
    // --- control flow ---
    case OpType::kIf: return &lower_if;
    default: return nullptr;
  }
}

namespace {

// Every op Mote has no lowering for, one per line; empty when all have one.
std::string unsupported_ops(const ir::Subgraph& graph, int* count) {
  std::string list;
  *count = 0;
  for (int i = 0; i < static_cast<int>(graph.ops.size()); ++i) {
    const ir::Op& op = graph.ops[i];
    if (lowering_for(op.type) != nullptr) continue;
    list += fmt::format("{}  op {}: {}", list.empty() ? "" : "\n", i,
                        op.custom_code.empty() ? ir::builtin_code_name(op.builtin_code)
                                               : "CUSTOM " + op.custom_code);
    ++*count;
  }
  return list;
}

std::string shape_text(const ir::Tensor& tensor) {
  std::string shape;
  for (size_t d = 0; d < tensor.shape.size(); ++d) {
    shape += fmt::format("{}{}", d == 0 ? "" : ",", tensor.shape[d]);
  }
  return shape;
}

// An op whose outputs are all empty (e.g. a STRIDED_SLICE selecting nothing)
// computes nothing and needs no step. Kernels assume every other tensor they
// touch has at least one element, so an empty input feeding a non-empty
// output is refused by name.
bool writes_nothing(const LowerContext& ctx) {
  bool all_outputs_empty = !ctx.op.outputs.empty();
  for (int t : ctx.op.outputs) {
    if (t >= 0 && ctx.graph.tensors[t].num_elements() > 0) all_outputs_empty = false;
  }
  if (all_outputs_empty) return true;
  for (size_t i = 0; i < ctx.op.inputs.size(); ++i) {
    const int t = ctx.op.inputs[i];
    if (t < 0 || ctx.graph.tensors[t].num_elements() > 0) continue;
    // RESHAPE never reads its shape operand (the output shape is known); an
    // empty one reshapes to a scalar.
    if (i == 1 && ctx.op.type == ir::OpType::kReshape) continue;
    const ir::Tensor& tensor = ctx.graph.tensors[t];
    ctx.unsupported(fmt::format("input {} (tensor {} '{}') is empty (shape [{}]) but the output "
                                "is not; empty inputs are not supported",
                                i, t, tensor.name, shape_text(tensor)));
  }
  return false;
}

}  // namespace

Program lower(const ir::Model& model, KernelSet kernels) {
  Program program;
  program.model = &model;
  program.subgraph = 0;
  const ir::Subgraph& graph = model.subgraphs.at(0);
  // Name every unsupported op at once, before any other problem stops the lowering.
  int unsupported_count = 0;
  const std::string unsupported = unsupported_ops(graph, &unsupported_count);
  if (unsupported_count > 0) {
    throw Error(ErrorCode::kUnsupported,
                fmt::format("{}: {} unsupported op{}:\n{}", model.path, unsupported_count,
                            unsupported_count == 1 ? "" : "s", unsupported));
  }
  for (int i = 0; i < static_cast<int>(graph.ops.size()); ++i) {
    LowerContext ctx(model, graph, i, *program.pool, kernels);
    if (writes_nothing(ctx)) continue;
    try {
      for (Step& step : lowering_for(graph.ops[i].type)(ctx)) program.steps.push_back(std::move(step));
    } catch (const Error& e) {
      // Shared helpers (e.g. quantize_multiplier) do not know the op: add it.
      if (std::string_view(e.what()).starts_with(model.path + ": ")) throw;
      ctx.fail(e.code(), e.what());
    }
  }
  return program;
}

}  // namespace mote::plan
