#include "compiler/audio/oww.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "compiler/ir/error.h"
#include "compiler/passes/infer_shapes.h"
#include "compiler/plan/executable.h"
#include "compiler/run/session.h"
#include "compiler/tflite/reader.h"

namespace mote::audio {

class FloatModel {
 public:
  // `role` names the model in errors ("melspectrogram", ...).
  FloatModel(ir::Model model, int64_t input_values, int64_t output_values, const char* role)
      : model_(std::move(model)) {
    const ir::Subgraph& graph = model_.subgraphs.at(0);
    if (graph.inputs.size() != 1 || graph.outputs.size() != 1) {
      throw Error(ErrorCode::kUsage,
                  fmt::format("{}: the {} model has {} inputs and {} outputs; openWakeWord needs "
                              "1 and 1",
                              model_.path, role, graph.inputs.size(), graph.outputs.size()));
    }
    check_tensor(graph.tensors[graph.inputs[0]], input_values, role, "input");
    check_tensor(graph.tensors[graph.outputs[0]], output_values, role, "output");
    executable_ = plan::Executable::build(model_);
    session_ = std::make_unique<run::Session>(*executable_);
  }

  std::vector<float> run(std::span<const float> input) {
    const mote_tensor_desc& in = executable_->plan().inputs[0];
    std::vector<uint8_t> bytes(in.bytes);
    if (in.dtype == MOTE_FLOAT32) {
      std::memcpy(bytes.data(), input.data(), bytes.size());
    } else {
      for (size_t i = 0; i < input.size(); ++i) {
        const float q = std::nearbyint(input[i] / in.scale) + float(in.zero_point);
        bytes[i] = static_cast<uint8_t>(static_cast<int8_t>(std::clamp(q, -128.0f, 127.0f)));
      }
    }
    session_->set_input(0, bytes);
    session_->invoke();
    const mote_tensor_desc& out = executable_->plan().outputs[0];
    const std::span<const uint8_t> raw = session_->output(0);
    std::vector<float> values(raw.size() / (out.dtype == MOTE_FLOAT32 ? 4 : 1));
    if (out.dtype == MOTE_FLOAT32) {
      std::memcpy(values.data(), raw.data(), raw.size());
    } else {
      for (size_t i = 0; i < values.size(); ++i) {
        values[i] = (float(static_cast<int8_t>(raw[i])) - float(out.zero_point)) * out.scale;
      }
    }
    return values;
  }

 private:
  void check_tensor(const ir::Tensor& t, int64_t values, const char* role, const char* what) const {
    const bool per_tensor_int8 =
        t.dtype == ir::DType::kInt8 && t.quant && t.quant->scale.size() == 1;
    if ((t.dtype != ir::DType::kFloat32 && !per_tensor_int8) || t.num_elements() != values) {
      throw Error(ErrorCode::kUsage,
                  fmt::format("{}: {} model {} '{}' is {} with {} values; openWakeWord needs {} "
                              "float32 (or per-tensor int8) values",
                              model_.path, role, what, t.name, ir::dtype_name(t.dtype),
                              t.num_elements(), values));
    }
  }

  ir::Model model_;  // the executable points into it
  std::unique_ptr<plan::Executable> executable_;
  std::unique_ptr<run::Session> session_;
};

OwwModelPaths OwwModelPaths::in_dir(const std::string& dir, const std::string& wakeword) {
  const std::filesystem::path d(dir);
  return {(d / "melspectrogram.tflite").string(), (d / "embedding_model.tflite").string(),
          wakeword};
}

namespace {

// "hey_jarvis_v0.1.tflite" -> "hey_jarvis".
std::string label_for(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  const size_t v = stem.rfind("_v");
  if (v != std::string::npos && v + 2 < stem.size() &&
      std::all_of(stem.begin() + v + 2, stem.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; })) {
    stem.resize(v);
  }
  return stem;
}

ir::Model load_melspectrogram(const std::string& path) {
  ir::Model model = tflite::load_model(path);
  passes::resize_inputs(model, {{1, oww::kMelInputSamples}});
  return model;
}

template <class T>
void append(std::vector<T>* trace, std::span<const T> values) {
  if (trace != nullptr) trace->insert(trace->end(), values.begin(), values.end());
}

}  // namespace

