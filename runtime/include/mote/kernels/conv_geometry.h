/* Shared by CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: the window
 * geometry of a 2-D convolution, the int8 requantization parameters, and the
 * hybrid (float activations, int8 weights) parameters.
 *
 * Every value here is computed by the compiler; kernels only read them. */
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

/* Hybrid (dynamic-range) quantization, TFLite's CPU arithmetic: each batch
 * of float inputs is quantized to int8 on the fly (symmetric: scale =
 * max|x| / 127, zero point 0; asymmetric: over [min(x,0), max(x,0)] with a
 * zero point), integer dot products are taken against the int8 weights, and
 *   out = clamp(float(acc) * (input_scale * filter_scale[c]) + bias[c]). */
typedef struct mote_hybrid_params {
  float activation_min, activation_max;
  int32_t per_channel;        /* 0: filter_scale[0] serves every channel */
  int32_t asymmetric_inputs;  /* 1: asymmetric input quantization */
} mote_hybrid_params;

MOTE_EXTERN_C_END

#ifdef __cplusplus
#include "mote/math.h"

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

/* Per-batch input quantization of the hybrid kernels, exactly as TFLite's
 * portable tensor_utils computes it: each function writes `size` int8 values
 * and returns the scale and zero point that map them back to floats. */
struct QuantizedInput {
  float scale;
  int32_t zero_point;
};

/* min and max as std::minmax_element finds them (size > 0). */
inline void min_max(const float* values, int32_t size, float* min_value, float* max_value) {
  float lo = values[0], hi = values[0];
  for (int32_t i = 1; i < size; ++i) {
    if (values[i] < lo) lo = values[i];
    if (!(values[i] < hi)) hi = values[i];
  }
  *min_value = lo;
  *max_value = hi;
}

/* SymmetricQuantizeFloats: scale = max|x| / 127 (1 if all are zero); each
 * value becomes round(x * (127 / max|x|)), clamped to [-127, 127]. */
inline QuantizedInput quantize_symmetric(const float* values, int32_t size, int8_t* quantized) {
  float min_value = 0, max_value = 0;
  min_max(values, size, &min_value, &max_value);
  const float abs_min = min_value < 0 ? -min_value : min_value;
  const float abs_max = max_value < 0 ? -max_value : max_value;
  const float range = abs_min < abs_max ? abs_max : abs_min;
  if (range == 0) {
    for (int32_t i = 0; i < size; ++i) quantized[i] = 0;
    return {1.0f, 0};
  }
  const float inverse = 127.0f / range;
  for (int32_t i = 0; i < size; ++i) {
    const int32_t q = static_cast<int32_t>(roundf_away(values[i] * inverse));
    quantized[i] = static_cast<int8_t>(clamp_activation(q, -127, 127));
  }
  return {range / 127.0f, 0};
}

/* AsymmetricQuantizeFloats: the range [min(x, 0), max(x, 0)] is mapped onto
 * [-128, 127] in double precision (scale = range / 255) with the zero point
 * taken from whichever end has the smaller error, nudged to an integer; each
 * value becomes round(zero_point + x * (1 / scale)), clamped to [-128, 127].
 * All zeros give scale 1, zero point 0. */
inline QuantizedInput quantize_asymmetric(const float* values, int32_t size, int8_t* quantized) {
  float min_value = 0, max_value = 0;
  min_max(values, size, &min_value, &max_value);
  const double rmin = min_value < 0 ? static_cast<double>(min_value) : 0.0;
  const double rmax = max_value > 0 ? static_cast<double>(max_value) : 0.0;
  if (rmin == rmax) {
    for (int32_t i = 0; i < size; ++i) quantized[i] = 0;
    return {1.0f, 0};
  }
  const double qmin = -128.0, qmax = 127.0;
  const double scale = (rmax - rmin) / (qmax - qmin);
  const double zero_point_from_min = qmin - rmin / scale;
  const double zero_point_from_max = qmax - rmax / scale;
  const double error_from_min = -qmin + (rmin < 0 ? -rmin : rmin) / scale;
  const double error_from_max = qmax + (rmax < 0 ? -rmax : rmax) / scale;
  const double zero_point_real =
      error_from_min < error_from_max ? zero_point_from_min : zero_point_from_max;
  int32_t zero_point = 0;
  if (zero_point_real <= qmin) {
    zero_point = -128;
  } else if (zero_point_real >= qmax) {
    zero_point = 127;
  } else {
    zero_point = static_cast<int32_t>(round_away(zero_point_real));
  }
  const float scale_f = static_cast<float>(scale);
  const float inverse = static_cast<float>(1.0 / static_cast<double>(scale_f));
  for (int32_t i = 0; i < size; ++i) {
    const float v = static_cast<float>(zero_point) + values[i] * inverse;
    const int32_t q = static_cast<int32_t>(roundf_away(v));
    quantized[i] = static_cast<int8_t>(clamp_activation(q, -128, 127));
  }
  return {scale_f, zero_point};
}

inline QuantizedInput quantize_input(const mote_hybrid_params& params, const float* values,
                                     int32_t size, int8_t* quantized) {
  return params.asymmetric_inputs != 0 ? quantize_asymmetric(values, size, quantized)
                                       : quantize_symmetric(values, size, quantized);
}

}  // namespace conv
}  // namespace mote
#endif

#endif
