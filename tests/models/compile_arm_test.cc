// A `mote compile` tree stands alone: copied to an empty directory it builds
// for a Cortex-M4F with nothing but the Arm GNU toolchain, through its
// Makefile and through its CMakeLists.txt, and the linked code holds no heap
// function, no interpreter and no kernel the model does not call. (Compile
// and link only; targets/ runs firmware in QEMU.)
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "compiler/codegen/kernel_calls.h"
#include "models/arm_symbols.h"
#include "models/compile_tree.h"

namespace mote {
namespace {

namespace fs = std::filesystem;
using test::arm_symbols;
using test::expect_no_heap;

bool has_symbol(const std::vector<std::string>& symbols, const std::string& name) {
  return std::find(symbols.begin(), symbols.end(), name) != symbols.end();
}

TEST(CompileArmTest, CopiedTreeBuildsWithMakeAndCMakeWithoutHeap) {
  MOTE_REQUIRE_MODELS();
  if (test::run_command("arm-none-eabi-gcc --version").exit_code != 0) {
    if (std::getenv("CI")) FAIL() << "arm-none-eabi-gcc missing";
    GTEST_SKIP() << "arm-none-eabi-gcc missing";
  }
  const ir::Model model = tflite::load_model(test::mlperf_model("kws_ds_cnn_int8").string());
  const auto executable = plan::Executable::build(model);
  const fs::path dir = test::fresh_dir("arm_kws");
  codegen::emit_c(*executable, dir / "emitted", {});
  const fs::path tree = dir / "tree";
  fs::copy(dir / "emitted", tree, fs::copy_options::recursive);

  // make, arm-none-eabi by default.
  MOTE_RUN_OK("make -s -C " + test::quoted(tree) + " -j2");
  ASSERT_TRUE(fs::exists(tree / "libmote_model.a"));
  expect_no_heap(tree / "libmote_model.a");

  // Linked with --gc-sections from a caller of the API: only what invoke reaches stays.
  const fs::path probe = dir / "probe.c";
  std::ofstream(probe) << "#include \"model.h\"\n"
                          "int mote_probe(void) {\n"
                          "  return mote_model_init() + mote_model_invoke() +\n"
                          "         (mote_model_output(0) != 0) + (mote_model_input_desc(0) != 0);\n"
                          "}\n";
  const fs::path elf = dir / "probe.elf";
  MOTE_RUN_OK("arm-none-eabi-gcc -mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard -mthumb -O2 "
              "-nostartfiles -Wl,--gc-sections -Wl,-e,mote_probe -I" + test::quoted(tree) +
              " -I" + test::quoted(tree / "mote/include") + " " + test::quoted(probe) + " " +
              test::quoted(tree / "libmote_model.a") + " -o " + test::quoted(elf));
  expect_no_heap(elf);
  const std::vector<std::string> linked = arm_symbols(elf);
  // Every kernel the plan calls (whichever the lowering chose) is linked.
  std::set<std::string> used;
  for (const plan::Step& step : executable->program().steps) {
    used.insert(codegen::kernel_call(step.kernel).function);
  }
  EXPECT_GE(used.size(), 4u);
  for (const std::string& function : used) EXPECT_TRUE(has_symbol(linked, function)) << function;
  // Kernels the model does not call, though their source files are in the
  // tree, and the interpreter's adapters are not linked.
  for (const char* unused : {"mote_conv2d_f32", "mote_conv2d_hybrid", "mote_entry_conv2d_s8",
                             "mote_invoke"}) {
    EXPECT_FALSE(has_symbol(linked, unused)) << unused;
  }

  // CMake with the tree's arm-none-eabi toolchain file.
  const fs::path build = dir / "cmake-build";
  MOTE_RUN_OK("cmake -S " + test::quoted(tree) + " -B " + test::quoted(build) +
              " -G 'Unix Makefiles'");
  MOTE_RUN_OK("cmake --build " + test::quoted(build) + " -j2");
  ASSERT_TRUE(fs::exists(build / "libmote_model.a"));
  expect_no_heap(build / "libmote_model.a");
  EXPECT_TRUE(has_symbol(arm_symbols(build / "libmote_model.a"), "mote_model_invoke"));
}

}  // namespace
}  // namespace mote
