// Arena layout: an offset for every non-constant tensor and scratch buffer so
// that no two buffers alive at the same step overlap.
#pragma once

#include <cstdint>
#include <vector>

#include "compiler/plan/program.h"

namespace mote::plan {

inline constexpr int64_t kNotInArena = -1;

// A step that writes its output over an input dying there (plan/inplace.h):
// the two tensors overlap in the arena on purpose.
struct InPlaceLink {
  int step = 0;  // index into the program's steps
  int input_tensor = -1, output_tensor = -1;
  int64_t shift = 0;  // output offset = input offset - shift (aligned)
};

struct ArenaLayout {
  std::vector<int64_t> tensor_offset;               // per IR tensor, kNotInArena if none
  std::vector<std::vector<int64_t>> scratch_offset;  // per step, per operand (scratch only)
  uint32_t arena_bytes = 0;
  std::vector<InPlaceLink> in_place;  // the only overlaps between buffers live at once
};

// A buffer's lifetime over step indices, inclusive.
struct Lifetime {
  int first = 0, last = 0;
  uint32_t bytes = 0;
};

// Lifetimes of the non-constant tensors in `program` (inputs live from step 0,
// outputs to the last step); tensors never used get bytes == 0.
std::vector<Lifetime> tensor_lifetimes(const Program& program);

// Greedy by size, first fit among overlapping lifetimes, MOTE_ALIGNMENT aligned.
ArenaLayout plan_arena_greedy(const Program& program);

}  // namespace mote::plan
