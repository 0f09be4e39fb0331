/* The Cortex-M4 GEMM path of mote_gemm_s8 and mote_conv2d_s8_gemm: two
 * output pixels at a time, their inputs sign-extended once into the int16
 * scratch (layout in gemm.h), then 2 channels x 2 pixels per pass over it
 * with the int8 packed weights. Hosts run it only when a test forces it
 * (mote_gemm_force_host_path), with a plain C inner loop. The M4's
 * assembly routines are in gemm_pair_m4.h. Internal to
 * runtime/kernels/optimized/. */
#ifndef MOTE_KERNELS_OPTIMIZED_GEMM_PAIR_H
#define MOTE_KERNELS_OPTIMIZED_GEMM_PAIR_H

#include "mote/kernels/optimized/gemm_row.h"
#include "mote/kernels/optimized/gemm_row_avx2.h"
#include "mote/kernels/optimized/gemm_pair_m4.h"  // the M4 assembly routines

#if defined(__ARM_FEATURE_DSP) || defined(MOTE_GEMM_AVX2_PATH)
#define MOTE_GEMM_PAIR_PATH 1
#endif

#if defined(MOTE_GEMM_PAIR_PATH)

namespace mote {
namespace gemm {

#if defined(__ARM_FEATURE_DSP)
inline bool use_pairs() { return true; }
#else
inline bool use_pairs() { return host_path == MOTE_GEMM_HOST_PAIRS; }  // tests only
#endif

// int16 values of one chunk of both pixels: (k0, k2, k1, k3) of pixel A, then B.
constexpr int32_t kPairChunk = 8;

/* Where input k of a pixel goes in its chunk: the halves SXTB16 gives the
 * weight word, (k0, k2) then (k1, k3). */
inline int32_t pair_index(int32_t k) {
  return k / kChunk * kPairChunk + (k & 1) * 2 + ((k >> 1) & 1);
}

/* One chunk's input word (k0..k3 in bytes 0..3) into a pixel's 4 slots. */
MOTE_GEMM_INLINE void store_chunk(uint32_t word, int16_t* dst) {
#if defined(__ARM_FEATURE_DSP)
  const uint32_t even = static_cast<uint32_t>(__sxtb16(static_cast<int8x4_t>(word)));
  const uint32_t odd = static_cast<uint32_t>(Dot::odd(word));
  __builtin_memcpy(dst, &even, 4);
  __builtin_memcpy(dst + 2, &odd, 4);
#else
  for (int32_t k = 0; k < kChunk; ++k) dst[pair_index(k)] = static_cast<int8_t>(word >> (8 * k));
#endif
}

/* n inputs from `src` into one pixel's slots at dst (pixel A: scratch, B:
 * scratch + 4), zero-padded to whole chunks; `stride` halfwords from one
 * chunk to the next (4: one row alone). A last partial chunk is one masked
 * word when 4 bytes from src are below `limit` (the input's end), else
 * gathered byte by byte. */
inline void extend_run(const int8_t* src, int32_t n, int16_t* dst, int32_t stride = kPairChunk,
                       const int8_t* limit = nullptr) {
  for (; n >= kChunk; n -= kChunk, src += kChunk, dst += stride) {
    store_chunk(load_u32(src), dst);
  }
  if (n > 0) {
    const uint32_t word = limit != nullptr && limit - src >= kChunk
                              ? load_u32(src) & (0xFFFFFFFFu >> (8 * (kChunk - n)))
                              : load_tail(src, n);
    store_chunk(word, dst);
  }
}

/* `chunks` chunks of one pixel's slots at dst filled with v. */
inline void fill_chunks(int16_t* dst, int32_t chunks, int16_t v) {
  for (int32_t c = 0; c < chunks; ++c, dst += kPairChunk) {
    dst[0] = v;
    dst[1] = v;
    dst[2] = v;
    dst[3] = v;
  }
}

#if defined(__ARM_FEATURE_DSP)
/* v (an int8 value) in every byte, for SSUB8/SEL. */
inline uint32_t bytes4(int32_t v) { return static_cast<uint8_t>(v) * 0x01010101u; }
#endif

/* The plain C inner loop (hosts, in tests): pair_dot_m4's sums. */
inline void pair_dot_c(const int16_t* x, const int16_t* x_end, const int8_t* w, int32_t acc[4]) {
  for (; x != x_end; x += kPairChunk, w += kBlock * kChunk) {
    for (int32_t ch = 0; ch < 2; ++ch) {
      const int8_t* wc = w + ch * kChunk;
      for (int32_t p = 0; p < 2; ++p) {
        const int16_t* xp = x + p * 4;
        const int32_t dot = xp[0] * wc[0] + xp[1] * wc[2] + xp[2] * wc[1] + xp[3] * wc[3];
        acc[p * 2 + ch] = wrapping_add(acc[p * 2 + ch], dot);
      }
    }
  }
}

inline void pair_dot(const int16_t* x, const int16_t* x_end, const int8_t* w, int32_t acc[4]) {
#if defined(__ARM_FEATURE_DSP)
  pair_dot_m4(x, x_end, w, acc);
#else
  pair_dot_c(x, x_end, w, acc);
#endif
}

/* Requantizes acc (the sums with the bias, see pair_dot) of channels c, c+1
 * (only c when n is 1) and stores them to pixel A's and B's outputs. */
template <bool kFullRange, bool kPre>
MOTE_GEMM_INLINE void store_pair_in(const int32_t acc[4], int32_t c, int32_t n,
                                    mote_per_channel_quant quant, const int32_t* requant,
                                    const mote_conv_quant_params& q, int8_t* out_a,
                                    int8_t* out_b) {
  const int32_t offset = q.output_offset, lo = q.activation_min, hi = q.activation_max;
  const int32_t step = q.per_channel != 0 ? 1 : 0;
  for (int32_t j = 0; j < n; ++j) {
    int32_t a, b;
    if (kPre) {
      const int32_t* ch = requant + MOTE_REQUANT_WORDS * (c + j);
      a = requantize_pre(acc[j], ch);
      b = requantize_pre(acc[2 + j], ch);
    } else {
      const int32_t m = quant.multiplier[step * (c + j)], s = quant.shift[step * (c + j)];
      a = requantize(acc[j], m, s);
      b = requantize(acc[2 + j], m, s);
    }
    const int32_t add = kPre ? 0 : offset;  // the table's constants include it
    out_a[c + j] = static_cast<int8_t>(clamp_output<kFullRange>(a, add, lo, hi));
    out_b[c + j] = static_cast<int8_t>(clamp_output<kFullRange>(b, add, lo, hi));
  }
}

/* All output channels of two pixels whose inputs are in `scratch` (`chunks`
 * chunks; padded_depth = 4 * chunks is the packed weights' depth). out_b
 * may be out_a (a pixel paired with itself). */
template <bool kFullRange, bool kPre>
void pair_outputs_in(const int16_t* scratch, int32_t chunks, int32_t output_depth,
                     const int8_t* packed, const int32_t* bias, mote_per_channel_quant quant,
                     const int32_t* requant, const mote_conv_quant_params& q, int8_t* out_a,
                     int8_t* out_b) {
  const int16_t* end = scratch + chunks * kPairChunk;
  const int32_t block_bytes = kBlock * chunks * kChunk;
  for (int32_t c = 0; c < output_depth; c += 2) {
    const int8_t* w = packed + c / kBlock * block_bytes + c % kBlock * kChunk;
    const int32_t n = output_depth - c < 2 ? 1 : 2;
    const int32_t b1 = n == 2 ? bias[c + 1] : 0;
    int32_t acc[4] = {bias[c], b1, bias[c], b1};
    pair_dot(scratch, end, w, acc);
    store_pair_in<kFullRange, kPre>(acc, c, n, quant, requant, q, out_a, out_b);
  }
}

/* The arrays from channel c on (per channel; one entry for all otherwise). */
inline mote_per_channel_quant shifted(mote_per_channel_quant quant,
                                      const mote_conv_quant_params& q, int32_t c) {
  const int32_t skip = q.per_channel != 0 ? c : 0;
  return {quant.multiplier + skip, quant.shift + skip};
}

/* The output channels of pixel pairs, set up once per layer: on the M4
 * with `requant` the whole blocks in assembly (pair_blocks_*; a table with
 * an unfolded table takes the _mixed ones), the last channels (all of them
 * elsewhere) by pair_outputs_in. Off the M4 an unfolded table is read as
 * absent (the arrays). */
class PairOutputs {
 public:
  PairOutputs(const int16_t* scratch, int32_t chunks, int32_t output_depth, const int8_t* packed,
              const int32_t* bias, mote_per_channel_quant quant, const int32_t* requant,
              const mote_conv_quant_params& q)
      : scratch_(scratch),
        chunks_(chunks),
        output_depth_(output_depth),
        packed_(packed),
        bias_(bias),
        quant_(quant),
        requant_(requant),
        q_(q),
        full_(q.activation_min == -128 && q.activation_max == 127) {
    if (requant != nullptr && mote_requant_is_unfolded(requant) != 0) {
      requant_ = nullptr;  // the last channels from the arrays
#if defined(__ARM_FEATURE_DSP)
      set_blocks(requant, pair_blocks_mixed_full, pair_blocks_mixed_range);
#endif
    }
#if defined(__ARM_FEATURE_DSP)
    if (requant_ != nullptr) {
      set_blocks(requant, pair_blocks_full, pair_blocks_range);
    }
#endif
  }

