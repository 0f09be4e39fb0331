// int8 CONV_2D (ungrouped, dilation_width 1) on the GEMM inner loops.
// Cortex-M4: two output pixels at a time, their windows gathered straight
// into the planned int16 scratch (WindowGather, the zero point in the
// padding) for the pair path of gemm_pair.h. Hosts (gemm_row.h,
// gemm_row_avx2.h), without a scratch: for each output pixel and block of 4
// channels, each filter row is one contiguous run of input (at the image
// edges: tap by tap when input_depth is a multiple of 4, else words gathered
// byte by byte); a window of short rows is gathered into words once per pixel.
#include "mote/kernel_ids.h"
#include "mote/kernels/optimized/gemm.h"
#include "mote/kernels/optimized/gemm_pair.h"
#include "mote/kernels/optimized/gemm_row.h"
#include "mote/kernels/optimized/gemm_row_avx2.h"

namespace {

using mote::gemm::kChunk;

// Words of a pixel's window gathered once for all blocks (256 bytes of
// stack): the blocks then run one loop over them, without per-row setup.
constexpr int32_t kMaxGatheredWords = 64;

// Chunk `chunk` of a filter row that is partly outside the image: byte i is
// the input at row offset 4 * chunk + i, the zero point where that tap is
// padding, 0 past the row (whose weights are 0).
uint32_t gather_chunk(const int8_t* input_row, int32_t chunk, int32_t row_depth,
                      int32_t input_depth, int32_t in_x_origin, int32_t input_width,
                      int8_t pad_value) {
  uint32_t word = 0;
  for (int32_t i = 0; i < kChunk; ++i) {
    const int32_t k = chunk * kChunk + i;
    int8_t v = 0;
    if (k < row_depth) {
      const int32_t in_x = in_x_origin + k / input_depth;
      v = (in_x >= 0 && in_x < input_width) ? input_row[in_x * input_depth + k % input_depth]
                                             : pad_value;
    }
    word |= static_cast<uint32_t>(static_cast<uint8_t>(v)) << (8 * i);
  }
  return word;
}

// The kernel with the inner loop of `D` (a Dot). Not marked inline: GCC
// then compiles conv<Dot> as it compiled the kernel before AVX2 (the same
// Cortex-M4 code); conv_avx2's flatten inlines conv<DotAvx2>.
template <class D>
void conv(const mote_conv2d_s8_params* params, const int8_t* input, const int8_t* packed_weights,
          const int32_t* folded_bias, mote_per_channel_quant quant,
          const int32_t* requant, int8_t* output) {
  const mote_conv_geometry& g = params->geometry;
  const mote_conv_quant_params& q = params->quant;
  const int8_t pad_value = static_cast<int8_t>(-q.input_offset);
  const uint32_t pad_word = static_cast<uint8_t>(pad_value) * 0x01010101u;
  const int32_t depth = g.input_depth;
  const int32_t row_depth = g.filter_width * depth;
  const int32_t row_chunks = mote::gemm::round_up(row_depth, kChunk) / kChunk;
  int8_t* out = output;
  for (int32_t b = 0; b < g.batches; ++b) {
    const int8_t* image = input + b * g.input_height * g.input_width * depth;
    for (int32_t out_y = 0; out_y < g.output_height; ++out_y) {
      const int32_t in_y_origin = out_y * g.stride_height - g.pad_height;
      for (int32_t out_x = 0; out_x < g.output_width; ++out_x) {
        const int32_t in_x_origin = out_x * g.stride_width - g.pad_width;
        const bool row_inside = in_x_origin >= 0 && in_x_origin + g.filter_width <= g.input_width;
        const int32_t window_words = g.filter_height * row_chunks;
        const bool gathered = window_words <= kMaxGatheredWords;
        uint32_t words[kMaxGatheredWords];
        if (gathered) {
          for (int32_t fy = 0; fy < g.filter_height; ++fy) {
            const int32_t in_y = in_y_origin + g.dilation_height * fy;
            uint32_t* row_words = words + fy * row_chunks;
            if (in_y < 0 || in_y >= g.input_height) {
              for (int32_t c = 0; c < row_chunks; ++c) row_words[c] = pad_word;
              continue;
            }
            const int8_t* input_row = image + in_y * g.input_width * depth;
            if (row_inside) {  // whole words, the row's last one zero-padded
              const int8_t* run = input_row + in_x_origin * depth;
              for (int32_t c = 0; c < row_depth / kChunk; ++c) {
                row_words[c] = mote::gemm::load_u32(run + c * kChunk);
              }
              if (row_depth % kChunk != 0) {
                row_words[row_chunks - 1] = mote::gemm::load_tail(
                    run + row_depth / kChunk * kChunk, row_depth % kChunk);
              }
              continue;
            }
            if (depth % kChunk == 0) {  // whole taps from the input or padding
              for (int32_t fx = 0, c = 0; fx < g.filter_width; ++fx) {
                const int32_t in_x = in_x_origin + fx;
                const bool tap_inside = in_x >= 0 && in_x < g.input_width;
                for (int32_t k = 0; k < depth; k += kChunk, ++c) {
                  row_words[c] =
                      tap_inside ? mote::gemm::load_u32(input_row + in_x * depth + k) : pad_word;
                }
              }
              continue;
            }
            for (int32_t c = 0; c < row_chunks; ++c) {
              row_words[c] = gather_chunk(input_row, c, row_depth, depth, in_x_origin,
                                          g.input_width, pad_value);
            }
          }
        }
        for (int32_t c0 = 0; c0 < g.output_depth; c0 += mote::gemm::kBlock) {
          const int8_t* w = packed_weights + c0 * g.filter_height * row_chunks * kChunk;
          D dot;
          if (gathered) {
            dot.run(reinterpret_cast<const int8_t*>(words), window_words * kChunk, w);
          } else {
            for (int32_t fy = 0; fy < g.filter_height; ++fy) {
              const int32_t in_y = in_y_origin + g.dilation_height * fy;
              if (in_y < 0 || in_y >= g.input_height) {
                for (int32_t c = 0; c < row_chunks; ++c) dot.chunk(pad_word, w);
                continue;
              }
              const int8_t* input_row = image + in_y * g.input_width * depth;
              if (row_inside) {
                dot.run(input_row + in_x_origin * depth, row_depth, w);
              } else if (depth % kChunk == 0) {
                // Chunks line up with taps: whole taps from the input or padding.
                for (int32_t fx = 0; fx < g.filter_width; ++fx) {
                  const int32_t in_x = in_x_origin + fx;
                  if (in_x >= 0 && in_x < g.input_width) {
                    dot.run(input_row + in_x * depth, depth, w);
                  } else {
                    for (int32_t c = 0; c < depth / kChunk; ++c) dot.chunk(pad_word, w);
                  }
                }
              } else {
                for (int32_t c = 0; c < row_chunks; ++c) {
                  dot.chunk(gather_chunk(input_row, c, row_depth, depth, in_x_origin,
                                         g.input_width, pad_value),
                            w);
                }
              }
            }
          }
          int32_t sums[4];
          dot.result(sums);
          mote::gemm::store_block(sums, c0, mote::gemm::block_width(c0, g.output_depth),
                                  folded_bias, quant, requant, q, out);
        }
        out += g.output_depth;
      }
    }
  }
}

#if defined(MOTE_GEMM_PAIR_PATH)
// Gathers output pixels' windows into the int16 scratch (gemm_pair.h):
// filter row by filter row, each zero-padded to whole chunks like the packed
// weights, the input zero point (pad) in the image padding. The geometry's
// products are taken once per layer.
class WindowGather {
 public:
  WindowGather(const mote_conv_geometry& g, const int8_t* input, int16_t pad)
      : g_(g),
        input_(input),
        end_(input + g.batches * g.input_height * g.input_width * g.input_depth),
        row_bytes_(g.input_width * g.input_depth),
        image_bytes_(g.input_height * g.input_width * g.input_depth),
        row_depth_(g.filter_width * g.input_depth),
        row_halfwords_(mote::gemm::round_up(row_depth_, kChunk) / kChunk *
                       mote::gemm::kPairChunk),
        pad_(pad) {}

