/* Shared by CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: the window
 * geometry of a 2-D convolution, the int8 requantization parameters, and the
 * hybrid (float activations, int8 weights) parameters and arithmetic.
 *
 * Every parameter here is computed by the compiler; kernels only read them. */
#ifndef MOTE_KERNELS_CONV_GEOMETRY_H
#define MOTE_KERNELS_CONV_GEOMETRY_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

/* An NHWC input [batches, input_height, input_width, input_depth] convolved
 * into an NHWC output [batches, output_height, output_width, output_depth].
 * Output pixel (y, x) reads input rows  y * stride_height - pad_height
 * + dilation_height * fy  for fy in [0, filter_height), likewise for columns;
 * positions outside the input contribute nothing (zero padding). */
typedef struct mote_conv_geometry {
  int32_t batches;
  int32_t input_height, input_width, input_depth;
  int32_t filter_height, filter_width;
  int32_t output_height, output_width, output_depth;
  int32_t stride_height, stride_width;
  int32_t dilation_height, dilation_width;
  int32_t pad_height, pad_width; /* leading (top, left) padding */
} mote_conv_geometry;

/* int8 requantization, TFLite Micro's reference arithmetic:
 *   acc = bias[c] + sum(filter * (input + input_offset))
 *   out = clamp(multiply_by_quantized_multiplier(acc, multiplier[c], shift[c])
 *               + output_offset, activation_min, activation_max)            */
typedef struct mote_conv_quant_params {
  int32_t input_offset;  /* minus the input zero point */
  int32_t output_offset; /* the output zero point */
  int32_t activation_min, activation_max;
  int32_t per_channel; /* 0: multiplier[0], shift[0] serve every channel */
} mote_conv_quant_params;

/* The per-channel arrays (constant data, one entry per output channel, or a
 * single entry when mote_conv_quant_params.per_channel is 0). */
typedef struct mote_per_channel_quant {
  const int32_t* multiplier; /* Q31, in [2^30, 2^31) or 0 */
  const int32_t* shift;      /* > 0 left, < 0 right */
} mote_per_channel_quant;

/* Hybrid (dynamic-range) parameters: float activations, int8 weights with
 * float scales. The arithmetic is mote::hybrid below. */
typedef struct mote_hybrid_params {
  float activation_min, activation_max;
  int32_t per_channel; /* 0: filter_scale[0] serves every channel */
} mote_hybrid_params;

MOTE_EXTERN_C_END

