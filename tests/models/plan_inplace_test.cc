// Every in-place rule (compiler/plan/inplace.h) on every kernel call of the
// MLPerf Tiny models: the kernel run with its output `min_shift` bytes below
// its input, in one buffer, writes exactly what it writes into a separate
// buffer.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "compiler/plan/executable.h"
#include "compiler/plan/inplace.h"
#include "compiler/plan/lower.h"
#include "compiler/tflite/reader.h"
#include "models/model_paths.h"

namespace mote {
namespace {

int64_t aligned(int64_t v) { return (v + MOTE_ALIGNMENT - 1) / MOTE_ALIGNMENT * MOTE_ALIGNMENT; }

// Runs step `s` of `exe` alone with its non-constant operands at the given
// offsets; inputs get the same pseudo-random contents every time. Returns
// the output operand's bytes.
std::vector<uint8_t> run_step(const plan::Executable& exe, size_t s,
                              const std::vector<int64_t>& offsets, int output_operand,
                              int first_filled) {
  const plan::Step& step = exe.program().steps[s];
  const ir::Subgraph& g = exe.program().graph();
  std::vector<mote_operand> operands(exe.plan().steps[s].operands,
                                     exe.plan().steps[s].operands + step.operands.size());
  int64_t arena_bytes = 0;
  std::vector<int64_t> bytes(step.operands.size(), 0);
  for (size_t i = 0; i < step.operands.size(); ++i) {
    const plan::Operand& o = step.operands[i];
    if (operands[i].constant != nullptr || o.kind == plan::Operand::Kind::kAbsent) continue;
    bytes[i] = o.kind == plan::Operand::Kind::kScratch ? o.bytes : g.tensors[o.tensor].num_bytes();
    if (bytes[i] == 0) continue;
    operands[i].arena_offset = static_cast<uint32_t>(offsets[i]);
    arena_bytes = std::max(arena_bytes, offsets[i] + bytes[i]);
  }
  std::vector<uint8_t> storage(arena_bytes + 2 * MOTE_ALIGNMENT, 0xA5);
  uint8_t* arena = storage.data() + (MOTE_ALIGNMENT - reinterpret_cast<uintptr_t>(storage.data()) %
                                                          MOTE_ALIGNMENT) % MOTE_ALIGNMENT;
  // Inputs last-written win where they overlap the output: that is the state
  // an in-place step starts from. `first_filled` orders the two fills.
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < step.operands.size(); ++i) {
      const plan::Operand& o = step.operands[i];
      if (o.kind != plan::Operand::Kind::kTensor || bytes[i] == 0 ||
          operands[i].constant != nullptr || static_cast<int>(i) == output_operand) {
        continue;
      }
      if ((static_cast<int>(i) == first_filled) != (pass == 0)) continue;
      std::mt19937 values(static_cast<uint32_t>(1000 + i));
      uint8_t* p = arena + offsets[i];
      if (g.tensors[o.tensor].dtype == ir::DType::kFloat32) {
        std::uniform_real_distribution<float> dist(-2.0f, 2.0f);
        for (int64_t k = 0; k < bytes[i] / 4; ++k) {
          const float v = dist(values);
          std::memcpy(p + 4 * k, &v, 4);
        }
      } else {
        for (int64_t k = 0; k < bytes[i]; ++k) p[k] = static_cast<uint8_t>(values());
      }
    }
  }
  mote_step one = exe.plan().steps[s];
  one.operands = operands.data();
  mote_plan plan{};
  plan.steps = &one;
  plan.num_steps = 1;
  plan.arena_bytes = static_cast<uint32_t>(arena_bytes);
  EXPECT_EQ(mote_invoke(&plan, arena, static_cast<size_t>(arena_bytes), nullptr, nullptr), MOTE_OK);
  const uint8_t* out = arena + offsets[output_operand];
  return std::vector<uint8_t>(out, out + bytes[output_operand]);
}

