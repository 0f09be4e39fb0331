#!/usr/bin/env node
// Independent TFLite oracle: runs a .tflite model with LiteRT.js (Google's
// WASM build of TFLite/LiteRT, XNNPACK on CPU) in headless Node and writes
// the raw output bytes plus a meta.json. See README.md.
//
//   node tests/oracle/run_tflite.mjs MODEL.tflite --out DIR
//        [--input FILE.bin ...] [--random-input SEED]
//        [--output-tensor T] [--input-shape [K=]D0xD1..] [--output-shape [K=]D0xD1..]
//        [--threads N] [--wasm compat|relaxed] [--verbose] [--quiet]
//
// Inputs and outputs are raw little-endian bytes, in the model's (subgraph 0)
// input/output order. Exit codes: 0 ok, 2 usage, 3 I/O, 4 bad model,
// 5 runtime failure.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { randomInputs } from './random_input.mjs';
import { DTYPE_BYTES, fixIoShapes, parseModel, repointOutput } from './tflite_model.mjs';

const USAGE = `usage: node tests/oracle/run_tflite.mjs MODEL.tflite --out DIR [--input FILE.bin ...] [--random-input SEED]
  --input FILE         raw little-endian bytes of one model input (repeat, in input order)
  --random-input SEED  project-wide deterministic input (see README.md)
  --output-tensor T    re-point output 0 at tensor index T (intermediate tensors)
  --input-shape [K=]D0xD1...   set input K's shape (default K=0; same rank) for
                       models with dynamic dimensions (e.g. audio length)
  --output-shape [K=]D0xD1...  set output K's shape: LiteRT.js sizes output
                       buffers from the file, so a dynamic model needs both
  --threads N          XNNPACK threads (default 1; the compat build is single-threaded)
  --wasm BUILD         compat (default) | relaxed  (env MOTE_LITERT_WASM)
  --verbose            show LiteRT's INFO/WARNING log lines
  --quiet              print nothing on success`;

class UsageError extends Error {}
function fail(code, msg) {
  process.stderr.write(`run_tflite: error: ${msg}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const a = { inputs: [], threads: 1, inputShapes: {}, outputShapes: {} };
  const shapeArg = (v, into, what) => {
    const m = /^(?:(\d+)=)?(\d+(?:x\d+)*)$/.exec(v);
    if (!m) throw new UsageError(`bad ${what} '${v}' (want [K=]D0xD1x...)`);
    into[Number(m[1] ?? 0)] = m[2].split('x').map(Number);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value`);
      return argv[++i];
    };
    switch (arg) {
      case '--out': a.out = val(); break;
      case '--input': a.inputs.push(val()); break;
      case '--random-input': {
        const v = val();
        if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) throw new UsageError(`bad seed '${v}' (0..4294967295)`);
        a.seed = Number(v);
        break;
      }
      case '--output-tensor': {
        const v = val();
        if (!/^\d+$/.test(v)) throw new UsageError(`bad tensor index '${v}'`);
        a.outputTensor = Number(v);
        break;
      }
      case '--input-shape': shapeArg(val(), a.inputShapes, arg); break;
      case '--output-shape': shapeArg(val(), a.outputShapes, arg); break;
      case '--threads': a.threads = Number.parseInt(val(), 10); break;
      case '--wasm': a.wasm = val(); break;
      case '--verbose': a.verbose = true; break;
      case '--quiet': a.quiet = true; break;
      case '-h': case '--help': process.stdout.write(USAGE + '\n'); process.exit(0); break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        if (a.model) throw new UsageError(`more than one model given ('${a.model}', '${arg}')`);
        a.model = arg;
    }
  }
  if (!a.model) throw new UsageError('no model given');
  if (!a.out) throw new UsageError('--out DIR is required');
  if (a.seed !== undefined && a.inputs.length) throw new UsageError('--input and --random-input are exclusive');
  if (a.seed === undefined && !a.inputs.length) throw new UsageError('give --input FILE... or --random-input SEED');
  if (!(a.threads >= 1)) throw new UsageError('--threads must be >= 1');
  return a;
}

function quantMeta(q) {
  if (!q) return null;
  const one = q.scale.length === 1;
  return {
    scale: one ? q.scale[0] : q.scale,
    zero_point: one ? (q.zero_point[0] ?? 0) : q.zero_point,
    ...(one ? {} : { quantized_dimension: q.quantized_dimension }),
  };
}

// Indented JSON whose short leaves (arrays, small objects) stay on one line.
function inlineJson(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(inlineJson).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${inlineJson(x)}`).join(', ')}}`;
}

