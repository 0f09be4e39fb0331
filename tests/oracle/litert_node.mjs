// Loads LiteRT.js (@litertjs/core, a browser WASM package) in headless Node,
// CPU only, offline, and runs a .tflite model through its low-level API so
// that int8/int16/... tensors work (the high-level Tensor/CompiledModel API
// only knows float32, int32 and uint8).
//
// Shims (see README.md):
//   self           wasm-utils reads/writes self.ModuleFactory / self.Module.
//   importScripts  wasm-utils "runs" the Emscripten loader either with
//                  importScripts() (worker) or a <script> tag (document). We
//                  provide importScripts() that evaluates the loader as a
//                  CommonJS module (the loader has a UMD footer and a Node
//                  path that reads the .wasm with fs, so no fetch of file://).
//   Environment.create  replaced by one that never asks navigator.gpu for a
//                  WebGPU device (Node has none; this keeps it CPU-only and
//                  silences the warning).
// No fetch/location/document/navigator shims are needed: the model is
// passed as bytes, and the Emscripten loader takes its Node branch.

import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// Which Emscripten build to load. 'compat' (SIMD128, no relaxed SIMD,
// single-threaded) is the default: it runs on every Node >= 18 and its
// arithmetic does not depend on the host's relaxed-SIMD lowering.
export const WASM_BUILDS = {
  compat: 'litert_wasm_compat_internal.js',
  relaxed: 'litert_wasm_internal.js',
};

export function litertPackageDir() {
  // @litertjs/core has no "exports" map, so its package.json is resolvable.
  return path.dirname(require.resolve('@litertjs/core/package.json', { paths: [here] }));
}

function installShims() {
  if (typeof globalThis.self === 'undefined') globalThis.self = globalThis;
  if (typeof globalThis.importScripts !== 'function') {
    globalThis.importScripts = (...urls) => {
      for (const url of urls) {
        const file = String(url).startsWith('file:') ? fileURLToPath(String(url)) : String(url);
        const src = fs.readFileSync(file, 'utf8');
        const mod = { exports: {} };
        const fn = vm.compileFunction(src, ['module', 'exports', 'require', '__filename', '__dirname'], { filename: file });
        fn(mod, mod.exports, createRequire(file), file, path.dirname(file));
        globalThis.ModuleFactory = mod.exports;
      }
    };
  }
}

let litertPromise;
let litertApi;
// LiteRT reports some failures only as "ERROR: ..." log lines (e.g. a failed
// AllocateTensors, after which Run() still "succeeds" with garbage); every
// ERROR line is recorded here so compile()/run() can fail loudly.
const errorLines = [];
function errorsSince(mark) {
  return errorLines.slice(mark);
}

// Loads the WASM runtime once. Returns {api, liteRt, wasm, env, build, file}.
export async function loadLiteRtNode({
  build = process.env.MOTE_LITERT_WASM ?? 'compat',
  verbose = Boolean(process.env.MOTE_ORACLE_VERBOSE),
} = {}) {
  if (litertPromise) return litertPromise;
  litertPromise = (async () => {
    installShims();
    litertApi = await import('@litertjs/core');
    const { Environment, loadLiteRt } = litertApi;
    Environment.create = async () => new Environment({ webGpuDevice: null });
    const jsName = WASM_BUILDS[build];
    if (!jsName) throw new Error(`unknown LiteRT wasm build '${build}' (compat|relaxed)`);
    const file = path.join(litertPackageDir(), 'wasm', jsName);
    // The Emscripten runtime binds console.log/console.error when it starts
    // (its out()/err()). Bind them to a filter instead: everything goes to
    // stderr (stdout stays clean), and LiteRT's INFO/WARNING chatter only
    // when verbose.
    const { log, error } = console;
    const sink = (...a) => {
      const line = a.join(' ');
      if (/^(ERROR|FATAL)\b/.test(line) || line.startsWith('\u2514 ERROR')) {
        // Reported through the exception compile()/run() throw.
        errorLines.push(line);
        if (!verbose) return;
      }
      if (!verbose && /^(INFO|WARNING|VERBOSE): /.test(line)) return;
      process.stderr.write(line + '\n');
    };
    console.log = sink;
    console.error = sink;
    let liteRt;
    try {
      liteRt = await loadLiteRt(file);
    } finally {
      console.log = log;
      console.error = error;
    }
    return { api: litertApi, liteRt, wasm: liteRt.liteRtWasm, env: liteRt.getDefaultEnvironment(), build, file };
  })();
  return litertPromise;
}

// litert::ElementType -> dtype name and byte width.
const ELEMENT_TYPES = {
  1: ['float32', 4], 2: ['int32', 4], 3: ['uint8', 1], 4: ['int64', 8], 6: ['bool', 1],
  7: ['int16', 2], 9: ['int8', 1], 10: ['float16', 2], 11: ['float64', 8],
  13: ['uint64', 8], 16: ['uint32', 4], 17: ['uint16', 2], 19: ['bfloat16', 2],
};

function vecToArray(v) {
  const out = [];
  for (let i = 0; i < v.size(); i++) out.push(v.get(i));
  v.delete();
  return out;
}

