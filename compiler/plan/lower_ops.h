// Per-op lowering functions; lowering_for() in lower.cc maps op types here.
// Each lives in its own compiler/plan/lower_<op>.cc.
#pragma once

#include <vector>

#include "compiler/plan/lower.h"

namespace mote::plan {

std::vector<Step> lower_reshape(LowerContext& ctx);  // RESHAPE, SQUEEZE, EXPAND_DIMS
// --- conv family ---
std::vector<Step> lower_conv2d(LowerContext& ctx);            // CONV_2D
std::vector<Step> lower_depthwise_conv2d(LowerContext& ctx);  // DEPTHWISE_CONV_2D
std::vector<Step> lower_fully_connected(LowerContext& ctx);   // FULLY_CONNECTED
// --- elementwise family ---
std::vector<Step> lower_add(LowerContext& ctx);              // ADD
std::vector<Step> lower_sub(LowerContext& ctx);              // SUB
std::vector<Step> lower_mul(LowerContext& ctx);              // MUL
std::vector<Step> lower_maximum_minimum(LowerContext& ctx);  // MAXIMUM, MINIMUM
std::vector<Step> lower_pool2d(LowerContext& ctx);           // AVERAGE_POOL_2D, MAX_POOL_2D
std::vector<Step> lower_mean(LowerContext& ctx);             // MEAN
std::vector<Step> lower_reduce_max(LowerContext& ctx);       // REDUCE_MAX
std::vector<Step> lower_comparison(LowerContext& ctx);  // GREATER(_EQUAL), LESS(_EQUAL), (NOT_)EQUAL
// --- activation family ---
std::vector<Step> lower_softmax(LowerContext& ctx);      // SOFTMAX
std::vector<Step> lower_logistic(LowerContext& ctx);     // LOGISTIC
std::vector<Step> lower_tanh(LowerContext& ctx);         // TANH
std::vector<Step> lower_relu(LowerContext& ctx);         // RELU, RELU6
std::vector<Step> lower_leaky_relu(LowerContext& ctx);   // LEAKY_RELU
std::vector<Step> lower_hard_swish(LowerContext& ctx);   // HARD_SWISH
std::vector<Step> lower_quantize(LowerContext& ctx);     // QUANTIZE
std::vector<Step> lower_dequantize(LowerContext& ctx);   // DEQUANTIZE
std::vector<Step> lower_log(LowerContext& ctx);          // LOG
std::vector<Step> lower_rsqrt(LowerContext& ctx);        // RSQRT
// --- reshaping family ---
std::vector<Step> lower_concatenation(LowerContext& ctx);  // CONCATENATION
std::vector<Step> lower_pad(LowerContext& ctx);            // PAD (and PADV2's 3-input form)
std::vector<Step> lower_transpose(LowerContext& ctx);      // TRANSPOSE
std::vector<Step> lower_strided_slice(LowerContext& ctx);  // STRIDED_SLICE
std::vector<Step> lower_batch_matmul(LowerContext& ctx);   // BATCH_MATMUL
// --- control flow ---
std::vector<Step> lower_if(LowerContext& ctx);  // IF (lower_if.cc)

}  // namespace mote::plan
