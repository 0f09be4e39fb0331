// Fuzz target (b): a model that passes validation is lowered, planned and
// run on the deterministic input. Lowering/planning must only ever throw
// mote::Error; running must not touch memory outside the arena, constants
// or the plan (ASan watches). Models whose work exceeds the harness budget
// are planned but not run, so the fuzzer spends its time on parsing and
// planning paths instead of on legitimately slow models.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "compiler/io/random_input.h"
#include "compiler/ir/error.h"
#include "compiler/plan/executable.h"
#include "compiler/report/analyze.h"
#include "compiler/run/session.h"
#include "compiler/tflite/reader.h"

namespace {

constexpr int64_t kMaxMacsToRun = 2'000'000;  // ~1 s under ASan + UBSan + coverage
constexpr uint32_t kMaxArenaToRun = 16u << 20;
constexpr int64_t kMaxElementsPerTensorToRun = 4 << 20;

bool small_enough_to_run(const mote::ir::Model& model, const mote::plan::Executable& exe) {
  if (exe.plan().arena_bytes > kMaxArenaToRun) return false;
  const auto& graph = model.subgraphs[0];
  int64_t macs = 0;
  for (const auto& op : graph.ops) macs += mote::report::op_macs(graph, op);
  if (macs > kMaxMacsToRun) return false;
  for (const auto& t : graph.tensors) {
    if (t.num_elements() > kMaxElementsPerTensorToRun) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const mote::ir::Model model =
        mote::tflite::load_model_bytes(std::vector<uint8_t>(data, data + size), "fuzz.tflite");
    const auto exe = mote::plan::Executable::build(model);
    if (!small_enough_to_run(model, *exe)) return 0;
    mote::run::Session session(*exe);
    const auto inputs = mote::io::random_inputs(model.subgraphs[0], 1);
    for (size_t i = 0; i < inputs.size(); ++i) session.set_input(static_cast<int>(i), inputs[i]);
    session.invoke();
  } catch (const mote::Error&) {
  }
  return 0;
}
