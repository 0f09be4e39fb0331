// `mote run --target qemu-m4 --profile`: a profiling build reports the
// instructions of every step of the plan; normal builds carry none of it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "compiler/target/firmware_image.h"
#include "compiler/target/process.h"
#include "models/model_paths.h"
#include "models/target_cli.h"

namespace mote {
namespace {

namespace fs = std::filesystem;

using TargetProfile = test::TargetCliTest;

bool has_symbol(const fs::path& elf, const std::string& name) {
  const auto symbols = target::elf_defined_symbols(elf);
  return std::find(symbols.begin(), symbols.end(), name) != symbols.end();
}

TEST_F(TargetProfile, StepsAddUpToTheInferenceAndNameTheirKernels) {
  MOTE_REQUIRE_MODELS();
  MOTE_REQUIRE_BOARD_TOOLS();
  const std::string model = test::mlperf_tiny_model("kws_ds_cnn_int8").string();
  const fs::path fw = dir_ / "fw";
  const auto r = mote({"run", model, "--target", "qemu-m4", "--random-input", "1", "--profile",
                       "--json", "--build-dir", fw.string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(has_symbol(fw / "firmware.elf", "mote_profile_step"));
  const auto j = nlohmann::json::parse(r.output);
  const auto& profile = j.at("profile");
  ASSERT_EQ(profile.size(), 13u);  // KWS DS-CNN: 13 ops, one step each
  int64_t sum = 0, macs = 0;
  int depthwise = 0;
  for (size_t s = 0; s < profile.size(); ++s) {
    const auto& row = profile[s];
    EXPECT_EQ(row.at("step").get<size_t>(), s);
    EXPECT_GT(row.at("instructions").get<int64_t>(), 0) << s;
    sum += row.at("instructions").get<int64_t>();
    macs += row.at("macs").get<int64_t>();
    if (row.at("op") == "DEPTHWISE_CONV_2D") {
      ++depthwise;
      EXPECT_EQ(row.at("kernel"), "mote_depthwise_conv2d_s8_opt");
      EXPECT_GT(row.at("instructions").get<int64_t>(), row.at("macs").get<int64_t>());
    }
  }
  EXPECT_EQ(depthwise, 4);
  EXPECT_EQ(macs, j.at("macs").get<int64_t>());
  // Each step's count is +-40 and carries one recording call (< 40).
  const int64_t total = j.at("instructions");
  EXPECT_LE(std::abs(sum - total), 80 * static_cast<int64_t>(profile.size()))
      << sum << " vs " << total;

  // The same run without --profile links no profiling code and reports none.
  const fs::path plain = dir_ / "plain";
  const auto p = mote({"run", model, "--target", "qemu-m4", "--random-input", "1", "--json",
                       "--build-dir", plain.string()});
  ASSERT_EQ(p.exit_code, 0) << p.output;
  EXPECT_FALSE(has_symbol(plain / "firmware.elf", "mote_profile_step"));
  EXPECT_FALSE(nlohmann::json::parse(p.output).contains("profile"));
}

TEST_F(TargetProfile, NeedsATarget) {
  MOTE_REQUIRE_MODELS();
  const auto r = mote({"run", test::mlperf_tiny_model("kws_ds_cnn_int8").string(),
                       "--random-input", "1", "--profile"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
}

}  // namespace
}  // namespace mote
