// CONV_2D reference kernels: int8 (TFLite Micro's ConvPerChannel), float32
// and hybrid (LiteRT's dynamic-range arithmetic, mote::hybrid). Plain loops
// over NHWC indices; this is the specification the optimized kernels are
// tested against.
#include "mote/kernels/conv2d.h"

#include "mote/fixed_point.h"
#include "mote/kernel_ids.h"

namespace {

using mote::conv::clamp_activation;

// Element (b, y, x, c) of an NHWC tensor with the given height, width, depth.
// The OHWI filter uses the same formula with o in place of b.
inline int32_t nhwc(int32_t height, int32_t width, int32_t depth, int32_t b, int32_t y,
                    int32_t x, int32_t c) {
  return ((b * height + y) * width + x) * depth + c;
}

}  // namespace

void mote_conv2d_s8(const mote_conv2d_s8_params* params, const int8_t* input,
                    const int8_t* filter, const int32_t* bias, mote_per_channel_quant quant,
                    int8_t* output) {
  const mote_conv_geometry& g = params->geometry;
  const mote_conv_quant_params& q = params->quant;
  const int32_t filter_depth = params->filter_input_depth;
  const int32_t groups = g.input_depth / filter_depth;
  const int32_t filters_per_group = g.output_depth / groups;
  for (int32_t b = 0; b < g.batches; ++b) {
    for (int32_t out_y = 0; out_y < g.output_height; ++out_y) {
      const int32_t in_y_origin = out_y * g.stride_height - g.pad_height;
      for (int32_t out_x = 0; out_x < g.output_width; ++out_x) {
        const int32_t in_x_origin = out_x * g.stride_width - g.pad_width;
        for (int32_t oc = 0; oc < g.output_depth; ++oc) {
          const int32_t first_input_channel = (oc / filters_per_group) * filter_depth;
          // Unsigned: wraps modulo 2^32 like mote::wrapping_add, and keeps GCC's
          // Cortex-M4 inner loop at one MLA without an extra register move.
          uint32_t sum = 0;
          for (int32_t fy = 0; fy < g.filter_height; ++fy) {
            const int32_t in_y = in_y_origin + g.dilation_height * fy;
            if (in_y < 0 || in_y >= g.input_height) continue;  // zero padding
            for (int32_t fx = 0; fx < g.filter_width; ++fx) {
              const int32_t in_x = in_x_origin + g.dilation_width * fx;
              if (in_x < 0 || in_x >= g.input_width) continue;
              for (int32_t ic = 0; ic < filter_depth; ++ic) {
                const int32_t in = input[nhwc(g.input_height, g.input_width, g.input_depth, b,
                                              in_y, in_x, first_input_channel + ic)];
                const int32_t w =
                    filter[nhwc(g.filter_height, g.filter_width, filter_depth, oc, fy, fx, ic)];
                sum += static_cast<uint32_t>(w * (in + q.input_offset));
              }
            }
          }
          int32_t acc = static_cast<int32_t>(sum);
          if (bias != nullptr) acc = mote::wrapping_add(acc, bias[oc]);
          const int32_t qc = q.per_channel != 0 ? oc : 0;
          acc = mote::multiply_by_quantized_multiplier(acc, quant.multiplier[qc], quant.shift[qc]);
          acc = mote::wrapping_add(acc, q.output_offset);
          output[nhwc(g.output_height, g.output_width, g.output_depth, b, out_y, out_x, oc)] =
              static_cast<int8_t>(clamp_activation(acc, q.activation_min, q.activation_max));
        }
      }
    }
  }
}

void mote_conv2d_f32(const mote_conv2d_f32_params* params, const float* input,
                     const float* filter, const float* bias, float* output) {
  const mote_conv_geometry& g = params->geometry;
  const int32_t filter_depth = params->filter_input_depth;
  const int32_t groups = g.input_depth / filter_depth;
  const int32_t filters_per_group = g.output_depth / groups;
  for (int32_t b = 0; b < g.batches; ++b) {
    for (int32_t out_y = 0; out_y < g.output_height; ++out_y) {
      const int32_t in_y_origin = out_y * g.stride_height - g.pad_height;
      for (int32_t out_x = 0; out_x < g.output_width; ++out_x) {
        const int32_t in_x_origin = out_x * g.stride_width - g.pad_width;
        for (int32_t oc = 0; oc < g.output_depth; ++oc) {
          const int32_t first_input_channel = (oc / filters_per_group) * filter_depth;
          float total = 0.0f;
          for (int32_t fy = 0; fy < g.filter_height; ++fy) {
            const int32_t in_y = in_y_origin + g.dilation_height * fy;
            if (in_y < 0 || in_y >= g.input_height) continue;
            for (int32_t fx = 0; fx < g.filter_width; ++fx) {
              const int32_t in_x = in_x_origin + g.dilation_width * fx;
              if (in_x < 0 || in_x >= g.input_width) continue;
              for (int32_t ic = 0; ic < filter_depth; ++ic) {
                total += input[nhwc(g.input_height, g.input_width, g.input_depth, b, in_y, in_x,
                                    first_input_channel + ic)] *
                         filter[nhwc(g.filter_height, g.filter_width, filter_depth, oc, fy, fx, ic)];
              }
            }
          }
          // TFLite adds the bias (0 when absent) after the sum, then clamps.
          const float bias_value = bias != nullptr ? bias[oc] : 0.0f;
          output[nhwc(g.output_height, g.output_width, g.output_depth, b, out_y, out_x, oc)] =
              clamp_activation(total + bias_value, params->activation_min,
                               params->activation_max);
        }
      }
    }
  }
}

