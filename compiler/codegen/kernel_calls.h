// How generated C calls each kernel directly: the typed function, its
// parameter struct, and how the step's operands (in the kernel entry's
// order, runtime/include/mote/kernel_ids.h) become its arguments.
#pragma once

#include <string>
#include <vector>

#include "compiler/codegen/param_structs.h"
#include "mote/kernel_ids.h"

namespace mote::codegen {

struct KernelArg {
  enum class Kind {
    kPointer,          // one operand, passed as `c_type`
    kPerChannelQuant,  // two operands (multiplier, shift) as one mote_per_channel_quant
    kInputArray,       // every operand but the last, as an array of const void*
  };
  Kind kind = Kind::kPointer;
  std::string c_type;  // kPointer: e.g. "const int8_t*"
  std::string name;    // e.g. "filter"; names the constant arrays it reads
};

struct KernelCall {
  mote_kernel_id id;
  const char* function;     // e.g. "mote_conv2d_s8"
  const StructDesc* params; // its first argument's struct
  std::vector<KernelArg> args;
};

// The call for `id` (every id in MOTE_KERNELS has one).
const KernelCall& kernel_call(mote_kernel_id id);

}  // namespace mote::codegen
