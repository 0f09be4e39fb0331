// int8 GEMM for FULLY_CONNECTED and pointwise CONV_2D: packed int8 weights
// and folded bias (gemm.h). Cortex-M4: rows two at a time over the int16
// scratch (gemm_pair.h), a single row in the assembly of gemm_pair_m4.h.
// Hosts: one input row at a time (gemm_row.h: SSE2 and portable inner loops,
// gemm_row_avx2.h the AVX2 one picked at run time). Weight packing for it
// and for mote_conv2d_s8_gemm.
#include "mote/kernel_ids.h"
#include "mote/kernels/optimized/gemm.h"
#include "mote/kernels/optimized/gemm_pair.h"
#include "mote/kernels/optimized/gemm_row.h"
#include "mote/kernels/optimized/gemm_row_avx2.h"

using mote::gemm::kBlock;
using mote::gemm::kChunk;
using mote::gemm::round_up;

uint32_t mote_gemm_packed_size(int32_t output_depth, int32_t depth) {
  return static_cast<uint32_t>(round_up(output_depth, kBlock)) *
         static_cast<uint32_t>(round_up(depth, kChunk));
}

namespace {

// Packs [output_depth, segments * segment_depth] int8 weights with each
// segment zero-padded to a multiple of 4 (gemm.h's layout per padded depth).
void pack_segments(const int8_t* weights, int32_t output_depth, int32_t segments,
                   int32_t segment_depth, int8_t* packed) {
  const int32_t padded_segment = round_up(segment_depth, kChunk);
  const int32_t padded_depth = segments * padded_segment;
  for (int32_t c = 0; c < round_up(output_depth, kBlock); ++c) {
    int8_t* block = packed + c / kBlock * kBlock * padded_depth;
    for (int32_t padded_k = 0; padded_k < padded_depth; ++padded_k) {
      const int32_t segment = padded_k / padded_segment;
      const int32_t k = padded_k % padded_segment;
      block[(padded_k / kChunk * kBlock + c % kBlock) * kChunk + padded_k % kChunk] =
          c < output_depth && k < segment_depth
              ? weights[(c * segments + segment) * segment_depth + k]
              : static_cast<int8_t>(0);
    }
  }
}

}  // namespace

void mote_gemm_pack_weights(const int8_t* weights, int32_t output_depth, int32_t depth,
                            int8_t* packed) {
  pack_segments(weights, output_depth, 1, depth, packed);
}

namespace {

// A row alone gets its int16 copy only up to this size: AD's first layer
// (640 inputs) would more than double the model's arena for 3 % of its time.
constexpr uint32_t kMaxRowScratch = 512;

uint32_t int16_bytes(int32_t pixels, int32_t depth) {
  return static_cast<uint32_t>(pixels * round_up(depth, kChunk)) * sizeof(int16_t);
}

}  // namespace

uint32_t mote_gemm_scratch_size(int32_t rows, int32_t depth) {
  if (rows >= 2) return int16_bytes(2, depth);
  return int16_bytes(1, depth) <= kMaxRowScratch ? int16_bytes(1, depth) : 0;
}

uint32_t mote_conv2d_gemm_scratch_size(const mote_conv_geometry* g) {
  return static_cast<uint32_t>(g->filter_height) * int16_bytes(2, g->filter_width * g->input_depth);
}

uint32_t mote_conv2d_gemm_packed_size(const mote_conv_geometry* g) {
  return static_cast<uint32_t>(round_up(g->output_depth, kBlock)) *
         static_cast<uint32_t>(g->filter_height) *
         static_cast<uint32_t>(round_up(g->filter_width * g->input_depth, kChunk));
}

void mote_conv2d_gemm_pack_weights(const int8_t* filter, const mote_conv_geometry* g,
                                   int8_t* packed) {
  pack_segments(filter, g->output_depth, g->filter_height, g->filter_width * g->input_depth,
                packed);
}

