// `mote compile` end to end on the host: every int8 MLPerf Tiny model plus a
// float32 and a hybrid model is emitted as C, the tree is built with the host
// compiler through its own Makefile, run on the project's deterministic
// input, and its outputs must equal the host runtime's byte for byte (and
// TFLite Micro's golden where one exists).
#include <gtest/gtest.h>

#include <fstream>

#include "compiler/io/random_input.h"
#include "compiler/run/session.h"
#include "models/compile_tree.h"

namespace mote {
namespace {

namespace fs = std::filesystem;

class CompileHostTest : public testing::TestWithParam<std::string> {};

void write_bytes(const fs::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

TEST_P(CompileHostTest, EmittedTreeMatchesHostRuntimeByteForByte) {
  MOTE_REQUIRE_MODELS();
  const std::string stem = GetParam();
  const ir::Model model = tflite::load_model(test::mlperf_model(stem).string());
  const auto executable = plan::Executable::build(model);
  const fs::path dir = test::fresh_dir("host_" + stem);
  const fs::path tree = dir / "tree";
  codegen::emit_c(*executable, tree, {});

  // -Werror=incompatible-pointer-types: every argument must have its
  // parameter's exact type (C only warns by default).
  MOTE_RUN_OK("make -s -C " + test::quoted(tree) +
              " -j2 CROSS= ARCH_FLAGS= CFLAGS='-Wall -Werror=incompatible-pointer-types'");
  const fs::path program = dir / "host_model";
  MOTE_RUN_OK("cc -O2 -I" + test::quoted(tree) + " -I" + test::quoted(tree / "mote/include") +
              " " + test::quoted(fs::path(MOTE_SOURCE_DIR) / "tests/models/compile_host_main.c") +
              " " + test::quoted(tree / "libmote_model.a") + " -o " + test::quoted(program));

  const auto inputs = io::random_inputs(model.subgraphs[0], 1);
  run::Session session(*executable);
  for (size_t i = 0; i < inputs.size(); ++i) {
    write_bytes(dir / ("input" + std::to_string(i) + ".bin"), inputs[i]);
    session.set_input(static_cast<int>(i), inputs[i]);
  }
  session.invoke();
  MOTE_RUN_OK(test::quoted(program) + " " + test::quoted(dir));

  for (int i = 0; i < session.num_outputs(); ++i) {
    const std::vector<uint8_t> compiled =
        test::read_file(dir / ("output" + std::to_string(i) + ".bin"));
    const std::span<const uint8_t> host = session.output(i);
    ASSERT_EQ(compiled.size(), host.size()) << "output " << i;
    EXPECT_TRUE(std::equal(compiled.begin(), compiled.end(), host.begin()))
        << stem << ": output " << i << " differs from the host runtime";
  }
  const fs::path golden = test::golden_dir() / stem / "seed1" / "output.bin";
  if (fs::exists(golden)) {
    ASSERT_EQ(session.num_outputs(), 1);
    EXPECT_EQ(test::read_file(dir / "output0.bin"), test::read_file(golden))
        << stem << ": differs from TFLite Micro's golden output";
  } else if (stem.find("int8") != std::string::npos || stem == "sww_streaming_wakeword") {
    ADD_FAILURE() << "missing golden " << golden;
  }
}

INSTANTIATE_TEST_SUITE_P(MlperfTiny, CompileHostTest,
                         testing::Values("kws_ds_cnn_int8", "vww_mobilenet_v1_025_96_int8",
                                         "ic_resnet8_int8", "ic_resnet_large_int8",
                                         "ad_fc_autoencoder_int8", "sww_streaming_wakeword",
                                         "ic_resnet8_float32", "kws_ds_cnn_dynrange_quant"),
                         [](const testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace mote
