// `mote analyze --target`: a model's weights and arena against a board's
// flash and RAM regions; exit code 8 and the region and overflow named when
// they do not fit.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "models/model_paths.h"
#include "models/target_cli.h"

namespace mote {
namespace {

using TargetBudget = test::TargetCliTest;

TEST_F(TargetBudget, ModelThatFitsExitsZero) {
  MOTE_REQUIRE_MODELS();
  const auto r = mote({"analyze", test::mlperf_tiny_model("vww_mobilenet_v1_025_96_int8").string(),
                       "--target", "mt3620-m4"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("fits mt3620-m4"), std::string::npos) << r.output;
}

// The float ResNet's weights overflow 1 MB of flash and its arena the
// MT3620's 192 KB TCM; the message names both regions and the bytes.
TEST_F(TargetBudget, ModelThatDoesNotFitNamesRegionAndOverflow) {
  MOTE_REQUIRE_MODELS();
  const std::string model = test::mlperf_tiny_model("ic_resnet_large_float32").string();
  const auto analysis = mote({"analyze", model, "--json"});
  ASSERT_EQ(analysis.exit_code, 0) << analysis.output;
  const auto a = nlohmann::json::parse(analysis.output);
  const int64_t weights = a.at("weight_bytes");
  const int64_t arena = a.at("arena_bytes");

  const auto r = mote({"analyze", model, "--target", "mt3620-m4"});
  EXPECT_EQ(r.exit_code, 8) << r.output;
  EXPECT_NE(r.output.find("mote: error: " + model + ": does not fit mt3620-m4"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find(fmt::format("region flash overflows by {} bytes", weights - 1048576)),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find(fmt::format("region TCM overflows by {} bytes", arena - 196608)),
            std::string::npos)
      << r.output;

  const auto j = mote({"analyze", model, "--target", "apollo3", "--json"});
  EXPECT_EQ(j.exit_code, 8);
  const auto fit = nlohmann::json::parse(j.output.substr(0, j.output.find("\nmote: error")));
  EXPECT_FALSE(fit.at("fit").at("fits").get<bool>());
  EXPECT_EQ(fit.at("fit").at("regions").at(0).at("overflow").get<int64_t>(), weights - 1048576);
}

TEST_F(TargetBudget, UnknownTargetListsTheKnownOnes) {
  MOTE_REQUIRE_MODELS();
  const auto r = mote(
      {"analyze", test::mlperf_tiny_model("ad_fc_autoencoder_int8").string(), "--target", "esp32"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("known: qemu-m4"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace mote