void mote_gemm_fold_bias(const int8_t* weights, const int32_t* bias, int32_t output_depth,
                         int32_t depth, int32_t input_offset, int32_t* folded) {
  for (int32_t c = 0; c < output_depth; ++c) {
    uint32_t sum = 0;
    for (int32_t k = 0; k < depth; ++k) sum += static_cast<uint32_t>(weights[c * depth + k]);
    folded[c] = mote::wrapping_add(bias != nullptr ? bias[c] : 0,
                                   static_cast<int32_t>(sum * static_cast<uint32_t>(input_offset)));
  }
}

namespace {

// Not marked inline, like conv in conv2d_gemm.cc (the same Cortex-M4 code).
template <class D>
void gemm_rows(const mote_fully_connected_s8_params* params, const int8_t* input,
               const int8_t* packed_weights, const int32_t* folded_bias,
               mote_per_channel_quant quant, const int32_t* requant,
               int8_t* output) {
  const mote_fully_connected_shape& s = params->shape;
  for (int32_t r = 0; r < s.batches; ++r) {
    mote::gemm::row<D>(input + r * s.accum_depth, s.accum_depth, s.output_depth, packed_weights,
                       folded_bias, quant, requant, params->quant, output + r * s.output_depth);
  }
}

#if defined(MOTE_GEMM_PAIR_PATH)
// The first `rows` rows (an even number) two at a time over the int16
// scratch (gemm_pair.h).
void gemm_pairs(const mote_fully_connected_s8_params* params, int32_t rows, const int8_t* input,
                const int8_t* packed_weights, const int32_t* folded_bias,
                mote_per_channel_quant quant, const int32_t* requant, int16_t* scratch,
                int8_t* output) {
  const mote_fully_connected_shape& s = params->shape;
  const int32_t depth = s.accum_depth, output_depth = s.output_depth;
  const int32_t chunks = round_up(depth, kChunk) / kChunk;
  mote::gemm::PairOutputs outputs(scratch, chunks, output_depth, packed_weights, folded_bias,
                                  quant, requant, params->quant);
  const int8_t* end = input + s.batches * depth;
  for (int32_t r = 0; r < rows; r += 2) {
    const int8_t* in = input + r * depth;
    mote::gemm::extend_run(in, depth, scratch, mote::gemm::kPairChunk, end);
    mote::gemm::extend_run(in + depth, depth, scratch + 4, mote::gemm::kPairChunk, end);
    int8_t* out = output + r * output_depth;
    outputs.run(out, out + output_depth);
  }
}
#endif

#if defined(__ARM_FEATURE_DSP)
// One row, the whole blocks in assembly (row_blocks_*) over its int16 copy
// in `scratch` (or, without one, over the int8 row if its length is a
// multiple of 4), the last block's channels with Dot. False (nothing done)
// otherwise and when a shift is >= 0 (the assembly has only the precomputed
// form).
bool gemm_row_m4(const mote_fully_connected_s8_params* params, const int8_t* input,
                 const int8_t* packed_weights, const int32_t* folded_bias,
                 mote_per_channel_quant quant, const int32_t* requant, int16_t* scratch,
                 int8_t* output) {
  const mote_fully_connected_shape& s = params->shape;
  const mote_conv_quant_params& q = params->quant;
  if (scratch == nullptr && s.accum_depth % kChunk != 0) return false;
  int32_t one[MOTE_REQUANT_WORDS];  // a per-tensor layer's constants, for every channel
  const int32_t* constants = requant;
  int32_t step = MOTE_REQUANT_WORDS * sizeof(int32_t);
  if (requant == nullptr) {
    if (q.per_channel != 0 || mote_requant_applies(quant.shift, 1) == 0 ||
        mote_requant_make(quant.multiplier[0], quant.shift[0], q.output_offset, one) == 0) {
      return false;
    }
    constants = one;
    step = 0;
  }
  const int32_t chunks = round_up(s.accum_depth, kChunk) / kChunk;
  const int32_t blocks = s.output_depth / kBlock;
  if (scratch != nullptr) {
    mote::gemm::extend_run(input, s.accum_depth, scratch, kChunk, input + s.accum_depth);
  }
  if (blocks > 0) {
    using namespace mote::gemm;
    RowBlocks b = {q.output_offset, bytes4(q.activation_min), bytes4(q.activation_max), output,
                   folded_bias, constants, step, input, input + s.accum_depth,
                   packed_weights, output + blocks * kBlock, nullptr};
    const bool full = q.activation_min == -128 && q.activation_max == 127;
    if (scratch != nullptr) {
      b.x = scratch;
      b.x_end = scratch + chunks * kChunk;
      (full ? row_blocks_full : row_blocks_range)(&b);
    } else {
      (full ? row_blocks_s8_full : row_blocks_s8_range)(&b);
    }
  }
  const int32_t c0 = blocks * kBlock;
  if (c0 < s.output_depth) {
    const int8_t* w = packed_weights + c0 * chunks * kChunk;
    mote::gemm::Dot dot;
    dot.run(input, s.accum_depth, w);
    int32_t sums[4];
    dot.result(sums);
    mote::gemm::store_block(sums, c0, s.output_depth - c0, folded_bias, quant, requant, q,
                            output);
  }
  return true;
}
#endif

#if defined(MOTE_GEMM_AVX2_PATH)
MOTE_AVX2 void gemm_rows_avx2(const mote_fully_connected_s8_params* params, const int8_t* input,
                              const int8_t* packed_weights, const int32_t* folded_bias,
                              mote_per_channel_quant quant, const int32_t* requant,
                              int8_t* output) {
  gemm_rows<mote::gemm::DotAvx2>(params, input, packed_weights, folded_bias, quant, requant,
                                 output);
}
#endif

}  // namespace

