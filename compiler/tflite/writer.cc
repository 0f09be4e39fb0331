#include "compiler/tflite/writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <tuple>

#include "compiler/tflite/builtin_names.h"
#include "compiler/tflite/diag.h"
#include "compiler/tflite/reader.h"
#include "compiler/tflite/schema_generated.h"
#include "compiler/tflite/validate.h"
#include "compiler/tflite/write_options.h"

namespace mote::tflite {
namespace {

constexpr int32_t kCustomCode = 32;             // BuiltinOperator CUSTOM
constexpr int32_t kPlaceholderForLargeCodes = 127;  // deprecated_builtin_code for codes >= 127
constexpr uint32_t kSchemaVersion = 3;
constexpr size_t kBufferAlignment = 16;         // runtimes read constants in place

::tflite::TensorType tensor_type(ir::DType t) {
  using T = ::tflite::TensorType;
  switch (t) {
    case ir::DType::kFloat32: return T::FLOAT32;
    case ir::DType::kInt32: return T::INT32;
    case ir::DType::kUInt8: return T::UINT8;
    case ir::DType::kInt64: return T::INT64;
    case ir::DType::kBool: return T::BOOL;
    case ir::DType::kInt16: return T::INT16;
    case ir::DType::kInt8: return T::INT8;
  }
  return static_cast<T>(-1);  // rejected by the caller
}

class Writer {
 public:
  explicit Writer(const ir::Model& model)
      : model_(model), path_(model.path.empty() ? "<model in memory>" : model.path) {}

  std::vector<uint8_t> run() {
    check_size();
    // Buffer 0 is TFLite's empty sentinel: tensors without data point at it.
    buffers_.push_back(::tflite::CreateBuffer(fbb_));
    std::vector<flatbuffers::Offset<::tflite::SubGraph>> subgraphs;
    for (int s = 0; s < static_cast<int>(model_.subgraphs.size()); ++s) {
      subgraphs.push_back(subgraph(s, model_.subgraphs[s]));
    }
    const auto root = ::tflite::CreateModel(
        fbb_, kSchemaVersion, fbb_.CreateVector(codes_), fbb_.CreateVector(subgraphs),
        fbb_.CreateString(model_.description), fbb_.CreateVector(buffers_));
    ::tflite::FinishModelBuffer(fbb_, root);
    return {fbb_.GetBufferPointer(), fbb_.GetBufferPointer() + fbb_.GetSize()};
  }

 private:
  // The flatbuffer (and Mote's reader) cap the file size: fail before copying.
  void check_size() const {
    uint64_t total = 0;
    for (const auto& sg : model_.subgraphs) {
      for (const auto& t : sg.tensors) total += t.data.size() + kBufferAlignment;
    }
    if (total > static_cast<uint64_t>(kMaxModelBytes)) {
      fail(ErrorCode::kLimit, path_, "",
           fmt::format("constant data takes {} bytes; .tflite files Mote writes are limited to "
                       "{} bytes",
                       total, kMaxModelBytes));
    }
  }

  flatbuffers::Offset<::tflite::SubGraph> subgraph(int s, const ir::Subgraph& sg) {
    std::vector<flatbuffers::Offset<::tflite::Tensor>> tensors;
    for (int t = 0; t < static_cast<int>(sg.tensors.size()); ++t) {
      tensors.push_back(tensor(s, t, sg.tensors[t]));
    }
    std::vector<flatbuffers::Offset<::tflite::Operator>> ops;
    for (int o = 0; o < static_cast<int>(sg.ops.size()); ++o) ops.push_back(op(s, o, sg.ops[o]));
    return ::tflite::CreateSubGraph(fbb_, fbb_.CreateVector(tensors), fbb_.CreateVector(sg.inputs),
                                    fbb_.CreateVector(sg.outputs), fbb_.CreateVector(ops),
                                    fbb_.CreateString(sg.name));
  }