  // Chunks of a window.
  int32_t chunks() const { return g_.filter_height * row_halfwords_ / mote::gemm::kPairChunk; }

  // Pixel (b, y, x)'s window into one pixel's slots at dst.
  void window(int32_t b, int32_t y, int32_t x, int16_t* dst) const {
    const int8_t* image = input_ + b * image_bytes_;
    const int32_t in_y_origin = y * g_.stride_height - g_.pad_height;
    const int32_t in_x_origin = x * g_.stride_width - g_.pad_width;
    const bool row_inside = in_x_origin >= 0 && in_x_origin + g_.filter_width <= g_.input_width;
    const int32_t span = (g_.filter_height - 1) * g_.dilation_height;
    if (row_inside && in_y_origin >= 0 && in_y_origin + span < g_.input_height) {
      interior(image + in_y_origin * row_bytes_ + in_x_origin * g_.input_depth, dst);
      return;
    }
    for (int32_t fy = 0, in_y = in_y_origin; fy < g_.filter_height;
         ++fy, in_y += g_.dilation_height, dst += row_halfwords_) {
      if (in_y < 0 || in_y >= g_.input_height) {  // past the row: weights 0, any value
        mote::gemm::fill_chunks(dst, row_halfwords_ / mote::gemm::kPairChunk, pad_);
      } else if (row_inside) {
        mote::gemm::extend_run(image + in_y * row_bytes_ + in_x_origin * g_.input_depth,
                               row_depth_, dst, mote::gemm::kPairChunk, end_);
      } else {
        edge_row(image + in_y * row_bytes_, in_x_origin, dst);
      }
    }
  }