uint32_t mote_conv2d_hybrid_get_buffer_size(const mote_conv_geometry* geometry) {
  return static_cast<uint32_t>(geometry->input_height * geometry->input_width *
                               geometry->input_depth);
}

void mote_conv2d_hybrid(const mote_conv2d_hybrid_params* params, const float* input,
                        const int8_t* filter, const float* bias, const float* filter_scale,
                        int8_t* buffer, float* output) {
  const mote_conv_geometry& g = params->geometry;
  const mote_hybrid_params& h = params->hybrid;
  const int32_t filter_depth = params->filter_input_depth;
  const int32_t groups = g.input_depth / filter_depth;
  const int32_t filters_per_group = g.output_depth / groups;
  const int32_t batch_elements = g.input_height * g.input_width * g.input_depth;
  for (int32_t b = 0; b < g.batches; ++b) {
    // Each image is quantized with its own scale and zero point; `buffer`
    // then holds it as a [1, input_height, input_width, input_depth] tensor.
    const mote::hybrid::InputQuantization quantized =
        mote::hybrid::quantize_input(input + b * batch_elements, batch_elements, buffer);
    for (int32_t out_y = 0; out_y < g.output_height; ++out_y) {
      const int32_t in_y_origin = out_y * g.stride_height - g.pad_height;
      for (int32_t out_x = 0; out_x < g.output_width; ++out_x) {
        const int32_t in_x_origin = out_x * g.stride_width - g.pad_width;
        for (int32_t oc = 0; oc < g.output_depth; ++oc) {
          const int32_t first_input_channel = (oc / filters_per_group) * filter_depth;
          int32_t acc = 0;
          for (int32_t fy = 0; fy < g.filter_height; ++fy) {
            const int32_t in_y = in_y_origin + g.dilation_height * fy;
            if (in_y < 0 || in_y >= g.input_height) continue;  // padding: q == zero point
            for (int32_t fx = 0; fx < g.filter_width; ++fx) {
              const int32_t in_x = in_x_origin + g.dilation_width * fx;
              if (in_x < 0 || in_x >= g.input_width) continue;
              for (int32_t ic = 0; ic < filter_depth; ++ic) {
                const int32_t in = buffer[nhwc(g.input_height, g.input_width, g.input_depth, 0,
                                               in_y, in_x, first_input_channel + ic)];
                const int32_t w =
                    filter[nhwc(g.filter_height, g.filter_width, filter_depth, oc, fy, fx, ic)];
                acc = mote::wrapping_add(acc, w * (in - quantized.zero_point));
              }
            }
          }
          output[nhwc(g.output_height, g.output_width, g.output_depth, b, out_y, out_x, oc)] =
              mote::hybrid::output_value(acc, quantized.scale,
                                         filter_scale[h.per_channel != 0 ? oc : 0],
                                         bias != nullptr ? bias[oc] : 0.0f, h);
        }
      }
    }
  }
}

void mote_entry_conv2d_s8(const void* params, void* const* operands) {
  const mote_per_channel_quant quant = {static_cast<const int32_t*>(operands[3]),
                                        static_cast<const int32_t*>(operands[4])};
  mote_conv2d_s8(static_cast<const mote_conv2d_s8_params*>(params),
                 static_cast<const int8_t*>(operands[0]), static_cast<const int8_t*>(operands[1]),
                 static_cast<const int32_t*>(operands[2]), quant,
                 static_cast<int8_t*>(operands[5]));
}

void mote_entry_conv2d_f32(const void* params, void* const* operands) {
  mote_conv2d_f32(static_cast<const mote_conv2d_f32_params*>(params),
                  static_cast<const float*>(operands[0]), static_cast<const float*>(operands[1]),
                  static_cast<const float*>(operands[2]), static_cast<float*>(operands[3]));
}

void mote_entry_conv2d_hybrid(const void* params, void* const* operands) {
  mote_conv2d_hybrid(static_cast<const mote_conv2d_hybrid_params*>(params),
                     static_cast<const float*>(operands[0]),
                     static_cast<const int8_t*>(operands[1]),
                     static_cast<const float*>(operands[2]),
                     static_cast<const float*>(operands[3]), static_cast<int8_t*>(operands[4]),
                     static_cast<float*>(operands[5]));
}
