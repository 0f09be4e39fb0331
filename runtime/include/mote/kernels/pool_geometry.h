/* Shared by AVERAGE_POOL_2D and MAX_POOL_2D: the window geometry of a 2-D
 * pooling over an NHWC tensor. Computed by the compiler. */
#ifndef MOTE_KERNELS_POOL_GEOMETRY_H
#define MOTE_KERNELS_POOL_GEOMETRY_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

/* Input [batches, input_height, input_width, channels] pooled into output
 * [batches, output_height, output_width, channels]. Output pixel (y, x)
 * covers input rows y * stride_height - pad_height + fy for fy in
 * [0, filter_height), likewise for columns; window positions outside the
 * input are skipped (they are neither read nor counted). The compiler
 * guarantees every window overlaps the input. */
typedef struct mote_pool_geometry {
  int32_t batches;
  int32_t input_height, input_width;
  int32_t channels;
  int32_t output_height, output_width;
  int32_t filter_height, filter_width;
  int32_t stride_height, stride_width;
  int32_t pad_height, pad_width; /* leading (top, left) padding */
} mote_pool_geometry;

MOTE_EXTERN_C_END

#ifdef __cplusplus
namespace mote {
namespace pool {

/* Element (b, y, x, c) of an NHWC tensor. */
inline int32_t nhwc(int32_t height, int32_t width, int32_t channels, int32_t b, int32_t y,
                    int32_t x, int32_t c) {
  return ((b * height + y) * width + x) * channels + c;
}

/* The in-bounds part of one window: filter rows [y_begin, y_end) and columns
 * [x_begin, x_end), counted from the window origin (origin_y, origin_x),
 * which may lie in the padding. */
struct Window {
  int32_t origin_y, origin_x;
  int32_t y_begin, y_end, x_begin, x_end;
};

inline Window window_at(const mote_pool_geometry& g, int32_t out_y, int32_t out_x) {
  Window w;
  w.origin_y = out_y * g.stride_height - g.pad_height;
  w.origin_x = out_x * g.stride_width - g.pad_width;
  w.y_begin = w.origin_y < 0 ? -w.origin_y : 0;
  w.y_end = g.input_height - w.origin_y < g.filter_height ? g.input_height - w.origin_y
                                                           : g.filter_height;
  w.x_begin = w.origin_x < 0 ? -w.origin_x : 0;
  w.x_end = g.input_width - w.origin_x < g.filter_width ? g.input_width - w.origin_x
                                                         : g.filter_width;
  return w;
}

}  // namespace pool
}  // namespace mote
#endif

#endif
