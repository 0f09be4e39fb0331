// The ops Mote's IR names. Values are TFLite's BuiltinOperator codes so the
// importer maps them 1:1; anything else is kUnsupported (name kept by code).
#pragma once

#include <cstdint>

namespace mote::ir {

// X(Name, tflite_builtin_code, "TFLITE_NAME")
#define MOTE_IR_OPS(X)                                    \
  X(kAdd, 0, "ADD")                                       \
  X(kAveragePool2D, 1, "AVERAGE_POOL_2D")                 \
  X(kConcatenation, 2, "CONCATENATION")                   \
  X(kConv2D, 3, "CONV_2D")                                \
  X(kDepthwiseConv2D, 4, "DEPTHWISE_CONV_2D")             \
  X(kDequantize, 6, "DEQUANTIZE")                         \
  X(kFullyConnected, 9, "FULLY_CONNECTED")                \
  X(kLogistic, 14, "LOGISTIC")                            \
  X(kMaxPool2D, 17, "MAX_POOL_2D")                        \
  X(kMul, 18, "MUL")                                      \
  X(kRelu, 19, "RELU")                                    \
  X(kRelu6, 21, "RELU6")                                  \
  X(kReshape, 22, "RESHAPE")                              \
  X(kSoftmax, 25, "SOFTMAX")                              \
  X(kTanh, 28, "TANH")                                    \
  X(kPad, 34, "PAD")                                      \
  X(kTranspose, 39, "TRANSPOSE")                          \
  X(kMean, 40, "MEAN")                                    \
  X(kSub, 41, "SUB")                                      \
  X(kSqueeze, 43, "SQUEEZE")                              \
  X(kStridedSlice, 45, "STRIDED_SLICE")                   \
  X(kMaximum, 55, "MAXIMUM")                              \
  X(kMinimum, 57, "MINIMUM")                              \
  X(kLess, 58, "LESS")                                    \
  X(kGreater, 61, "GREATER")                              \
  X(kGreaterEqual, 62, "GREATER_EQUAL")                   \
  X(kLessEqual, 63, "LESS_EQUAL")                         \
  X(kLog, 73, "LOG")                                      \
  X(kExpandDims, 70, "EXPAND_DIMS")                       \
  X(kEqual, 71, "EQUAL")                                  \
  X(kNotEqual, 72, "NOT_EQUAL")                           \
  X(kRsqrt, 76, "RSQRT")                                  \
  X(kReduceMax, 82, "REDUCE_MAX")                         \
  X(kLeakyRelu, 98, "LEAKY_RELU")                         \
  X(kQuantize, 114, "QUANTIZE")                           \
  X(kHardSwish, 117, "HARD_SWISH")                        \
  X(kIf, 118, "IF")                                       \
  X(kWhile, 119, "WHILE")                                 \
  X(kBatchMatMul, 126, "BATCH_MATMUL")

enum class OpType : uint16_t {
#define MOTE_IR_OP_ENUM(name, code, str) name,
  MOTE_IR_OPS(MOTE_IR_OP_ENUM)
#undef MOTE_IR_OP_ENUM
  kUnsupported
};

// Maps a TFLite builtin code to an OpType (kUnsupported if Mote lacks it).
OpType op_type_from_builtin(int32_t code);
// "CONV_2D", ... for known ops.
const char* op_type_name(OpType type);
// TFLite's name for any builtin code (e.g. "GATHER"), or "BUILTIN_<n>".
const char* builtin_code_name(int32_t code);

}  // namespace mote::ir