function toJson(value, indent = '') {
  const flat = inlineJson(value);
  if (value === null || typeof value !== 'object' || flat.length + indent.length <= 100) return flat;
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => inner + toJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${toJson(v, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

function numElements(shape) { return shape.reduce((n, d) => n * d, 1); }
function sha256(b) { return crypto.createHash('sha256').update(b).digest('hex'); }

// Maps LiteRT's signature-ordered tensors to the subgraph's tensor indices.
function mapSignature(model, litertTensors, kind) {
  const sg = model.subgraphs[0];
  const order = kind === 'input' ? sg.inputs : sg.outputs;
  const sig = model.signatures.find((s) => s.subgraph_index === 0);
  return litertTensors.map((lt, i) => {
    let idx;
    if (sig) {
      const m = (kind === 'input' ? sig.inputs : sig.outputs).find((e) => e.name === lt.name);
      idx = m?.tensor_index;
    }
    if (idx === undefined) {
      const byName = order.filter((t) => sg.tensors[t].name === lt.name);
      if (byName.length === 1) idx = byName[0];
    }
    if (idx === undefined && litertTensors.length === order.length) idx = order[i];
    if (idx === undefined || !order.includes(idx)) {
      throw new Error(`cannot match LiteRT ${kind} '${lt.name}' to a subgraph ${kind}`);
    }
    return idx;
  });
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) fail(2, `${e.message}\n${USAGE}`);
    throw e;
  }

  let bytes;
  try {
    bytes = new Uint8Array(fs.readFileSync(args.model));
  } catch (e) {
    fail(3, `${args.model}: ${e.message}`);
  }
  let model;
  let original;
  let staticized = 0;
  let overridden = 0;
  try {
    if (args.outputTensor !== undefined) bytes = repointOutput(bytes, args.outputTensor, 0);
    original = parseModel(bytes).subgraphs[0];
    ({ bytes, patched: staticized, overridden } = fixIoShapes(bytes, { inputs: args.inputShapes, outputs: args.outputShapes }));
    model = parseModel(bytes);
  } catch (e) {
    fail(4, `${args.model}: ${e.message}`);
  }
  const sg = model.subgraphs[0];

  const { loadLiteRtNode, OracleModel, litertPackageDir } = await import('./litert_node.mjs');
  let rt;
  let om;
  try {
    rt = await loadLiteRtNode({ build: args.wasm, verbose: args.verbose });
    om = await new OracleModel(rt, bytes, { numThreads: args.threads }).compile();
  } catch (e) {
    fail(5, `${args.model}: LiteRT could not load/compile the model: ${e?.message ?? e}`);
  }

  // Subgraph order <-> LiteRT signature order.
  let inMap;
  let outMap;
  try {
    inMap = mapSignature(model, om.inputs, 'input');
    outMap = mapSignature(model, om.outputs, 'output');
  } catch (e) {
    fail(4, `${args.model}: ${e.message}`);
  }
  const inputs = sg.inputs.map((t, k) => {
    const li = inMap.indexOf(t);
    const lt = om.inputs[li];
    const tensor = sg.tensors[t];
    if (lt.dtype !== tensor.dtype) fail(4, `input ${k}: LiteRT says ${lt.dtype}, file says ${tensor.dtype}`);
    const width = DTYPE_BYTES[lt.dtype];
    if (width && numElements(lt.shape) * width !== lt.bytes) {
      fail(4, `input ${k}: ${lt.bytes} bytes does not match ${lt.dtype} ${JSON.stringify(lt.shape)}`);
    }
    return { k, li, lt, tensor };
  });

  let data;
  if (args.seed !== undefined) {
    data = randomInputs(inputs.map(({ lt }) => ({ dtype: lt.dtype, bytes: lt.bytes })), args.seed);
  } else {
    if (args.inputs.length !== inputs.length) {
      fail(2, `model has ${inputs.length} input(s), ${args.inputs.length} --input file(s) given`);
    }
    data = args.inputs.map((f, k) => {
      let b;
      try {
        b = new Uint8Array(fs.readFileSync(f));
      } catch (e) {
        fail(3, `${f}: ${e.message}`);
      }
      if (b.byteLength !== inputs[k].lt.bytes) {
        fail(3, `${f}: input ${k} (${inputs[k].tensor.name}, ${inputs[k].lt.dtype} ${JSON.stringify(inputs[k].lt.shape)}) needs ${inputs[k].lt.bytes} bytes, file has ${b.byteLength}`);
      }
      return b;
    });
  }

  const litertOrdered = new Array(om.inputs.length);
  inputs.forEach(({ li }, k) => { litertOrdered[li] = data[k]; });
  let outs;
  try {
    outs = await om.run(litertOrdered);
  } catch (e) {
    fail(5, `${args.model}: LiteRT failed to run the model: ${e?.message ?? e}`);
  }

  try {
    fs.mkdirSync(args.out, { recursive: true });
  } catch (e) {
    fail(3, `${args.out}: ${e.message}`);
  }
  const dynamicSig = (t) => {
    const sig = original.tensors[t].shape_signature;
    return sig && sig.some((d) => d < 0) ? sig : null;
  };
  const tensorMeta = (tensor, lt) => ({
    name: tensor.name,
    ...(lt.name !== tensor.name ? { signature_name: lt.name } : {}),
    tensor_index: tensor.index,
    dtype: lt.dtype,
    shape: lt.shape,
    ...(dynamicSig(tensor.index) ? { shape_signature: dynamicSig(tensor.index) } : {}),
    quantization: quantMeta(tensor.quantization),
  });
  const outputs = sg.outputs.map((t, k) => {
    const li = outMap.indexOf(t);
    const lt = om.outputs[li];
    const tensor = sg.tensors[t];
    const file = `output${k}.bin`;
    const shape = om.lastOutputShapes?.[li] ?? lt.shape;
    const width = DTYPE_BYTES[lt.dtype];
    if (width && numElements(shape) * width !== outs[li].byteLength) {
      fail(5, `output ${k}: ${outs[li].byteLength} bytes does not match ${lt.dtype} ${JSON.stringify(shape)}`);
    }
    fs.writeFileSync(path.join(args.out, file), outs[li]);
    return { ...tensorMeta(tensor, { ...lt, shape }), file, bytes: outs[li].byteLength, sha256: sha256(outs[li]) };
  });
  const opCounts = {};
  for (const op of sg.operators) opCounts[op.op] = (opCounts[op.op] ?? 0) + 1;
  const pkgDir = litertPackageDir();
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const meta = {
    model: path.basename(args.model),
    model_sha256: sha256(fs.readFileSync(args.model)),
    ...(args.outputTensor !== undefined ? { output_tensor_override: args.outputTensor } : {}),
    ...(staticized ? { io_dynamic_dims_made_static: staticized } : {}),
    ...(overridden ? {
      io_shapes_overridden: { inputs: args.inputShapes, outputs: args.outputShapes },
      // LiteRT.js sizes output buffers from the (overridden) file shape and
      // cannot report the shape the model really produced: a too-small
      // --output-shape fails, a too-large one is padded with garbage.
      ...(Object.keys(args.outputShapes).length ? { output_shapes_unverified: true } : {}),
    } : {}),
    runtime: {
      name: '@litertjs/core',
      version: pkg.version,
      wasm: path.basename(rt.file),
      accelerator: 'wasm (XNNPACK, CPU)',
      threads: args.threads,
      node: process.version,
    },
    signature_key: om.signatureKey,
    input_source: args.seed !== undefined ? { random_input: args.seed } : { files: args.inputs.map((f) => path.resolve(f)) },
    inputs: inputs.map(({ tensor, lt }, k) => ({
      ...tensorMeta(tensor, lt),
      bytes: data[k].byteLength,
      sha256: sha256(data[k]),
    })),
    outputs,
    subgraphs: model.subgraphs.length,
    ...(model.subgraphs.length > 1 ? {
      other_subgraphs: model.subgraphs.slice(1).map((g, i) => ({
        index: i + 1,
        name: g.name,
        op_counts: g.operators.reduce((c, op) => ({ ...c, [op.op]: (c[op.op] ?? 0) + 1 }), {}),
      })),
    } : {}),
    ops: sg.operators.map((op, i) => ({ index: i, op: op.op, version: op.version, inputs: op.inputs, outputs: op.outputs })),
    op_counts: opCounts,
  };
  fs.writeFileSync(path.join(args.out, 'meta.json'), toJson(meta) + '\n');
  if (!args.quiet) {
    for (const o of outputs) {
      process.stdout.write(`${o.file}: ${o.name} ${o.dtype} ${JSON.stringify(o.shape)} sha256=${o.sha256.slice(0, 16)}\n`);
    }
    process.stdout.write(`${args.out}\n`);
  }
  om.delete();
}

main().catch((e) => fail(5, e?.stack ?? String(e)));
