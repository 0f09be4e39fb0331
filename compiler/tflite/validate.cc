// Layers 1 and 2 of validation (see validate.h): the flatbuffer itself, then
// the indices, shapes, buffers and quantization arrays it holds.
#include "compiler/tflite/validate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "compiler/tflite/builtin_names.h"
#include "compiler/tflite/diag.h"
#include "compiler/tflite/schema_util.h"

namespace mote::tflite {
namespace {

constexpr int32_t kCustomCode = 32;  // BuiltinOperator CUSTOM
constexpr uint32_t kSchemaVersion = 3;

// The flatbuffers Verifier only accepts buffers below 2 GB; larger files keep
// their big buffers after the flatbuffer (Buffer.offset/size).
constexpr size_t kMaxVerifiedBytes = FLATBUFFERS_MAX_BUFFER_SIZE - 1;
// TFLite's schema nests about 6 tables deep; anything far deeper is hostile.
constexpr flatbuffers::uoffset_t kMaxDepth = 64;

// Vector entries of an op's options that the IR copies.
int options_entries(const ::tflite::Operator& op) {
  if (const auto* o = op.builtin_options_as_ReshapeOptions()) return size_of(o->new_shape());
  if (const auto* o = op.builtin_options_as_SqueezeOptions()) return size_of(o->squeeze_dims());
  return 0;
}

// Values a zero point may take for each quantized storage type.
bool zero_point_fits(ir::DType dtype, int64_t zp) {
  switch (dtype) {
    case ir::DType::kInt8: return zp >= -128 && zp <= 127;
    case ir::DType::kUInt8: return zp >= 0 && zp <= 255;
    case ir::DType::kInt16: return zp >= -32768 && zp <= 32767;
    default: return true;
  }
}

class StructureChecker {
 public:
  StructureChecker(const ::tflite::Model& model, std::span<const uint8_t> file,
                   const std::string& path)
      : model_(model), file_(file), path_(path) {
    // Vectors, strings and tables may be shared by many referrers, so a small
    // file could expand into a huge IR: bound the entries (vector elements,
    // name bytes) the reader will copy by a generous multiple of the file size.
    budget_ = static_cast<int64_t>(file.size()) * 4 + (int64_t{1} << 20);
  }

  void run() {
    // TFLite itself refuses other schema versions; version 3 is current since 2017.
    if (model_.version() != kSchemaVersion) {
      fail(ErrorCode::kUnsupported, path_, "",
           fmt::format("schema version {} is not supported (expected {})", model_.version(),
                       kSchemaVersion));
    }
    if (size_of(model_.subgraphs()) == 0) fail(ErrorCode::kInvalid, path_, "", "model has no subgraphs");
    check_count(size_of(model_.subgraphs()), kMaxSubgraphs, "", "subgraphs");
    check_count(size_of(model_.operator_codes()), kMaxOperatorCodes, "", "operator codes");
    check_operator_codes();
    check_buffers();
    for (int s = 0; s < size_of(model_.subgraphs()); ++s) check_subgraph(s);
  }

 private:
  void spend(int64_t entries, const std::string& where) {
    budget_ -= entries;
    if (budget_ < 0) {
      fail(ErrorCode::kLimit, path_, where,
           "model expands to far more entries than its file size allows (shared vectors?)");
    }
  }

  void check_count(int count, int limit, const std::string& where, const char* what) {
    if (count > limit) {
      fail(ErrorCode::kLimit, path_, where,
           fmt::format("{} {} exceed the limit of {}", count, what, limit));
    }
  }

  void check_operator_codes() {
    for (int i = 0; i < size_of(model_.operator_codes()); ++i) {
      const auto& code = *model_.operator_codes()->Get(i);
      const std::string where = fmt::format("operator_codes[{}]", i);
      const int32_t c = builtin_code(code);
      if (c < 0) fail(ErrorCode::kMalformed, path_, where, fmt::format("invalid builtin code {}", c));
      if (c == kCustomCode && !code.custom_code()) {
        fail(ErrorCode::kInvalid, path_, where, "CUSTOM operator code has no custom_code name");
      }
    }
  }

