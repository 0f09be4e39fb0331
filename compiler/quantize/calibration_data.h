// Calibration inputs for post-training quantization: float samples for a
// model's single float input, read from .npy batches, raw float32 files or a
// directory of those.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace mote::quantize {

struct CalibrationSet {
  std::vector<std::vector<float>> samples;  // each holds input.num_elements() values
};

struct CalibrationOptions {
  // Raw files: elements between the starts of consecutive samples; 0 means
  // one full sample (no overlap). Lets a long spectrogram be read as windows.
  int64_t stride = 0;
  int max_samples = 0;  // 0: no limit
};

// `path` is one file or a directory (files taken in name order). A .npy holds
// float32/uint8/int8 values whose count is a multiple of the input's size
// (one sample or a batch); any other file is raw little-endian float32.
// Throws Error naming the file when it holds no whole sample.
CalibrationSet load_calibration(const std::string& path, const ir::Tensor& input,
                                const CalibrationOptions& options = {});

// Splits `values` into samples of `sample_size` starting every `stride`.
void append_windows(CalibrationSet& set, const std::vector<float>& values, int64_t sample_size,
                    int64_t stride, int max_samples);

}  // namespace mote::quantize