OwwListener::OwwListener(const OwwModelPaths& paths)
    : mel_(std::make_unique<FloatModel>(load_melspectrogram(paths.melspectrogram),
                                        oww::kMelInputSamples,
                                        oww::kMelFramesPerChunk * oww::kMelBands,
                                        "melspectrogram")),
      embedding_(std::make_unique<FloatModel>(tflite::load_model(paths.embedding),
                                              oww::kEmbeddingFrames * oww::kMelBands,
                                              oww::kEmbeddingValues, "embedding")),
      wakeword_(std::make_unique<FloatModel>(tflite::load_model(paths.wakeword),
                                             oww::kWakeWordEmbeddings * oww::kEmbeddingValues, 1,
                                             "wake-word")),
      label_(label_for(paths.wakeword)) {}

OwwListener::~OwwListener() = default;

std::vector<float> OwwListener::scores(std::span<const int16_t> stream, Trace* trace) {
  using namespace oww;
  // Sliding buffers, oldest first. The audio starts as silence, so the first
  // chunk, too, gets 1760 samples (480 zeros before it).
  std::vector<float> audio(kMelInputSamples, 0.0f);
  std::vector<float> mel(size_t(kEmbeddingFrames) * kMelBands, 1.0f);
  const std::vector<float> first_embedding = embedding_->run(mel);
  std::vector<float> embeddings;
  for (int i = 0; i < kWakeWordEmbeddings; ++i) {
    embeddings.insert(embeddings.end(), first_embedding.begin(), first_embedding.end());
  }
  const size_t chunks = stream.size() / kChunkSamples;
  std::vector<float> scores;
  for (size_t c = 0; c < chunks; ++c) {
    const auto chunk = stream.subspan(c * kChunkSamples, kChunkSamples);
    audio.erase(audio.begin(), audio.begin() + kChunkSamples);
    audio.insert(audio.end(), chunk.begin(), chunk.end());  // int16 values, unscaled

    const std::vector<float> mel_output = mel_->run(audio);
    std::vector<float> frames = mel_output;
    for (float& x : frames) x = x / 10.0f + 2.0f;
    mel.erase(mel.begin(), mel.begin() + frames.size());
    mel.insert(mel.end(), frames.begin(), frames.end());

    const std::vector<float> embedding = embedding_->run(mel);
    embeddings.erase(embeddings.begin(), embeddings.begin() + kEmbeddingValues);
    embeddings.insert(embeddings.end(), embedding.begin(), embedding.end());

    const float raw = wakeword_->run(embeddings)[0];
    scores.push_back(c < size_t(kWarmupScores) ? 0.0f : raw);
    if (trace != nullptr) {
      append<float>(&trace->mel_inputs, audio);
      append<float>(&trace->mel_outputs, mel_output);
      append<float>(&trace->embedding_inputs, mel);
      append<float>(&trace->embeddings, embedding);
      append<float>(&trace->wakeword_inputs, embeddings);
      trace->raw_scores.push_back(raw);
    }
  }
  return scores;
}

std::vector<Event> OwwListener::listen(std::span<const int16_t> stream, float threshold,
                                       Trace* trace) {
  const std::vector<float> s = scores(stream, trace);
  std::vector<Event> events;
  // One utterance keeps the score up for several chunks, with dips: after a
  // detection, ignore the next second.
  constexpr size_t kRefractoryChunks = oww::kSampleRate / oww::kChunkSamples;
  size_t quiet_until = 0;
  for (size_t c = 0; c < s.size(); ++c) {
    if (c < quiet_until || s[c] < threshold) continue;
    events.push_back(
        {label_, double((c + 1) * oww::kChunkSamples) / oww::kSampleRate, double(s[c])});
    quiet_until = c + 1 + kRefractoryChunks;
  }
  return events;
}

}  // namespace mote::audio