  // Pixel A's outputs to out_a, B's to out_b (which may be out_a).
  void run(int8_t* out_a, int8_t* out_b) {
#if defined(__ARM_FEATURE_DSP)
    if (blocks_ != nullptr) {
      b_.out_a = out_a;
      b_.out_b = out_b;
      b_.bias = bias_;
      b_.requant = table_;
      b_.out_a_end = out_a + c_;
      blocks_(&b_);
      if (c_ == output_depth_) return;
    }
#endif
    const int32_t n = output_depth_ - c_;
    const int8_t* packed = packed_ + c_ * chunks_ * kChunk;
    // With a (folded) table the arrays may be absent: no offsets on them.
    const mote_per_channel_quant quant = requant_ != nullptr ? quant_ : shifted(quant_, q_, c_);
    if (requant_ != nullptr) {
      const int32_t* requant = requant_ + MOTE_REQUANT_WORDS * c_;
      if (full_) {
        pair_outputs_in<true, true>(scratch_, chunks_, n, packed, bias_ + c_, quant, requant, q_,
                                    out_a + c_, out_b + c_);
      } else {
        pair_outputs_in<false, true>(scratch_, chunks_, n, packed, bias_ + c_, quant, requant, q_,
                                     out_a + c_, out_b + c_);
      }
    } else if (full_) {
      pair_outputs_in<true, false>(scratch_, chunks_, n, packed, bias_ + c_, quant, nullptr, q_,
                                   out_a + c_, out_b + c_);
    } else {
      pair_outputs_in<false, false>(scratch_, chunks_, n, packed, bias_ + c_, quant, nullptr, q_,
                                    out_a + c_, out_b + c_);
    }
  }

