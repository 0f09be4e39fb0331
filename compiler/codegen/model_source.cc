#include "compiler/codegen/model_source.h"

#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/codegen/c_literals.h"
#include "compiler/codegen/kernel_calls.h"
#include "compiler/codegen/tree_files.h"
#include "compiler/ir/error.h"
#include "compiler/report/analyze.h"
#include "mote/control_flow.h"

namespace mote::codegen {

namespace {

const char* element_type(ir::DType t) {
  switch (t) {
    case ir::DType::kFloat32: return "float";
    case ir::DType::kInt32: return "int32_t";
    case ir::DType::kUInt8: return "uint8_t";
    case ir::DType::kInt64: return "int64_t";
    case ir::DType::kBool: return "uint8_t";
    case ir::DType::kInt16: return "int16_t";
    case ir::DType::kInt8: return "int8_t";
  }
  return "uint8_t";
}

size_t element_size(std::string_view type) {
  if (type == "int8_t" || type == "uint8_t") return 1;
  if (type == "int16_t") return 2;
  if (type == "int64_t") return 8;
  return 4;
}

const char* dtype_enum(uint8_t code) {
  switch (code) {
    case MOTE_FLOAT32: return "MOTE_FLOAT32";
    case MOTE_INT32: return "MOTE_INT32";
    case MOTE_UINT8: return "MOTE_UINT8";
    case MOTE_INT64: return "MOTE_INT64";
    case MOTE_BOOL: return "MOTE_BOOL";
    case MOTE_INT16: return "MOTE_INT16";
    case MOTE_INT8: return "MOTE_INT8";
  }
  return "MOTE_INT8";
}

// "const int8_t*" -> "int8_t"; "void*" -> "void".
std::string pointee(std::string_view c_type) {
  if (c_type.substr(0, 6) == "const ") c_type.remove_prefix(6);
  while (!c_type.empty() && (c_type.back() == '*' || c_type.back() == ' ')) c_type.remove_suffix(1);
  return std::string(c_type);
}

std::string element_literal(std::string_view type, const unsigned char* p) {
  auto load = [p](auto value) {
    std::memcpy(&value, p, sizeof(value));
    return value;
  };
  if (type == "int8_t") return int_literal(load(int8_t{}));
  if (type == "uint8_t") return int_literal(load(uint8_t{}));
  if (type == "int16_t") return int_literal(load(int16_t{}));
  if (type == "int32_t") return int_literal(load(int32_t{}));
  if (type == "int64_t") return int_literal(load(int64_t{}));
  return float_literal(load(float{}));
}

std::string shape_text(const std::vector<int32_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string join(const std::vector<std::string>& items) {
  std::string s;
  for (size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i];
  return s;
}

// `indent` + `function(args);`, wrapped under the opening parenthesis.
std::string wrapped_call(const std::string& indent, const std::string& function,
                         const std::vector<std::string>& args) {
  return wrapped_list(indent + function + "(", args, ");") + "\n";
}

// A tensor name for a comment: TFLite joins fused tensors' names with ';',
// the first is the informative one.
std::string short_name(const std::string& name) {
  constexpr size_t kMax = 60;
  std::string s = name.substr(0, name.find(';'));
  if (s.size() > kMax) s = s.substr(0, kMax) + "...";
  return "\"" + comment_text(s) + "\"";
}

// Writes one executable's steps as kernel calls on `base` (the static arena,
// or an IF branch's region); IF branches get writers of their own that share
// the root's constants, parameters and function list.
class ModelWriter {
 public:
  explicit ModelWriter(const plan::Executable& exe)
      : exe_(exe), program_(exe.program()), graph_(program_.graph()), root_(*this) {}

  ModelSources write() {
    write_steps();
    const mote_plan& plan = exe_.plan();
    ModelSources out;
    out.functions = functions_;
    out.num_calls = static_cast<int>(plan.num_steps);
    for (const ConstArray& a : arrays_) out.constant_bytes += a.bytes;
    out.model_h = model_h(out.constant_bytes);
    out.model_c = model_c();
    out.model_data_h = model_data_h();
    out.model_data_c = model_data_c();
    return out;
  }

 private:
  ModelWriter(const plan::Executable& exe, ModelWriter& root, std::string prefix, std::string base)
      : exe_(exe), program_(exe.program()), graph_(program_.graph()), root_(root),
        prefix_(std::move(prefix)), base_(std::move(base)) {}

  void write_steps() {
    const mote_plan& plan = exe_.plan();
    std::vector<int> steps_of_op(graph_.ops.size() + 1, 0);
    for (const plan::Step& step : program_.steps) ++steps_of_op[step.op_index + 1];
    std::vector<int> seen(graph_.ops.size() + 1, 0);
    for (uint32_t s = 0; s < plan.num_steps; ++s) {
      const plan::Step& step = program_.steps[s];
      const int k = seen[step.op_index + 1]++;
      std::string label = fmt::format("{}op{}", prefix_, step.op_index);
      if (steps_of_op[step.op_index + 1] > 1) label += fmt::format("_{}", k);
      write_step(s, label);
    }
  }

  struct ConstArray {
    std::string name, type, comment;
    const unsigned char* data;
    size_t bytes;
  };

  std::string model_name() const {
    return std::filesystem::path(program_.model->path).filename().string();
  }

  std::string op_text(const plan::Step& step) const {
    if (step.op_index < 0) return "(no op)";
    return fmt::format("op {} {}", step.op_index,
                       ir::op_type_name(graph_.ops[step.op_index].type));
  }

  [[noreturn]] void fail(const plan::Step& step, const std::string& what) const {
    throw Error(ErrorCode::kUnsupported,
                fmt::format("{}: {}: mote compile: {}", program_.model->path, op_text(step), what));
  }

  // The name of a const array holding `bytes` at `data` (stored once: equal
  // contents of the same type share one array).
  const ConstArray& constant_array(const void* data, size_t bytes, std::string type,
                                   const std::string& name, const std::string& comment) {
    if (bytes % element_size(type) != 0) type = "uint8_t";
    const auto* p = static_cast<const unsigned char*>(data);
    const auto key = std::make_pair(type, std::string_view(reinterpret_cast<const char*>(p), bytes));
    auto& arrays = root_.arrays_;
    if (const auto it = root_.array_by_contents_.find(key); it != root_.array_by_contents_.end()) {
      return arrays[it->second];
    }
    root_.array_by_contents_.emplace(key, arrays.size());
    arrays.push_back({name, type, comment, p, bytes});
    return arrays.back();
  }

  // One operand as a C expression of type `c_type`.
  std::string operand(uint32_t s, size_t i, const std::string& c_type, const std::string& name) {
    const plan::Step& step = program_.steps[s];
    const mote_operand& o = exe_.plan().steps[s].operands[i];
    const plan::Operand& source = step.operands[i];
    const std::string target_type = pointee(c_type);
    if (o.constant == nullptr) {
      if (o.arena_offset == MOTE_ABSENT_OFFSET) return "NULL";
      if (target_type == "void") return fmt::format("{} + {}", base_, o.arena_offset);
      return fmt::format("({})({} + {})", c_type, base_, o.arena_offset);
    }
    std::string type = target_type;
    size_t bytes = source.bytes;
    std::string comment = fmt::format("{} {} (precomputed)", op_text(step), name);
    if (source.kind == plan::Operand::Kind::kTensor) {
      const ir::Tensor& t = graph_.tensors[source.tensor];
      bytes = t.data.size();
      if (type == "void") type = element_type(t.dtype);
      comment = fmt::format("{} {}: {} {} {}", op_text(step), name, short_name(t.name),
                            ir::dtype_name(t.dtype), shape_text(t.shape));
    } else if (source.kind != plan::Operand::Kind::kConstant) {
      fail(step, fmt::format("operand {} is constant but not a tensor or constant array", i));
    }
    if (type == "void") type = "uint8_t";
    if (bytes == 0) return "NULL";
    const ConstArray& array = constant_array(o.constant, bytes, type, name, comment);
    if (target_type == "void" || array.type == target_type) return array.name;
    return fmt::format("({}){}", c_type, array.name);
  }

  void write_step(uint32_t s, const std::string& label) {
    const plan::Step& step = program_.steps[s];
    const mote_step& planned = exe_.plan().steps[s];
    if (planned.kernel == MOTE_K_IF) {
      write_if(s, label);
      return;
    }
    const KernelCall& call = kernel_call(static_cast<mote_kernel_id>(planned.kernel));
    root_.functions_.insert(call.function);
    const std::string params_name = label + "_params";
    std::string& params = root_.params_;
    params += fmt::format("/* {} */\nstatic const {} {} = {};\n", op_text(step),
                           call.params->type_name, params_name,
                           c_initializer(*call.params, planned.params));

    std::vector<std::string> args = {"&" + params_name};
    std::string prelude;
    size_t next = 0;
    const size_t count = planned.num_operands;
    for (size_t a = 0; a < call.args.size(); ++a) {
      const KernelArg& arg = call.args[a];
      switch (arg.kind) {
        case KernelArg::Kind::kPointer:
          if (next >= count) fail(step, "fewer operands than the kernel takes");
          args.push_back(operand(s, next, arg.c_type, label + "_" + arg.name));
          ++next;
          break;
        case KernelArg::Kind::kPerChannelQuant: {
          // A const struct too: a compound literal per call would take stack.
          if (next + 2 > count) fail(step, "fewer operands than the kernel takes");
          const std::string quant_name = label + "_quant";
          params += fmt::format("static const mote_per_channel_quant {} = {{{}, {}}};\n",
                                 quant_name,
                                 operand(s, next, "const int32_t*", label + "_multiplier"),
                                 operand(s, next + 1, "const int32_t*", label + "_shift"));
          args.push_back(quant_name);
          next += 2;
          break;
        }
        case KernelArg::Kind::kInputArray: {
          // Every operand left but one per remaining argument.
          const size_t n = count - next - (call.args.size() - a - 1);
          std::vector<std::string> inputs;
          for (size_t j = 0; j < n; ++j) {
            inputs.push_back(
                operand(s, next + j, "const void*", fmt::format("{}_input{}", label, j)));
          }
          next += n;
          prelude = "    const void* const " + label + "_inputs[] = {" + join(inputs) + "};\n";
          args.push_back(label + "_inputs");
          break;
        }
      }
    }
    if (next != count) {
      fail(step, fmt::format("{} takes {} operands, the step has {}", call.function, next, count));
    }
    params += "\n";

    std::string text = step_comment(step);
    if (prelude.empty()) {
      text += wrapped_call("  ", call.function, args);
    } else {
      text += "  {\n" + prelude + wrapped_call("    ", call.function, args) + "  }\n";
    }
    // Compiled away unless the board build asks for a per-step profile.
    calls_ += text + profile_step(s);
  }

  // Compiled away unless the board build asks for a per-step profile; only
  // the model's own steps are numbered (a branch runs inside its IF step).
  std::string profile_step(uint32_t s) const {
    return &root_ == this ? fmt::format("  MOTE_PROFILE_STEP({});\n", s) : "";
  }

  std::string step_comment(const plan::Step& step) const {
    std::vector<std::string> reads, writes;
    for (const plan::Operand& o : step.operands) {
      if (o.kind != plan::Operand::Kind::kTensor || graph_.tensors[o.tensor].is_constant()) continue;
      bool is_output = false;
      for (int t : step.outputs) is_output |= t == o.tensor;
      if (!is_output) reads.push_back(short_name(graph_.tensors[o.tensor].name));
    }
    for (int t : step.outputs) writes.push_back(short_name(graph_.tensors[t].name));
    return fmt::format("  /* {}: {} -> {} */\n", op_text(step), join(reads), join(writes));
  }

  // IF: each branch plan becomes a static function over the IF step's region
  // (its offsets are relative to it); the step copies the data inputs the
  // chosen branch reads into the region, calls it and copies the outputs
  // back, as runtime/src/control_flow.cc does.
  void write_if(uint32_t s, const std::string& label) {
    const plan::Step& step = program_.steps[s];
    const mote_step& planned = exe_.plan().steps[s];
    const auto& p = *static_cast<const mote_if_params*>(planned.params);
    if (step.branches.size() != 2 || planned.num_operands != 2 + p.num_inputs + p.num_outputs) {
      fail(step, "IF step without its two branches or with unexpected operands");
    }
    root_.uses_memmove_ = true;
    const std::string region = fmt::format(
        "{} + {}", base_, planned.operands[planned.num_operands - 1].arena_offset);
    const mote_if_branch* branches[2] = {&p.then_branch, &p.else_branch};
    std::string text = step_comment(step);
    text += fmt::format("  if (*{} != 0) {{\n",
                        operand(s, 0, "const uint8_t*", label + "_condition"));
    for (int b = 0; b < 2; ++b) {
      const char* which = b == 0 ? "then" : "else";
      const std::string function = fmt::format("{}_{}", label, which);
      ModelWriter child(*step.branches[b], root_, function + "_", "region");
      child.write_steps();
      root_.branch_functions_ += fmt::format(
          "/* {} {} branch: {} kernel calls in the step's arena region. */\n"
          "static void {}(uint8_t* region) {{\n{}}}\n\n",
          op_text(step), which, step.branches[b]->plan().num_steps, function, child.calls_);
      if (b == 1) text += "  } else {\n";
      const mote_if_branch& branch = *branches[b];
      for (uint32_t i = 0; i < p.num_inputs; ++i) {
        if (branch.input_offsets[i] == MOTE_ABSENT_OFFSET) continue;
        text += fmt::format("    memmove({} + {}, {}, {}u);\n", region, branch.input_offsets[i],
                            operand(s, 1 + i, "const void*", fmt::format("{}_input{}", label, i)),
                            p.input_bytes[i]);
      }
      text += fmt::format("    {}({});\n", function, region);
      for (uint32_t o = 0; o < p.num_outputs; ++o) {
        text += fmt::format("    memmove({}, {} + {}, {}u);\n",
                            operand(s, 1 + p.num_inputs + o, "void*", fmt::format("{}_output{}", label, o)),
                            region, branch.output_offsets[o], p.output_bytes[o]);
      }
    }
    calls_ += text + "  }\n" + profile_step(s);
  }

  std::string tensor_descs(const char* name, const mote_tensor_desc* descs, uint32_t n) const {
    std::string s = fmt::format("static const mote_tensor_desc {}[{}] = {{\n", name, n > 0 ? n : 1);
    for (uint32_t i = 0; i < n; ++i) {
      const mote_tensor_desc& d = descs[i];
      std::string dims;
      for (int r = 0; r < d.rank; ++r) dims += (r ? ", " : "") + std::to_string(d.dims[r]);
      s += fmt::format(
          "    {{.name = {}, .arena_offset = {}u, .bytes = {}u, .dtype = {}, .rank = {},\n"
          "     .dims = {{{}}}, .scale = {}, .zero_point = {}}},\n",
          string_literal(d.name), d.arena_offset, d.bytes, dtype_enum(d.dtype), d.rank, dims,
          float_literal(d.scale), int_literal(d.zero_point));
    }
    return s + "};\n";
  }

  std::string model_h(uint64_t constant_bytes) const {
    const mote_plan& plan = exe_.plan();
    int64_t macs = 0;
    for (const ir::Op& op : graph_.ops) macs += report::op_macs(graph_, op);
    std::string io;
    for (uint32_t i = 0; i < plan.num_inputs; ++i) {
      io += fmt::format("#define MOTE_MODEL_INPUT{}_BYTES {}u /* \"{}\" */\n", i,
                        plan.inputs[i].bytes, comment_text(plan.inputs[i].name));
    }
    for (uint32_t i = 0; i < plan.num_outputs; ++i) {
      io += fmt::format("#define MOTE_MODEL_OUTPUT{}_BYTES {}u /* \"{}\" */\n", i,
                        plan.outputs[i].bytes, comment_text(plan.outputs[i].name));
    }
    return fmt::format(
        R"(/* Generated by `mote compile` from {model}: do not edit.
 *
 * Usage: mote_model_init() once, then per inference fill mote_model_input(i)
 * (MOTE_MODEL_INPUTi_BYTES bytes, layout and quantization in
 * mote_model_input_desc(i)), call mote_model_invoke() and read
 * mote_model_output(i). Inputs and outputs live in the model's static arena:
 * an output stays valid until the next invoke, and inputs must be written
 * again before each invoke. Not reentrant. */
#ifndef MOTE_MODEL_H
#define MOTE_MODEL_H

#include "mote/plan.h"

/* Bytes of the one static arena holding every activation and scratch buffer. */
#define MOTE_MODEL_ARENA_BYTES {arena}u
/* Bytes of the constant arrays (weights, biases, multipliers...) in flash. */
#define MOTE_MODEL_CONSTANT_BYTES {constants}u
#define MOTE_MODEL_NUM_INPUTS {inputs}
#define MOTE_MODEL_NUM_OUTPUTS {outputs}
/* Multiply-accumulates per inference. */
#define MOTE_MODEL_MACS {macs}u
/* Kernel calls per inference (steps of the plan). */
#define MOTE_MODEL_NUM_STEPS {steps}
{io}
MOTE_EXTERN_C_BEGIN

/* Returns 0. Computes nothing: every constant is precomputed in flash. */
int mote_model_init(void);
/* Runs one inference; returns 0. */
int mote_model_invoke(void);

/* Pointers into the arena (NULL for an index out of range). */
void* mote_model_input(int index);
const void* mote_model_output(int index);

/* Name, bytes, dtype, shape and quantization (scale 0: not quantized). */
const mote_tensor_desc* mote_model_input_desc(int index);
const mote_tensor_desc* mote_model_output_desc(int index);

MOTE_EXTERN_C_END

#endif
)",
        fmt::arg("model", comment_text(model_name())), fmt::arg("arena", plan.arena_bytes),
        fmt::arg("constants", constant_bytes), fmt::arg("inputs", plan.num_inputs),
        fmt::arg("outputs", plan.num_outputs), fmt::arg("macs", macs),
        fmt::arg("steps", plan.num_steps), fmt::arg("io", io));
  }

  std::string model_c() const {
    const mote_plan& plan = exe_.plan();
    std::string includes;
    for (const std::string& h : declaring_headers(functions_)) includes += "#include \"" + h + "\"\n";
    if (uses_memmove_) includes += "#include <string.h>\n";
    return fmt::format(
        R"(/* Generated by `mote compile` from {model}: do not edit.
 * {calls} kernel calls in planned order over one static arena; every kernel
 * parameter is a constant below, every array a constant in model_data.c. */
#include "model.h"

#include "model_data.h"
{includes}
/* Built with -DMOTE_PROFILE (the qemu-m4 board's `make MOTE_PROFILE=1`), the
 * board records its instruction counter after each step. */
#ifdef MOTE_PROFILE
void mote_profile_step(int step);
#define MOTE_PROFILE_STEP(step) mote_profile_step(step)
#else
#define MOTE_PROFILE_STEP(step) ((void)0)
#endif

/* Every activation and scratch buffer, at the offsets the planner chose. */
static uint8_t arena[MOTE_MODEL_ARENA_BYTES > 0 ? MOTE_MODEL_ARENA_BYTES : 1]
    __attribute__((aligned(MOTE_ALIGNMENT)));

/* ---- kernel parameters ---- */

{params}{branches}/* ---- inputs and outputs ---- */

{input_descs}
{output_descs}
int mote_model_init(void) {{ return 0; }}

int mote_model_invoke(void) {{
{body}  return 0;
}}

void* mote_model_input(int index) {{
  if (index < 0 || index >= MOTE_MODEL_NUM_INPUTS) return NULL;
  return arena + input_descs[index].arena_offset;
}}

const void* mote_model_output(int index) {{
  if (index < 0 || index >= MOTE_MODEL_NUM_OUTPUTS) return NULL;
  return arena + output_descs[index].arena_offset;
}}

const mote_tensor_desc* mote_model_input_desc(int index) {{
  if (index < 0 || index >= MOTE_MODEL_NUM_INPUTS) return NULL;
  return &input_descs[index];
}}

const mote_tensor_desc* mote_model_output_desc(int index) {{
  if (index < 0 || index >= MOTE_MODEL_NUM_OUTPUTS) return NULL;
  return &output_descs[index];
}}
)",
        fmt::arg("model", comment_text(model_name())), fmt::arg("calls", plan.num_steps),
        fmt::arg("includes", includes), fmt::arg("params", params_),
        fmt::arg("branches", branch_functions_.empty() ? ""
                                                       : "/* ---- IF branches ---- */\n\n" +
                                                             branch_functions_),
        fmt::arg("input_descs", tensor_descs("input_descs", plan.inputs, plan.num_inputs)),
        fmt::arg("output_descs", tensor_descs("output_descs", plan.outputs, plan.num_outputs)),
        fmt::arg("body", calls_));
  }

