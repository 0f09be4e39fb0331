#include "compiler/codegen/kernel_calls.h"

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string_view>
#include <type_traits>

#include "mote/kernels/add.h"
#include "mote/kernels/avg_pool2d.h"
#include "mote/kernels/batch_matmul.h"
#include "mote/kernels/comparison.h"
#include "mote/kernels/concatenation.h"
#include "mote/kernels/conv2d.h"
#include "mote/kernels/copy.h"
#include "mote/kernels/depthwise_conv2d.h"
#include "mote/kernels/dequantize.h"
#include "mote/kernels/fully_connected.h"
#include "mote/kernels/hard_swish.h"
#include "mote/kernels/leaky_relu.h"
#include "mote/kernels/log.h"
#include "mote/kernels/logistic.h"
#include "mote/kernels/max_pool2d.h"
#include "mote/kernels/maximum.h"
#include "mote/kernels/mean.h"
#include "mote/kernels/minimum.h"
#include "mote/kernels/mul.h"
#include "mote/kernels/optimized/gemm.h"
#include "mote/kernels/optimized/add.h"
#include "mote/kernels/optimized/depthwise_conv2d.h"
#include "mote/kernels/optimized/pool2d.h"
#include "mote/kernels/pad.h"
#include "mote/kernels/quantize.h"
#include "mote/kernels/reduce_max.h"
#include "mote/kernels/relu.h"
#include "mote/kernels/rsqrt.h"
#include "mote/kernels/softmax.h"
#include "mote/kernels/strided_slice.h"
#include "mote/kernels/sub.h"
#include "mote/kernels/tanh.h"
#include "mote/kernels/transpose.h"

