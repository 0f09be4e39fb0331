/* The x86-64 host's AVX2 twin of gemm_row.h's SSE2 Dot, and the run-time
 * choice between them: the build targets plain x86-64 (SSE2), so the AVX2
 * code lives in functions compiled with target("avx2") and runs only when
 * the CPU has AVX2. Internal to runtime/kernels/optimized/. */
#ifndef MOTE_KERNELS_OPTIMIZED_GEMM_ROW_AVX2_H
#define MOTE_KERNELS_OPTIMIZED_GEMM_ROW_AVX2_H

#include "mote/kernels/optimized/gemm.h"
#include "mote/kernels/optimized/gemm_row.h"

#if defined(__x86_64__)
#define MOTE_GEMM_AVX2_PATH 1
#include <immintrin.h>

namespace mote {
namespace gemm {

/* MOTE_AVX2 marks the kernels' AVX2 instances: flatten inlines the shared
 * kernel body (a template, compiled for plain x86-64 too) and, in it, the
 * DotAvx2 members (always_inline would be refused in the body's own
 * x86-64 instance, which never runs with them). */
#define MOTE_AVX2 __attribute__((target("avx2"), flatten))
#define MOTE_AVX2_INLINE inline __attribute__((target("avx2")))

/* Per chunk, its 16 weight bytes (4 channels x 4 inputs) sign-extend to 16
 * int16 in one VPMOVSXBW and meet the chunk's 4 inputs, broadcast to the 4
 * 64-bit lanes, in one VPMADDWD: lane 2j + h holds channel j (low half j <
 * 2), inputs 2h, 2h + 1. Products of int8 values summed in pairs fit int16
 * x int16 -> int32 exactly, and the int32 adds wrap like the reference. */
struct DotAvx2 {
  __m256i acc;

  MOTE_AVX2_INLINE DotAvx2() : acc(_mm256_setzero_si256()) {}

  // x: a chunk's 4 int16 inputs in every 64-bit lane.
  MOTE_AVX2_INLINE void mac(__m256i x, const int8_t* w) {
    const __m256i wv = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w)));
    acc = _mm256_add_epi32(acc, _mm256_madd_epi16(wv, x));
  }

  MOTE_AVX2_INLINE void chunk(uint32_t word, const int8_t*& w) {
    const __m128i x = _mm_cvtepi8_epi16(_mm_cvtsi32_si128(static_cast<int>(word)));
    mac(_mm256_broadcastq_epi64(x), w);
    w += 16;
  }

  MOTE_AVX2_INLINE void run(const int8_t* in, int32_t depth, const int8_t*& w) {
    int32_t chunks = depth / kChunk;
    for (; chunks >= 4; chunks -= 4) {  // 16 inputs: 4 chunks
      const __m256i x = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in)));
      mac(_mm256_permute4x64_epi64(x, 0x00), w);
      mac(_mm256_permute4x64_epi64(x, 0x55), w + 16);
      mac(_mm256_permute4x64_epi64(x, 0xaa), w + 32);
      mac(_mm256_permute4x64_epi64(x, 0xff), w + 48);
      in += 16;
      w += 64;
    }
    for (; chunks > 0; --chunks, in += 4) chunk(load_u32(in), w);
    if (depth % kChunk != 0) chunk(load_tail(in, depth % kChunk), w);
  }

  MOTE_AVX2_INLINE void result(int32_t out[]) const {
    alignas(32) int32_t lanes[8];
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), acc);
    for (int j = 0; j < 4; ++j) out[j] = wrapping_add(lanes[2 * j], lanes[2 * j + 1]);
  }
};

// Which Dot the kernels use; 0 (the default) lets the CPU decide. Set only
// through mote_gemm_force_host_path (tests run both paths on one host).
extern int host_path;

inline bool use_avx2() {
  if (host_path != MOTE_GEMM_HOST_AUTO) return host_path == MOTE_GEMM_HOST_AVX2;
  return __builtin_cpu_supports("avx2");
}

}  // namespace gemm
}  // namespace mote

#endif  // __x86_64__

#endif