  flatbuffers::Offset<::tflite::Tensor> tensor(int s, int t, const ir::Tensor& tensor) {
    const ::tflite::TensorType type = tensor_type(tensor.dtype);
    if (static_cast<int>(type) < 0) {
      fail(ErrorCode::kInvalid, path_, tensor_where(s, t, tensor.name),
           fmt::format("unknown dtype {}", static_cast<int>(tensor.dtype)));
    }
    uint32_t buffer = 0;
    if (tensor.is_constant()) {
      fbb_.ForceVectorAlignment(tensor.data.size(), 1, kBufferAlignment);
      const auto data = fbb_.CreateVector(tensor.data.data(), tensor.data.size());
      buffer = static_cast<uint32_t>(buffers_.size());
      buffers_.push_back(::tflite::CreateBuffer(fbb_, data));
    }
    flatbuffers::Offset<::tflite::QuantizationParameters> quant = 0;
    if (tensor.quant && !tensor.quant->scale.empty()) {
      quant = ::tflite::CreateQuantizationParameters(
          fbb_, 0, 0, fbb_.CreateVector(tensor.quant->scale),
          fbb_.CreateVector(tensor.quant->zero_point), ::tflite::QuantizationDetails::NONE, 0,
          tensor.quant->axis);
    }
    const auto signature =
        tensor.shape_signature.empty() ? 0 : fbb_.CreateVector(tensor.shape_signature);
    return ::tflite::CreateTensor(fbb_, fbb_.CreateVector(tensor.shape), type, buffer,
                                  fbb_.CreateString(tensor.name), quant, tensor.is_variable,
                                  0, signature);
  }

  flatbuffers::Offset<::tflite::Operator> op(int s, int o, const ir::Op& op) {
    const std::string where = op_where(s, o, builtin_operator_name(op.builtin_code));
    check_code(op, where);
    const WrittenOptions options = write_options(fbb_, op, path_, where);
    return ::tflite::CreateOperator(fbb_, opcode_index(op), fbb_.CreateVector(op.inputs),
                                    fbb_.CreateVector(op.outputs), options.type, options.table);
  }

  // The file names ops by code alone, so type and code must agree.
  void check_code(const ir::Op& op, const std::string& where) const {
    if (op.builtin_code < 0) {
      fail(ErrorCode::kInvalid, path_, where, fmt::format("invalid builtin code {}", op.builtin_code));
    }
    if (ir::op_type_from_builtin(op.builtin_code) != op.type) {
      fail(ErrorCode::kInvalid, path_, where,
           fmt::format("op type {} does not match builtin code {} ({})",
                       ir::op_type_name(op.type), op.builtin_code,
                       builtin_operator_name(op.builtin_code)));
    }
    if (op.version < 1) {
      fail(ErrorCode::kInvalid, path_, where, fmt::format("invalid op version {}", op.version));
    }
    if (op.builtin_code == kCustomCode ? op.custom_code.empty() : !op.custom_code.empty()) {
      fail(ErrorCode::kInvalid, path_, where,
           "custom_code must be set exactly when the builtin code is CUSTOM");
    }
  }

  // One OperatorCode per distinct (code, custom name, version), in first use order.
  uint32_t opcode_index(const ir::Op& op) {
    const auto key = std::make_tuple(op.builtin_code, op.custom_code, op.version);
    const auto [it, added] = code_index_.try_emplace(key, static_cast<uint32_t>(codes_.size()));
    if (added) {
      const auto deprecated =
          static_cast<int8_t>(std::min(op.builtin_code, kPlaceholderForLargeCodes));
      codes_.push_back(::tflite::CreateOperatorCode(
          fbb_, deprecated, op.custom_code.empty() ? 0 : fbb_.CreateString(op.custom_code),
          op.version, op.builtin_code));
    }
    return it->second;
  }

  const ir::Model& model_;
  const std::string path_;
  flatbuffers::FlatBufferBuilder fbb_{1 << 16};
  std::vector<flatbuffers::Offset<::tflite::Buffer>> buffers_;
  std::vector<flatbuffers::Offset<::tflite::OperatorCode>> codes_;
  std::map<std::tuple<int32_t, std::string, int>, uint32_t> code_index_;
};

}  // namespace

std::vector<uint8_t> write_tflite(const ir::Model& model) {
  std::vector<uint8_t> bytes = Writer(model).run();
  // Read the result back: the writer never hands out a file Mote would refuse.
  const std::string path = model.path.empty() ? "<model in memory>" : model.path;
  load_model_bytes(bytes, path + " (as written)");
  return bytes;
}

void write_tflite_file(const ir::Model& model, const std::string& path) {
  const std::vector<uint8_t> bytes = write_tflite(model);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) fail(ErrorCode::kIo, path, "", fmt::format("cannot create: {}", std::strerror(errno)));
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) fail(ErrorCode::kIo, path, "", fmt::format("write failed: {}", std::strerror(errno)));
}

}  // namespace mote::tflite
