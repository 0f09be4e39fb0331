// Reads PCM WAV files for the audio pipelines. The bytes come from outside:
// every malformed or unsupported file is refused with a mote::Error naming
// the file and the problem.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace mote::audio {

struct Wav {
  int sample_rate = 0;
  int channels = 0;              // of the file; `samples` is already mono
  std::vector<int16_t> samples;  // mono: multi-channel files are averaged
  double duration_s() const { return sample_rate ? double(samples.size()) / sample_rate : 0.0; }
};

// RIFF/WAVE with 16-bit integer PCM (format 1, or WAVE_FORMAT_EXTENSIBLE
// carrying PCM), any channel count.
Wav read_wav(const std::string& path);
Wav parse_wav(std::span<const uint8_t> bytes, const std::string& path_for_messages);

}  // namespace mote::audio