namespace mote::codegen {

namespace {

// ---- struct descriptions -------------------------------------------------

template <class T>
const StructDesc& describe();

template <class E>
constexpr Scalar scalar_of() {
  if constexpr (std::is_same_v<E, int16_t>) return Scalar::kInt16;
  else if constexpr (std::is_same_v<E, int32_t>) return Scalar::kInt32;
  else if constexpr (std::is_same_v<E, uint32_t>) return Scalar::kUint32;
  else if constexpr (std::is_same_v<E, float>) return Scalar::kFloat;
  else static_assert(sizeof(E) == 0, "add this field type to Scalar");
}

template <class F>
FieldDesc field(const char* name, size_t offset) {
  using E = std::remove_all_extents_t<F>;
  static_assert(std::rank_v<F> <= 1, "one array dimension at most");
  FieldDesc f{name, offset, sizeof(F) / sizeof(E), std::is_array_v<F>, Scalar::kInt32, nullptr,
              sizeof(F)};
  if constexpr (std::is_class_v<E>) {
    f.nested = &describe<E>();
  } else {
    f.scalar = scalar_of<E>();
  }
  return f;
}

// DESCRIBE(type, FIELD(a), FIELD(b), ...) defines describe<type>().
#define DESCRIBE(T, ...)                                        \
  template <>                                                   \
  const StructDesc& describe<T>() {                             \
    using S = T;                                                \
    static const StructDesc desc{#T, sizeof(T), {__VA_ARGS__}}; \
    return desc;                                                \
  }
#define FIELD(name) field<decltype(S::name)>(#name, offsetof(S, name))

// Shared pieces first: a struct is described before the structs holding it.
DESCRIBE(mote_conv_geometry, FIELD(batches), FIELD(input_height), FIELD(input_width),
         FIELD(input_depth), FIELD(filter_height), FIELD(filter_width), FIELD(output_height),
         FIELD(output_width), FIELD(output_depth), FIELD(stride_height), FIELD(stride_width),
         FIELD(dilation_height), FIELD(dilation_width), FIELD(pad_height), FIELD(pad_width))
DESCRIBE(mote_conv_quant_params, FIELD(input_offset), FIELD(output_offset),
         FIELD(activation_min), FIELD(activation_max), FIELD(per_channel))
DESCRIBE(mote_hybrid_params, FIELD(activation_min), FIELD(activation_max), FIELD(per_channel))
DESCRIBE(mote_fully_connected_shape, FIELD(batches), FIELD(accum_depth), FIELD(output_depth))
DESCRIBE(mote_pool_geometry, FIELD(batches), FIELD(input_height), FIELD(input_width),
         FIELD(channels), FIELD(output_height), FIELD(output_width), FIELD(filter_height),
         FIELD(filter_width), FIELD(stride_height), FIELD(stride_width), FIELD(pad_height),
         FIELD(pad_width))
DESCRIBE(mote_broadcast_shape, FIELD(dims), FIELD(input1_strides), FIELD(input2_strides),
         FIELD(flat_size), FIELD(same_shapes))
DESCRIBE(mote_reduce_shape, FIELD(outer_dims), FIELD(outer_strides), FIELD(inner_dims),
         FIELD(inner_strides), FIELD(num_outputs), FIELD(reduce_count))
DESCRIBE(mote_batch_matmul_shape, FIELD(batch_dims), FIELD(lhs_batch_strides),
         FIELD(rhs_batch_strides), FIELD(rows), FIELD(cols), FIELD(depth), FIELD(lhs_row_stride),
         FIELD(lhs_depth_stride), FIELD(rhs_depth_stride), FIELD(rhs_col_stride))

// Convolution family.
DESCRIBE(mote_conv2d_s8_params, FIELD(geometry), FIELD(filter_input_depth), FIELD(quant))
DESCRIBE(mote_conv2d_f32_params, FIELD(geometry), FIELD(filter_input_depth),
         FIELD(activation_min), FIELD(activation_max))
DESCRIBE(mote_conv2d_hybrid_params, FIELD(geometry), FIELD(filter_input_depth), FIELD(hybrid))
DESCRIBE(mote_depthwise_conv2d_s8_params, FIELD(geometry), FIELD(depth_multiplier), FIELD(quant))
DESCRIBE(mote_depthwise_conv2d_f32_params, FIELD(geometry), FIELD(depth_multiplier),
         FIELD(activation_min), FIELD(activation_max))
DESCRIBE(mote_depthwise_conv2d_hybrid_params, FIELD(geometry), FIELD(depth_multiplier),
         FIELD(hybrid))
DESCRIBE(mote_fully_connected_s8_params, FIELD(shape), FIELD(quant))
DESCRIBE(mote_fully_connected_f32_params, FIELD(shape), FIELD(activation_min),
         FIELD(activation_max))
DESCRIBE(mote_fully_connected_hybrid_params, FIELD(shape), FIELD(hybrid))

// Elementwise, pooling and reductions.
DESCRIBE(mote_add_s8_params, FIELD(shape), FIELD(input1_offset), FIELD(input2_offset),
         FIELD(output_offset), FIELD(left_shift), FIELD(input1_multiplier), FIELD(input1_shift),
         FIELD(input2_multiplier), FIELD(input2_shift), FIELD(output_multiplier),
         FIELD(output_shift), FIELD(activation_min), FIELD(activation_max))
DESCRIBE(mote_add_f32_params, FIELD(shape), FIELD(activation_min), FIELD(activation_max))
DESCRIBE(mote_sub_s8_params, FIELD(shape), FIELD(input1_offset), FIELD(input2_offset),
         FIELD(output_offset), FIELD(left_shift), FIELD(input1_multiplier), FIELD(input1_shift),
         FIELD(input2_multiplier), FIELD(input2_shift), FIELD(output_multiplier),
         FIELD(output_shift), FIELD(activation_min), FIELD(activation_max))
DESCRIBE(mote_sub_f32_params, FIELD(shape), FIELD(activation_min), FIELD(activation_max))
DESCRIBE(mote_mul_s8_params, FIELD(shape), FIELD(input1_offset), FIELD(input2_offset),
         FIELD(output_offset), FIELD(output_multiplier), FIELD(output_shift),
         FIELD(activation_min), FIELD(activation_max))
DESCRIBE(mote_mul_f32_params, FIELD(shape), FIELD(activation_min), FIELD(activation_max))
DESCRIBE(mote_maximum_params, FIELD(shape))
DESCRIBE(mote_minimum_params, FIELD(shape))
DESCRIBE(mote_comparison_params, FIELD(shape))
DESCRIBE(mote_avg_pool2d_s8_params, FIELD(geometry), FIELD(activation_min), FIELD(activation_max))
DESCRIBE(mote_avg_pool2d_f32_params, FIELD(geometry), FIELD(activation_min),
         FIELD(activation_max))
DESCRIBE(mote_max_pool2d_s8_params, FIELD(geometry), FIELD(activation_min), FIELD(activation_max))
DESCRIBE(mote_max_pool2d_f32_params, FIELD(geometry), FIELD(activation_min),
         FIELD(activation_max))
DESCRIBE(mote_mean_s8_params, FIELD(shape), FIELD(mode), FIELD(input_zero_point),
         FIELD(output_zero_point), FIELD(multiplier), FIELD(shift))
DESCRIBE(mote_mean_f32_params, FIELD(shape))
DESCRIBE(mote_reduce_max_params, FIELD(shape))

// Activations and (de)quantization.
DESCRIBE(mote_softmax_s8_params, FIELD(outer_size), FIELD(depth), FIELD(input_multiplier),
         FIELD(input_left_shift), FIELD(diff_min))
DESCRIBE(mote_softmax_f32_params, FIELD(outer_size), FIELD(depth), FIELD(beta))
DESCRIBE(mote_logistic_s8_params, FIELD(size), FIELD(input_zero_point), FIELD(input_range_radius),
         FIELD(input_multiplier), FIELD(input_left_shift))
DESCRIBE(mote_logistic_f32_params, FIELD(size))
DESCRIBE(mote_tanh_s8_params, FIELD(size), FIELD(input_zero_point), FIELD(input_range_radius),
         FIELD(input_multiplier), FIELD(input_left_shift))
DESCRIBE(mote_tanh_f32_params, FIELD(size))
DESCRIBE(mote_relu_s8_params, FIELD(size), FIELD(input_zero_point), FIELD(output_zero_point),
         FIELD(output_multiplier), FIELD(output_shift), FIELD(activation_min),
         FIELD(activation_max))
DESCRIBE(mote_relu_f32_params, FIELD(size), FIELD(min), FIELD(max))
DESCRIBE(mote_leaky_relu_s8_params, FIELD(size), FIELD(input_zero_point),
         FIELD(output_zero_point), FIELD(identity_multiplier), FIELD(identity_shift),
         FIELD(alpha_multiplier), FIELD(alpha_shift))
DESCRIBE(mote_leaky_relu_f32_params, FIELD(size), FIELD(alpha))
DESCRIBE(mote_hard_swish_s8_params, FIELD(size), FIELD(input_zero_point),
         FIELD(output_zero_point), FIELD(output_multiplier), FIELD(reluish_multiplier),
         FIELD(output_exponent), FIELD(reluish_exponent))
DESCRIBE(mote_hard_swish_f32_params, FIELD(size))
DESCRIBE(mote_quantize_f32_s8_params, FIELD(size), FIELD(scale), FIELD(zero_point))
DESCRIBE(mote_requantize_params, FIELD(size), FIELD(input_zero_point), FIELD(output_zero_point),
         FIELD(multiplier), FIELD(shift))
DESCRIBE(mote_dequantize_params, FIELD(size), FIELD(scale), FIELD(zero_point))
DESCRIBE(mote_log_f32_params, FIELD(size))
DESCRIBE(mote_rsqrt_f32_params, FIELD(size))
DESCRIBE(mote_rsqrt_s8_params, FIELD(size), FIELD(input_zero_point), FIELD(output_zero_point),
         FIELD(multiplier), FIELD(shift))

// Data movement.
DESCRIBE(mote_copy_params, FIELD(bytes))
DESCRIBE(mote_concatenation_params, FIELD(num_inputs), FIELD(outer_size), FIELD(input_bytes))
DESCRIBE(mote_pad_params, FIELD(element_size), FIELD(input_dims), FIELD(output_dims),
         FIELD(before))
DESCRIBE(mote_transpose_params, FIELD(element_size), FIELD(output_dims), FIELD(input_strides))
DESCRIBE(mote_strided_slice_params, FIELD(element_size), FIELD(start), FIELD(step), FIELD(count),
         FIELD(input_strides))
DESCRIBE(mote_batch_matmul_s8_params, FIELD(shape), FIELD(lhs_offset), FIELD(rhs_offset),
         FIELD(output_offset), FIELD(output_multiplier), FIELD(output_shift),
         FIELD(activation_min), FIELD(activation_max))
DESCRIBE(mote_batch_matmul_f32_params, FIELD(shape))

#undef FIELD
#undef DESCRIBE

// ---- calls ---------------------------------------------------------------

// "const int8_t* input, quant, int8_t* output": one argument per comma;
// `quant` is a mote_per_channel_quant built from two operands (multiplier,
// shift), `inputs` an array of every operand but the last.
std::vector<KernelArg> parse_args(std::string_view spec) {
  std::vector<KernelArg> args;
  while (!spec.empty()) {
    const size_t comma = spec.find(',');
    std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    KernelArg arg;
    if (item == "quant") {
      arg.kind = KernelArg::Kind::kPerChannelQuant;
      arg.name = "quant";
    } else if (item == "inputs") {
      arg.kind = KernelArg::Kind::kInputArray;
      arg.name = "inputs";
    } else {
      const size_t space = item.rfind(' ');
      arg.c_type = std::string(item.substr(0, space));
      arg.name = std::string(item.substr(space + 1));
    }
    args.push_back(std::move(arg));
  }
  return args;
}

struct CallSpec {
  mote_kernel_id id;
  const char* function;
  const StructDesc& params;
  const char* args;
};

// One line per kernel, in the argument order of its header's declaration.
#define CALL(id, function, Params, args) CallSpec{id, #function, describe<Params>(), args}

std::vector<CallSpec> call_specs() {
  constexpr const char* kUnaryS8 = "const int8_t* input, int8_t* output";
  constexpr const char* kUnaryF32 = "const float* input, float* output";
  constexpr const char* kBinaryS8 = "const int8_t* input1, const int8_t* input2, int8_t* output";
  constexpr const char* kBinaryF32 = "const float* input1, const float* input2, float* output";
  constexpr const char* kBytes = "const void* input, void* output";
  return {
      CALL(MOTE_K_COPY, mote_copy, mote_copy_params, kBytes),
      CALL(MOTE_K_CONV2D_S8, mote_conv2d_s8, mote_conv2d_s8_params,
           "const int8_t* input, const int8_t* filter, const int32_t* bias, quant, "
           "int8_t* output"),
      CALL(MOTE_K_CONV2D_F32, mote_conv2d_f32, mote_conv2d_f32_params,
           "const float* input, const float* filter, const float* bias, float* output"),
      CALL(MOTE_K_CONV2D_HYBRID, mote_conv2d_hybrid, mote_conv2d_hybrid_params,
           "const float* input, const int8_t* filter, const float* bias, "
           "const float* filter_scale, int8_t* buffer, float* output"),
      CALL(MOTE_K_DEPTHWISE_CONV2D_S8, mote_depthwise_conv2d_s8, mote_depthwise_conv2d_s8_params,
           "const int8_t* input, const int8_t* filter, const int32_t* bias, quant, "
           "int8_t* output"),
      CALL(MOTE_K_DEPTHWISE_CONV2D_S8_OPT, mote_depthwise_conv2d_s8_opt,
           mote_depthwise_conv2d_s8_params,
           "const int8_t* input, const int32_t* packed_filter, const int32_t* bias, quant, "
           "const int32_t* requant, int8_t* output"),
      CALL(MOTE_K_DEPTHWISE_CONV2D_F32, mote_depthwise_conv2d_f32,
           mote_depthwise_conv2d_f32_params,
           "const float* input, const float* filter, const float* bias, float* output"),
      CALL(MOTE_K_DEPTHWISE_CONV2D_HYBRID, mote_depthwise_conv2d_hybrid,
           mote_depthwise_conv2d_hybrid_params,
           "const float* input, const int8_t* filter, const float* bias, "
           "const float* filter_scale, int8_t* buffer, float* output"),
      CALL(MOTE_K_FULLY_CONNECTED_S8, mote_fully_connected_s8, mote_fully_connected_s8_params,
           "const int8_t* input, const int8_t* weights, const int32_t* bias, quant, "
           "int8_t* output"),
      CALL(MOTE_K_FULLY_CONNECTED_F32, mote_fully_connected_f32, mote_fully_connected_f32_params,
           "const float* input, const float* weights, const float* bias, float* output"),
      CALL(MOTE_K_FULLY_CONNECTED_HYBRID, mote_fully_connected_hybrid,
           mote_fully_connected_hybrid_params,
           "const float* input, const int8_t* weights, const float* bias, "
           "const float* weight_scale, int8_t* buffer, float* output"),
      CALL(MOTE_K_GEMM_S8, mote_gemm_s8, mote_fully_connected_s8_params,
           "const int8_t* input, const int8_t* packed_weights, const int32_t* folded_bias, "
           "quant, const int32_t* requant, int16_t* scratch, int8_t* output"),
      CALL(MOTE_K_CONV2D_S8_GEMM, mote_conv2d_s8_gemm, mote_conv2d_s8_params,
           "const int8_t* input, const int8_t* packed_weights, const int32_t* folded_bias, "
           "quant, const int32_t* requant, int16_t* scratch, int8_t* output"),
      CALL(MOTE_K_ADD_S8, mote_add_s8, mote_add_s8_params, kBinaryS8),
      CALL(MOTE_K_ADD_F32, mote_add_f32, mote_add_f32_params, kBinaryF32),
      CALL(MOTE_K_ADD_S8_OPT, mote_add_s8_opt, mote_add_s8_params,
           "const int8_t* input1, const int8_t* input2, const int32_t* tables, int8_t* output"),
      CALL(MOTE_K_SUB_S8, mote_sub_s8, mote_sub_s8_params, kBinaryS8),
      CALL(MOTE_K_SUB_F32, mote_sub_f32, mote_sub_f32_params, kBinaryF32),
      CALL(MOTE_K_MUL_S8, mote_mul_s8, mote_mul_s8_params, kBinaryS8),
      CALL(MOTE_K_MUL_F32, mote_mul_f32, mote_mul_f32_params, kBinaryF32),
      CALL(MOTE_K_MAXIMUM_S8, mote_maximum_s8, mote_maximum_params, kBinaryS8),
      CALL(MOTE_K_MAXIMUM_F32, mote_maximum_f32, mote_maximum_params, kBinaryF32),
      CALL(MOTE_K_MINIMUM_S8, mote_minimum_s8, mote_minimum_params, kBinaryS8),
      CALL(MOTE_K_MINIMUM_F32, mote_minimum_f32, mote_minimum_params, kBinaryF32),
      CALL(MOTE_K_AVG_POOL2D_S8, mote_avg_pool2d_s8, mote_avg_pool2d_s8_params, kUnaryS8),
      CALL(MOTE_K_AVG_POOL2D_F32, mote_avg_pool2d_f32, mote_avg_pool2d_f32_params, kUnaryF32),
      CALL(MOTE_K_MAX_POOL2D_S8, mote_max_pool2d_s8, mote_max_pool2d_s8_params, kUnaryS8),
      CALL(MOTE_K_MAX_POOL2D_F32, mote_max_pool2d_f32, mote_max_pool2d_f32_params, kUnaryF32),
      CALL(MOTE_K_AVG_POOL2D_S8_OPT, mote_avg_pool2d_s8_opt, mote_avg_pool2d_s8_params, kUnaryS8),
      CALL(MOTE_K_MAX_POOL2D_S8_OPT, mote_max_pool2d_s8_opt, mote_max_pool2d_s8_params, kUnaryS8),
      CALL(MOTE_K_MEAN_S8, mote_mean_s8, mote_mean_s8_params, kUnaryS8),
      CALL(MOTE_K_MEAN_F32, mote_mean_f32, mote_mean_f32_params, kUnaryF32),
      CALL(MOTE_K_REDUCE_MAX_S8, mote_reduce_max_s8, mote_reduce_max_params, kUnaryS8),
      CALL(MOTE_K_REDUCE_MAX_F32, mote_reduce_max_f32, mote_reduce_max_params, kUnaryF32),
      CALL(MOTE_K_SOFTMAX_S8, mote_softmax_s8, mote_softmax_s8_params, kUnaryS8),
      CALL(MOTE_K_SOFTMAX_F32, mote_softmax_f32, mote_softmax_f32_params, kUnaryF32),
      CALL(MOTE_K_LOGISTIC_S8, mote_logistic_s8, mote_logistic_s8_params, kUnaryS8),
      CALL(MOTE_K_LOGISTIC_F32, mote_logistic_f32, mote_logistic_f32_params, kUnaryF32),
      CALL(MOTE_K_TANH_S8, mote_tanh_s8, mote_tanh_s8_params, kUnaryS8),
      CALL(MOTE_K_TANH_F32, mote_tanh_f32, mote_tanh_f32_params, kUnaryF32),
      CALL(MOTE_K_RELU_S8, mote_relu_s8, mote_relu_s8_params, kUnaryS8),
      CALL(MOTE_K_RELU_F32, mote_relu_f32, mote_relu_f32_params, kUnaryF32),
      CALL(MOTE_K_LEAKY_RELU_S8, mote_leaky_relu_s8, mote_leaky_relu_s8_params, kUnaryS8),
      CALL(MOTE_K_LEAKY_RELU_F32, mote_leaky_relu_f32, mote_leaky_relu_f32_params, kUnaryF32),
      CALL(MOTE_K_HARD_SWISH_S8, mote_hard_swish_s8, mote_hard_swish_s8_params, kUnaryS8),
      CALL(MOTE_K_HARD_SWISH_F32, mote_hard_swish_f32, mote_hard_swish_f32_params, kUnaryF32),
      CALL(MOTE_K_QUANTIZE_F32_S8, mote_quantize_f32_s8, mote_quantize_f32_s8_params,
           "const float* input, int8_t* output"),
      CALL(MOTE_K_REQUANTIZE_S8, mote_requantize_s8, mote_requantize_params, kUnaryS8),
      CALL(MOTE_K_REQUANTIZE_S8_U8, mote_requantize_s8_u8, mote_requantize_params,
           "const int8_t* input, uint8_t* output"),
      CALL(MOTE_K_REQUANTIZE_U8_S8, mote_requantize_u8_s8, mote_requantize_params,
           "const uint8_t* input, int8_t* output"),
      CALL(MOTE_K_DEQUANTIZE_S8_F32, mote_dequantize_s8_f32, mote_dequantize_params,
           "const int8_t* input, float* output"),
      CALL(MOTE_K_DEQUANTIZE_U8_F32, mote_dequantize_u8_f32, mote_dequantize_params,
           "const uint8_t* input, float* output"),
      CALL(MOTE_K_LOG_F32, mote_log_f32, mote_log_f32_params, kUnaryF32),
      CALL(MOTE_K_RSQRT_F32, mote_rsqrt_f32, mote_rsqrt_f32_params, kUnaryF32),
      CALL(MOTE_K_RSQRT_S8, mote_rsqrt_s8, mote_rsqrt_s8_params, kUnaryS8),
      CALL(MOTE_K_CONCATENATION, mote_concatenation, mote_concatenation_params,
           "inputs, void* output"),
      CALL(MOTE_K_PAD, mote_pad, mote_pad_params,
           "const void* input, const void* pad_value, void* output"),
      CALL(MOTE_K_TRANSPOSE, mote_transpose, mote_transpose_params, kBytes),
      CALL(MOTE_K_STRIDED_SLICE, mote_strided_slice, mote_strided_slice_params, kBytes),
      CALL(MOTE_K_BATCH_MATMUL_S8, mote_batch_matmul_s8, mote_batch_matmul_s8_params,
           "const int8_t* lhs, const int8_t* rhs, int8_t* output"),
      CALL(MOTE_K_BATCH_MATMUL_F32, mote_batch_matmul_f32, mote_batch_matmul_f32_params,
           "const float* lhs, const float* rhs, float* output"),
      CALL(MOTE_K_GREATER_F32, mote_greater_f32, mote_comparison_params,
           "const float* input1, const float* input2, uint8_t* output"),
      CALL(MOTE_K_GREATER_S32, mote_greater_s32, mote_comparison_params,
           "const int32_t* input1, const int32_t* input2, uint8_t* output"),
      CALL(MOTE_K_GREATER_S8, mote_greater_s8, mote_comparison_params,
           "const int8_t* input1, const int8_t* input2, uint8_t* output"),
      CALL(MOTE_K_GREATER_EQUAL_F32, mote_greater_equal_f32, mote_comparison_params,
           "const float* input1, const float* input2, uint8_t* output"),
      CALL(MOTE_K_GREATER_EQUAL_S32, mote_greater_equal_s32, mote_comparison_params,
           "const int32_t* input1, const int32_t* input2, uint8_t* output"),
      CALL(MOTE_K_GREATER_EQUAL_S8, mote_greater_equal_s8, mote_comparison_params,
           "const int8_t* input1, const int8_t* input2, uint8_t* output"),
      CALL(MOTE_K_LESS_F32, mote_less_f32, mote_comparison_params,
           "const float* input1, const float* input2, uint8_t* output"),
      CALL(MOTE_K_LESS_S32, mote_less_s32, mote_comparison_params,
           "const int32_t* input1, const int32_t* input2, uint8_t* output"),
      CALL(MOTE_K_LESS_S8, mote_less_s8, mote_comparison_params,
           "const int8_t* input1, const int8_t* input2, uint8_t* output"),
      CALL(MOTE_K_LESS_EQUAL_F32, mote_less_equal_f32, mote_comparison_params,
           "const float* input1, const float* input2, uint8_t* output"),
      CALL(MOTE_K_LESS_EQUAL_S32, mote_less_equal_s32, mote_comparison_params,
           "const int32_t* input1, const int32_t* input2, uint8_t* output"),
      CALL(MOTE_K_LESS_EQUAL_S8, mote_less_equal_s8, mote_comparison_params,
           "const int8_t* input1, const int8_t* input2, uint8_t* output"),
      CALL(MOTE_K_EQUAL_F32, mote_equal_f32, mote_comparison_params,
           "const float* input1, const float* input2, uint8_t* output"),
      CALL(MOTE_K_EQUAL_S32, mote_equal_s32, mote_comparison_params,
           "const int32_t* input1, const int32_t* input2, uint8_t* output"),
      CALL(MOTE_K_EQUAL_S8, mote_equal_s8, mote_comparison_params,
           "const int8_t* input1, const int8_t* input2, uint8_t* output"),
      CALL(MOTE_K_NOT_EQUAL_F32, mote_not_equal_f32, mote_comparison_params,
           "const float* input1, const float* input2, uint8_t* output"),
      CALL(MOTE_K_NOT_EQUAL_S32, mote_not_equal_s32, mote_comparison_params,
           "const int32_t* input1, const int32_t* input2, uint8_t* output"),
      CALL(MOTE_K_NOT_EQUAL_S8, mote_not_equal_s8, mote_comparison_params,
           "const int8_t* input1, const int8_t* input2, uint8_t* output"),
  };
}

#undef CALL

std::array<KernelCall, MOTE_KERNEL_COUNT> build_table() {
  std::array<KernelCall, MOTE_KERNEL_COUNT> table{};
  for (KernelCall& call : table) call.function = nullptr;
  for (const CallSpec& spec : call_specs()) {
    table[spec.id] = KernelCall{spec.id, spec.function, &spec.params, parse_args(spec.args)};
  }
  return table;
}

}  // namespace

const KernelCall& kernel_call(mote_kernel_id id) {
  static const std::array<KernelCall, MOTE_KERNEL_COUNT> table = build_table();
  if (id < 0 || id >= MOTE_KERNEL_COUNT || table[id].function == nullptr) {
    throw std::logic_error("codegen: no direct call for kernel id " + std::to_string(id));
  }
  return table[id];
}

}  // namespace mote::codegen
