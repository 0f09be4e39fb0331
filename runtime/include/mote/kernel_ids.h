/* Every kernel the host interpreter can dispatch to. One line per kernel:
 * X(ID, entry) where `entry` is `void entry(const void* params,
 * void* const* operands)` defined next to the kernel it adapts.
 * Sections are grouped by op family to keep edits apart. */
#ifndef MOTE_KERNEL_IDS_H
#define MOTE_KERNEL_IDS_H

#include "mote/config.h"

/* clang-format off */
#define MOTE_KERNELS_DATA_MOVEMENT(X) \
  X(MOTE_K_COPY, mote_entry_copy)

#define MOTE_KERNELS_CONV(X)                                            \
  X(MOTE_K_CONV2D_S8, mote_entry_conv2d_s8)                             \
  X(MOTE_K_CONV2D_F32, mote_entry_conv2d_f32)                           \
  X(MOTE_K_CONV2D_HYBRID, mote_entry_conv2d_hybrid)                     \
  X(MOTE_K_DEPTHWISE_CONV2D_S8, mote_entry_depthwise_conv2d_s8)         \
  X(MOTE_K_DEPTHWISE_CONV2D_F32, mote_entry_depthwise_conv2d_f32)       \
  X(MOTE_K_DEPTHWISE_CONV2D_HYBRID, mote_entry_depthwise_conv2d_hybrid) \
  X(MOTE_K_FULLY_CONNECTED_S8, mote_entry_fully_connected_s8)           \
  X(MOTE_K_FULLY_CONNECTED_F32, mote_entry_fully_connected_f32)         \
  X(MOTE_K_FULLY_CONNECTED_HYBRID, mote_entry_fully_connected_hybrid)

#define MOTE_KERNELS_ELEMENTWISE(X)                         \
  X(MOTE_K_ADD_S8, mote_entry_add_s8)                       \
  X(MOTE_K_ADD_F32, mote_entry_add_f32)                     \
  X(MOTE_K_SUB_S8, mote_entry_sub_s8)                       \
  X(MOTE_K_SUB_F32, mote_entry_sub_f32)                     \
  X(MOTE_K_MUL_S8, mote_entry_mul_s8)                       \
  X(MOTE_K_MUL_F32, mote_entry_mul_f32)                     \
  X(MOTE_K_MAXIMUM_S8, mote_entry_maximum_s8)               \
  X(MOTE_K_MAXIMUM_F32, mote_entry_maximum_f32)             \
  X(MOTE_K_MINIMUM_S8, mote_entry_minimum_s8)               \
  X(MOTE_K_MINIMUM_F32, mote_entry_minimum_f32)             \
  X(MOTE_K_AVG_POOL2D_S8, mote_entry_avg_pool2d_s8)         \
  X(MOTE_K_AVG_POOL2D_F32, mote_entry_avg_pool2d_f32)       \
  X(MOTE_K_MAX_POOL2D_S8, mote_entry_max_pool2d_s8)         \
  X(MOTE_K_MAX_POOL2D_F32, mote_entry_max_pool2d_f32)       \
  X(MOTE_K_MEAN_S8, mote_entry_mean_s8)                     \
  X(MOTE_K_MEAN_F32, mote_entry_mean_f32)                   \
  X(MOTE_K_REDUCE_MAX_S8, mote_entry_reduce_max_s8)         \
  X(MOTE_K_REDUCE_MAX_F32, mote_entry_reduce_max_f32)

#define MOTE_KERNELS_ACTIVATION(X)                            \
  X(MOTE_K_SOFTMAX_S8, mote_entry_softmax_s8)                 \
  X(MOTE_K_SOFTMAX_F32, mote_entry_softmax_f32)               \
  X(MOTE_K_LOGISTIC_S8, mote_entry_logistic_s8)               \
  X(MOTE_K_LOGISTIC_F32, mote_entry_logistic_f32)             \
  X(MOTE_K_TANH_S8, mote_entry_tanh_s8)                       \
  X(MOTE_K_TANH_F32, mote_entry_tanh_f32)                     \
  X(MOTE_K_RELU_S8, mote_entry_relu_s8)                       \
  X(MOTE_K_RELU_F32, mote_entry_relu_f32)                     \
  X(MOTE_K_LEAKY_RELU_S8, mote_entry_leaky_relu_s8)           \
  X(MOTE_K_LEAKY_RELU_F32, mote_entry_leaky_relu_f32)         \
  X(MOTE_K_HARD_SWISH_S8, mote_entry_hard_swish_s8)           \
  X(MOTE_K_HARD_SWISH_F32, mote_entry_hard_swish_f32)         \
  X(MOTE_K_QUANTIZE_F32_S8, mote_entry_quantize_f32_s8)       \
  X(MOTE_K_REQUANTIZE_S8, mote_entry_requantize_s8)           \
  X(MOTE_K_REQUANTIZE_S8_U8, mote_entry_requantize_s8_u8)     \
  X(MOTE_K_REQUANTIZE_U8_S8, mote_entry_requantize_u8_s8)     \
  X(MOTE_K_DEQUANTIZE_S8_F32, mote_entry_dequantize_s8_f32)   \
  X(MOTE_K_DEQUANTIZE_U8_F32, mote_entry_dequantize_u8_f32)   \
  X(MOTE_K_LOG_F32, mote_entry_log_f32)                       \
  X(MOTE_K_RSQRT_F32, mote_entry_rsqrt_f32)                   \
  X(MOTE_K_RSQRT_S8, mote_entry_rsqrt_s8)

