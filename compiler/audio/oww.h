// The openWakeWord pipeline on the host runtime: three models in a stream.
//   audio (16 kHz int16, values fed as float WITHOUT scaling) in chunks of
//   1280 samples (80 ms) -> melspectrogram model on the last 1760 samples
//   (the chunk + 480 samples of overlap) -> 8 frames x 32 bands, scaled
//   x/10 + 2 -> embedding model on the last 76 frames [1,76,32,1] -> one
//   96-value embedding per chunk -> wake-word model on the last 16 embeddings
//   [1,16,96] -> score; a detection when the score reaches 0.5.
// At start the mel buffer holds 76 frames of ones and the first 5 scores are
// forced to 0 (openWakeWord's Python reference). The npm package's own
// JavaScript scales input to [-1, 1] and drops the overlap; this follows the
// Python reference instead. The embedding buffer starts with 16 copies of
// the embedding of the all-ones mel window (the Python reference starts it
// from random noise); after 16 chunks (1.28 s) the start no longer matters.
// Models with int8 inputs/outputs are quantized/dequantized at the edges.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "compiler/audio/listen.h"
#include "compiler/ir/ir.h"

namespace mote::audio {

namespace oww {
inline constexpr int kSampleRate = 16000;
inline constexpr int kChunkSamples = 1280;
inline constexpr int kMelInputSamples = 1760;  // chunk + 480 (3 x 160-sample hops of overlap)
inline constexpr int kMelFramesPerChunk = 8;
inline constexpr int kMelBands = 32;
inline constexpr int kEmbeddingFrames = 76;
inline constexpr int kEmbeddingValues = 96;
inline constexpr int kWakeWordEmbeddings = 16;
inline constexpr int kWarmupScores = 5;  // forced to 0
inline constexpr float kThreshold = 0.5f;
}  // namespace oww

// One model with float-valued I/O as the pipeline sees it (int8 models get
// their input quantized and output dequantized with the tensors' parameters).
class FloatModel;

struct OwwModelPaths {
  std::string melspectrogram, embedding, wakeword;
  // The three models in `dir` (melspectrogram.tflite, embedding_model.tflite)
  // plus the given wake-word model.
  static OwwModelPaths in_dir(const std::string& dir, const std::string& wakeword);
};

class OwwListener {
 public:
  // Loads and plans the three models (the melspectrogram model is resized to
  // 1760 samples); the label is the wake-word file's stem without "_vN.N".
  explicit OwwListener(const OwwModelPaths& paths);
  ~OwwListener();

  // Per whole chunk of `stream`, in order: the model inputs and outputs.
  struct Trace {
    std::vector<float> mel_inputs;        // 1760 per chunk
    std::vector<float> mel_outputs;       // 8 x 32 per chunk, as the model gives them
    std::vector<float> embedding_inputs;  // 76 x 32 per chunk
    std::vector<float> embeddings;        // 96 per chunk
    std::vector<float> wakeword_inputs;   // 16 x 96 per chunk
    std::vector<float> raw_scores;        // wake-word model output, before warm-up forcing
  };
  // One score per whole chunk (the first 5 are 0); a trailing partial
  // chunk is ignored. Starts from the initial state on every call.
  std::vector<float> scores(std::span<const int16_t> stream, Trace* trace = nullptr);
  // A detection where the score reaches the threshold (time: end of that
  // chunk); none in the 1 s (12 chunks) after a detection.
  std::vector<Event> listen(std::span<const int16_t> stream, float threshold = oww::kThreshold,
                            Trace* trace = nullptr);
  const std::string& label() const { return label_; }

 private:
  std::unique_ptr<FloatModel> mel_, embedding_, wakeword_;
  std::string label_;
};

}  // namespace mote::audio
