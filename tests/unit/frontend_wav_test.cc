// WAV parsing: the files come from outside, so every malformed header is a
// clear mote::Error, never a crash or a silent misread.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "compiler/audio/wav.h"
#include "compiler/ir/error.h"

namespace mote::audio {
namespace {

void put16(std::vector<uint8_t>& b, uint16_t v) { b.push_back(v & 0xFF); b.push_back(v >> 8); }
void put32(std::vector<uint8_t>& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back((v >> (8 * i)) & 0xFF);
}
void put_id(std::vector<uint8_t>& b, const char* id) { b.insert(b.end(), id, id + 4); }

struct WavSpec {
  uint16_t format = 1, channels = 1, bits = 16;
  uint32_t rate = 16000;
  std::vector<int16_t> samples = {0, 1000, -1000, 32767, -32768};
  bool extra_chunk = false;
};

std::vector<uint8_t> make_wav(const WavSpec& s) {
  std::vector<uint8_t> b;
  put_id(b, "RIFF");
  put32(b, 0);  // patched below
  put_id(b, "WAVE");
  if (s.extra_chunk) {  // odd-sized chunk: padded to even length
    put_id(b, "LIST");
    put32(b, 3);
    b.insert(b.end(), {'a', 'b', 'c', 0});
  }
  put_id(b, "fmt ");
  put32(b, 16);
  put16(b, s.format);
  put16(b, s.channels);
  put32(b, s.rate);
  put32(b, s.rate * s.channels * s.bits / 8);
  put16(b, uint16_t(s.channels * s.bits / 8));
  put16(b, s.bits);
  put_id(b, "data");
  put32(b, uint32_t(s.samples.size() * 2));
  for (int16_t v : s.samples) put16(b, uint16_t(v));
  const uint32_t riff = uint32_t(b.size() - 8);
  std::memcpy(b.data() + 4, &riff, 4);
  return b;
}

std::string error_of(const std::vector<uint8_t>& bytes) {
  try {
    parse_wav(bytes, "x.wav");
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kMalformed);
    return e.what();
  }
  return "";
}

TEST(FrontendWav, ReadsMonoPcmAndSkipsOtherChunks) {
  WavSpec spec;
  spec.extra_chunk = true;
  const Wav wav = parse_wav(make_wav(spec), "x.wav");
  EXPECT_EQ(wav.sample_rate, 16000);
  EXPECT_EQ(wav.channels, 1);
  EXPECT_EQ(wav.samples, spec.samples);
}

TEST(FrontendWav, AveragesChannels) {
  WavSpec spec;
  spec.channels = 2;
  spec.samples = {100, 300, -100, -300, 32767, 32767, 1, 2};
  const Wav wav = parse_wav(make_wav(spec), "x.wav");
  EXPECT_EQ(wav.samples, (std::vector<int16_t>{200, -200, 32767, 2}));
}

TEST(FrontendWav, RefusesMalformedAndUnsupportedFiles) {
  EXPECT_NE(error_of({}).find("not a WAV file"), std::string::npos);
  EXPECT_NE(error_of({'R', 'I', 'F', 'F', 0, 0, 0, 0, 'A', 'V', 'I', ' '}).find("not a WAV"),
            std::string::npos);
  WavSpec f;
  f.format = 3;
  EXPECT_NE(error_of(make_wav(f)).find("audio format 3"), std::string::npos);
  WavSpec b;
  b.bits = 8;
  EXPECT_NE(error_of(make_wav(b)).find("8-bit"), std::string::npos);
  WavSpec c;
  c.channels = 0;
  EXPECT_NE(error_of(make_wav(c)).find("0 channels"), std::string::npos);
  WavSpec r;
  r.rate = 0;
  EXPECT_NE(error_of(make_wav(r)).find("sample rate"), std::string::npos);

  const auto good = make_wav({});
  // Every truncation is refused by name, never read past the end.
  for (size_t n = 0; n + 1 < good.size(); ++n) {
    const std::string msg = error_of({good.begin(), good.begin() + n});
    EXPECT_NE(msg.find("x.wav: "), std::string::npos) << n;
  }
  auto no_data = good;
  no_data[36] = 'D';
  EXPECT_NE(error_of(no_data).find("no 'data' chunk"), std::string::npos);
  auto huge = good;
  huge[40] = 0xFF, huge[41] = 0xFF, huge[42] = 0xFF, huge[43] = 0xFF;
  EXPECT_NE(error_of(huge).find("declares 4294967295 bytes"), std::string::npos);
}

TEST(FrontendWav, MissingFileIsAnIoError) {
  try {
    read_wav("/nonexistent/x.wav");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIo);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/x.wav"), std::string::npos);
  }
}

}  // namespace
}  // namespace mote::audio
