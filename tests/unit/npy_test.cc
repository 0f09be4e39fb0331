// .npy reading (the `mote run --input` format): round trips, the header
// variants NumPy writes, and a named error for every malformed file.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/io/npy.h"
#include "compiler/ir/error.h"

namespace mote::io {
namespace {

// A version-1 .npy file with `header` (padded as NumPy pads it) and `data`.
std::vector<uint8_t> npy_file(std::string header, const std::vector<uint8_t>& data) {
  const size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::vector<uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                              static_cast<uint8_t>(header.size() & 0xFF),
                              static_cast<uint8_t>(header.size() >> 8)};
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

std::string error_of(const std::vector<uint8_t>& bytes) {
  try {
    parse_npy(bytes, "x.npy");
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kMalformed) << e.what();
    return e.what();
  }
  return "";
}

TEST(Npy, EncodeThenParseRoundTrips) {
  NpyArray a;
  a.dtype = ir::DType::kInt8;
  a.shape = {1, 49, 10};
  for (int i = 0; i < 490; ++i) a.data.push_back(static_cast<uint8_t>(i * 7));
  const NpyArray b = parse_npy(encode_npy(a), "x.npy");
  EXPECT_EQ(b.dtype, ir::DType::kInt8);
  EXPECT_EQ(b.shape, a.shape);
  EXPECT_EQ(b.data, a.data);
}

TEST(Npy, ReadsDoubleQuotedKeysScalarsAndOneTuples) {
  const NpyArray scalar = parse_npy(
      npy_file(R"({"descr": "<f4", "fortran_order": False, "shape": (), })", {0, 0, 128, 63}),
      "x.npy");
  EXPECT_TRUE(scalar.shape.empty());
  EXPECT_EQ(scalar.dtype, ir::DType::kFloat32);
  const NpyArray vec =
      parse_npy(npy_file("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", {1, 2, 3}),
                "x.npy");
  EXPECT_EQ(vec.shape, (std::vector<int64_t>{3}));
  EXPECT_EQ(vec.dtype, ir::DType::kUInt8);
}

TEST(Npy, MalformedFilesGetNamedErrors) {
  EXPECT_NE(error_of({1, 2, 3}).find("x.npy: not a .npy file"), std::string::npos);
  EXPECT_NE(error_of(npy_file("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }",
                              {0, 0, 0, 0}))
                .find("unsupported .npy dtype '>f4'"),
            std::string::npos);
  EXPECT_NE(error_of(npy_file("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }",
                              {0, 0, 0, 0}))
                .find("Fortran-order"),
            std::string::npos);
  EXPECT_NE(error_of(npy_file("{'descr': '|i1', 'fortran_order': False, 'shape': (-2,), }", {}))
                .find("bad .npy shape"),
            std::string::npos);
  EXPECT_NE(error_of(npy_file("{'descr': '|i1', 'fortran_order': False, 'shape': (4,), }", {1}))
                .find(".npy data has 1 bytes, shape needs 4"),
            std::string::npos);
  EXPECT_NE(error_of(npy_file("{'descr': '|i1', 'fortran_order': False, 'shape': "
                              "(99999, 99999, 99999), }",
                              {}))
                .find("too large"),
            std::string::npos);
  EXPECT_NE(error_of(npy_file("{'descr': '|i1', 'fortran_order': False}", {}))
                .find("no readable 'shape'"),
            std::string::npos);
}

TEST(Npy, HugeHostileHeaderIsRefusedWithoutRecursion) {
  // 60 KB of an unterminated tuple: a regex-based parser recursed per byte here.
  const std::string header = "{'descr': '|i1', 'fortran_order': False, 'shape': (" +
                             std::string(60000, '1');
  EXPECT_NE(error_of(npy_file(header, {})).find("x.npy"), std::string::npos);
}

}  // namespace
}  // namespace mote::io
