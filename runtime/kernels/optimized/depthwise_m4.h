// The Cortex-M4 (DSP extension) code of the optimized DEPTHWISE_CONV_2D
// (depthwise_conv2d.cc): the SXTAB16 helpers and the naked routines that
// run a row of pixels with 3x3/3x2/2x3/2x2 windows, the table's output stage in
// registers (asm_run picks one for a window's shape). Not a standalone
// header: depthwise_conv2d.cc includes it inside its anonymous namespace,
// after Window and pack_halves, so the code stays one translation unit's.
#if defined(__ARM_FEATURE_DSP)

inline uint32_t load_word(const int8_t* p) {
  uint32_t w;
  __builtin_memcpy(&w, p, 4);  // LDR: unaligned access is fine on Cortex-M4
  return w;
}

// Bytes 1 and 3 of x sign-extended to 16 bits, plus the halves of a.
inline int32_t sxtab16_ror8(int32_t a, uint32_t x) {
  int32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
  return r;
}

// A run of output pixels of one window shape (3x3, 3x2, 2x3 or 2x2 taps of a
// 3x3 filter), every group of 4 channels with the table's output stage, in one
// assembly routine: the sums stay in r0-r3, the taps take r4-r12 and the
// table pointer lr, so nothing spills but the output pointer and the loop
// bounds (kept at sp). Field order fixed: the prologue reads it with LDM.
struct AsmRun {
  int32_t rewind;             // input bytes back from the end of a group's taps to the next group
  const int32_t* filter_end;  // the filter pointer after the last group (18 words a group)
  int32_t col_step, row_step, offset2;
  int8_t* out;
  int32_t pixel_advance;  // input bytes from past the last group to the next pixel
  const int8_t* in_end;   // the input pointer past the last pixel
  const int32_t* filter;  // the first group's filter at the window's first tap
  const int32_t* table;
  const int8_t* in;
};
static_assert(sizeof(AsmRun) == 44 || sizeof(void*) != 4, "the routine's LDM layout");

// r0-r3 sums (channels 0-3), r4 input word, r5 widened input, r6/r7 filter
// words, r8 input, r9 filter, r10 col_step, r11 row_step, r12 offset2.
// STEP: the filter pointer's post-increment (8 to the next tap, more to skip
// taps outside the window).
#define MOTE_DW_TAP(LOAD, STEP)      \
  LOAD "\n\t"                        \
  "ldrd r6, r7, [r9], #" STEP "\n\t" \
  "sxtab16 r5, r12, r4\n\t"          \
  "smlabb r0, r5, r6, r0\n\t"        \
  "smlatt r2, r5, r6, r2\n\t"        \
  "sxtab16 r5, r12, r4, ror #8\n\t"  \
  "smlabb r1, r5, r7, r1\n\t"        \
  "smlatt r3, r5, r7, r3\n\t"
#define MOTE_DW_ROW3(LAST_STEP)                                                 \
  MOTE_DW_TAP("ldr r4, [r8]", "8") MOTE_DW_TAP("ldr r4, [r8, r10]", "8")        \
  MOTE_DW_TAP("ldr r4, [r8, r10, lsl #1]", LAST_STEP)
// A 2-tap row skips the third tap's filter words (8 bytes more).
#define MOTE_DW_ROW2(LAST_STEP) \
  MOTE_DW_TAP("ldr r4, [r8]", "8") MOTE_DW_TAP("ldr r4, [r8, r10]", LAST_STEP)
#define MOTE_DW_NEXT_ROW "add r8, r8, r11\n\t"
// One output: the doubled sum in A, the channel's multiplier, K, r in M, K,
// R; the sign term joins K before SMMLAR overwrites the sum. r7: output
// pointer.
#define MOTE_DW_OUT(A, M, K, R)                   \
  "add " K ", " K ", " A ", asr #31\n\t"          \
  "smmlar " A ", " A ", " M ", " K "\n\t"         \
  "asr " A ", " A ", " R "\n\t"                   \
  "ssat " A ", #8, " A "\n\t"                     \
  "strb " A ", [r7], #1\n\t"
