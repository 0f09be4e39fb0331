// AVERAGE_POOL_2D / MAX_POOL_2D int8, byte-identical to the references
// (runtime/kernels/reference/avg_pool2d.cc, max_pool2d.cc): same pixel and
// channel order, the window's in-bounds rows and columns found once per
// pixel and walked with pointer steps.
#include "mote/kernels/optimized/pool2d.h"

#include "mote/fixed_point.h"
#include "mote/kernel_ids.h"
#include "mote/kernels/pool_geometry.h"

namespace {

// One output pixel's in-bounds window: its first element (channel 0), the
// tap counts and the element steps between taps.
struct Taps {
  const int8_t* first;
  int32_t rows, cols, row_step, col_step;
};

// Calls pixel(taps, out) for every output pixel in the reference's order;
// `out` is the pixel's channel 0.
template <class Pixel>
void for_each_pixel(const mote_pool_geometry& g, const int8_t* input, int8_t* output,
                    Pixel pixel) {
  Taps t{};
  t.col_step = g.channels;
  t.row_step = g.input_width * g.channels;
  int8_t* out = output;
  for (int32_t b = 0; b < g.batches; ++b) {
    for (int32_t out_y = 0; out_y < g.output_height; ++out_y) {
      for (int32_t out_x = 0; out_x < g.output_width; ++out_x, out += g.channels) {
        const mote::pool::Window w = mote::pool::window_at(g, out_y, out_x);
        t.rows = w.y_end - w.y_begin;
        t.cols = w.x_end - w.x_begin;
        t.first = input + mote::pool::nhwc(g.input_height, g.input_width, g.channels, b,
                                           w.origin_y + w.y_begin, w.origin_x + w.x_begin, 0);
        pixel(t, out);
      }
    }
  }
}

}  // namespace

void mote_avg_pool2d_s8_opt(const mote_avg_pool2d_s8_params* params, const int8_t* input,
                            int8_t* output) {
  const int32_t channels = params->geometry.channels;
  for_each_pixel(params->geometry, input, output, [&](const Taps& t, int8_t* out) {
    const int32_t count = t.rows * t.cols;  // padding is not counted
    for (int32_t c = 0; c < channels; ++c) {
      int32_t sum = 0;
      const int8_t* row = t.first + c;
      for (int32_t r = 0; r < t.rows; ++r, row += t.row_step) {
        const int8_t* p = row;
        for (int32_t k = 0; k < t.cols; ++k, p += t.col_step) sum += *p;
      }
      // Round half away from zero; C division truncates toward zero.
      const int32_t average = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
      out[c] = static_cast<int8_t>(
          mote::clamp_i32(average, params->activation_min, params->activation_max));
    }
  });
}

void mote_max_pool2d_s8_opt(const mote_max_pool2d_s8_params* params, const int8_t* input,
                            int8_t* output) {
  const int32_t channels = params->geometry.channels;
  for_each_pixel(params->geometry, input, output, [&](const Taps& t, int8_t* out) {
    for (int32_t c = 0; c < channels; ++c) {
      int32_t largest = -128;
      const int8_t* row = t.first + c;
      for (int32_t r = 0; r < t.rows; ++r, row += t.row_step) {
        const int8_t* p = row;
        for (int32_t k = 0; k < t.cols; ++k, p += t.col_step) largest = *p > largest ? *p : largest;
      }
      out[c] = static_cast<int8_t>(
          mote::clamp_i32(largest, params->activation_min, params->activation_max));
    }
  });
}

void mote_entry_avg_pool2d_s8_opt(const void* params, void* const* operands) {
  mote_avg_pool2d_s8_opt(static_cast<const mote_avg_pool2d_s8_params*>(params),
                         static_cast<const int8_t*>(operands[0]),
                         static_cast<int8_t*>(operands[1]));
}

void mote_entry_max_pool2d_s8_opt(const void* params, void* const* operands) {
  mote_max_pool2d_s8_opt(static_cast<const mote_max_pool2d_s8_params*>(params),
                         static_cast<const int8_t*>(operands[0]),
                         static_cast<int8_t*>(operands[1]));
}
