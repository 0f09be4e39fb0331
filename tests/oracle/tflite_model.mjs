// Minimal, dependency-free reader for the parts of a .tflite flatbuffer the
// oracle needs: subgraph inputs/outputs, tensor dtype/shape/quantization,
// operator list, signature defs, and constant buffers (for experiments).
//
// Written from the public TFLite schema (schema.fbs, field ids in comments);
// deliberately independent of Mote's own C++ importer.

export const TENSOR_TYPES = [
  'float32', 'float16', 'int32', 'uint8', 'int64', 'string', 'bool', 'int16',
  'complex64', 'int8', 'float64', 'complex128', 'uint64', 'resource',
  'variant', 'uint32', 'uint16', 'int4', 'bfloat16',
];

// Bytes per element (0 = not a fixed-width type).
export const DTYPE_BYTES = {
  float32: 4, float16: 2, int32: 4, uint8: 1, int64: 8, string: 0, bool: 1,
  int16: 2, complex64: 8, int8: 1, float64: 8, complex128: 16, uint64: 8,
  resource: 0, variant: 0, uint32: 4, uint16: 2, int4: 0, bfloat16: 2,
};

// BuiltinOperator enum, schema.fbs (index = code).
export const BUILTIN_OPS = [
  'ADD', 'AVERAGE_POOL_2D', 'CONCATENATION', 'CONV_2D', 'DEPTHWISE_CONV_2D',
  'DEPTH_TO_SPACE', 'DEQUANTIZE', 'EMBEDDING_LOOKUP', 'FLOOR', 'FULLY_CONNECTED',
  'HASHTABLE_LOOKUP', 'L2_NORMALIZATION', 'L2_POOL_2D',
  'LOCAL_RESPONSE_NORMALIZATION', 'LOGISTIC', 'LSH_PROJECTION', 'LSTM',
  'MAX_POOL_2D', 'MUL', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'RESHAPE',
  'RESIZE_BILINEAR', 'RNN', 'SOFTMAX', 'SPACE_TO_DEPTH', 'SVDF', 'TANH',
  'CONCAT_EMBEDDINGS', 'SKIP_GRAM', 'CALL', 'CUSTOM', 'EMBEDDING_LOOKUP_SPARSE',
  'PAD', 'UNIDIRECTIONAL_SEQUENCE_RNN', 'GATHER', 'BATCH_TO_SPACE_ND',
  'SPACE_TO_BATCH_ND', 'TRANSPOSE', 'MEAN', 'SUB', 'DIV', 'SQUEEZE',
  'UNIDIRECTIONAL_SEQUENCE_LSTM', 'STRIDED_SLICE', 'BIDIRECTIONAL_SEQUENCE_RNN',
  'EXP', 'TOPK_V2', 'SPLIT', 'LOG_SOFTMAX', 'DELEGATE',
  'BIDIRECTIONAL_SEQUENCE_LSTM', 'CAST', 'PRELU', 'MAXIMUM', 'ARG_MAX',
  'MINIMUM', 'LESS', 'NEG', 'PADV2', 'GREATER', 'GREATER_EQUAL', 'LESS_EQUAL',
  'SELECT', 'SLICE', 'SIN', 'TRANSPOSE_CONV', 'SPARSE_TO_DENSE', 'TILE',
  'EXPAND_DIMS', 'EQUAL', 'NOT_EQUAL', 'LOG', 'SUM', 'SQRT', 'RSQRT', 'SHAPE',
  'POW', 'ARG_MIN', 'FAKE_QUANT', 'REDUCE_PROD', 'REDUCE_MAX', 'PACK',
  'LOGICAL_OR', 'ONE_HOT', 'LOGICAL_AND', 'LOGICAL_NOT', 'UNPACK', 'REDUCE_MIN',
  'FLOOR_DIV', 'REDUCE_ANY', 'SQUARE', 'ZEROS_LIKE', 'FILL', 'FLOOR_MOD',
  'RANGE', 'RESIZE_NEAREST_NEIGHBOR', 'LEAKY_RELU', 'SQUARED_DIFFERENCE',
  'MIRROR_PAD', 'ABS', 'SPLIT_V', 'UNIQUE', 'CEIL', 'REVERSE_V2', 'ADD_N',
  'GATHER_ND', 'COS', 'WHERE', 'RANK', 'ELU', 'REVERSE_SEQUENCE', 'MATRIX_DIAG',
  'QUANTIZE', 'MATRIX_SET_DIAG', 'ROUND', 'HARD_SWISH', 'IF', 'WHILE',
  'NON_MAX_SUPPRESSION_V4', 'NON_MAX_SUPPRESSION_V5', 'SCATTER_ND', 'SELECT_V2',
  'DENSIFY', 'SEGMENT_SUM', 'BATCH_MATMUL', 'PLACEHOLDER_FOR_GREATER_OP_CODES',
  'CUMSUM', 'CALL_ONCE', 'BROADCAST_TO', 'RFFT2D', 'CONV_3D', 'IMAG', 'REAL',
  'COMPLEX_ABS', 'HASHTABLE', 'HASHTABLE_FIND', 'HASHTABLE_IMPORT',
  'HASHTABLE_SIZE', 'REDUCE_ALL', 'CONV_3D_TRANSPOSE', 'VAR_HANDLE',
  'READ_VARIABLE', 'ASSIGN_VARIABLE', 'BROADCAST_ARGS', 'RANDOM_STANDARD_NORMAL',
  'BUCKETIZE', 'RANDOM_UNIFORM', 'MULTINOMIAL', 'GELU', 'DYNAMIC_UPDATE_SLICE',
  'RELU_0_TO_1', 'UNSORTED_SEGMENT_PROD', 'UNSORTED_SEGMENT_MAX',
  'UNSORTED_SEGMENT_SUM', 'ATAN2', 'UNSORTED_SEGMENT_MIN', 'SIGN', 'BITCAST',
  'BITWISE_XOR', 'RIGHT_SHIFT',
];

