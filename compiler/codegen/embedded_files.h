// Files built into the mote binary (runtime headers and kernel sources,
// board support under targets/) that `mote compile` copies into a generated
// tree. Generated at build time by compiler/codegen/embed_files.cmake.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace mote::codegen {

struct EmbeddedFile {
  std::string_view path;  // relative to the source root, e.g. "runtime/include/mote/plan.h"
  std::span<const unsigned char> bytes;

  std::string_view text() const {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  }
};

// Every embedded file, sorted by path.
std::span<const EmbeddedFile> embedded_files();

}  // namespace mote::codegen
