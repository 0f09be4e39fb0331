#include "compiler/quantize/model_runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "compiler/ir/error.h"

namespace mote::quantize {

namespace {

float scale_of(const ir::Tensor& t) { return t.quant && !t.quant->scale.empty() ? t.quant->scale[0] : 1.0f; }
int64_t zero_point_of(const ir::Tensor& t) {
  return t.quant && !t.quant->zero_point.empty() ? t.quant->zero_point[0] : 0;
}

}  // namespace

std::vector<float> real_values(const ir::Tensor& tensor, std::span<const uint8_t> bytes) {
  const float scale = scale_of(tensor);
  const int64_t zp = zero_point_of(tensor);
  std::vector<float> values;
  switch (tensor.dtype) {
    case ir::DType::kFloat32:
      values.resize(bytes.size() / 4);
      std::memcpy(values.data(), bytes.data(), values.size() * 4);
      break;
    case ir::DType::kInt8:
      values.reserve(bytes.size());
      for (uint8_t b : bytes) values.push_back(scale * static_cast<float>(static_cast<int8_t>(b) - zp));
      break;
    case ir::DType::kUInt8:
      values.reserve(bytes.size());
      for (uint8_t b : bytes) values.push_back(scale * static_cast<float>(b - zp));
      break;
    case ir::DType::kInt32:
      values.resize(bytes.size() / 4);
      for (size_t i = 0; i < values.size(); ++i) {
        int32_t v;
        std::memcpy(&v, bytes.data() + i * 4, 4);
        values[i] = scale * static_cast<float>(v - zp);
      }
      break;
    default:
      break;  // other types carry no real values the quantizer looks at
  }
  return values;
}

std::vector<uint8_t> tensor_bytes(const ir::Tensor& tensor, std::span<const float> values) {
  std::vector<uint8_t> bytes;
  if (tensor.dtype == ir::DType::kFloat32) {
    bytes.resize(values.size() * 4);
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
  }
  const bool is_int8 = tensor.dtype == ir::DType::kInt8;
  if (!is_int8 && tensor.dtype != ir::DType::kUInt8) {
    throw Error(ErrorCode::kUnsupported,
                fmt::format("input '{}' is {}; only float32, int8 and uint8 inputs take samples",
                            tensor.name, ir::dtype_name(tensor.dtype)));
  }
  const float scale = scale_of(tensor);
  const int64_t zp = zero_point_of(tensor);
  const long lo = is_int8 ? -128 : 0, hi = is_int8 ? 127 : 255;
  bytes.reserve(values.size());
  for (float v : values) {
    const long q = std::clamp<long>(std::lround(v / scale) + zp, lo, hi);
    bytes.push_back(static_cast<uint8_t>(q));
  }
  return bytes;
}

ModelRunner::ModelRunner(const ir::Model& model) : model_(model) {
  if (model.subgraphs.empty() || model.subgraphs[0].inputs.size() != 1) {
    throw Error(ErrorCode::kUnsupported,
                fmt::format("{}: quantization needs a model with exactly one input", model.path));
  }
  executable_ = plan::Executable::build(model);
  session_ = std::make_unique<run::Session>(*executable_);
}

void ModelRunner::run(std::span<const float> sample, const TensorCallback& on_tensor) {
  const int input = graph().inputs[0];
  const ir::Tensor& tensor = graph().tensors[input];
  const std::vector<uint8_t> bytes = tensor_bytes(tensor, sample);
  session_->set_input(0, bytes);
  if (!on_tensor) {
    session_->invoke();
    return;
  }
  on_tensor(input, real_values(tensor, bytes));
  session_->invoke([&](int t, std::span<const uint8_t> written) {
    const std::vector<float> values = real_values(graph().tensors[t], written);
    on_tensor(t, values);
  });
}

std::vector<float> ModelRunner::output(int index) const {
  const int t = graph().outputs[index];
  return real_values(graph().tensors[t], session_->output(index));
}

}  // namespace mote::quantize