 private:
#if defined(__ARM_FEATURE_DSP)
  using Blocks = void (*)(PairBlocks*);
  void set_blocks(const int32_t* table, Blocks full, Blocks clamped) {
    c_ = output_depth_ / kBlock * kBlock;
    if (c_ == 0) return;
    table_ = table;
    blocks_ = full_ ? full : clamped;
    b_ = {q_.output_offset, bytes4(q_.activation_min), bytes4(q_.activation_max), nullptr,
          nullptr, nullptr, nullptr, scratch_, scratch_ + chunks_ * kPairChunk, packed_,
          chunks_ * kBlock * kChunk - 8, nullptr, {nullptr, nullptr}};
  }
  PairBlocks b_;
  Blocks blocks_ = nullptr;
  const int32_t* table_ = nullptr;  // for the assembly
#endif
  const int16_t* scratch_;
  int32_t chunks_, output_depth_;
  const int8_t* packed_;
  const int32_t* bias_;
  mote_per_channel_quant quant_;
  const int32_t* requant_;  // for pair_outputs_in: right shifts only
  const mote_conv_quant_params& q_;
  bool full_;
  int32_t c_ = 0;  // channels done in assembly
};

}  // namespace gemm
}  // namespace mote

#endif  // MOTE_GEMM_PAIR_PATH
#endif