  void check_buffers() {
    for (int b = 0; b < size_of(model_.buffers()); ++b) {
      const auto& buffer = *model_.buffers()->Get(b);
      if (!is_external(buffer)) continue;
      const std::string where = fmt::format("buffer {}", b);
      if (buffer.data() && buffer.data()->size() > 0) {
        fail(ErrorCode::kInvalid, path_, where, "has both inline data and an external offset");
      }
      const uint64_t offset = buffer.offset(), size = buffer.size();
      if (offset > file_.size() || size > file_.size() - offset) {
        fail(ErrorCode::kMalformed, path_, where,
             fmt::format("external data at offset {} size {} lies outside the file ({} bytes)",
                         offset, size, file_.size()));
      }
    }
  }

  void check_subgraph(int s) {
    const auto& sg = *model_.subgraphs()->Get(s);
    spend(size_of(sg.name()), fmt::format("subgraph {}", s));
    const int num_tensors = size_of(sg.tensors());
    check_count(num_tensors, kMaxTensorsPerSubgraph, fmt::format("subgraph {}", s), "tensors");
    check_count(size_of(sg.operators()), kMaxOpsPerSubgraph, fmt::format("subgraph {}", s), "ops");
    for (int t = 0; t < num_tensors; ++t) check_tensor(s, t, *sg.tensors()->Get(t));

    const std::string where = fmt::format("subgraph {}", s);
    auto check_io = [&](const flatbuffers::Vector<int32_t>* list, const char* what) {
      spend(size_of(list), where);
      for (int i = 0; i < size_of(list); ++i) {
        const int32_t t = list->Get(i);
        if (t < 0 || t >= num_tensors) {
          fail(ErrorCode::kInvalid, path_, where,
               fmt::format("{} {} is tensor {}, out of range (subgraph has {} tensors)", what, i, t,
                           num_tensors));
        }
      }
    };
    check_io(sg.inputs(), "input");
    check_io(sg.outputs(), "output");
    for (int o = 0; o < size_of(sg.operators()); ++o) {
      check_operator(s, o, *sg.operators()->Get(o), num_tensors);
    }
  }

  void check_operator(int s, int o, const ::tflite::Operator& op, int num_tensors) {
    const int num_codes = size_of(model_.operator_codes());
    if (op.opcode_index() >= static_cast<uint32_t>(num_codes)) {
      fail(ErrorCode::kInvalid, path_, fmt::format("subgraph {} op {}", s, o),
           fmt::format("opcode_index {} out of range (model has {} operator codes)",
                       op.opcode_index(), num_codes));
    }
    const auto& code = *model_.operator_codes()->Get(op.opcode_index());
    const std::string where = op_where(s, o, builtin_operator_name(builtin_code(code)));
    spend(size_of(op.inputs()) + size_of(op.outputs()) + size_of(code.custom_code()) +
              options_entries(op),
          where);
    check_count(size_of(op.inputs()), kMaxOpInputsOrOutputs, where, "inputs");
    check_count(size_of(op.outputs()), kMaxOpInputsOrOutputs, where, "outputs");
    for (int i = 0; i < size_of(op.inputs()); ++i) {
      const int32_t t = op.inputs()->Get(i);
      // -1 marks an optional input left out.
      if (t < -1 || t >= num_tensors) {
        fail(ErrorCode::kInvalid, path_, where,
             fmt::format("input {} is tensor {}, out of range (subgraph has {} tensors)", i, t,
                         num_tensors));
      }
    }
    for (int i = 0; i < size_of(op.outputs()); ++i) {
      const int32_t t = op.outputs()->Get(i);
      if (t < 0 || t >= num_tensors) {
        fail(ErrorCode::kInvalid, path_, where,
             fmt::format("output {} is tensor {}, out of range (subgraph has {} tensors)", i, t,
                         num_tensors));
      }
    }
  }

