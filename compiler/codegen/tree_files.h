// The files a generated tree copies from the embedded sources: the runtime
// headers, only the kernel sources the model calls, and a board's files.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mote::codegen {

struct TreeFile {
  std::string path;           // inside the tree, e.g. "mote/kernels/reference/conv2d.cc"
  std::string_view contents;  // embedded bytes
};

// Every runtime header (under mote/include/) plus the kernel sources that
// define `functions`, whatever those sources call from other kernel sources,
// and the private headers beside them (e.g. kernels/optimized/*.h). Throws
// Error if a function is defined nowhere.
std::vector<TreeFile> runtime_files(const std::set<std::string>& functions);

// The runtime headers (as #include paths, e.g. "mote/kernels/conv2d.h")
// declaring `functions`, sorted.
std::vector<std::string> declaring_headers(const std::set<std::string>& functions);

// targets/NAME/** as target/**; empty when the board has no files.
std::vector<TreeFile> target_files(std::string_view target);

}  // namespace mote::codegen
