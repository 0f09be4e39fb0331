#include "compiler/quantize/calibration_data.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "compiler/io/npy.h"
#include "compiler/ir/error.h"

namespace mote::quantize {

namespace {

std::vector<float> npy_values(const std::string& path) {
  const io::NpyArray a = io::read_npy(path);
  std::vector<float> values;
  switch (a.dtype) {
    case ir::DType::kFloat32:
      values.resize(a.data.size() / 4);
      std::memcpy(values.data(), a.data.data(), values.size() * 4);
      break;
    case ir::DType::kUInt8:
      values.assign(a.data.begin(), a.data.end());
      break;
    case ir::DType::kInt8:
      for (uint8_t b : a.data) values.push_back(static_cast<float>(static_cast<int8_t>(b)));
      break;
    default:
      throw Error(ErrorCode::kUsage,
                  fmt::format("{}: calibration .npy must be float32, uint8 or int8, not {}", path,
                              ir::dtype_name(a.dtype)));
  }
  return values;
}

std::vector<float> raw_float_values(const std::string& path) {
  const std::vector<uint8_t> bytes = io::read_file_bytes(path);
  if (bytes.size() % 4 != 0) {
    throw Error(ErrorCode::kUsage,
                fmt::format("{}: {} bytes is not a whole number of float32 values", path,
                            bytes.size()));
  }
  std::vector<float> values(bytes.size() / 4);
  std::memcpy(values.data(), bytes.data(), bytes.size());
  return values;
}

void load_file(CalibrationSet& set, const std::string& path, const ir::Tensor& input,
               const CalibrationOptions& options) {
  const int64_t size = input.num_elements();
  const bool npy = std::filesystem::path(path).extension() == ".npy";
  const std::vector<float> values = npy ? npy_values(path) : raw_float_values(path);
  if (static_cast<int64_t>(values.size()) < size) {
    throw Error(ErrorCode::kUsage,
                fmt::format("{}: {} values, fewer than one sample of input '{}' ({} values)", path,
                            values.size(), input.name, size));
  }
  if (npy && values.size() % size != 0) {
    throw Error(ErrorCode::kUsage,
                fmt::format("{}: {} values is not a whole number of samples of input '{}' ({})",
                            path, values.size(), input.name, size));
  }
  append_windows(set, values, size, npy ? size : options.stride, options.max_samples);
}

}  // namespace

void append_windows(CalibrationSet& set, const std::vector<float>& values, int64_t sample_size,
                    int64_t stride, int max_samples) {
  if (stride <= 0) stride = sample_size;
  for (int64_t start = 0; start + sample_size <= static_cast<int64_t>(values.size());
       start += stride) {
    if (max_samples > 0 && static_cast<int>(set.samples.size()) >= max_samples) return;
    set.samples.emplace_back(values.begin() + start, values.begin() + start + sample_size);
  }
}

CalibrationSet load_calibration(const std::string& path, const ir::Tensor& input,
                                const CalibrationOptions& options) {
  CalibrationSet set;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
      if (entry.is_regular_file()) files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    for (const std::string& file : files) load_file(set, file, input, options);
  } else if (std::filesystem::exists(path, ec)) {
    load_file(set, path, input, options);
  } else {
    throw Error(ErrorCode::kIo, fmt::format("{}: no such calibration file or directory", path));
  }
  if (set.samples.empty()) {
    throw Error(ErrorCode::kUsage, fmt::format("{}: no calibration samples found", path));
  }
  return set;
}

}  // namespace mote::quantize