// Offsets for every operand of step `s`: the output at 0 and the chosen
// input `shift` bytes above it (or, with shift < 0, far apart), the rest after.
std::vector<int64_t> layout_for(const plan::Executable& exe, size_t s,
                                const plan::InPlaceOption& option, int64_t shift) {
  const plan::Step& step = exe.program().steps[s];
  const ir::Subgraph& g = exe.program().graph();
  auto size_of = [&](size_t i) -> int64_t {
    const plan::Operand& o = step.operands[i];
    if (o.kind == plan::Operand::Kind::kScratch) return o.bytes;
    if (o.kind == plan::Operand::Kind::kTensor) return g.tensors[o.tensor].num_bytes();
    return 0;
  };
  std::vector<int64_t> offsets(step.operands.size(), 0);
  const int64_t in_bytes = size_of(option.input_operand);
  const int64_t out_bytes = size_of(option.output_operand);
  int64_t next = 0;
  if (shift >= 0) {
    offsets[option.output_operand] = 0;
    offsets[option.input_operand] = shift;
    next = aligned(std::max(shift + in_bytes, out_bytes));
  } else {
    offsets[option.input_operand] = 0;
    offsets[option.output_operand] = aligned(in_bytes);
    next = aligned(in_bytes) + aligned(out_bytes);
  }
  for (size_t i = 0; i < step.operands.size(); ++i) {
    if (static_cast<int>(i) == option.input_operand || static_cast<int>(i) == option.output_operand) {
      continue;
    }
    offsets[i] = next;
    next += aligned(size_of(i));
  }
  return offsets;
}

TEST(PlanInPlace, EveryRuleHoldsOnEveryModelStep) {
  MOTE_REQUIRE_MODELS();
  int checked = 0;
  for (const auto& path : test::tflite_files("mlperf_tiny")) {
    const ir::Model model = tflite::load_model(path.string());
    plan::PlanOptions options;
    options.order = plan::PlanOptions::Order::kFile;
    options.in_place = false;
    const auto exe = plan::Executable::build(model, options);
    for (size_t s = 0; s < exe->program().steps.size(); ++s) {
      for (const plan::InPlaceOption& option :
           plan::in_place_options(exe->program(), exe->program().steps[s])) {
        const int64_t shift = aligned(option.min_shift);
        const auto separate = run_step(*exe, s, layout_for(*exe, s, option, -1),
                                       option.output_operand, option.input_operand);
        const auto shared = run_step(*exe, s, layout_for(*exe, s, option, shift),
                                     option.output_operand, option.input_operand);
        EXPECT_EQ(shared, separate) << path.filename() << " step " << s << " kernel "
                                    << exe->program().steps[s].kernel << " shift " << shift;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 50);
}

TEST(PlanInPlace, DepthwiseConvWithoutItsShiftGoesWrong) {
  // The check above can fail: a 3x3 depthwise conv written straight over its
  // input (no shift) reads rows it has already overwritten.
  MOTE_REQUIRE_MODELS();
  const ir::Model model = tflite::load_model(
      (test::models_dir() / "mlperf_tiny" / "kws_ds_cnn_int8.tflite").string());
  plan::PlanOptions options;
  options.order = plan::PlanOptions::Order::kFile;
  options.in_place = false;
  const auto exe = plan::Executable::build(model, options);
  bool found = false;
  for (size_t s = 0; s < exe->program().steps.size() && !found; ++s) {
    const mote_kernel_id kernel = exe->program().steps[s].kernel;
    if (kernel != MOTE_K_DEPTHWISE_CONV2D_S8 && kernel != MOTE_K_DEPTHWISE_CONV2D_S8_OPT) continue;
    const auto rules = plan::in_place_options(exe->program(), exe->program().steps[s]);
    ASSERT_EQ(rules.size(), 1u);
    EXPECT_EQ(rules[0].min_shift, (5 + 2) * 64);  // one row of 5 pixels and 2 pixels, 64 channels
    const auto separate = run_step(*exe, s, layout_for(*exe, s, rules[0], -1),
                                   rules[0].output_operand, rules[0].input_operand);
    const auto unshifted = run_step(*exe, s, layout_for(*exe, s, rules[0], 0),
                                    rules[0].output_operand, rules[0].input_operand);
    EXPECT_NE(unshifted, separate);
    found = true;
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace mote
