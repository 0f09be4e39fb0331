// Fuzz target (a): bytes -> flatbuffer verifier -> structure check -> IR ->
// op validation. Every input must either load or throw mote::Error; anything
// else (a crash, a sanitizer report, another exception type) is a bug.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "compiler/ir/error.h"
#include "compiler/tflite/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    mote::tflite::load_model_bytes(std::vector<uint8_t>(data, data + size), "fuzz.tflite");
  } catch (const mote::Error&) {
  }
  return 0;
}
