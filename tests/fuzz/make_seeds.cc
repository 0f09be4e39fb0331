// Writes fuzz seeds: every op of every given .tflite file as a model of its
// own (its tensors, buffers and operator code; inputs become graph inputs).
// Small valid models let the fuzzer reach every op's validation, lowering
// and kernel at thousands of executions per second instead of a few.
//
//   make_seeds OUT_DIR MODEL.tflite...
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/tflite/schema_generated.h"

namespace fb = ::tflite;

namespace {

// Bytes per seed above which the op is skipped (its weights dominate).
constexpr size_t kMaxSeedBytes = 64 * 1024;

std::vector<uint8_t> pack(fb::ModelT& model) {
  flatbuffers::FlatBufferBuilder builder;
  fb::FinishModelBuffer(builder, fb::Model::Pack(builder, &model));
  return {builder.GetBufferPointer(), builder.GetBufferPointer() + builder.GetSize()};
}

// Model `source` reduced to op `o` of subgraph 0.
std::unique_ptr<fb::ModelT> single_op(const fb::ModelT& source, size_t o) {
  const fb::SubGraphT& sg = *source.subgraphs[0];
  const fb::OperatorT& op = *sg.operators[o];
  auto model = std::make_unique<fb::ModelT>();
  model->version = source.version;
  model->buffers.push_back(std::make_unique<fb::BufferT>());  // buffer 0: empty, by convention
  auto graph = std::make_unique<fb::SubGraphT>();
  std::map<int32_t, int32_t> tensor_map;
  auto map_tensor = [&](int32_t t) -> int32_t {
    if (t < 0) return t;
    if (auto it = tensor_map.find(t); it != tensor_map.end()) return it->second;
    auto copy = std::make_unique<fb::TensorT>(*sg.tensors[t]);
    const auto& data = source.buffers[copy->buffer]->data;
    if (!data.empty()) {
      auto buffer = std::make_unique<fb::BufferT>();
      buffer->data = data;
      copy->buffer = static_cast<uint32_t>(model->buffers.size());
      model->buffers.push_back(std::move(buffer));
    } else {
      copy->buffer = 0;
    }
    const int32_t index = static_cast<int32_t>(graph->tensors.size());
    graph->tensors.push_back(std::move(copy));
    tensor_map[t] = index;
    return index;
  };
  auto new_op = std::make_unique<fb::OperatorT>(op);
  model->operator_codes.push_back(std::make_unique<fb::OperatorCodeT>(*source.operator_codes[op.opcode_index]));
  new_op->opcode_index = 0;
  for (int32_t& t : new_op->inputs) {
    const bool constant = t >= 0 && !source.buffers[sg.tensors[t]->buffer]->data.empty();
    t = map_tensor(t);
    if (t >= 0 && !constant) graph->inputs.push_back(t);
  }
  for (int32_t& t : new_op->outputs) {
    t = map_tensor(t);
    graph->outputs.push_back(t);
  }
  graph->operators.push_back(std::move(new_op));
  model->subgraphs.push_back(std::move(graph));
  return model;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: make_seeds OUT_DIR MODEL.tflite...\n");
    return 2;
  }
  const std::filesystem::path out(argv[1]);
  std::filesystem::create_directories(out);
  int written = 0;
  for (int i = 2; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
    flatbuffers::Verifier verifier(bytes.data(), bytes.size());
    if (bytes.empty() || !fb::VerifyModelBuffer(verifier)) {
      std::fprintf(stderr, "make_seeds: %s is not a valid model, skipped\n", argv[i]);
      continue;
    }
    std::unique_ptr<fb::ModelT> model(fb::GetModel(bytes.data())->UnPack());
    if (model->subgraphs.empty()) continue;
    const std::string stem = std::filesystem::path(argv[i]).stem().string();
    for (size_t o = 0; o < model->subgraphs[0]->operators.size(); ++o) {
      auto seed = single_op(*model, o);
      const std::vector<uint8_t> packed = pack(*seed);
      if (packed.size() > kMaxSeedBytes) continue;
      std::ofstream(out / (stem + "_op" + std::to_string(o) + ".tflite"), std::ios::binary)
          .write(reinterpret_cast<const char*>(packed.data()), static_cast<std::streamsize>(packed.size()));
      ++written;
    }
  }
  std::printf("make_seeds: wrote %d seed model(s) to %s\n", written, out.c_str());
  return written > 0 ? 0 : 1;
}
