// ADD int8 without broadcasting, byte-identical to the reference
// (runtime/kernels/reference/add.cc): the per-input rescaling is a table
// lookup, only the output requantization is computed per element.
#include "mote/kernels/optimized/add.h"

#include "mote/fixed_point.h"
#include "mote/kernel_ids.h"

void mote_add_s8_opt_tables(const mote_add_s8_params* params, int32_t* tables) {
  const mote_add_s8_params& p = *params;
  for (int32_t v = -128; v < 128; ++v) {
    tables[v + 128] = mote::multiply_by_quantized_multiplier_smaller_than_one(
        (v + p.input1_offset) * (1 << p.left_shift), p.input1_multiplier, p.input1_shift);
    tables[256 + v + 128] = mote::multiply_by_quantized_multiplier_smaller_than_one(
        (v + p.input2_offset) * (1 << p.left_shift), p.input2_multiplier, p.input2_shift);
  }
}

void mote_add_s8_opt(const mote_add_s8_params* params, const int8_t* input1,
                     const int8_t* input2, const int32_t* tables, int8_t* output) {
  const mote_add_s8_params& p = *params;
  const int32_t* scaled1 = tables + 128;
  const int32_t* scaled2 = tables + 256 + 128;
  // Locals, not reads of *params: the int8 stores below may alias any
  // memory, so GCC would reload every constant per element. With the shift
  // fixed per layer the rounding's mask and half are loop-invariant too.
  const int32_t size = p.shape.flat_size;
  const int32_t multiplier = p.output_multiplier;
  const int32_t right = -p.output_shift;  // every shift is <= 0 here
  const int32_t offset = p.output_offset;
  const int32_t lo = p.activation_min, hi = p.activation_max;
  const int32_t mask = static_cast<int32_t>((static_cast<uint32_t>(1) << right) - 1u);
  const int32_t half = mask >> 1;
  for (int32_t i = 0; i < size; ++i) {
    const int32_t sum = scaled1[input1[i]] + scaled2[input2[i]];
    // mote::gemm::requantize for a shift <= 0, the reference's
    // multiply_by_quantized_multiplier_smaller_than_one.
    const int32_t high = static_cast<int32_t>(
        (static_cast<int64_t>(sum) * multiplier + (static_cast<int64_t>(1) << 30)) >> 31);
    const int32_t threshold = half + static_cast<int32_t>(static_cast<uint32_t>(high) >> 31);
    const int32_t result = (high >> right) + ((high & mask) > threshold ? 1 : 0) + offset;
    output[i] = static_cast<int8_t>(mote::clamp_i32(result, lo, hi));
  }
}

void mote_entry_add_s8_opt(const void* params, void* const* operands) {
  mote_add_s8_opt(static_cast<const mote_add_s8_params*>(params),
                  static_cast<const int8_t*>(operands[0]), static_cast<const int8_t*>(operands[1]),
                  static_cast<const int32_t*>(operands[2]), static_cast<int8_t*>(operands[3]));
}
