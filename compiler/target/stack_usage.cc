#include "compiler/target/stack_usage.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace mote::target {

std::vector<StackFrame> read_stack_usage(const std::filesystem::path& dir) {
  std::vector<StackFrame> frames;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".su") continue;
    std::ifstream in(entry.path());
    std::string line;
    // "path/file.cc:12:6:void mote_conv2d(...)\t48\tstatic"
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string where, bytes, kind;
      if (!std::getline(fields, where, '\t') || !std::getline(fields, bytes, '\t')) continue;
      std::getline(fields, kind, '\t');
      size_t colon = 0;
      for (int n = 0; n < 3 && colon != std::string::npos; ++n) colon = where.find(':', colon + 1);
      StackFrame frame;
      frame.function = colon == std::string::npos ? where : where.substr(colon + 1);
      frame.source = where.substr(0, where.find(':'));
      frame.bytes = std::stoll(bytes);
      frame.bounded =
          kind.find("dynamic") == std::string::npos || kind.find("bounded") != std::string::npos;
      frames.push_back(frame);
    }
  }
  std::stable_sort(frames.begin(), frames.end(),
                   [](const StackFrame& a, const StackFrame& b) { return a.bytes > b.bytes; });
  return frames;
}

}  // namespace mote::target
