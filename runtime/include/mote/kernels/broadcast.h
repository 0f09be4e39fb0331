/* Index walks shared by the elementwise family: numpy broadcasting for the
 * binary ops (ADD, SUB, MUL, MAXIMUM, MINIMUM) and the kept/reduced split of
 * the reductions (MEAN, REDUCE_MAX).
 *
 * Shapes are padded on the left with 1s to MOTE_MAX_RANK dimensions. A
 * stride is the number of elements a tensor advances when that dimension's
 * index grows by one; a broadcast dimension has stride 0, so the same
 * element is read again. The compiler computes every stride. */
#ifndef MOTE_KERNELS_BROADCAST_H
#define MOTE_KERNELS_BROADCAST_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

/* A binary op's output shape and where each output element finds its two
 * inputs: output element (i0, ..., i5), stored row-major, reads input 1 at
 * sum(i_d * input1_strides[d]) and input 2 at sum(i_d * input2_strides[d]). */
typedef struct mote_broadcast_shape {
  int32_t dims[MOTE_MAX_RANK];           /* output shape, left-padded with 1s */
  int32_t input1_strides[MOTE_MAX_RANK]; /* 0 where input 1 is broadcast */
  int32_t input2_strides[MOTE_MAX_RANK]; /* 0 where input 2 is broadcast */
  int32_t flat_size;                     /* output elements: product of dims */
  int32_t same_shapes; /* 1: both inputs have the output's shape (element i reads i, i) */
} mote_broadcast_shape;

/* A reduction of one input into `num_outputs` outputs. The input's
 * dimensions are split into kept ones (outer_*, in their original order:
 * one output element per index, stored row-major) and reduced ones (inner_*,
 * in their original order: the elements folded into one output). Output
 * element (o0, ..., o5) folds the input elements at
 *   sum(o_d * outer_strides[d]) + sum(r_d * inner_strides[d])
 * for every (r0, ..., r5), visited row-major, i.e. in increasing input
 * address order. Unused dimensions have size 1. */
typedef struct mote_reduce_shape {
  int32_t outer_dims[MOTE_MAX_RANK];
  int32_t outer_strides[MOTE_MAX_RANK];
  int32_t inner_dims[MOTE_MAX_RANK];
  int32_t inner_strides[MOTE_MAX_RANK];
  int32_t num_outputs;  /* product of outer_dims */
  int32_t reduce_count; /* product of inner_dims: input elements per output */
} mote_reduce_shape;

MOTE_EXTERN_C_END

#ifdef __cplusplus
namespace mote {

/* Calls visit(output_index, input1_offset, input2_offset) for every output
 * element in row-major order. */
template <class Visit>
inline void for_each_broadcast(const mote_broadcast_shape& shape, Visit visit) {
  if (shape.same_shapes != 0) {
    for (int32_t i = 0; i < shape.flat_size; ++i) visit(i, i, i);
    return;
  }
  int32_t index[MOTE_MAX_RANK] = {0, 0, 0, 0, 0, 0};
  int32_t offset1 = 0, offset2 = 0;
  for (int32_t out = 0; out < shape.flat_size; ++out) {
    visit(out, offset1, offset2);
    /* Advance like an odometer, last dimension fastest. */
    for (int d = MOTE_MAX_RANK - 1; d >= 0; --d) {
      offset1 += shape.input1_strides[d];
      offset2 += shape.input2_strides[d];
      if (++index[d] < shape.dims[d]) break;
      offset1 -= shape.input1_strides[d] * shape.dims[d];
      offset2 -= shape.input2_strides[d] * shape.dims[d];
      index[d] = 0;
    }
  }
}

/* Calls visit(offset) for every index of `dims` in row-major order, with
 * offset = sum(index[d] * strides[d]). `count` is the product of dims. */
template <class Visit>
inline void for_each_strided(const int32_t* dims, const int32_t* strides, int32_t count,
                             Visit visit) {
  int32_t index[MOTE_MAX_RANK] = {0, 0, 0, 0, 0, 0};
  int32_t offset = 0;
  for (int32_t i = 0; i < count; ++i) {
    visit(offset);
    for (int d = MOTE_MAX_RANK - 1; d >= 0; --d) {
      offset += strides[d];
      if (++index[d] < dims[d]) break;
      offset -= strides[d] * dims[d];
      index[d] = 0;
    }
  }
}

/* Calls visit(output_index, input_offset) for every output of a reduction;
 * the visitor folds the elements at input_offset + inner offsets itself
 * (see for_each_reduced). */
template <class Visit>
inline void for_each_output(const mote_reduce_shape& shape, Visit visit) {
  int32_t out = 0;
  for_each_strided(shape.outer_dims, shape.outer_strides, shape.num_outputs,
                   [&](int32_t base) { visit(out++, base); });
}

/* Calls visit(input_offset) for every input element folded into the output
 * whose first element is at `base`, in increasing address order. */
template <class Visit>
inline void for_each_reduced(const mote_reduce_shape& shape, int32_t base, Visit visit) {
  for_each_strided(shape.inner_dims, shape.inner_strides, shape.reduce_count,
                   [&](int32_t offset) { visit(base + offset); });
}

}  // namespace mote
#endif

#endif