  void check_tensor(int s, int t, const ::tflite::Tensor& tensor) {
    const std::string where = tensor_where(s, t, string_of(tensor.name()));
    spend(size_of(tensor.name()), where);
    const auto dtype = ir_dtype(tensor.type());
    if (!dtype) {
      fail(ErrorCode::kUnsupported, path_, where,
           fmt::format("dtype {} is not supported", tensor_type_name(tensor.type())));
    }
    if (tensor.sparsity()) fail(ErrorCode::kUnsupported, path_, where, "sparse tensors are not supported");

    std::vector<int32_t> shape;
    if (tensor.shape()) shape.assign(tensor.shape()->begin(), tensor.shape()->end());
    spend(static_cast<int64_t>(shape.size()) + size_of(tensor.shape_signature()), where);
    if (shape.size() > static_cast<size_t>(kMaxRank)) {
      fail(ErrorCode::kLimit, path_, where,
           fmt::format("rank {} exceeds the maximum of {}", shape.size(), kMaxRank));
    }
    int64_t bytes = ir::dtype_size(*dtype);
    for (size_t d = 0; d < shape.size(); ++d) {
      // TFLite allows empty (0-sized) tensors; the lowering refuses to run them.
      if (shape[d] < 0) {
        fail(ErrorCode::kInvalid, path_, where,
             fmt::format("shape {} has dimension {} = {}; dimensions must not be negative "
                         "(unknown sizes belong in shape_signature)",
                         shape_string(shape), d, shape[d]));
      }
      bytes *= shape[d];  // cannot overflow: checked against the limit each step
      if (bytes > kMaxTensorBytes) {
        fail(ErrorCode::kLimit, path_, where,
             fmt::format("shape {} {} needs more than the {} byte limit per tensor",
                         shape_string(shape), ir::dtype_name(*dtype), kMaxTensorBytes));
      }
    }
    check_shape_signature(where, tensor, shape);
    check_buffer(where, tensor, shape, *dtype, bytes);
    check_quantization(where, tensor, shape, *dtype);
  }

  void check_shape_signature(const std::string& where, const ::tflite::Tensor& tensor,
                             const std::vector<int32_t>& shape) {
    const auto* sig = tensor.shape_signature();
    if (!sig) return;
    bool ok = sig->size() == shape.size();
    for (size_t d = 0; ok && d < shape.size(); ++d) {
      ok = sig->Get(d) == -1 || sig->Get(d) == shape[d];
    }
    if (!ok) {
      std::vector<int32_t> s(sig->begin(), sig->end());
      fail(ErrorCode::kInvalid, path_, where,
           fmt::format("shape_signature {} does not match shape {}", shape_string(s),
                       shape_string(shape)));
    }
  }

  void check_buffer(const std::string& where, const ::tflite::Tensor& tensor,
                    const std::vector<int32_t>& shape, ir::DType dtype, int64_t bytes) {
    const int num_buffers = size_of(model_.buffers());
    const uint32_t b = tensor.buffer();
    // Buffer 0 is TFLite's "no data" sentinel; tolerate files that omit it.
    if (b == 0 && num_buffers == 0) return;
    if (b >= static_cast<uint32_t>(num_buffers)) {
      fail(ErrorCode::kInvalid, path_, where,
           fmt::format("buffer index {} out of range (model has {} buffers)", b, num_buffers));
    }
    const auto data = buffer_data(*model_.buffers()->Get(b), file_);
    if (!data.empty() && static_cast<int64_t>(data.size()) != bytes) {
      fail(ErrorCode::kInvalid, path_, where,
           fmt::format("buffer has {} bytes, shape {} {} needs {}", data.size(),
                       shape_string(shape), ir::dtype_name(dtype), bytes));
    }
  }

