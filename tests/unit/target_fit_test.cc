// Target presets and the fit verdict: which region overflows and by how much.
#include <gtest/gtest.h>

#include "compiler/ir/error.h"
#include "compiler/target/fit.h"
#include "compiler/target/presets.h"
#include "compiler/target/stack_usage.h"

namespace mote::target {
namespace {

TEST(TargetPresets, KnowsTheIssuePresetsWithTheirRegions) {
  const Preset& mt3620 = find_preset("mt3620-m4");
  ASSERT_EQ(mt3620.regions.size(), 3u);
  EXPECT_EQ(mt3620.regions[1].name, "TCM");
  EXPECT_EQ(mt3620.regions[1].bytes, 192 * 1024);
  EXPECT_EQ(mt3620.regions[2].bytes, 64 * 1024);
  EXPECT_EQ(find_preset("apollo3").regions[1].bytes, 384 * 1024);
  EXPECT_EQ(find_preset("cortex-m4-256k").regions[1].bytes, 256 * 1024);
  EXPECT_EQ(find_preset("cortex-m4-256k").regions[0].bytes, 1024 * 1024);
  EXPECT_TRUE(find_preset("qemu-m4").emulated);
  EXPECT_FALSE(find_preset("apollo3").emulated);
}

TEST(TargetPresets, UnknownNameListsTheKnownOnes) {
  try {
    find_preset("esp32");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUsage);
    EXPECT_NE(std::string(e.what()).find("esp32"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("mt3620-m4"), std::string::npos);
  }
}

TEST(TargetFit, SmallModelFits) {
  const FitVerdict v = check_fit(find_preset("cortex-m4-256k"), {100'000, 50'000, 4'000});
  EXPECT_TRUE(v.fits());
  EXPECT_EQ(v.summary().rfind("fits cortex-m4-256k", 0), 0u) << v.summary();
}

TEST(TargetFit, FlashOverflowIsNamedWithItsBytes) {
  const FitVerdict v = check_fit(find_preset("apollo3"), {1024 * 1024 + 10, 1000, 0});
  EXPECT_FALSE(v.fits());
  EXPECT_NE(v.summary().find("region flash overflows by 10 bytes"), std::string::npos)
      << v.summary();
}

// The arena is one array: on the MT3620 it must fit the 192 KB TCM even
// though TCM + SRAM together would hold it.
TEST(TargetFit, ArenaMustFitOneRegion) {
  const int64_t arena = 200 * 1024;
  const FitVerdict v = check_fit(find_preset("mt3620-m4"), {1000, arena, 0});
  EXPECT_FALSE(v.fits());
  EXPECT_NE(v.summary().find("region TCM overflows by 8192 bytes"), std::string::npos)
      << v.summary();
  EXPECT_EQ(v.summary().find("RAM (all regions)"), std::string::npos) << v.summary();
}

TEST(TargetFit, StackAndBssCountAgainstTheRamTotal) {
  const FitVerdict v = check_fit(find_preset("mt3620-m4"), {1000, 190 * 1024, 70 * 1024});
  EXPECT_FALSE(v.fits());
  EXPECT_NE(v.summary().find("region RAM (all regions) overflows by 4096 bytes"), std::string::npos)
      << v.summary();
  const FitVerdict single = check_fit(find_preset("cortex-m4-256k"), {1000, 250 * 1024, 7 * 1024});
  EXPECT_NE(single.summary().find("region SRAM overflows by 1024 bytes"), std::string::npos)
      << single.summary();
}

// -fstack-usage lists every compiled function; only the linked ones count.
TEST(StackFrames, KeepsOnlyFunctionsTheLinkerKept) {
  const std::vector<StackFrame> frames = {{"k.cc", "void mote_conv2d_f32(const float*)", 160, true},
                                          {"k.cc", "void mote_conv2d_s8(const int8_t*)", 96, true},
                                          {"k.cc", "int {anonymous}::requantize(int)", 24, true},
                                          {"main.c", "main", 312, true}};
  const auto kept =
      linked_frames(frames, {"mote_conv2d_s8", "main", "_ZN12_GLOBAL__N_110requantizeEi"});
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[0].bytes, 96);
  EXPECT_EQ(kept[1].bytes, 24);
  EXPECT_EQ(kept[2].function, "main");
}

}  // namespace
}  // namespace mote::target