#if defined(MOTE_GEMM_AVX2_PATH)
int mote::gemm::host_path = MOTE_GEMM_HOST_AUTO;

void mote_gemm_force_host_path(mote_gemm_host_path path) { mote::gemm::host_path = path; }
#endif

void mote_gemm_s8(const mote_fully_connected_s8_params* params, const int8_t* input,
                  const int8_t* packed_weights, const int32_t* folded_bias,
                  mote_per_channel_quant quant, const int32_t* requant, int16_t* scratch,
                  int8_t* output) {
#if defined(MOTE_GEMM_PAIR_PATH)
  // Pairs of rows; an odd last row then takes the one-row path below.
  mote_fully_connected_s8_params last_row;
  if (mote::gemm::use_pairs() && params->shape.batches >= 2) {
    const int32_t paired = params->shape.batches / 2 * 2;
    gemm_pairs(params, paired, input, packed_weights, folded_bias, quant, requant, scratch,
               output);
    if (paired == params->shape.batches) return;
    last_row = *params;
    last_row.shape.batches = 1;
    input += paired * params->shape.accum_depth;
    output += paired * params->shape.output_depth;
    params = &last_row;
  }
#endif
  requant = mote::gemm::folded_table(requant);
#if defined(__ARM_FEATURE_DSP)
  // The scratch only where lowering plans one (tests pass one always).
  if (params->shape.batches == 1 &&
      gemm_row_m4(params, input, packed_weights, folded_bias, quant, requant,
                  mote_gemm_scratch_size(1, params->shape.accum_depth) != 0 ? scratch : nullptr,
                  output)) {
    return;
  }
#else
  (void)scratch;
#endif
#if defined(MOTE_GEMM_AVX2_PATH)
  if (mote::gemm::use_avx2()) {
    gemm_rows_avx2(params, input, packed_weights, folded_bias, quant, requant, output);
    return;
  }
#endif
  gemm_rows<mote::gemm::Dot>(params, input, packed_weights, folded_bias, quant, requant, output);
}

void mote_entry_gemm_s8(const void* params, void* const* operands) {
  const mote_per_channel_quant quant = {static_cast<const int32_t*>(operands[3]),
                                        static_cast<const int32_t*>(operands[4])};
  mote_gemm_s8(static_cast<const mote_fully_connected_s8_params*>(params),
               static_cast<const int8_t*>(operands[0]), static_cast<const int8_t*>(operands[1]),
               static_cast<const int32_t*>(operands[2]), quant,
               static_cast<const int32_t*>(operands[5]), static_cast<int16_t*>(operands[6]),
               static_cast<int8_t*>(operands[7]));
}
