// The randomized optimized-vs-reference kernel cases (tests/equivalence/) on
// the emulated Cortex-M4, where the kernels take their DSP (SMLAD/SXTB16)
// paths: the firmware (tests/equivalence/m4_main.c) exits with the number of
// mismatching cases, which must be 0.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "compiler/target/process.h"
#include "models/model_paths.h"
#include "models/target_cli.h"

namespace mote {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> sources_in(const fs::path& dir, const std::string& extension) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == extension) files.push_back(entry.path().string());
  }
  return files;
}

using OptimizedEquivalenceQemu = test::TargetCliTest;

TEST_F(OptimizedEquivalenceQemu, DspKernelsMatchTheReferenceOnTheBoard) {
  if (!target::find_program("qemu-system-arm") || !target::find_program("arm-none-eabi-g++")) {
    if (std::getenv("CI")) FAIL() << "qemu-system-arm / arm-none-eabi-g++ missing";
    GTEST_SKIP() << "qemu-system-arm / arm-none-eabi-g++ missing";
  }
  const fs::path src = test::detail::source_dir();
  const fs::path board = src / "targets" / "qemu-m4";
  const std::vector<std::string> arch = {"-mcpu=cortex-m4", "-mfpu=fpv4-sp-d16",
                                         "-mfloat-abi=hard", "-mthumb", "-O2",
                                         "-ffunction-sections", "-fdata-sections"};
  const std::vector<std::string> includes = {"-I" + (src / "runtime" / "include").string(),
                                             "-I" + (src / "tests" / "equivalence").string(),
                                             "-I" + board.string()};
  // Each group compiles in its own directory: reference/ and optimized/
  // share file names (depthwise_conv2d.cc), and so would their objects.
  std::vector<std::string> objects;
  const auto compile = [&](const std::string& compiler, const std::string& group,
                           std::vector<std::string> files, std::vector<std::string> extra) {
    const fs::path out = dir_ / group;
    fs::create_directories(out);
    for (const auto& f : files) objects.push_back((out / fs::path(f).stem()).string() + ".o");
    std::vector<std::string> argv = {compiler, "-c"};
    argv.insert(argv.end(), arch.begin(), arch.end());
    argv.insert(argv.end(), includes.begin(), includes.end());
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.insert(argv.end(), files.begin(), files.end());
    return target::run_process(argv, out, std::chrono::minutes(5));
  };
  std::vector<std::string> c_files = {(board / "startup.c").string(),
                                      (board / "semihost.c").string(),
                                      (board / "board.c").string(),
                                      (src / "tests" / "equivalence" / "m4_main.c").string()};
  const auto cc = compile("arm-none-eabi-gcc", "board", c_files, {"-std=gnu11"});
  ASSERT_EQ(cc.exit_code, 0) << cc.output;
  const std::vector<std::string> cxx_flags = {"-std=c++17", "-fno-exceptions", "-fno-rtti",
                                              "-fno-threadsafe-statics"};
  const auto cases = compile("arm-none-eabi-g++", "cases",
                             sources_in(src / "tests" / "equivalence", ".cc"), cxx_flags);
  ASSERT_EQ(cases.exit_code, 0) << cases.output;
  for (const char* set : {"reference", "optimized"}) {
    const auto kernels = compile("arm-none-eabi-g++", set,
                                 sources_in(src / "runtime" / "kernels" / set, ".cc"), cxx_flags);
    ASSERT_EQ(kernels.exit_code, 0) << kernels.output;
  }

  std::vector<std::string> link = {"arm-none-eabi-gcc"};  // no libstdc++ needed
  link.insert(link.end(), arch.begin(), arch.end());
  link.insert(link.end(), objects.begin(), objects.end());
  for (const char* flag : {"-nostartfiles", "--specs=nano.specs", "-Wl,--gc-sections", "-o",
                           "equivalence.elf"}) {
    link.push_back(flag);
  }
  link.push_back("-T" + (board / "qemu_m4.ld").string());
  const auto linked = target::run_process(link, dir_, std::chrono::minutes(2));
  ASSERT_EQ(linked.exit_code, 0) << linked.output;

  const auto run = target::run_process(
      {"qemu-system-arm", "-M", "mps2-an386", "-nographic", "-monitor", "none", "-serial", "none",
       "-semihosting-config", "enable=on,target=native", "-kernel",
       (dir_ / "equivalence.elf").string()},
      dir_, std::chrono::minutes(5));
  ASSERT_FALSE(run.timed_out);
  EXPECT_EQ(run.exit_code, 0) << run.output;  // the number of mismatching cases
  EXPECT_NE(run.output.find("conv: mismatches 0"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace mote
