// AVERAGE_POOL_2D reference kernels: int8 (TFLite Micro's
// reference_integer_ops::AveragePool) and float32 (reference_ops::AveragePool).
#include "mote/kernels/avg_pool2d.h"

#include "mote/fixed_point.h"
#include "mote/kernel_ids.h"
#include "mote/math.h"

using mote::pool::nhwc;
using mote::pool::Window;
using mote::pool::window_at;

void mote_avg_pool2d_s8(const mote_avg_pool2d_s8_params* params, const int8_t* input,
                        int8_t* output) {
  const mote_pool_geometry& g = params->geometry;
  for (int32_t b = 0; b < g.batches; ++b) {
    for (int32_t out_y = 0; out_y < g.output_height; ++out_y) {
      for (int32_t out_x = 0; out_x < g.output_width; ++out_x) {
        const Window w = window_at(g, out_y, out_x);
        for (int32_t c = 0; c < g.channels; ++c) {
          int32_t sum = 0;
          int32_t count = 0;  // padding is not counted
          for (int32_t fy = w.y_begin; fy < w.y_end; ++fy) {
            for (int32_t fx = w.x_begin; fx < w.x_end; ++fx) {
              sum += input[nhwc(g.input_height, g.input_width, g.channels, b, w.origin_y + fy,
                                w.origin_x + fx, c)];
              ++count;
            }
          }
          // Round half away from zero; C division truncates toward zero.
          const int32_t average =
              sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
          output[nhwc(g.output_height, g.output_width, g.channels, b, out_y, out_x, c)] =
              static_cast<int8_t>(
                  mote::clamp_i32(average, params->activation_min, params->activation_max));
        }
      }
    }
  }
}

void mote_avg_pool2d_f32(const mote_avg_pool2d_f32_params* params, const float* input,
                         float* output) {
  const mote_pool_geometry& g = params->geometry;
  for (int32_t b = 0; b < g.batches; ++b) {
    for (int32_t out_y = 0; out_y < g.output_height; ++out_y) {
      for (int32_t out_x = 0; out_x < g.output_width; ++out_x) {
        const Window w = window_at(g, out_y, out_x);
        for (int32_t c = 0; c < g.channels; ++c) {
          float sum = 0.0f;
          int32_t count = 0;
          for (int32_t fy = w.y_begin; fy < w.y_end; ++fy) {
            for (int32_t fx = w.x_begin; fx < w.x_end; ++fx) {
              sum += input[nhwc(g.input_height, g.input_width, g.channels, b, w.origin_y + fy,
                                w.origin_x + fx, c)];
              ++count;
            }
          }
          output[nhwc(g.output_height, g.output_width, g.channels, b, out_y, out_x, c)] =
              mote::clamp_activation_f32(sum / static_cast<float>(count), params->activation_min,
                                         params->activation_max);
        }
      }
    }
  }
}

void mote_entry_avg_pool2d_s8(const void* params, void* const* operands) {
  mote_avg_pool2d_s8(static_cast<const mote_avg_pool2d_s8_params*>(params),
                     static_cast<const int8_t*>(operands[0]), static_cast<int8_t*>(operands[1]));
}

void mote_entry_avg_pool2d_f32(const void* params, void* const* operands) {
  mote_avg_pool2d_f32(static_cast<const mote_avg_pool2d_f32_params*>(params),
                      static_cast<const float*>(operands[0]), static_cast<float*>(operands[1]));
}
