#include "compiler/target/stack_usage.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_set>

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

namespace {

// "void ns::f(const int*)" -> "f"; "main" -> "main".
std::string bare_name(const std::string& signature) {
  const size_t paren = signature.find('(');
  std::string name = signature.substr(0, paren);
  const size_t space = name.rfind(' ');
  if (space != std::string::npos) name = name.substr(space + 1);
  const size_t scope = name.rfind("::");
  return scope == std::string::npos ? name : name.substr(scope + 2);
}

}  // namespace

std::vector<StackFrame> linked_frames(const std::vector<StackFrame>& frames,
                                      const std::vector<std::string>& symbols) {
  const std::unordered_set<std::string> plain(symbols.begin(), symbols.end());
  std::vector<StackFrame> kept;
  for (const StackFrame& f : frames) {
    const std::string name = bare_name(f.function);
    // A mangled name holds the identifier as <length><name>.
    const std::string mangled_part = std::to_string(name.size()) + name;
    const bool linked = plain.count(name) > 0 ||
                        std::any_of(symbols.begin(), symbols.end(), [&](const std::string& s) {
                          return s.rfind("_Z", 0) == 0 && s.find(mangled_part) != std::string::npos;
                        });
    if (linked) kept.push_back(f);
  }
  return kept;
}

}  // namespace mote::target
