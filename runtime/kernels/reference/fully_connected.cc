// FULLY_CONNECTED reference kernels: int8 (TFLite Micro's FullyConnected /
// FullyConnectedPerChannel), float32 and hybrid (LiteRT's dynamic-range
// arithmetic, mote::hybrid). Plain loops over rows.
#include "mote/kernels/fully_connected.h"

#include "mote/fixed_point.h"
#include "mote/kernel_ids.h"

namespace {
using mote::conv::clamp_activation;
}  // namespace

void mote_fully_connected_s8(const mote_fully_connected_s8_params* params, const int8_t* input,
                             const int8_t* weights, const int32_t* bias,
                             mote_per_channel_quant quant, int8_t* output) {
  const mote_fully_connected_shape& s = params->shape;
  const mote_conv_quant_params& q = params->quant;
  for (int32_t b = 0; b < s.batches; ++b) {
    for (int32_t oc = 0; oc < s.output_depth; ++oc) {
      // Unsigned: wraps modulo 2^32 like mote::wrapping_add, and keeps GCC's
      // Cortex-M4 inner loop at one MLA without an extra register move.
      uint32_t sum = 0;
      for (int32_t d = 0; d < s.accum_depth; ++d) {
        const int32_t in = input[b * s.accum_depth + d];
        const int32_t w = weights[oc * s.accum_depth + d];
        sum += static_cast<uint32_t>(w * (in + q.input_offset));
      }
      int32_t acc = static_cast<int32_t>(sum);
      if (bias != nullptr) acc = mote::wrapping_add(acc, bias[oc]);
      const int32_t qc = q.per_channel != 0 ? oc : 0;
      acc = mote::multiply_by_quantized_multiplier(acc, quant.multiplier[qc], quant.shift[qc]);
      acc = mote::wrapping_add(acc, q.output_offset);
      output[b * s.output_depth + oc] =
          static_cast<int8_t>(clamp_activation(acc, q.activation_min, q.activation_max));
    }
  }
}

void mote_fully_connected_f32(const mote_fully_connected_f32_params* params, const float* input,
                              const float* weights, const float* bias, float* output) {
  const mote_fully_connected_shape& s = params->shape;
  for (int32_t b = 0; b < s.batches; ++b) {
    for (int32_t oc = 0; oc < s.output_depth; ++oc) {
      float total = 0.0f;
      for (int32_t d = 0; d < s.accum_depth; ++d) {
        total += input[b * s.accum_depth + d] * weights[oc * s.accum_depth + d];
      }
      // TFLite adds the bias (0 when absent) after the sum, then clamps.
      const float bias_value = bias != nullptr ? bias[oc] : 0.0f;
      output[b * s.output_depth + oc] =
          clamp_activation(total + bias_value, params->activation_min, params->activation_max);
    }
  }
}

uint32_t mote_fully_connected_hybrid_get_buffer_size(const mote_fully_connected_shape* shape) {
  return static_cast<uint32_t>(shape->accum_depth);
}

void mote_fully_connected_hybrid(const mote_fully_connected_hybrid_params* params,
                                 const float* input, const int8_t* weights, const float* bias,
                                 const float* weight_scale, int8_t* buffer, float* output) {
  const mote_fully_connected_shape& s = params->shape;
  const mote_hybrid_params& h = params->hybrid;
  for (int32_t b = 0; b < s.batches; ++b) {
    // Each row is quantized with its own scale and zero point.
    const mote::hybrid::InputQuantization quantized =
        mote::hybrid::quantize_input(input + b * s.accum_depth, s.accum_depth, buffer);
    for (int32_t oc = 0; oc < s.output_depth; ++oc) {
      int32_t acc = 0;
      for (int32_t d = 0; d < s.accum_depth; ++d) {
        const int32_t in = buffer[d];
        const int32_t w = weights[oc * s.accum_depth + d];
        acc = mote::wrapping_add(acc, w * (in - quantized.zero_point));
      }
      output[b * s.output_depth + oc] =
          mote::hybrid::output_value(acc, quantized.scale,
                                     weight_scale[h.per_channel != 0 ? oc : 0],
                                     bias != nullptr ? bias[oc] : 0.0f, h);
    }
  }
}

void mote_entry_fully_connected_s8(const void* params, void* const* operands) {
  const mote_per_channel_quant quant = {static_cast<const int32_t*>(operands[3]),
                                        static_cast<const int32_t*>(operands[4])};
  mote_fully_connected_s8(static_cast<const mote_fully_connected_s8_params*>(params),
                          static_cast<const int8_t*>(operands[0]),
                          static_cast<const int8_t*>(operands[1]),
                          static_cast<const int32_t*>(operands[2]), quant,
                          static_cast<int8_t*>(operands[5]));
}

void mote_entry_fully_connected_f32(const void* params, void* const* operands) {
  mote_fully_connected_f32(static_cast<const mote_fully_connected_f32_params*>(params),
                           static_cast<const float*>(operands[0]),
                           static_cast<const float*>(operands[1]),
                           static_cast<const float*>(operands[2]),
                           static_cast<float*>(operands[3]));
}

void mote_entry_fully_connected_hybrid(const void* params, void* const* operands) {
  mote_fully_connected_hybrid(static_cast<const mote_fully_connected_hybrid_params*>(params),
                              static_cast<const float*>(operands[0]),
                              static_cast<const int8_t*>(operands[1]),
                              static_cast<const float*>(operands[2]),
                              static_cast<const float*>(operands[3]),
                              static_cast<int8_t*>(operands[4]),
                              static_cast<float*>(operands[5]));
}
