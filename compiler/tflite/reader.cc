#include "compiler/tflite/reader.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "compiler/tflite/builtin_names.h"
#include "compiler/tflite/diag.h"
#include "compiler/tflite/options.h"
#include "compiler/tflite/schema_util.h"
#include "compiler/tflite/validate.h"

namespace mote::tflite {
namespace {

constexpr int32_t kCustomCode = 32;  // BuiltinOperator CUSTOM

std::vector<int> to_ints(const flatbuffers::Vector<int32_t>* v) {
  return v ? std::vector<int>(v->begin(), v->end()) : std::vector<int>();
}

// Runs after validate_structure: indices, dtypes and sizes are known good.
class Importer {
 public:
  Importer(const ::tflite::Model& fb, ir::Model& model) : fb_(fb), model_(model) {}

  void run() {
    model_.description = string_of(fb_.description());
    for (int s = 0; s < size_of(fb_.subgraphs()); ++s) {
      model_.subgraphs.push_back(subgraph(s, *fb_.subgraphs()->Get(s)));
    }
  }

 private:
  ir::Subgraph subgraph(int s, const ::tflite::SubGraph& sg) {
    ir::Subgraph out;
    out.name = string_of(sg.name());
    out.inputs = to_ints(sg.inputs());
    out.outputs = to_ints(sg.outputs());
    out.tensors.reserve(size_of(sg.tensors()));
    for (int t = 0; t < size_of(sg.tensors()); ++t) out.tensors.push_back(tensor(*sg.tensors()->Get(t)));
    out.ops.reserve(size_of(sg.operators()));
    for (int o = 0; o < size_of(sg.operators()); ++o) out.ops.push_back(op(s, o, *sg.operators()->Get(o)));
    return out;
  }

  ir::Tensor tensor(const ::tflite::Tensor& t) {
    ir::Tensor out;
    out.name = string_of(t.name());
    out.dtype = *ir_dtype(t.type());
    if (t.shape()) out.shape.assign(t.shape()->begin(), t.shape()->end());
    if (t.shape_signature()) {
      out.shape_signature.assign(t.shape_signature()->begin(), t.shape_signature()->end());
    }
    out.is_variable = t.is_variable();
    if (t.buffer() < static_cast<uint32_t>(size_of(fb_.buffers()))) {
      out.data = buffer_data(*fb_.buffers()->Get(t.buffer()), model_.bytes);
    }
    const auto* q = t.quantization();
    if (q && size_of(q->scale()) > 0) {
      ir::Quantization quant;
      quant.scale.assign(q->scale()->begin(), q->scale()->end());
      quant.zero_point.assign(q->zero_point()->begin(), q->zero_point()->end());
      quant.axis = q->quantized_dimension();
      out.quant = std::move(quant);
    }
    return out;
  }

  ir::Op op(int s, int o, const ::tflite::Operator& op) {
    const auto& code = *fb_.operator_codes()->Get(op.opcode_index());
    ir::Op out;
    out.builtin_code = builtin_code(code);
    out.type = ir::op_type_from_builtin(out.builtin_code);
    out.version = code.version();
    if (out.builtin_code == kCustomCode) out.custom_code = string_of(code.custom_code());
    out.inputs = to_ints(op.inputs());
    out.outputs = to_ints(op.outputs());
    const std::string where = op_where(s, o, builtin_operator_name(out.builtin_code));
    out.options = convert_options(op, out.type, model_.path, where);
    return out;
  }

  const ::tflite::Model& fb_;
  ir::Model& model_;
};

}  // namespace

ir::Model load_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) fail(ErrorCode::kIo, path, "", fmt::format("cannot open: {}", std::strerror(errno)));
  const std::streamoff size = in.tellg();
  if (size < 0) fail(ErrorCode::kIo, path, "", "cannot determine the file size");
  if (size > kMaxModelBytes) {
    fail(ErrorCode::kLimit, path, "",
         fmt::format("file has {} bytes; models are limited to {} bytes", size, kMaxModelBytes));
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), size)) {
    fail(ErrorCode::kIo, path, "", "read failed");
  }
  return load_model_bytes(std::move(bytes), path);
}

ir::Model load_model_bytes(std::vector<uint8_t> bytes, const std::string& path_for_messages) {
  ir::Model model;
  model.path = path_for_messages;
  // Move the bytes into place first: tensor data spans point into them, and a
  // vector's storage survives later moves of the Model.
  model.bytes = std::move(bytes);
  const ::tflite::Model& fb = verify_flatbuffer(model.bytes, model.path);
  validate_structure(fb, model.bytes, model.path);
  Importer(fb, model).run();
  validate_ops(model);
  return model;
}

}  // namespace mote::tflite
