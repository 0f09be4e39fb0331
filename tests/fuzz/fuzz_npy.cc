// Fuzz target (c): the .npy parser that reads `mote run --input` files.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "compiler/io/npy.h"
#include "compiler/ir/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    mote::io::parse_npy(std::vector<uint8_t>(data, data + size), "fuzz.npy");
  } catch (const mote::Error&) {
  }
  return 0;
}
