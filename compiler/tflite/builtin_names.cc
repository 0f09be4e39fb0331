#include "compiler/tflite/builtin_names.h"

#include "compiler/ir/op_type.h"

namespace mote::tflite {

const char* builtin_operator_name(int32_t code) {
  return ir::op_type_name(ir::op_type_from_builtin(code));
}

}  // namespace mote::tflite