#define MOTE_DW_RUN(NAME, TAPS)                                              \
  __attribute__((naked, noinline)) void NAME(const AsmRun* /* run */) {      \
    __asm__ volatile(                                                        \
        "push {r4-r11, lr}\n\t"                                              \
        "sub sp, sp, #44\n\t" /* 40 used, 8-byte aligned */                  \
        "ldm r0!, {r1-r7}\n\t" /* rewind .. pixel_advance at sp + 0 .. 24 */ \
        "stm sp, {r1-r7}\n\t"                                                \
        "ldm r0, {r1-r4}\n\t"  /* in_end, filter, table at 28 .. 36; in */   \
        "add r5, sp, #28\n\t"                                                \
        "stm r5, {r1-r3}\n\t"                                                \
        "mov r8, r4\n\t"                                                     \
        "mov r9, r2\n\t"                                                     \
        "mov lr, r3\n\t"                                                     \
        "ldr r10, [sp, #8]\n\t"                                              \
        "ldr r11, [sp, #12]\n\t"                                             \
        "ldr r12, [sp, #16]\n"                                               \
        "1:\n\t" /* group */                                                 \
        "ldm lr!, {r0-r3}\n\t"                                               \
        TAPS                                                                 \
        "ldr r7, [sp, #20]\n\t"                                              \
        "ldm lr!, {r4, r5, r6, r10, r11, r12}\n\t"                           \
        MOTE_DW_OUT("r0", "r4", "r5", "r6")                                  \
        MOTE_DW_OUT("r1", "r10", "r11", "r12")                               \
        "ldm lr!, {r4, r5, r6, r10, r11, r12}\n\t"                           \
        MOTE_DW_OUT("r2", "r4", "r5", "r6")                                  \
        MOTE_DW_OUT("r3", "r10", "r11", "r12")                               \
        "str r7, [sp, #20]\n\t"                                              \
        "ldm sp, {r4, r5, r10, r11, r12}\n\t"                                \
        "sub r8, r8, r4\n\t"                                                 \
        "cmp r9, r5\n\t"                                                     \
        "bne 1b\n\t"                                                         \
        /* next pixel: its input, the first group's filter and table */      \
        "add r4, sp, #24\n\t"                                                \
        "ldm r4, {r4, r6, r9, lr}\n\t"                                       \
        "add r8, r8, r4\n\t"                                                 \
        "cmp r8, r6\n\t"                                                     \
        "bne 1b\n\t"                                                         \
        "add sp, sp, #44\n\t"                                                \
        "pop {r4-r11, pc}\n\t");                                             \
  }
MOTE_DW_RUN(run3x3, MOTE_DW_ROW3("8") MOTE_DW_NEXT_ROW MOTE_DW_ROW3("8") MOTE_DW_NEXT_ROW
                        MOTE_DW_ROW3("8"))
MOTE_DW_RUN(run3x2, MOTE_DW_ROW2("16") MOTE_DW_NEXT_ROW MOTE_DW_ROW2("16") MOTE_DW_NEXT_ROW
                        MOTE_DW_ROW2("16"))
// Two rows: the last tap also skips the third row's 24 bytes.
MOTE_DW_RUN(run2x3, MOTE_DW_ROW3("8") MOTE_DW_NEXT_ROW MOTE_DW_ROW3("32"))
MOTE_DW_RUN(run2x2, MOTE_DW_ROW2("16") MOTE_DW_NEXT_ROW MOTE_DW_ROW2("40"))
#undef MOTE_DW_RUN
#undef MOTE_DW_OUT
#undef MOTE_DW_NEXT_ROW
#undef MOTE_DW_ROW2
#undef MOTE_DW_ROW3
#undef MOTE_DW_TAP

// The routine for w's shape, or NULL. Preconditions (the caller's): a 3x3
// filter, the table, channels % 4 == 0, the full int8 activation range.
void (*asm_run(const Window& w))(const AsmRun*) {
  if (w.rows == 3) return w.cols == 3 ? run3x3 : w.cols == 2 ? run3x2 : nullptr;
  if (w.rows == 2) return w.cols == 3 ? run2x3 : w.cols == 2 ? run2x2 : nullptr;
  return nullptr;
}
#endif
