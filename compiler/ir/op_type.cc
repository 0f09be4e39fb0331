#include "compiler/ir/op_type.h"

#include <cstdio>

#include "compiler/tflite/builtin_names.h"

namespace mote::ir {

OpType op_type_from_builtin(int32_t code) {
  switch (code) {
#define MOTE_IR_OP_CASE(name, c, str) \
  case c: return OpType::name;
    MOTE_IR_OPS(MOTE_IR_OP_CASE)
#undef MOTE_IR_OP_CASE
    default: return OpType::kUnsupported;
  }
}

const char* op_type_name(OpType type) {
  switch (type) {
#define MOTE_IR_OP_NAME(name, c, str) \
  case OpType::name: return str;
    MOTE_IR_OPS(MOTE_IR_OP_NAME)
#undef MOTE_IR_OP_NAME
    default: return "UNSUPPORTED";
  }
}

const char* builtin_code_name(int32_t code) { return tflite::builtin_operator_name(code); }

}  // namespace mote::ir