class FlatBuffer {
  constructor(bytes) {
    this.bytes = bytes;
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u8(p) { return this.dv.getUint8(p); }
  i8(p) { return this.dv.getInt8(p); }
  u16(p) { return this.dv.getUint16(p, true); }
  i32(p) { return this.dv.getInt32(p, true); }
  u32(p) { return this.dv.getUint32(p, true); }
  f32(p) { return this.dv.getFloat32(p, true); }
  i64(p) { return this.dv.getBigInt64(p, true); }
  u64(p) { return this.dv.getBigUint64(p, true); }
  root() { return this.u32(0); }
  // Absolute position of field `id` of the table at `t`, or 0 if absent.
  field(t, id) {
    const vt = t - this.i32(t);
    const vtSize = this.u16(vt);
    const slot = 4 + 2 * id;
    if (slot + 2 > vtSize) return 0;
    const off = this.u16(vt + slot);
    return off ? t + off : 0;
  }
  indirect(p) { return p + this.u32(p); }
  table(t, id) { const p = this.field(t, id); return p ? this.indirect(p) : 0; }
  scalar(t, id, kind, dflt = 0) {
    const p = this.field(t, id);
    return p ? this[kind](p) : dflt;
  }
  string(t, id) {
    const p = this.field(t, id);
    if (!p) return null;
    const s = this.indirect(p);
    const n = this.u32(s);
    return new TextDecoder().decode(this.bytes.subarray(s + 4, s + 4 + n));
  }
  // Returns {pos, len} of a vector field (elements start at pos).
  vector(t, id) {
    const p = this.field(t, id);
    if (!p) return null;
    const v = this.indirect(p);
    return { pos: v + 4, len: this.u32(v), lenPos: v };
  }
  scalarVector(t, id, kind, width) {
    const v = this.vector(t, id);
    if (!v) return null;
    const out = new Array(v.len);
    for (let i = 0; i < v.len; i++) out[i] = this[kind](v.pos + i * width);
    return out;
  }
  tableVector(t, id) {
    const v = this.vector(t, id);
    if (!v) return [];
    const out = new Array(v.len);
    for (let i = 0; i < v.len; i++) out[i] = this.indirect(v.pos + 4 * i);
    return out;
  }
}

function readQuant(fb, q) {
  if (!q) return null;
  const scale = fb.scalarVector(q, 2, 'f32', 4);
  const zp = fb.scalarVector(q, 3, 'i64', 8);
  if (!scale || scale.length === 0) return null;
  return {
    scale,
    zero_point: (zp ?? []).map((v) => Number(v)),
    quantized_dimension: fb.scalar(q, 6, 'i32', 0),
  };
}

// Parses a .tflite file. Returns a plain object; positions of a few patchable
// fields are kept (prefixed with _) for parseModel users that rewrite outputs.
export function parseModel(bytes) {
  const fb = new FlatBuffer(bytes);
  const ident = new TextDecoder().decode(bytes.subarray(4, 8));
  if (ident !== 'TFL3') throw new Error(`not a TFLite flatbuffer (identifier '${ident}')`);
  const m = fb.root();
  const opcodes = fb.tableVector(m, 1).map((oc) => {
    const dep = fb.scalar(oc, 0, 'i8', 0);
    const ext = fb.scalar(oc, 3, 'i32', 0);
    const code = Math.max(dep, ext);
    const custom = fb.string(oc, 1);
    return {
      code,
      name: code === 32 ? `CUSTOM:${custom}` : (BUILTIN_OPS[code] ?? `BUILTIN_${code}`),
      version: fb.scalar(oc, 2, 'i32', 1),
    };
  });
  const buffers = fb.tableVector(m, 4).map((b) => {
    const v = fb.vector(b, 0);
    return v ? { pos: v.pos, len: v.len } : { pos: 0, len: 0 };
  });
  const subgraphs = fb.tableVector(m, 2).map((sg) => {
    const tensors = fb.tableVector(sg, 0).map((t, index) => {
      const typeCode = fb.scalar(t, 1, 'i8', 0);
      const bufIdx = fb.scalar(t, 2, 'u32', 0);
      const buf = buffers[bufIdx];
      return {
        index,
        name: fb.string(t, 3) ?? '',
        dtype: TENSOR_TYPES[typeCode] ?? `type${typeCode}`,
        shape: fb.scalarVector(t, 0, 'i32', 4) ?? [],
        shape_signature: fb.scalarVector(t, 7, 'i32', 4),
        quantization: readQuant(fb, fb.table(t, 4)),
        buffer: bufIdx,
        is_const: Boolean(buf && buf.len > 0),
        _data: buf && buf.len > 0 ? bytes.subarray(buf.pos, buf.pos + buf.len) : null,
      };
    });
    const operators = fb.tableVector(sg, 3).map((op) => {
      const oc = opcodes[fb.scalar(op, 0, 'u32', 0)];
      return {
        op: oc ? oc.name : '?',
        version: oc ? oc.version : 0,
        inputs: fb.scalarVector(op, 1, 'i32', 4) ?? [],
        outputs: fb.scalarVector(op, 2, 'i32', 4) ?? [],
        builtin_options_type: fb.scalar(op, 3, 'u8', 0),
        _options: fb.table(op, 4),
      };
    });
    const outVec = fb.vector(sg, 2);
    return {
      name: fb.string(sg, 4) ?? '',
      tensors,
      inputs: fb.scalarVector(sg, 1, 'i32', 4) ?? [],
      outputs: fb.scalarVector(sg, 2, 'i32', 4) ?? [],
      operators,
      _outputsPos: outVec ? outVec.pos : 0,
    };
  });
  const signatures = fb.tableVector(m, 7).map((s) => {
    const maps = (id) => fb.tableVector(s, id).map((tm) => ({
      name: fb.string(tm, 0) ?? '',
      tensor_index: fb.scalar(tm, 1, 'u32', 0),
      _tensorIndexPos: fb.field(tm, 1),
    }));
    return {
      key: fb.string(s, 2) ?? '',
      subgraph_index: fb.scalar(s, 4, 'u32', 0),
      inputs: maps(0),
      outputs: maps(1),
    };
  });
  return {
    version: fb.scalar(m, 0, 'u32', 0),
    description: fb.string(m, 3),
    opcodes,
    subgraphs,
    signatures,
    _fb: fb,
  };
}

// Reads a field of an operator's builtin options table (for experiments).
export function optionScalar(model, op, id, kind, dflt = 0) {
  if (!op._options) return dflt;
  return model._fb.scalar(op._options, id, kind, dflt);
}

// Returns a copy of `bytes` whose subgraph-0 output `slot` (and the matching
// signature output, if any) points at tensor `tensorIndex` instead. The
// flatbuffer is patched in place (same sizes), so every op still runs.
export function repointOutput(bytes, tensorIndex, slot = 0) {
  const copy = new Uint8Array(bytes);
  const model = parseModel(copy);
  const sg = model.subgraphs[0];
  if (slot >= sg.outputs.length) throw new Error(`model has ${sg.outputs.length} output(s); no slot ${slot}`);
  if (tensorIndex < 0 || tensorIndex >= sg.tensors.length) throw new Error(`no tensor ${tensorIndex}`);
  const dv = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
  const old = sg.outputs[slot];
  dv.setInt32(sg._outputsPos + 4 * slot, tensorIndex, true);
  for (const sig of model.signatures) {
    if (sig.subgraph_index !== 0) continue;
    for (const o of sig.outputs) {
      if (o.tensor_index !== old) continue;
      if (!o._tensorIndexPos) throw new Error('signature output tensor_index is a default value; cannot patch in place');
      dv.setUint32(o._tensorIndexPos, tensorIndex, true);
    }
  }
  return copy;
}

// Fixes the shapes of subgraph 0's inputs and outputs, in place (same
// sizes, so ranks cannot change). Returns {bytes, patched, overridden}.
//
// LiteRT.js sizes its I/O buffers from the model file: for a signature tensor
// it may report the shape_signature (with -1 for a dynamic dimension, which
// its Layout cannot size), or the static `shape` (whose values for a dynamic
// model are placeholders, e.g. [1, 1] for an audio input of any length). So:
//   - every -1 in an input's/output's shape_signature becomes the static size
//     from its `shape` (models exported with a dynamic batch: [-1, 30, 1, 40]
//     with shape [1, 30, 1, 40]);
//   - `overrides.inputs[k]` / `overrides.outputs[k]` (arrays of dims) replace
//     both shape and shape_signature of input/output k, for models whose
//     static shapes are placeholders. Intermediate tensors are left alone:
//     TFLite re-infers their shapes from the inputs when it allocates.
export function fixIoShapes(bytes, overrides = {}) {
  const copy = new Uint8Array(bytes);
  const model = parseModel(copy);
  const fb = model._fb;
  const dv = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
  const sg = model.subgraphs[0];
  const sgTable = fb.tableVector(fb.root(), 2)[0];
  const tensorTables = fb.tableVector(sgTable, 0);
  let patched = 0;
  let overridden = 0;
  const fix = (slotList, kind, over) => {
    slotList.forEach((t, k) => {
      const tensor = sg.tensors[t];
      const table = tensorTables[t];
      const shapeVec = fb.vector(table, 0);
      const sigVec = fb.vector(table, 7);
      const dims = over?.[k];
      if (dims) {
        if (!shapeVec || shapeVec.len !== dims.length) {
          throw new Error(`${kind} ${k} (${tensor.name}) has rank ${tensor.shape.length}; shape ${JSON.stringify(dims)} has rank ${dims.length}`);
        }
        dims.forEach((d, i) => {
          dv.setInt32(shapeVec.pos + 4 * i, d, true);
          if (sigVec && sigVec.len === dims.length) dv.setInt32(sigVec.pos + 4 * i, d, true);
        });
        overridden++;
        return;
      }
      if (!sigVec || sigVec.len !== tensor.shape.length) return;
      let changed = false;
      tensor.shape_signature.forEach((d, i) => {
        if (d < 0 && tensor.shape[i] >= 0) {
          dv.setInt32(sigVec.pos + 4 * i, tensor.shape[i], true);
          changed = true;
        }
      });
      if (changed) patched++;
    });
  };
  for (const k of Object.keys(overrides.inputs ?? {})) {
    if (!(k < sg.inputs.length)) throw new Error(`no input ${k} (model has ${sg.inputs.length})`);
  }
  for (const k of Object.keys(overrides.outputs ?? {})) {
    if (!(k < sg.outputs.length)) throw new Error(`no output ${k} (model has ${sg.outputs.length})`);
  }
  fix(sg.inputs, 'input', overrides.inputs);
  fix(sg.outputs, 'output', overrides.outputs);
  return { bytes: copy, patched, overridden };
}
