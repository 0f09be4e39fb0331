// The x86-64 code of the optimized DEPTHWISE_CONV_2D (depthwise_conv2d.cc):
// the SSE2 sums of one group of 4 channels (bit-exact with the M4 and
// portable sums) and the AVX2 form of the table's output stage for four
// channels at once. Not a standalone header: depthwise_conv2d.cc includes it
// inside its anonymous namespace, after Window, so the code stays one
// translation unit's.
#if defined(__SSE2__)
// accumulate4's x86-64 body: the four sums in the filter words' order
// (channels 0, 2, 1, 3).
template <int32_t Rows, int32_t Cols>
inline __m128i accumulate4_sse2(const int8_t* in, const int32_t* f, const Window& w,
                                int32_t input_offset, const int32_t* bias) {
  const int32_t rows = Rows > 0 ? Rows : w.rows;
  const int32_t cols = Cols > 0 ? Cols : w.cols;
  const int32_t f_row_step = 2 * w.filter_width;
  const __m128i offset = _mm_set1_epi16(static_cast<int16_t>(input_offset));
  __m128i sums = _mm_set_epi32(bias[3], bias[1], bias[2], bias[0]);  // channels 0, 2, 1, 3
  if (Rows > 0 && Cols > 0) {
    // Unrolled shapes (a filter 3 taps wide): the taps two at a time, each
    // channel's two inputs and two filter halves side by side, one PMADDWD
    // per pair (an odd last tap pairs with zero filter halves).
    constexpr int32_t kTaps = (Rows > 0 ? Rows : 1) * (Cols > 0 ? Cols : 1);
    constexpr int32_t kCols = Cols > 0 ? Cols : 1;
#pragma GCC unroll 5
    for (int32_t i = 0; i < kTaps; i += 2) {
      const int32_t j = i + 1 < kTaps ? i + 1 : i;
      const int8_t* pa = in + i / kCols * w.input_row_step + i % kCols * w.input_col_step;
      const int8_t* pb = in + j / kCols * w.input_row_step + j % kCols * w.input_col_step;
      int32_t word_a, word_b;
      __builtin_memcpy(&word_a, pa, 4);
      __builtin_memcpy(&word_b, pb, 4);
      // Bytes (c0a c0b c1a c1b c2a c2b c3a c3b) -> int16, pairs in the filter's order.
      const __m128i bytes = _mm_unpacklo_epi8(_mm_cvtsi32_si128(word_a), _mm_cvtsi32_si128(word_b));
      __m128i x = _mm_srai_epi16(_mm_unpacklo_epi8(bytes, bytes), 8);
      x = _mm_add_epi16(_mm_shuffle_epi32(x, _MM_SHUFFLE(3, 1, 2, 0)), offset);
      const __m128i fa = _mm_loadl_epi64(
          reinterpret_cast<const __m128i*>(f + 2 * (i / kCols * 3 + i % kCols)));
      const __m128i fb = j != i ? _mm_loadl_epi64(reinterpret_cast<const __m128i*>(
                                      f + 2 * (j / kCols * 3 + j % kCols)))
                                : _mm_setzero_si128();
      sums = _mm_add_epi32(sums, _mm_madd_epi16(x, _mm_unpacklo_epi16(fa, fb)));
    }
  } else {
    // Per tap: the four input bytes widened to int16 plus the offset, in the
    // filter words' order (channels 0, 2, 1, 3), each beside a zero, and
    // the filter halves the same: PMADDWD gives the four products (a doubled
    // filter's may exceed int16).
    for (int32_t r = 0; r < rows; ++r) {
      const int8_t* p = in;
      const int32_t* fr = f;
      for (int32_t k = 0; k < cols; ++k, p += w.input_col_step, fr += 2) {
        int32_t word;
        __builtin_memcpy(&word, p, 4);
        const __m128i bytes = _mm_cvtsi32_si128(word);
        __m128i x = _mm_srai_epi16(_mm_unpacklo_epi8(bytes, bytes), 8);
        x = _mm_shufflelo_epi16(_mm_add_epi16(x, offset), _MM_SHUFFLE(3, 1, 2, 0));
        const __m128i filter = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(fr));
        const __m128i zero = _mm_setzero_si128();
        sums = _mm_add_epi32(sums, _mm_madd_epi16(_mm_unpacklo_epi16(x, zero),
                                                  _mm_unpacklo_epi16(filter, zero)));
      }
      in += w.input_row_step;
      f += f_row_step;
    }
  }
  return sums;
}
#endif

#if defined(MOTE_GEMM_AVX2_PATH)
// The table's output stage for a group's four (doubled) sums at once (lanes: channels
// 0, 2, 1, 3, accumulate4_sse2's order; `k` the group's (multiplier, K, r)
// x 4), stored as four bytes in channel order. VPMULDQ gives the even and
// odd lanes' 64-bit products, VPSRAVD each channel's shift, two saturating
// packs the int8 range.
template <bool kFullRange>
MOTE_AVX2_INLINE void store_table4(__m128i sums, const int32_t* k, int32_t lo, int32_t hi,
                                   int8_t* out) {
  const __m128i multiplier = _mm_i32gather_epi32(k, _mm_setr_epi32(0, 6, 3, 9), 4);
  const __m128i add = _mm_i32gather_epi32(k, _mm_setr_epi32(1, 7, 4, 10), 4);
  const __m128i right = _mm_i32gather_epi32(k, _mm_setr_epi32(2, 8, 5, 11), 4);
  const __m128i twice = sums;  // the filter is packed doubled
  const __m128i round = _mm_set1_epi64x(int64_t{1} << 31);
  const __m128i even = _mm_add_epi64(_mm_mul_epi32(twice, multiplier), round);
  const __m128i odd = _mm_add_epi64(
      _mm_mul_epi32(_mm_srli_epi64(twice, 32), _mm_srli_epi64(multiplier, 32)), round);
  __m128i h = _mm_blend_epi32(_mm_srli_epi64(even, 32), odd, 0xA);
  h = _mm_add_epi32(_mm_add_epi32(h, add), _mm_srai_epi32(twice, 31));
  h = _mm_shuffle_epi32(_mm_srav_epi32(h, right), _MM_SHUFFLE(3, 1, 2, 0));
  __m128i bytes = _mm_packs_epi16(_mm_packs_epi32(h, h), h);
  if (!kFullRange) {
    bytes = _mm_min_epi8(_mm_max_epi8(bytes, _mm_set1_epi8(static_cast<int8_t>(lo))),
                         _mm_set1_epi8(static_cast<int8_t>(hi)));
  }
  const int32_t word = _mm_cvtsi128_si32(bytes);
  __builtin_memcpy(out, &word, 4);
}
#endif