  void check_quantization(const std::string& where, const ::tflite::Tensor& tensor,
                          const std::vector<int32_t>& shape, ir::DType dtype) {
    const auto* q = tensor.quantization();
    if (!q) return;
    if (q->details_type() != ::tflite::QuantizationDetails::NONE) {
      fail(ErrorCode::kUnsupported, path_, where, "custom quantization is not supported");
    }
    // An empty scale list means "not quantized" (float tensors may carry only min/max).
    const int n = size_of(q->scale());
    if (n == 0) return;
    spend(n + size_of(q->zero_point()), where);
    if (size_of(q->zero_point()) != n) {
      fail(ErrorCode::kInvalid, path_, where,
           fmt::format("quantization has {} scales but {} zero points", n,
                       size_of(q->zero_point())));
    }
    // The Verifier only checks a vector's length prefix for 4-byte alignment;
    // reading misaligned int64 zero points would be undefined behaviour.
    const auto zp_offset = static_cast<size_t>(q->zero_point()->Data() - file_.data());
    if (zp_offset % sizeof(int64_t) != 0) {
      fail(ErrorCode::kMalformed, path_, where,
           fmt::format("zero_point vector at file offset {} is not 8-byte aligned", zp_offset));
    }
    for (int i = 0; i < n; ++i) {
      const float scale = q->scale()->Get(i);
      if (!std::isfinite(scale) || scale <= 0.0f) {
        fail(ErrorCode::kInvalid, path_, where,
             fmt::format("quantization scale[{}] = {} must be positive and finite", i, scale));
      }
      const int64_t zp = q->zero_point()->Get(i);
      if (!zero_point_fits(dtype, zp)) {
        fail(ErrorCode::kInvalid, path_, where,
             fmt::format("zero_point[{}] = {} is out of range for {}", i, zp,
                         ir::dtype_name(dtype)));
      }
    }
    const int axis = q->quantized_dimension();
    const int rank = static_cast<int>(shape.size());
    if (axis < 0 || (n > 1 && axis >= rank)) {
      fail(ErrorCode::kInvalid, path_, where,
           fmt::format("quantized_dimension {} out of range for shape {}", axis,
                       shape_string(shape)));
    }
    if (n > 1 && shape[axis] != n) {
      fail(ErrorCode::kInvalid, path_, where,
           fmt::format("per-channel quantization has {} scales but dimension {} of shape {} "
                       "has {} entries",
                       n, axis, shape_string(shape), shape[axis]));
    }
  }

  const ::tflite::Model& model_;
  std::span<const uint8_t> file_;
  const std::string& path_;
  int64_t budget_ = 0;
};

}  // namespace

const ::tflite::Model& verify_flatbuffer(std::span<const uint8_t> file, const std::string& path) {
  if (file.empty()) fail(ErrorCode::kMalformed, path, "", "file is empty");
  // Room for the root offset and the 4-byte file identifier.
  if (file.size() < 8) {
    fail(ErrorCode::kMalformed, path, "",
         fmt::format("file has only {} bytes, too few for a TFLite model", file.size()));
  }
  if (!::tflite::ModelBufferHasIdentifier(file.data())) {
    const std::string_view id(reinterpret_cast<const char*>(file.data()) + 4, 4);
    fail(ErrorCode::kMalformed, path, "",
         fmt::format("not a TFLite model: file identifier is {}, expected 'TFL3'", quoted(id)));
  }
  const auto root = flatbuffers::ReadScalar<flatbuffers::uoffset_t>(file.data());
  if (root >= file.size()) {
    fail(ErrorCode::kMalformed, path, "",
         fmt::format("root table offset {} points past the end of the file ({} bytes): "
                     "the file is truncated or corrupt",
                     root, file.size()));
  }
  const size_t length = std::min(file.size(), kMaxVerifiedBytes);
  // Bounds the tables visited, so vectors sharing one table cannot make
  // verification quadratic; generous enough for any real model.
  const auto max_tables =
      static_cast<flatbuffers::uoffset_t>(std::max<size_t>(1'000'000, length / 4));
  flatbuffers::Verifier verifier(file.data(), length, kMaxDepth, max_tables);
  if (!::tflite::VerifyModelBuffer(verifier)) {
    fail(ErrorCode::kMalformed, path, "",
         fmt::format("flatbuffer verification failed ({} bytes): the file is truncated or "
                     "corrupt",
                     file.size()));
  }
  return *::tflite::GetModel(file.data());
}

void validate_structure(const ::tflite::Model& model, std::span<const uint8_t> file,
                        const std::string& path) {
  StructureChecker(model, file, path).run();
}

}  // namespace mote::tflite