  std::string model_data_h() const {
    std::string decls;
    for (const ConstArray& a : arrays_) {
      decls += fmt::format("extern const {} {}[{}];\n", a.type, a.name,
                           a.bytes / element_size(a.type));
    }
    return fmt::format(
        R"(/* Generated by `mote compile` from {model}: do not edit.
 * The constant arrays model.c passes to the kernels (const: placed in flash). */
#ifndef MOTE_MODEL_DATA_H
#define MOTE_MODEL_DATA_H

#include "mote/config.h"

/* Constant data is aligned like arena offsets. */
#define MOTE_FLASH_ALIGNED __attribute__((aligned(MOTE_ALIGNMENT)))

{decls}
#endif
)",
        fmt::arg("model", comment_text(model_name())), fmt::arg("decls", decls));
  }

  std::string model_data_c() const {
    std::string out = fmt::format(
        "/* Generated by `mote compile` from {}: do not edit. */\n#include \"model_data.h\"\n",
        comment_text(model_name()));
    for (const ConstArray& a : arrays_) {
      const size_t size = element_size(a.type);
      const size_t n = a.bytes / size;
      const size_t per_line = size == 1 ? 16 : 8;
      out += fmt::format("\n/* {} */\nconst {} {}[{}] MOTE_FLASH_ALIGNED = {{", a.comment, a.type,
                         a.name, n);
      for (size_t i = 0; i < n; ++i) {
        out += i % per_line == 0 ? "\n    " : " ";
        out += element_literal(a.type, a.data + i * size);
        out += ',';
      }
      out += "\n};\n";
    }
    return out;
  }

  const plan::Executable& exe_;
  const plan::Program& program_;
  const ir::Subgraph& graph_;
  ModelWriter& root_;
  std::string prefix_, base_ = "arena";
  bool uses_memmove_ = false;
  std::set<std::string> functions_;
  std::string params_, calls_, branch_functions_;
  std::vector<ConstArray> arrays_;
  std::map<std::pair<std::string, std::string_view>, size_t> array_by_contents_;
};

}  // namespace

ModelSources generate_model_sources(const plan::Executable& exe) {
  return ModelWriter(exe).write();
}

}  // namespace mote::codegen
