#include "compiler/io/npy.h"

#include <fmt/format.h>

#include <cstring>
#include <fstream>
#include <cctype>

#include "compiler/ir/error.h"

namespace mote::io {

namespace {

constexpr char kMagic[] = "\x93NUMPY";

struct DescrType {
  const char* descr;
  ir::DType dtype;
};
constexpr DescrType kDescrs[] = {
    {"<f4", ir::DType::kFloat32}, {"|i1", ir::DType::kInt8},  {"|u1", ir::DType::kUInt8},
    {"<i2", ir::DType::kInt16},   {"<i4", ir::DType::kInt32}, {"<i8", ir::DType::kInt64},
    {"|b1", ir::DType::kBool},    {"i1", ir::DType::kInt8},   {"u1", ir::DType::kUInt8},
    {"b1", ir::DType::kBool},
};

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw Error(ErrorCode::kMalformed, fmt::format("{}: {}", path, what));
}

// The value of `key` in the header's Python dict literal: a tuple "(...)",
// a quoted string, or a bare word (True/False). A plain scan, not std::regex:
// libstdc++'s regex recurses per character and a hostile 64 KB header could
// exhaust the stack.
std::string dict_value(const std::string& header, const std::string& key, const std::string& path) {
  for (const char quote : {'\'', '"'}) {
    const std::string quoted_key = std::string(1, quote) + key + quote;
    size_t p = header.find(quoted_key);
    if (p == std::string::npos) continue;
    p += quoted_key.size();
    while (p < header.size() && header[p] == ' ') ++p;
    if (p >= header.size() || header[p] != ':') break;
    ++p;
    while (p < header.size() && header[p] == ' ') ++p;
    if (p >= header.size()) break;
    size_t end = std::string::npos;
    if (header[p] == '(') {
      end = header.find(')', p);
    } else if (header[p] == '\'' || header[p] == '"') {
      end = header.find(header[p], p + 1);
    } else {
      end = p;
      while (end < header.size() && std::isalpha(static_cast<unsigned char>(header[end]))) ++end;
      if (end == p) break;
      return header.substr(p, end - p);
    }
    if (end == std::string::npos) break;
    return header.substr(p, end - p + 1);
  }
  fail(path, fmt::format("npy header has no readable '{}'", key));
}

// "(1, 49, 10)" -> {1, 49, 10}; "()" -> {} (a scalar).
std::vector<int64_t> parse_shape(const std::string& tuple, const std::string& path) {
  std::vector<int64_t> dims;
  size_t p = 1;  // past '('
  while (p + 1 < tuple.size()) {
    const char c = tuple[p];
    if (c == ' ' || c == ',') {
      ++p;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      fail(path, fmt::format("bad .npy shape {}", tuple.substr(0, 40)));
    }
    int64_t d = 0;
    while (p + 1 < tuple.size() && std::isdigit(static_cast<unsigned char>(tuple[p]))) {
      d = d * 10 + (tuple[p] - '0');
      if (d > (int64_t{1} << 31)) fail(path, ".npy array too large");
      ++p;
    }
    dims.push_back(d);
  }
  return dims;
}

}  // namespace

NpyArray parse_npy(const std::vector<uint8_t>& bytes, const std::string& path) {
  if (bytes.size() < 10 || std::memcmp(bytes.data(), kMagic, 6) != 0) {
    fail(path, "not a .npy file (bad magic)");
  }
  const uint8_t major = bytes[6];
  size_t header_len = 0, header_start = 0;
  if (major == 1) {
    header_len = bytes[8] | (bytes[9] << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) fail(path, "truncated .npy header");
    header_len = bytes[8] | (bytes[9] << 8) | (bytes[10] << 16) | (size_t(bytes[11]) << 24);
    header_start = 12;
  } else {
    fail(path, fmt::format("unsupported .npy version {}", major));
  }
  if (header_len > 65536 || header_start + header_len > bytes.size()) {
    fail(path, "truncated or oversized .npy header");
  }
  const std::string header(bytes.begin() + header_start, bytes.begin() + header_start + header_len);
  NpyArray array;
  std::string descr = dict_value(header, "descr", path);
  descr = descr.substr(1, descr.size() - 2);
  bool known = false;
  for (const DescrType& d : kDescrs) {
    if (descr == d.descr) {
      array.dtype = d.dtype;
      known = true;
    }
  }
  if (!known) fail(path, fmt::format("unsupported .npy dtype '{}'", descr));
  if (dict_value(header, "fortran_order", path) != "False") {
    fail(path, "Fortran-order .npy arrays are not supported");
  }
  array.shape = parse_shape(dict_value(header, "shape", path), path);
  uint64_t count = 1;
  for (const int64_t d : array.shape) {
    count *= static_cast<uint64_t>(d);
    if (count > (1ull << 31)) fail(path, ".npy array too large");
  }
  const uint64_t expected = count * ir::dtype_size(array.dtype);
  const size_t data_start = header_start + header_len;
  if (bytes.size() - data_start != expected) {
    fail(path, fmt::format(".npy data has {} bytes, shape needs {}", bytes.size() - data_start,
                           expected));
  }
  array.data.assign(bytes.begin() + data_start, bytes.end());
  return array;
}

NpyArray read_npy(const std::string& path) { return parse_npy(read_file_bytes(path), path); }

std::vector<uint8_t> encode_npy(const NpyArray& array) {
  const char* descr = "<f4";
  for (const DescrType& d : kDescrs) {
    if (d.dtype == array.dtype) {
      descr = d.descr;
      break;
    }
  }
  std::string shape;
  for (size_t i = 0; i < array.shape.size(); ++i) {
    shape += fmt::format("{}{}", i ? ", " : "", array.shape[i]);
  }
  if (array.shape.size() == 1) shape += ",";  // a 1-tuple is "(5,)"
  std::string header =
      fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': ({}), }}", descr, shape);
  // Pad so the data starts 64-byte aligned; the header ends with '\n'.
  const size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::vector<uint8_t> out(kMagic, kMagic + 6);
  out.push_back(1);
  out.push_back(0);
  out.push_back(static_cast<uint8_t>(header.size() & 0xFF));
  out.push_back(static_cast<uint8_t>(header.size() >> 8));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), array.data.begin(), array.data.end());
  return out;
}

void write_npy(const std::string& path, const NpyArray& array) {
  write_file_bytes(path, encode_npy(array));
}

std::vector<uint8_t> read_file_bytes(const std::string& path, uint64_t max_bytes) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw Error(ErrorCode::kIo, fmt::format("{}: cannot open file", path));
  const std::streamoff size = in.tellg();
  if (size < 0) throw Error(ErrorCode::kIo, fmt::format("{}: cannot read file", path));
  if (static_cast<uint64_t>(size) > max_bytes) {
    throw Error(ErrorCode::kLimit,
                fmt::format("{}: file has {} bytes, limit is {}", path, size, max_bytes));
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  in.seekg(0);
  if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size)) {
    throw Error(ErrorCode::kIo, fmt::format("{}: read failed", path));
  }
  return bytes;
}

void write_file_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(ErrorCode::kIo, fmt::format("{}: cannot create file", path));
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw Error(ErrorCode::kIo, fmt::format("{}: write failed", path));
}

}  // namespace mote::io
