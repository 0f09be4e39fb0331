// Replays fuzz inputs without libFuzzer: every file named on the command
// line, or every file under a named directory, goes through the target once.
// ctest uses this to keep every crash ever found (tests/fuzz/regressions/)
// and the real-model seeds fixed in the normal and sanitizer builds.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

int replay_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
    return 1;
  }
  const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int files = 0, failures = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg(argv[i]);
    if (std::filesystem::is_directory(arg)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
        if (!entry.is_regular_file()) continue;
        failures += replay_file(entry.path());
        ++files;
      }
    } else {
      failures += replay_file(arg);
      ++files;
    }
  }
  std::printf("replayed %d file(s)\n", files);
  // A missing corpus must not pass silently.
  return failures == 0 && files > 0 ? 0 : 1;
}