#ifdef __cplusplus
namespace mote {
namespace conv {

/* TFLite's ActivationFunctionWithMinMax: min(max(x, lo), hi). */
inline float clamp_activation(float x, float lo, float hi) {
  const float low_clamped = x < lo ? lo : x;
  return hi < low_clamped ? hi : low_clamped;
}

inline int32_t clamp_activation(int32_t x, int32_t lo, int32_t hi) {
  const int32_t low_clamped = x < lo ? lo : x;
  return hi < low_clamped ? hi : low_clamped;
}

}  // namespace conv

/* The hybrid (dynamic-range) arithmetic of CONV_2D, DEPTHWISE_CONV_2D and
 * FULLY_CONNECTED, as LiteRT's CPU runtime (XNNPACK's "qd8" kernels, the
 * project's oracle) computes it:
 *   1. each group of float inputs is quantized to int8 on the fly,
 *      asymmetrically: quantize_input(). A group is one FULLY_CONNECTED row,
 *      one image of a convolution, or one pixel of a pointwise (1x1,
 *      stride 1) CONV_2D, which the compiler lowers to FULLY_CONNECTED;
 *   2. integer dot products with the int8 weights, corrected by the zero
 *      point: acc = sum(filter * (q - zero_point)); a padded position holds
 *      the zero point (the real value 0), so it adds nothing;
 *   3. back to float: output_value().
 * CONV_2D and FULLY_CONNECTED agree with LiteRT bit for bit. LiteRT runs a
 * hybrid DEPTHWISE_CONV_2D with TFLite's own kernel, whose quantization
 * differs in rounding only (~1e-7 relative). */
namespace hybrid {

/* min(max(x, lo), hi) with a NaN x giving lo (XNNPACK's math_max_f32 then
 * math_min_f32). */
inline float clamp_not_nan(float x, float lo, float hi) {
  const float low_clamped = x >= lo ? x : lo;
  return low_clamped <= hi ? low_clamped : hi;
}

/* Round to nearest, ties to even (the FPU's default rounding, XNNPACK's
 * lrintf), for |x| < 2^23. */
inline int32_t round_to_nearest_even(float x) {
  int32_t t = static_cast<int32_t>(x); /* toward zero */
  const float fraction = x - static_cast<float>(t); /* exact */
  if (fraction > 0.5f || (fraction == 0.5f && (t & 1) != 0)) ++t;
  if (fraction < -0.5f || (fraction == -0.5f && (t & 1) != 0)) --t;
  return t;
}

/* q = clamp(round(x * inverse_scale) + zero_point, -128, 127) represents
 * x ~= (q - zero_point) * scale. */
struct InputQuantization {
  float scale;         /* 1 / inverse_scale, as the dot products are scaled back */
  float inverse_scale; /* quantization steps per unit */
  int32_t zero_point;
};

/* Quantization parameters for values in [min_value, max_value], in float
 * arithmetic exactly as XNNPACK's qd8 asymmetric quantization parameters:
 * the range is widened to include 0, [lo, hi] = [min(min_value, 0),
 * max(max_value, 0)], and mapped onto [-128, 127]:
 *   inverse_scale = 255 / (hi - lo)   (1 when lo == hi, i.e. all zeros)
 *   zero_point = -128 - lo * inverse_scale   when (-128 + lo * inverse_scale)
 *                + (127 + hi * inverse_scale) > 0, else 127 - hi * inverse_scale,
 *                clamped to [-128, 127], rounded half to even
 *   scale = 1 / inverse_scale. */
inline InputQuantization quantization_params(float min_value, float max_value) {
  const float qmin = -128.0f, qmax = 127.0f;
  const float lo = min_value < 0.0f ? min_value : 0.0f;
  const float hi = max_value > 0.0f ? max_value : 0.0f;
  const float inverse_scale = lo == hi ? 1.0f : (qmax - qmin) / (hi - lo);
  const float lo_steps = lo * inverse_scale;
  const float hi_steps = hi * inverse_scale;
  float zero_point =
      (qmin + lo_steps) + (qmax + hi_steps) > 0.0f ? qmin - lo_steps : qmax - hi_steps;
  zero_point = clamp_not_nan(zero_point, qmin, qmax);
  return {1.0f / inverse_scale, inverse_scale, round_to_nearest_even(zero_point)};
}

/* min and max of `size` > 0 values. */
inline void min_max(const float* values, int32_t size, float* min_value, float* max_value) {
  float lo = values[0], hi = values[0];
  for (int32_t i = 1; i < size; ++i) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  *min_value = lo;
  *max_value = hi;
}

/* One value: x * inverse_scale, clamped so the result fits int8, rounded half
 * to even, plus the zero point (XNNPACK's f32 -> qs8 convert). A NaN becomes
 * -128. */
inline int8_t quantize_value(float x, const InputQuantization& p) {
  const float low = static_cast<float>(-128 - p.zero_point);
  const float high = static_cast<float>(127 - p.zero_point);
  const float steps = clamp_not_nan(x * p.inverse_scale, low, high);
  return static_cast<int8_t>(round_to_nearest_even(steps) + p.zero_point);
}

/* Quantizes `size` > 0 float values into `quantized` with one set of
 * parameters (computed from their min and max) and returns them. */
inline InputQuantization quantize_input(const float* values, int32_t size, int8_t* quantized) {
  float min_value = 0.0f, max_value = 0.0f;
  min_max(values, size, &min_value, &max_value);
  const InputQuantization p = quantization_params(min_value, max_value);
  for (int32_t i = 0; i < size; ++i) quantized[i] = quantize_value(values[i], p);
  return p;
}

/* An output value from acc = sum(filter * (q - zero_point)): scaled by the
 * input scale, then by the channel's filter scale, plus the bias (0 when
 * absent), clamped to the fused activation's range; evaluated in this order,
 * in float. */
inline float output_value(int32_t acc, float input_scale, float filter_scale, float bias,
                           const mote_hybrid_params& params) {
  float value = static_cast<float>(acc) * input_scale;
  value *= filter_scale;
  value += bias;
  return conv::clamp_activation(value, params.activation_min, params.activation_max);
}

}  // namespace hybrid
}  // namespace mote
#endif

#endif