 private:
  // A window wholly inside the image from its first input `src`: the
  // layer's constants in locals (the scratch stores may alias the members).
  void interior(const int8_t* src, int16_t* dst) const {
    const int32_t rows = g_.filter_height, step = g_.dilation_height * row_bytes_;
    const int32_t run = row_depth_, halfwords = row_halfwords_;
    const int8_t* end = end_;
    for (int32_t fy = 0; fy < rows; ++fy, src += step, dst += halfwords) {
      mote::gemm::extend_run(src, run, dst, mote::gemm::kPairChunk, end);
    }
  }

  // A filter row that is partly outside the image.
  void edge_row(const int8_t* input_row, int32_t in_x_origin, int16_t* dst) const {
    using mote::gemm::pair_index;
    const int32_t depth = g_.input_depth;
    for (int32_t fx = 0; fx < g_.filter_width; ++fx) {
      const int32_t in_x = in_x_origin + fx;
      const bool tap_inside = in_x >= 0 && in_x < g_.input_width;
      if (depth % kChunk == 0) {  // whole chunks per tap
        int16_t* tap = dst + fx * depth / kChunk * mote::gemm::kPairChunk;
        if (tap_inside) {
          mote::gemm::extend_run(input_row + in_x * depth, depth, tap);
        } else {
          mote::gemm::fill_chunks(tap, depth / kChunk, pad_);
        }
        continue;
      }
      for (int32_t k = 0; k < depth; ++k) {
        dst[pair_index(fx * depth + k)] = tap_inside ? input_row[in_x * depth + k] : pad_;
      }
    }
    for (int32_t k = row_depth_; k % kChunk != 0; ++k) dst[pair_index(k)] = 0;
  }

  const mote_conv_geometry& g_;
  const int8_t* input_;
  const int8_t* end_;
  int32_t row_bytes_, image_bytes_, row_depth_, row_halfwords_;
  int16_t pad_;
};

// Output pixels two at a time over the int16 scratch; an odd last one is
// paired with itself. (b, y, x) walks the pixels in order.
void conv_pairs(const mote_conv2d_s8_params* params, const int8_t* input,
                const int8_t* packed_weights, const int32_t* folded_bias,
                mote_per_channel_quant quant, const int32_t* requant, int16_t* scratch,
                int8_t* output) {
  const mote_conv_geometry& g = params->geometry;
  const WindowGather gather(g, input, static_cast<int16_t>(-params->quant.input_offset));
  mote::gemm::PairOutputs outputs(scratch, gather.chunks(), g.output_depth, packed_weights,
                                  folded_bias, quant, requant, params->quant);
  const int32_t pixels = g.batches * g.output_height * g.output_width;
  int32_t b = 0, y = 0, x = 0;
  auto step = [&] {
    if (++x == g.output_width) {
      x = 0;
      if (++y == g.output_height) {
        y = 0;
        ++b;
      }
    }
  };
  for (int32_t p = 0; p < pixels; p += 2) {
    int8_t* out_a = output + p * g.output_depth;
    int8_t* out_b = out_a;
    gather.window(b, y, x, scratch);
    if (p + 1 < pixels) {
      step();
      out_b += g.output_depth;
    }
    gather.window(b, y, x, scratch + 4);
    step();
    outputs.run(out_a, out_b);
  }
}
#endif

#if defined(MOTE_GEMM_AVX2_PATH)
MOTE_AVX2 void conv_avx2(const mote_conv2d_s8_params* params, const int8_t* input,
                         const int8_t* packed_weights, const int32_t* folded_bias,
                         mote_per_channel_quant quant, const int32_t* requant,
                         int8_t* output) {
  conv<mote::gemm::DotAvx2>(params, input, packed_weights, folded_bias, quant, requant, output);
}
#endif

}  // namespace

void mote_conv2d_s8_gemm(const mote_conv2d_s8_params* params, const int8_t* input,
                         const int8_t* packed_weights, const int32_t* folded_bias,
                         mote_per_channel_quant quant, const int32_t* requant,
                         int16_t* scratch, int8_t* output) {
#if defined(MOTE_GEMM_PAIR_PATH)
  if (mote::gemm::use_pairs()) {
    conv_pairs(params, input, packed_weights, folded_bias, quant, requant, scratch, output);
    return;
  }
#else
  (void)scratch;
#endif
  requant = mote::gemm::folded_table(requant);
#if defined(MOTE_GEMM_AVX2_PATH)
  if (mote::gemm::use_avx2()) {
    conv_avx2(params, input, packed_weights, folded_bias, quant, requant, output);
    return;
  }
#endif
  conv<mote::gemm::Dot>(params, input, packed_weights, folded_bias, quant, requant, output);
}

void mote_entry_conv2d_s8_gemm(const void* params, void* const* operands) {
  const mote_per_channel_quant quant = {static_cast<const int32_t*>(operands[3]),
                                        static_cast<const int32_t*>(operands[4])};
  mote_conv2d_s8_gemm(static_cast<const mote_conv2d_s8_params*>(params),
                      static_cast<const int8_t*>(operands[0]),
                      static_cast<const int8_t*>(operands[1]),
                      static_cast<const int32_t*>(operands[2]), quant,
                      static_cast<const int32_t*>(operands[5]),
                      static_cast<int16_t*>(operands[6]), static_cast<int8_t*>(operands[7]));
}
