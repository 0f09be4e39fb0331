/* The Cortex-M4 assembly of the GEMM pair and row paths (gemm_pair.h):
 * pair_dot_m4, the inner loop of a channel pair over two pixels' int16
 * scratch; pair_blocks_*, whole blocks of 4 channels of two pixels with
 * their requantization and stores; row_blocks_*, one row (a FULLY_CONNECTED
 * with one batch) against whole blocks. Naked routines: PairBlocks and
 * RowBlocks hold their arguments at the offsets the assembly reads. Only
 * with the DSP extension; gemm_pair.h has the C twins and PairOutputs.
 * Internal to runtime/kernels/optimized/. */
#ifndef MOTE_KERNELS_OPTIMIZED_GEMM_PAIR_M4_H
#define MOTE_KERNELS_OPTIMIZED_GEMM_PAIR_M4_H

#include <stdint.h>

#if defined(__ARM_FEATURE_DSP)

namespace mote {
namespace gemm {

/* One chunk of the inner loop: r0 the scratch (both pixels' 4 words, one
 * LDM), r2 the weights (a channel pair's 2 words, one LDRD, then on to the
 * block's next chunk), accumulators r3 (pixel A channel 0), r4 (A 1), r5
 * (B 0), r6 (B 1); 4 SXTB16 and 8 SMLAD: 14 instructions per 16 MACs. */
#define MOTE_PAIR_CHUNK        \
  "ldm r0!, {r7-r10}\n"        \
  "ldrd r11, r12, [r2], #16\n" \
  "sxtb16 lr, r11\n"           \
  "sxtb16 r11, r11, ror #8\n"  \
  "smlad r3, r7, lr, r3\n"     \
  "smlad r3, r8, r11, r3\n"    \
  "smlad r5, r9, lr, r5\n"     \
  "smlad r5, r10, r11, r5\n"   \
  "sxtb16 lr, r12\n"           \
  "sxtb16 r12, r12, ror #8\n"  \
  "smlad r4, r7, lr, r4\n"     \
  "smlad r4, r8, r12, r4\n"    \
  "smlad r6, r9, lr, r6\n"     \
  "smlad r6, r10, r12, r6\n"

/* The chunks [r0, r1), two per loop turn, entered in the middle for an odd
 * count. */
#define MOTE_PAIR_LOOP(label)                   \
  "sub lr, r1, r0\n"                            \
  "tst lr, #16\n" /* an odd number of chunks */ \
  "bne " #label "2f\n"                          \
  #label "1:\n" MOTE_PAIR_CHUNK                 \
  #label "2:\n" MOTE_PAIR_CHUNK                 \
  "cmp r0, r1\n"                                \
  "bne " #label "1b\n"

/* acc[0..3] (pixel A channel 0, A 1, B 0, B 1) += the products of the
 * scratch chunks [x, x_end) with the weight words at w, w + 4 (then w + 16,
 * w + 20, ...: a channel pair of a packed block). Assembly: the loop needs
 * all 14 usable registers (r3, the acc pointer, waits on the stack). Naked
 * and inline: one copy, no prologue of GCC's; noipa: GCC must not
 * read anything into the body it does not parse. */
inline __attribute__((naked, noipa)) void pair_dot_m4(const int16_t* /*x r0*/,
                                                         const int16_t* /*x_end r1*/,
                                                         const int8_t* /*w r2*/,
                                                         int32_t* /*acc r3*/) {
  __asm__(
      "push {r3-r11, lr}\n"
      "ldm r3, {r3-r6}\n"
      MOTE_PAIR_LOOP(3)
      "ldr r7, [sp]\n"
      "stm r7, {r3-r6}\n"
      "pop {r3-r11, pc}\n");
}

/* What pair_blocks_m4 reads (the offsets are the assembly's) and advances. */
struct PairBlocks {
  int32_t offset;             // 0: output offset
  uint32_t lo4, hi4;          // 4, 8: the activation range's bounds in every byte
  int8_t* out_a;              // 12: pixel A's output at the current channel
  int8_t* out_b;              // 16
  const int32_t* requant;     // 20: at the current channel (requant.h)
  const int32_t* bias;        // 24: at the current channel (next to x: one LDRD)
  const int16_t* x;           // 28: the scratch
  const int16_t* x_end;       // 32
  const int8_t* w;            // 36: the first block's packed weights
  int32_t back;               // 40: bytes from one block's end back to its channels 2, 3
  const int8_t* out_a_end;    // 44: out_a past the last whole block
  const void* entry[2];       // 48, 52: the routine's loop entries (it sets them)
};

/* Requantizes r3..r6 (accumulators, bias included) in place with the
 * constants of two channels at lr (advanced past them): per output the
 * rounding constant, SMLAL by the multiplier, SMLAL of [acc < 0] by -2^31
 * (r11), one shift (requantize_pre). */
#define MOTE_PAIR_RIGHT(acc_a, acc_b) \
  "smlal r9, r10, " acc_a ", r7\n"    \
  "lsr r12, " acc_a ", #31\n"         \
  "smlal r9, r10, r12, r11\n"         \
  "asr " acc_a ", r10, r8\n"          \
  "ldrd r9, r10, [lr, #-8]\n"         \
  "smlal r9, r10, " acc_b ", r7\n"    \
  "lsr r12, " acc_b ", #31\n"         \
  "smlal r9, r10, r12, r11\n"         \
  "asr " acc_b ", r10, r8\n"
#define MOTE_PAIR_REQUANT_CHANNEL(acc_a, acc_b) "ldm lr!, {r7-r10}\n" MOTE_PAIR_RIGHT(acc_a, acc_b)

/* An unfolded table (requant.h): r8 < 0 (a left shift) sends the channel
 * to its out-of-line code (MOTE_PAIR_LEFT, after the function's return):
 * LSL by s (wrapping, like the reference), SMLAL onto 2^30, and bits 31..62
 * of the sum (LSL #1, ORR of the low word's top bit). */
#define MOTE_PAIR_REQUANT_MIXED(acc_a, acc_b, left, join) \
  "ldm lr!, {r7-r10}\n"                                   \
  "cmp r8, #0\n"                                          \
  "blt " left "f\n" MOTE_PAIR_RIGHT(acc_a, acc_b) join ":\n"
#define MOTE_PAIR_LEFT_ONE(acc)         \
  "lsl " acc ", " acc ", r8\n"          \
  "smlal r9, r10, " acc ", r7\n"        \
  "lsl r10, r10, #1\n"                  \
  "orr " acc ", r10, r9, lsr #31\n"
#define MOTE_PAIR_LEFT(acc_a, acc_b, left, join)                   \
  left ":\n" MOTE_PAIR_LEFT_ONE(acc_a) "ldrd r9, r10, [lr, #-8]\n" \
      MOTE_PAIR_LEFT_ONE(acc_b) "b " join "b\n"

/* The 4 outputs r3 (A, channel 0), r4 (A 1), r5 (B 0), r6 (B 1), offset
 * included (requant.h): clamped and stored to out_a (r10) and out_b (r11), both advanced.
 * Full int8 range: 4 SSAT and 4 STRB. Otherwise SSAT to int8, the 4 bytes
 * packed into one word (3 BFI), the activation range as byte lanes (SSUB8
 * + SEL against lo (r8) and hi (r9) in every byte) and one STRH per pixel
 * (one routine for every clamp: a separate [lo, 127] one would save 2
 * instructions per 4 outputs for ~0.6 KB of code). */
#define MOTE_PAIR_STORE_FULL \
  "ssat r3, #8, r3\n"        \
  "ssat r4, #8, r4\n"        \
  "ssat r5, #8, r5\n"        \
  "ssat r6, #8, r6\n"        \
  "strb r4, [r10, #1]\n"     \
  "strb r3, [r10], #2\n"     \
  "strb r6, [r11, #1]\n"     \
  "strb r5, [r11], #2\n"
#define MOTE_PACK_BYTES     \
  "ssat r3, #8, r3\n"       \
  "ssat r4, #8, r4\n"       \
  "ssat r5, #8, r5\n"       \
  "ssat r6, #8, r6\n"       \
  "bfi r3, r4, #8, #8\n"    \
  "bfi r5, r6, #8, #8\n"    \
  "bfi r3, r5, #16, #16\n"
#define MOTE_BYTES_MAX_LO "ssub8 r12, r3, r8\n" "sel r3, r3, r8\n"
#define MOTE_BYTES_MIN_HI "ssub8 r12, r3, r9\n" "sel r3, r9, r3\n"
#define MOTE_PAIR_STORE_BYTES \
  "strh r3, [r10], #2\n"      \
  "lsr r3, r3, #16\n"         \
  "strh r3, [r11], #2\n"
#define MOTE_PAIR_STORE_RANGE \
  MOTE_PACK_BYTES MOTE_BYTES_MAX_LO MOTE_BYTES_MIN_HI MOTE_PAIR_STORE_BYTES

/* One channel pair: r2 its weights, r1 the scratch end, [sp] the
 * PairBlocks; accumulates from the bias, requantizes, stores to both
 * pixels and advances bias, requant, out_a and out_b. */
/* The chunks [r0, r1), 8 per loop turn (the loop overhead of 2
 * instructions per 8 chunks), entered at the address in [lr, #entry]: the
 * chunk that leaves a multiple of 8 (stored once per call; every chunk is
 * 14 32-bit instructions, 56 bytes, which the assembler checks). */
#define MOTE_PAIR_LOOP_FROM(label, entry)                                       \
  "ldr pc, [lr, #" entry "]\n"                                                  \
  #label "1:\n" MOTE_PAIR_CHUNK MOTE_PAIR_CHUNK MOTE_PAIR_CHUNK MOTE_PAIR_CHUNK \
      MOTE_PAIR_CHUNK MOTE_PAIR_CHUNK MOTE_PAIR_CHUNK MOTE_PAIR_CHUNK            \
  #label "9:\n"                                                                 \
  ".if " #label "9b - " #label "1b - 8 * 56\n"                                   \
  ".error \"a chunk is not 56 bytes\"\n"                                        \
  ".endif\n"                                                                    \
  "cmp r0, r1\n"                                                                \
  "bne " #label "1b\n"

#define MOTE_PAIR_CHANNELS(label, entry, store, requant, offset) \
  "ldr lr, [sp]\n"                                       \
  "ldrd r7, r0, [lr, #24]\n"                             \
  "ldrd r3, r4, [r7]\n" /* both pixels from the bias */  \
  "ldrd r5, r6, [r7], #8\n"                              \
  "str r7, [lr, #24]\n" MOTE_PAIR_LOOP_FROM(label, entry) \
  "ldr r0, [sp]\n"                                       \
  "ldr lr, [r0, #20]\n"                                  \
  "mov r11, #0x80000000\n"                               \
  requant                                                \
  "str lr, [r0, #20]\n"                                  \
  "ldm r0, {r7-r11}\n" offset store                      \
  "strd r10, r11, [r0, #12]\n"

/* The whole blocks of 4 channels for two pixels: channels 0, 1 of a block
 * (whose loop leaves r2 at the next block's), back to its channels 2, 3,
 * then on to the next block. requant_01, requant_23: the requantization of
 * each channel pair, tail: code after the return. */
#define MOTE_PAIR_BLOCKS_WITH(name, store, requant_01, requant_23, offset, tail) \
  inline __attribute__((naked, noipa)) void name(PairBlocks* /*r0*/) {   \
    __asm__("push {r0, r4-r11, lr}\n"                                    \
            "ldrd r3, r1, [r0, #28]\n" /* x, x_end */                    \
            "ldr r2, [r0, #36]\n"                                        \
            "sub r3, r3, r1\n"                                           \
            "ubfx r3, r3, #4, #3\n" /* chunks to skip: -count % 8 */     \
            "lsl r4, r3, #6\n"                                           \
            "sub r3, r4, r3, lsl #3\n" /* x 56 bytes */                  \
            "adr r4, 51f + 1\n" /* + 1: Thumb */                         \
            "add r4, r4, r3\n"                                           \
            "adr r5, 61f + 1\n"                                          \
            "add r5, r5, r3\n"                                           \
            "strd r4, r5, [r0, #48]\n"                                   \
            "4:\n" MOTE_PAIR_CHANNELS(5, "48", store, requant_01, offset)        \
            "ldr r7, [r0, #40]\n"                                        \
            "sub r2, r2, r7\n" MOTE_PAIR_CHANNELS(6, "52", store, requant_23, offset) \
            "sub r2, r2, #8\n"                                           \
            "ldr r7, [r0, #44]\n"                                        \
            "cmp r10, r7\n"                                              \
            "bne 4b\n"                                                   \
            "pop {r0, r4-r11, pc}\n" tail);                              \
  }
#define MOTE_PAIR_REQUANT_RIGHT \
  MOTE_PAIR_REQUANT_CHANNEL("r3", "r5") MOTE_PAIR_REQUANT_CHANNEL("r4", "r6")
/* The output offset (r7) where the constants do not carry it. */
#define MOTE_PAIR_ADD_OFFSET \
  "add r3, r7\n"             \
  "add r4, r7\n"             \
  "add r5, r7\n"             \
  "add r6, r7\n"
#define MOTE_PAIR_BLOCKS(name, store) \
  MOTE_PAIR_BLOCKS_WITH(name, store, MOTE_PAIR_REQUANT_RIGHT, MOTE_PAIR_REQUANT_RIGHT, "", "")
#define MOTE_PAIR_BLOCKS_MIXED(name, store)                                          \
  MOTE_PAIR_BLOCKS_WITH(                                                             \
      name, store,                                                                   \
      MOTE_PAIR_REQUANT_MIXED("r3", "r5", "71", "72")                                \
          MOTE_PAIR_REQUANT_MIXED("r4", "r6", "73", "74"),                           \
      MOTE_PAIR_REQUANT_MIXED("r3", "r5", "75", "76")                                \
          MOTE_PAIR_REQUANT_MIXED("r4", "r6", "77", "78"),                           \
      MOTE_PAIR_ADD_OFFSET,                                                          \
      MOTE_PAIR_LEFT("r3", "r5", "71", "72") MOTE_PAIR_LEFT("r4", "r6", "73", "74")  \
          MOTE_PAIR_LEFT("r3", "r5", "75", "76") MOTE_PAIR_LEFT("r4", "r6", "77", "78"))
MOTE_PAIR_BLOCKS(pair_blocks_full, MOTE_PAIR_STORE_FULL)
MOTE_PAIR_BLOCKS(pair_blocks_range, MOTE_PAIR_STORE_RANGE)
MOTE_PAIR_BLOCKS_MIXED(pair_blocks_mixed_full, MOTE_PAIR_STORE_FULL)
MOTE_PAIR_BLOCKS_MIXED(pair_blocks_mixed_range, MOTE_PAIR_STORE_RANGE)

/* What row_blocks_* read (the offsets are the assembly's) and advance: one
 * row (a FULLY_CONNECTED with one batch) over its int16 copy (4 halfwords
 * per chunk, (k0, k2, k1, k3)), or (row_blocks_s8_*) over the int8 row
 * itself when its length is a multiple of 4. */
struct RowBlocks {
  int32_t offset;          // 0
  uint32_t lo4, hi4;       // 4, 8: the activation range's bounds in every byte
  int8_t* out;             // 12: at the current block
  const int32_t* bias;     // 16: at the current block
  const int32_t* requant;  // 20: at the current channel
  int32_t requant_step;    // 24: 16 (per channel) or 0 (one set for all)
  const void* x;           // 28
  const void* x_end;       // 32
  const int8_t* w;         // 36: the first block's packed weights
  const int8_t* out_end;   // 40: out past the last whole block
  const void* entry;       // 44: the loop's entry (the routine sets it)
};

/* One chunk of one row against a block: r0 the row (one LDRD of its 2
 * words), r2 the weights (the block's 4 words, one LDM), accumulators r3-r6
 * (channels 0-3); 18 instructions per 16 MACs. */
#define MOTE_ROW_CHUNK_CHANNEL(w, acc) \
  "sxtb16 lr, " w "\n"                 \
  "smlad " acc ", r7, lr, " acc "\n"   \
  "sxtb16 " w ", " w ", ror #8\n"      \
  "smlad " acc ", r8, " w ", " acc "\n"
#define MOTE_ROW_CHUNK_CHANNELS                                              \
  "ldm r2!, {r9-r12}\n" MOTE_ROW_CHUNK_CHANNEL("r9", "r3")                   \
      MOTE_ROW_CHUNK_CHANNEL("r10", "r4") MOTE_ROW_CHUNK_CHANNEL("r11", "r5") \
          MOTE_ROW_CHUNK_CHANNEL("r12", "r6")
#define MOTE_ROW_CHUNK_S16 "ldrd r7, r8, [r0], #8\n" MOTE_ROW_CHUNK_CHANNELS
/* The same from the int8 row (no copy): its word extended in the loop, 20
 * instructions per 16 MACs. */
#define MOTE_ROW_CHUNK_S8 \
  "ldr r8, [r0], #4\n"    \
  "sxtb16 r7, r8\n"       \
  "sxtb16 r8, r8, ror #8\n" MOTE_ROW_CHUNK_CHANNELS

/* requantize_pre of accumulator `acc` with the constants at lr (then on by
 * r12 bytes), r11 = -2^31. */
#define MOTE_ROW_REQUANT(acc)          \
  "ldm lr, {r7-r10}\n"                 \
  "add lr, lr, r12\n"                  \
  "smlal r9, r10, " acc ", r7\n"       \
  "lsr r7, " acc ", #31\n"             \
  "smlal r9, r10, r7, r11\n"           \
  "asr " acc ", r10, r8\n"

/* The whole blocks of one row: per block the chunks 8 per loop turn,
 * entered at the chunk that leaves a multiple of 8 (2^log2_bytes row bytes
 * and code_bytes of code per chunk), then the 4 outputs packed into one
 * word (clamp: byte-lane clamps as in MOTE_PAIR_STORE_*) and stored by one
 * STR. */
#define MOTE_ROW_BLOCKS(name, clamp, chunk, log2_bytes, code_bytes)               \
  inline __attribute__((naked, noipa)) void name(RowBlocks* /*r0*/) {             \
    __asm__("push {r0, r4-r11, lr}\n"                                             \
            "ldrd r3, r1, [r0, #28]\n" /* x, x_end */                             \
            "ldr r2, [r0, #36]\n"                                                 \
            "sub r3, r3, r1\n"                                                    \
            "ubfx r3, r3, #" log2_bytes ", #3\n" /* chunks to skip: -count % 8 */ \
            "mov r4, #" code_bytes "\n"                                           \
            "mul r3, r3, r4\n"                                                    \
            "adr r4, 2f + 1\n" /* + 1: Thumb */                                   \
            "add r4, r4, r3\n"                                                    \
            "str r4, [r0, #44]\n"                                                 \
            "1:\n"                                                                \
            "ldr lr, [sp]\n"                                                      \
            "ldr r0, [lr, #28]\n"                                                 \
            "ldr r7, [lr, #16]\n"                                                 \
            "ldm r7!, {r3-r6}\n"                                                  \
            "str r7, [lr, #16]\n"                                                 \
            "ldr pc, [lr, #44]\n"                                                 \
            "2:\n" chunk chunk chunk chunk chunk chunk chunk chunk "9:\n"         \
            ".if 9b - 2b - 8 * " code_bytes "\n"                                  \
            ".error \"a row chunk is not " code_bytes " bytes\"\n"                \
            ".endif\n"                                                            \
            "cmp r0, r1\n"                                                        \
            "bne 2b\n"                                                            \
            "ldr r0, [sp]\n"                                                      \
            "ldr lr, [r0, #20]\n"                                                 \
            "ldr r12, [r0, #24]\n"                                                \
            "mov r11, #0x80000000\n" MOTE_ROW_REQUANT("r3") MOTE_ROW_REQUANT(     \
                "r4") MOTE_ROW_REQUANT("r5") MOTE_ROW_REQUANT("r6")               \
            "str lr, [r0, #20]\n"                                                 \
            "ldm r0, {r7-r10}\n" MOTE_PACK_BYTES clamp                            \
            "str r3, [r10], #4\n"                                                 \
            "str r10, [r0, #12]\n"                                                \
            "ldr r7, [r0, #40]\n"                                                 \
            "cmp r10, r7\n"                                                       \
            "bne 1b\n"                                                            \
            "pop {r0, r4-r11, pc}\n");                                            \
  }
#define MOTE_BYTES_RANGE MOTE_BYTES_MAX_LO MOTE_BYTES_MIN_HI
MOTE_ROW_BLOCKS(row_blocks_full, "", MOTE_ROW_CHUNK_S16, "3", "72")
MOTE_ROW_BLOCKS(row_blocks_range, MOTE_BYTES_RANGE, MOTE_ROW_CHUNK_S16, "3", "72")
MOTE_ROW_BLOCKS(row_blocks_s8_full, "", MOTE_ROW_CHUNK_S8, "2", "80")
MOTE_ROW_BLOCKS(row_blocks_s8_range, MOTE_BYTES_RANGE, MOTE_ROW_CHUNK_S8, "2", "80")

}  // namespace gemm
}  // namespace mote

#endif  // __ARM_FEATURE_DSP
#endif
