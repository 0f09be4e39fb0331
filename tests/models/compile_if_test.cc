// IF in a `mote compile` tree: each branch is a static function over the IF
// step's arena region, called directly. Built for the host, the tree must
// compute what the host runtime (`mote run`) does on both branch outcomes; built for
// a Cortex-M4F it must hold no heap function and no interpreter (mote_invoke).
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "compiler/io/random_input.h"
#include "compiler/run/session.h"
#include "models/arm_symbols.h"
#include "models/compile_tree.h"
#include "models/oww_models.h"
#include "unit/if_test_model.h"

namespace mote {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

// The tree of `exe` built with the host compiler and linked with the harness.
fs::path build_host(const plan::Executable& exe, const std::string& name) {
  const fs::path dir = test::fresh_dir(name);
  codegen::emit_c(exe, dir / "tree", {});
  const test::CommandResult made = test::run_command(
      "make -s -C " + test::quoted(dir / "tree") + " -j2 CROSS= ARCH_FLAGS= CFLAGS='-Wall -Werror'");
  EXPECT_EQ(made.exit_code, 0) << made.output;
  const fs::path harness = fs::path(MOTE_SOURCE_DIR) / "tests/models/compile_host_main.c";
  const test::CommandResult linked = test::run_command(
      "cc -I" + test::quoted(dir / "tree") + " -I" + test::quoted(dir / "tree/mote/include") + " " +
      test::quoted(harness) + " " + test::quoted(dir / "tree/libmote_model.a") + " -o " +
      test::quoted(dir / "host_model"));
  EXPECT_EQ(linked.exit_code, 0) << linked.output;
  return dir;
}

// Output 0 of the host-built tree in `dir` for `inputs`.
Bytes run_compiled(const fs::path& dir, const std::vector<Bytes>& inputs) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::ofstream(dir / ("input" + std::to_string(i) + ".bin"), std::ios::binary)
        .write(reinterpret_cast<const char*>(inputs[i].data()),
               static_cast<std::streamsize>(inputs[i].size()));
  }
  fs::remove(dir / "output0.bin");
  const test::CommandResult r = test::run_command(test::quoted(dir / "host_model") + " " +
                                                  test::quoted(dir));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(dir / "output0.bin", std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

Bytes run_host(run::Session& session, const std::vector<Bytes>& inputs) {
  for (size_t i = 0; i < inputs.size(); ++i) session.set_input(static_cast<int>(i), inputs[i]);
  session.invoke();
  const auto out = session.output(0);
  return Bytes(out.begin(), out.end());
}

template <class T>
Bytes bytes_of(const std::vector<T>& values) {
  Bytes b(values.size() * sizeof(T));
  std::memcpy(b.data(), values.data(), b.size());
  return b;
}

TEST(CompileIf, HandBuiltIfMatchesTheRuntimeOnBothBranches) {
  const auto m = if_test::if_model();
  const auto exe = plan::Executable::build(m->model);
  const fs::path dir = build_host(*exe, "if_host");
  run::Session session(*exe);
  const std::vector<float> x = {1.5f, -2.0f, 3.0f, 0.25f};
  std::vector<float> then_y(4), else_y(4);
  for (int i = 0; i < 4; ++i) then_y[i] = x[i] + m->weights[i], else_y[i] = x[i] * x[i];
  for (int round = 0; round < 2; ++round) {  // the region is reused: alternate branches
    for (const float a : {0.0f, -0.5f}) {
      const std::vector<Bytes> inputs = {bytes_of<float>({a}), bytes_of(x)};
      const Bytes compiled = run_compiled(dir, inputs);
      EXPECT_EQ(compiled, bytes_of(a >= 0 ? then_y : else_y)) << "a = " << a;
      EXPECT_EQ(compiled, run_host(session, inputs)) << "a = " << a;
    }
  }
  const std::string model_c = [&] {
    std::ifstream in(dir / "tree/model.c");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  EXPECT_NE(model_c.find("static void op1_then(uint8_t* region)"), std::string::npos);
  EXPECT_NE(model_c.find("static void op1_else(uint8_t* region)"), std::string::npos);
}

TEST(CompileIf, HandBuiltIfBuildsForCortexM4WithoutHeapOrInterpreter) {
  if (test::run_command("arm-none-eabi-gcc --version").exit_code != 0) {
    if (std::getenv("CI")) FAIL() << "arm-none-eabi-gcc missing";
    GTEST_SKIP() << "arm-none-eabi-gcc missing";
  }
  const auto m = if_test::if_model();
  const auto exe = plan::Executable::build(m->model);
  const fs::path dir = test::fresh_dir("if_arm");
  codegen::emit_c(*exe, dir / "tree", {});
  MOTE_RUN_OK("make -s -C " + test::quoted(dir / "tree") + " -j2 CFLAGS='-Wall -Werror'");
  const fs::path lib = dir / "tree/libmote_model.a";
  test::expect_no_heap(lib);
  for (const std::string& s : test::arm_symbols(lib)) {
    EXPECT_NE(s, "mote_invoke");
    EXPECT_NE(s, "mote_if");
  }
}

// openWakeWord's hey_jarvis: seed 1 takes the then branch (the verifier
// network), seed 2 the else branch (docs/openwakeword.md).
TEST(CompileIf, HeyJarvisMatchesTheRuntimeOnBothBranches) {
  const fs::path oww = test::oww_dir();
  MOTE_REQUIRE_OWW(oww);
  const ir::Model model = tflite::load_model((oww / "hey_jarvis_v0.1.tflite").string());
  const auto exe = plan::Executable::build(model);
  const fs::path dir = build_host(*exe, "if_hey_jarvis");
  run::Session session(*exe);
  std::vector<float> scores;
  for (const uint32_t seed : {1u, 2u}) {
    const std::vector<Bytes> inputs = io::random_inputs(model.subgraphs[0], seed);
    const Bytes compiled = run_compiled(dir, inputs);
    ASSERT_EQ(compiled.size(), sizeof(float));
    EXPECT_EQ(compiled, run_host(session, inputs)) << "seed " << seed;
    scores.push_back(0);
    std::memcpy(&scores.back(), compiled.data(), sizeof(float));
  }
  EXPECT_GE(scores[0], 0.5f);  // then: the verifier's score
  EXPECT_LT(scores[1], 0.5f);  // else: the first score passed through
}

}  // namespace
}  // namespace mote
