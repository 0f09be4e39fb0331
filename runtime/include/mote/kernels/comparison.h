/* Comparisons GREATER, GREATER_EQUAL, LESS, LESS_EQUAL, EQUAL, NOT_EQUAL:
 * output[i] = input1 OP input2 as a bool (one byte, 0 or 1), with numpy
 * broadcasting (rank <= 6). Element types float32, int32 and int8; int8
 * values are compared as stored, so the compiler requires both inputs to
 * share one scale and zero point. One kernel file per op
 * (runtime/kernels/reference/<op>.cc); all share this header. */
#ifndef MOTE_KERNELS_COMPARISON_H
#define MOTE_KERNELS_COMPARISON_H

#include "mote/config.h"
#include "mote/kernels/broadcast.h"

MOTE_EXTERN_C_BEGIN

/* Serves every comparison and element type. */
typedef struct mote_comparison_params {
  mote_broadcast_shape shape;
} mote_comparison_params;

/* Entry operands: input1, input2, output (uint8_t 0/1). */
/* GREATER: output = a > b. */
void mote_greater_f32(const mote_comparison_params *params, const float *input1,
                      const float *input2, uint8_t *output);
void mote_greater_s32(const mote_comparison_params *params, const int32_t *input1,
                      const int32_t *input2, uint8_t *output);
void mote_greater_s8(const mote_comparison_params *params, const int8_t *input1,
                     const int8_t *input2, uint8_t *output);

/* GREATER_EQUAL: output = a >= b. */
void mote_greater_equal_f32(const mote_comparison_params *params, const float *input1,
                            const float *input2, uint8_t *output);
void mote_greater_equal_s32(const mote_comparison_params *params, const int32_t *input1,
                            const int32_t *input2, uint8_t *output);
void mote_greater_equal_s8(const mote_comparison_params *params, const int8_t *input1,
                           const int8_t *input2, uint8_t *output);

/* LESS: output = a < b. */
void mote_less_f32(const mote_comparison_params *params, const float *input1, const float *input2,
                   uint8_t *output);
void mote_less_s32(const mote_comparison_params *params, const int32_t *input1,
                   const int32_t *input2, uint8_t *output);
void mote_less_s8(const mote_comparison_params *params, const int8_t *input1, const int8_t *input2,
                  uint8_t *output);

/* LESS_EQUAL: output = a <= b. */
void mote_less_equal_f32(const mote_comparison_params *params, const float *input1,
                         const float *input2, uint8_t *output);
void mote_less_equal_s32(const mote_comparison_params *params, const int32_t *input1,
                         const int32_t *input2, uint8_t *output);
void mote_less_equal_s8(const mote_comparison_params *params, const int8_t *input1,
                        const int8_t *input2, uint8_t *output);

/* EQUAL: output = a == b. */
void mote_equal_f32(const mote_comparison_params *params, const float *input1, const float *input2,
                    uint8_t *output);
void mote_equal_s32(const mote_comparison_params *params, const int32_t *input1,
                    const int32_t *input2, uint8_t *output);
void mote_equal_s8(const mote_comparison_params *params, const int8_t *input1, const int8_t *input2,
                   uint8_t *output);

/* NOT_EQUAL: output = a != b. */
void mote_not_equal_f32(const mote_comparison_params *params, const float *input1,
                        const float *input2, uint8_t *output);
void mote_not_equal_s32(const mote_comparison_params *params, const int32_t *input1,
                        const int32_t *input2, uint8_t *output);
void mote_not_equal_s8(const mote_comparison_params *params, const int8_t *input1,
                       const int8_t *input2, uint8_t *output);

MOTE_EXTERN_C_END

#ifdef __cplusplus
namespace mote {

/* output[out] = compare(input1[in1], input2[in2]) over the broadcast. A NaN
 * compares false except under NOT_EQUAL, as in C++ (and TFLite). */
template <class T, class Compare>
inline void compare_broadcast(const mote_broadcast_shape &shape, const T *input1, const T *input2,
                              uint8_t *output, Compare compare) {
  for_each_broadcast(shape, [&](int32_t out, int32_t in1, int32_t in2) {
    output[out] = compare(input1[in1], input2[in2]) ? 1 : 0;
  });
}

}  // namespace mote

#endif

#endif