function describeType(tensorType) {
  const et = tensorType.elementType().value;
  const layout = tensorType.layout();
  const shape = vecToArray(layout.dimensions());
  layout.delete();
  const bytes = shape.every((d) => d >= 0) ? tensorType.bytes() : -1;
  const [dtype] = ELEMENT_TYPES[et] ?? [`element_type_${et}`];
  return { elementType: et, dtype, shape, bytes };
}

// A model compiled for the CPU (XNNPACK on WASM).
export class OracleModel {
  constructor(rt, modelBytes, { numThreads = 1 } = {}) {
    this.rt = rt;
    this.numThreads = numThreads;
    this.modelBytes = modelBytes;
  }

  async compile() {
    const mark = errorLines.length;
    try {
      await this.compileInner();
    } catch (e) {
      const logged = errorsSince(mark);
      throw new Error([e?.message ?? String(e), ...logged].join('\n'));
    }
    const logged = errorsSince(mark);
    if (logged.length) throw new Error(logged.join('\n'));
    return this;
  }

  async compileInner() {
    const { wasm, env } = this.rt;
    this.ptr = wasm._malloc(this.modelBytes.byteLength);
    wasm.HEAPU8.set(this.modelBytes, this.ptr);
    this.model = wasm.loadModel(env.liteRtEnvironment, this.ptr, this.modelBytes.byteLength);
    const options = {
      environment: env,
      accelerator: 'wasm',
      cpuOptions: { numThreads: this.numThreads },
      gpuOptions: {},
      webNNOptions: {},
    };
    this.compiled = await wasm.compileModel(env.liteRtEnvironment, this.model, options);
    const nsig = this.model.getNumSignatures();
    if (nsig < 1) throw new Error('model has no signature');
    this.sig = this.model.getSignature(0);
    this.signatureKey = this.sig.key();
    const inNames = vecToArray(this.sig.inputNames());
    const outNames = vecToArray(this.sig.outputNames());
    this.inputs = inNames.map((name, i) => {
      const t = this.model.getInputTensorType(0, i);
      const d = describeType(t);
      t.delete();
      return { name, ...d };
    });
    this.outputs = outNames.map((name, i) => {
      const t = this.model.getOutputTensorType(0, i);
      const d = describeType(t);
      t.delete();
      return { name, ...d };
    });
  }

  // inputs: array of Uint8Array (raw bytes) in this.inputs order.
  // Returns array of Uint8Array (raw bytes) in this.outputs order; the shapes
  // of the buffers LiteRT returned are left in this.lastOutputShapes.
  async run(inputBytes) {
    const mark = errorLines.length;
    let result;
    try {
      result = await this.runInner(inputBytes);
    } catch (e) {
      const logged = errorsSince(mark);
      throw new Error([e?.message ?? String(e), ...logged].join('\n'));
    }
    const logged = errorsSince(mark);
    if (logged.length) throw new Error(logged.join('\n'));
    return result;
  }

  async runInner(inputBytes) {
    const { wasm, env } = this.rt;
    if (inputBytes.length !== this.inputs.length) {
      throw new Error(`model takes ${this.inputs.length} input(s), got ${inputBytes.length}`);
    }
    const buffers = [];
    try {
      for (let i = 0; i < this.inputs.length; i++) {
        const tt = this.model.getInputTensorType(0, i);
        const req = this.compiled.getInputBufferRequirements(0, i);
        const want = tt.bytes();
        if (inputBytes[i].byteLength !== want) {
          tt.delete(); req.delete();
          throw new Error(`input ${i} (${this.inputs[i].name}) needs ${want} bytes, got ${inputBytes[i].byteLength}`);
        }
        const tb = wasm.LiteRtTensorBuffer.createManaged(
          env.liteRtEnvironment, wasm.LiteRtTensorBufferType.HOST_MEMORY, tt, want);
        buffers.push(tb);
        const p = tb.lock(wasm.LiteRtTensorBufferLockMode.WRITE);
        try {
          wasm.HEAPU8.set(inputBytes[i], p);
        } finally {
          tb.unlock();
        }
        wasm.checkTensorBufferCompatible(tb, tt, req);
        tt.delete(); req.delete();
      }
      const outs = await this.compiled.run(0, buffers);
      const result = [];
      this.lastOutputShapes = [];
      for (let i = 0; i < outs.length; i++) {
        const tb = outs[i];
        try {
          if (tb.size() !== tb.packedSize() || tb.offset() !== 0) {
            throw new Error(`output ${i} has strides or padding`);
          }
          const tt = tb.tensorType();
          this.lastOutputShapes.push(describeType(tt).shape);
          tt.delete();
          const p = tb.lock(wasm.LiteRtTensorBufferLockMode.READ);
          try {
            result.push(wasm.HEAPU8.slice(p, p + tb.packedSize()));
          } finally {
            tb.unlock();
          }
        } finally {
          tb.delete();
        }
      }
      return result;
    } finally {
      for (const b of buffers) b.delete();
    }
  }

  delete() {
    this.sig?.delete();
    this.compiled?.delete();
    this.model?.delete();
    if (this.ptr) this.rt.wasm._free(this.ptr);
    this.ptr = 0;
  }
}
