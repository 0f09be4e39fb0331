// Which kernels may write their output over an input that dies at that step,
// and how far below the input the output must start.
//
// Every kernel listed here walks its output in increasing address order and
// reads, for each unit of output it writes, only input at or above a known
// address. Placing the output `shift` bytes below the input is then safe
// when every unit's bytes end below all input that is still to be read. The
// rule per kernel is its contract; tests/unit/plan_inplace_test.cc runs each
// listed kernel on overlapping buffers against separate ones, bit for bit.
#pragma once

#include <cstdint>
#include <vector>

#include "compiler/plan/program.h"

namespace mote::plan {

struct InPlaceOption {
  int input_operand = -1;   // index into Step::operands
  int output_operand = -1;
  // The output may start this many bytes below the input (or lower); 0
  // means it may share the input's first byte (an exact alias).
  int64_t min_shift = 0;
};

// The overlaps `step`'s kernel permits (empty for kernels without a rule).
std::vector<InPlaceOption> in_place_options(const Program& program, const Step& step);

}  // namespace mote::plan