#define MOTE_KERNELS_RESHAPING(X)                         \
  X(MOTE_K_CONCATENATION, mote_entry_concatenation)       \
  X(MOTE_K_PAD, mote_entry_pad)                           \
  X(MOTE_K_TRANSPOSE, mote_entry_transpose)               \
  X(MOTE_K_STRIDED_SLICE, mote_entry_strided_slice)       \
  X(MOTE_K_BATCH_MATMUL_S8, mote_entry_batch_matmul_s8)   \
  X(MOTE_K_BATCH_MATMUL_F32, mote_entry_batch_matmul_f32)

#define MOTE_KERNELS_COMPARISON(X)                                \
  X(MOTE_K_GREATER_F32, mote_entry_greater_f32)                   \
  X(MOTE_K_GREATER_S32, mote_entry_greater_s32)                   \
  X(MOTE_K_GREATER_S8, mote_entry_greater_s8)                     \
  X(MOTE_K_GREATER_EQUAL_F32, mote_entry_greater_equal_f32)       \
  X(MOTE_K_GREATER_EQUAL_S32, mote_entry_greater_equal_s32)       \
  X(MOTE_K_GREATER_EQUAL_S8, mote_entry_greater_equal_s8)         \
  X(MOTE_K_LESS_F32, mote_entry_less_f32)                         \
  X(MOTE_K_LESS_S32, mote_entry_less_s32)                         \
  X(MOTE_K_LESS_S8, mote_entry_less_s8)                           \
  X(MOTE_K_LESS_EQUAL_F32, mote_entry_less_equal_f32)             \
  X(MOTE_K_LESS_EQUAL_S32, mote_entry_less_equal_s32)             \
  X(MOTE_K_LESS_EQUAL_S8, mote_entry_less_equal_s8)               \
  X(MOTE_K_EQUAL_F32, mote_entry_equal_f32)                       \
  X(MOTE_K_EQUAL_S32, mote_entry_equal_s32)                       \
  X(MOTE_K_EQUAL_S8, mote_entry_equal_s8)                         \
  X(MOTE_K_NOT_EQUAL_F32, mote_entry_not_equal_f32)               \
  X(MOTE_K_NOT_EQUAL_S32, mote_entry_not_equal_s32)               \
  X(MOTE_K_NOT_EQUAL_S8, mote_entry_not_equal_s8)

/* IF: runs one of two lowered branch plans in a region of the arena
 * (runtime/src/control_flow.cc, mote/control_flow.h). */
#define MOTE_KERNELS_CONTROL_FLOW(X) \
  X(MOTE_K_IF, mote_entry_if)

/* Optimized kernels (runtime/kernels/optimized/): each computes exactly what
 * its reference does; lowering picks one when its preconditions hold. */
#define MOTE_KERNELS_OPTIMIZED_MATMUL(X) /* conv2d, fully_connected */ \
  X(MOTE_K_GEMM_S8, mote_entry_gemm_s8)                                  \
  X(MOTE_K_CONV2D_S8_GEMM, mote_entry_conv2d_s8_gemm)

#define MOTE_KERNELS_OPTIMIZED_WINDOW(X) /* depthwise, pooling, add, softmax */ \
  X(MOTE_K_DEPTHWISE_CONV2D_S8_OPT, mote_entry_depthwise_conv2d_s8_opt)   \
  X(MOTE_K_ADD_S8_OPT, mote_entry_add_s8_opt)                             \
  X(MOTE_K_AVG_POOL2D_S8_OPT, mote_entry_avg_pool2d_s8_opt)               \
  X(MOTE_K_MAX_POOL2D_S8_OPT, mote_entry_max_pool2d_s8_opt)

#define MOTE_KERNELS(X)          \
  MOTE_KERNELS_DATA_MOVEMENT(X)  \
  MOTE_KERNELS_CONV(X)           \
  MOTE_KERNELS_ELEMENTWISE(X)    \
  MOTE_KERNELS_ACTIVATION(X)     \
  MOTE_KERNELS_RESHAPING(X)      \
  MOTE_KERNELS_COMPARISON(X)     \
  MOTE_KERNELS_CONTROL_FLOW(X)   \
  MOTE_KERNELS_OPTIMIZED_MATMUL(X) \
  MOTE_KERNELS_OPTIMIZED_WINDOW(X)
/* clang-format on */

MOTE_EXTERN_C_BEGIN

typedef enum mote_kernel_id {
#define MOTE_KERNEL_ENUM(id, entry) id,
  MOTE_KERNELS(MOTE_KERNEL_ENUM)
#undef MOTE_KERNEL_ENUM
  MOTE_KERNEL_COUNT
} mote_kernel_id;

typedef void (*mote_kernel_entry)(const void* params, void* const* operands);

#define MOTE_KERNEL_DECLARE(id, entry) void entry(const void* params, void* const* operands);
MOTE_KERNELS(MOTE_KERNEL_DECLARE)
#undef MOTE_KERNEL_DECLARE

MOTE_EXTERN_C_END

#endif
