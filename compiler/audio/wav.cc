#include "compiler/audio/wav.h"

#include <fmt/format.h>

#include <fstream>
#include <iterator>

#include "compiler/ir/error.h"

namespace mote::audio {

namespace {

uint32_t u32(std::span<const uint8_t> b, size_t at) {
  return uint32_t(b[at]) | uint32_t(b[at + 1]) << 8 | uint32_t(b[at + 2]) << 16 |
         uint32_t(b[at + 3]) << 24;
}
uint16_t u16(std::span<const uint8_t> b, size_t at) { return uint16_t(b[at] | b[at + 1] << 8); }

constexpr uint16_t kFormatPcm = 1;
constexpr uint16_t kFormatExtensible = 0xFFFE;

}  // namespace

Wav parse_wav(std::span<const uint8_t> bytes, const std::string& path) {
  auto fail = [&](const std::string& what) {
    return Error(ErrorCode::kMalformed, fmt::format("{}: {}", path, what));
  };
  if (bytes.size() < 12 || std::string(bytes.begin(), bytes.begin() + 4) != "RIFF" ||
      std::string(bytes.begin() + 8, bytes.begin() + 12) != "WAVE") {
    throw fail("not a WAV file (no RIFF/WAVE header)");
  }
  Wav wav;
  int bits = 0;
  bool have_format = false;
  size_t at = 12;
  while (at + 8 <= bytes.size()) {
    const std::string id(bytes.begin() + at, bytes.begin() + at + 4);
    const uint64_t size = u32(bytes, at + 4);
    const size_t body = at + 8;
    if (size > bytes.size() - body) {
      throw fail(fmt::format("chunk '{}' at byte {} declares {} bytes but only {} remain", id, at,
                             size, bytes.size() - body));
    }
    if (id == "fmt ") {
      if (size < 16) throw fail(fmt::format("'fmt ' chunk is {} bytes, needs at least 16", size));
      uint16_t format = u16(bytes, body);
      wav.channels = u16(bytes, body + 2);
      const uint32_t rate = u32(bytes, body + 4);
      bits = u16(bytes, body + 14);
      if (format == kFormatExtensible) {
        if (size < 26) throw fail("WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk too short for its sub-format");
        format = u16(bytes, body + 24);
      }
      if (format != kFormatPcm) {
        throw fail(fmt::format("audio format {}{} is not supported: only 16-bit integer PCM (sox IN "
                               "-b 16 -e signed-integer OUT.wav converts)",
                               format, format == 3 ? " (IEEE float)" : ""));
      }
      if (bits != 16) {
        throw fail(fmt::format("{}-bit samples are not supported: only 16-bit PCM", bits));
      }
      if (wav.channels < 1) throw fail("'fmt ' chunk declares 0 channels");
      if (rate == 0 || rate > 1000000) throw fail(fmt::format("implausible sample rate {} Hz", rate));
      wav.sample_rate = static_cast<int>(rate);
      have_format = true;
    } else if (id == "data") {
      if (!have_format) throw fail("'data' chunk comes before the 'fmt ' chunk");
      const size_t frame_bytes = size_t(wav.channels) * 2;
      const size_t frames = size / frame_bytes;
      wav.samples.resize(frames);
      for (size_t f = 0; f < frames; ++f) {
        int32_t sum = 0;
        for (int c = 0; c < wav.channels; ++c) {
          sum += int16_t(u16(bytes, body + f * frame_bytes + size_t(c) * 2));
        }
        // Round half away from zero so a mono file maps to itself.
        const int32_t n = wav.channels;
        wav.samples[f] = int16_t(sum >= 0 ? (sum + n / 2) / n : -((-sum + n / 2) / n));
      }
      return wav;
    }
    at = body + size + (size & 1);  // chunks are padded to even length
  }
  throw fail(have_format ? "no 'data' chunk" : "no 'fmt ' chunk");
}

Wav read_wav(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kIo, fmt::format("{}: cannot open", path));
  const std::vector<uint8_t> bytes(std::istreambuf_iterator<char>(in), {});
  if (in.bad()) throw Error(ErrorCode::kIo, fmt::format("{}: read error", path));
  return parse_wav(bytes, path);
}

}  // namespace mote::audio
