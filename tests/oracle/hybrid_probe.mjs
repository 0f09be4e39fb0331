#!/usr/bin/env node
// Probe: how does LiteRT.js execute a dynamic-range ("hybrid") model, i.e. a
// float model whose FULLY_CONNECTED / CONV_2D weights are int8?
//
//   node tests/oracle/hybrid_probe.mjs MODEL.tflite [--seed S] [--lattice]
//
// Runs the model with its first operator's output re-pointed as the model
// output (so only that op's arithmetic matters), and compares LiteRT's result
// with three JS re-computations of that op on the same --random-input:
//   float      weights dequantized (w * scale) and float math
//   dyn_sym    TFLite builtin hybrid kernel: input quantized per batch
//              symmetrically to int8 (scale = max|x| / 127), int32 accumulate
//   dyn_asym   dynamic asymmetric int8 input quantization (scale = (max-min)/255,
//              nudged zero point), as XNNPACK's qd8 kernels and TFLite's
//              asymmetric_quantize_inputs do
// The variant with the smallest error is how LiteRT ran the op. The input is
// the --random-input stream (seed S) scaled by 1.37 plus a small irregular
// term (--lattice: the plain k/128 stream, which 8-bit asymmetric
// quantization represents exactly).
// Supports a first op of FULLY_CONNECTED or CONV_2D (NHWC, OHWI filter).

import fs from 'node:fs';

import { loadLiteRtNode, OracleModel } from './litert_node.mjs';
import { randomInputs } from './random_input.mjs';
import { optionScalar, parseModel, repointOutput, fixIoShapes } from './tflite_model.mjs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const seedArg = args.indexOf('--seed');
const seed = seedArg >= 0 ? Number(args[seedArg + 1]) : 1;
if (!file) {
  process.stderr.write('usage: node tests/oracle/hybrid_probe.mjs MODEL.tflite [--seed S]\n');
  process.exit(2);
}

let bytes = new Uint8Array(fs.readFileSync(file));
const model0 = parseModel(bytes);
const sg0 = model0.subgraphs[0];
const op = sg0.operators[0];
if (!['FULLY_CONNECTED', 'CONV_2D'].includes(op.op)) {
  process.stderr.write(`first op is ${op.op}; only FULLY_CONNECTED / CONV_2D are supported\n`);
  process.exit(2);
}
bytes = fixIoShapes(repointOutput(bytes, op.outputs[0], 0)).bytes;
const model = parseModel(bytes);
const sg = model.subgraphs[0];
const [xT, wT, bT] = op.inputs.map((i) => (i >= 0 ? sg.tensors[i] : null));
if (wT.dtype !== 'int8' || xT.dtype !== 'float32') {
  process.stderr.write(`first op is not hybrid (input ${xT.dtype}, weights ${wT.dtype})\n`);
  process.exit(2);
}
if (sg.inputs.length !== 1 || sg.inputs[0] !== xT.index) {
  process.stderr.write('the first op must read the (single) model input directly\n');
  process.exit(2);
}

// The --random-input floats are k/128, which an 8-bit asymmetric quantizer
// represents exactly (so dyn_asym would equal float); add an irregular,
// deterministic offset so the three variants differ.
const inBytes = randomInputs([{ dtype: 'float32', bytes: xT.shape.reduce((a, b) => a * b, 1) * 4 }], seed)[0];
const xf = new Float32Array(inBytes.buffer);
if (!args.includes('--lattice')) {
  for (let i = 0; i < xf.length; i++) xf[i] = Math.fround(xf[i] * 1.37 + 0.0123 * Math.sin(0.7 * i + seed));
}
const x = Array.from(xf);
const w = new Int8Array(wT._data.buffer, wT._data.byteOffset, wT._data.byteLength);
const wScale = wT.quantization.scale;
const perChannel = wScale.length > 1;
const bias = bT ? new Float32Array(bT._data.slice().buffer) : null;
const f32 = Math.fround;

function act(v, code) {
  switch (code) {
    case 0: return v;
    case 1: return Math.max(0, v);
    case 2: return Math.min(1, Math.max(-1, v));
    case 3: return Math.min(6, Math.max(0, v));
    default: throw new Error(`activation ${code} not supported`);
  }
}

// Quantizers for the input; each returns {q, scale, zp}.
function quantSym(v) {
  const m = Math.max(...v.map(Math.abs));
  const scale = m === 0 ? 1 : f32(m / 127);
  return { q: v.map((e) => Math.max(-127, Math.min(127, Math.round(e / scale)))), scale, zp: 0 };
}
function quantAsym(v) {
  const lo = Math.min(0, ...v);
  const hi = Math.max(0, ...v);
  const scale = hi === lo ? 1 : f32((hi - lo) / 255);
  const zp = Math.max(-128, Math.min(127, Math.round(-128 - lo / scale)));
  return { q: v.map((e) => Math.max(-128, Math.min(127, Math.round(e / scale) + zp))), scale, zp };
}

// Generic "dot with weights row" over an index gather; `xs` is either float
// input (float variant) or quantized ints (dynamic variants).
function compute(variant) {
  let xs;
  let xScale = 1;
  let xZp = 0;
  if (variant === 'float') xs = x;
  else ({ q: xs, scale: xScale, zp: xZp } = variant === 'dyn_sym' ? quantSym(x) : quantAsym(x));
  const out = [];
  const finish = (acc, oc) => {
    const s = wScale[perChannel ? oc : 0];
    let v = variant === 'float' ? acc : acc * xScale * s;
    if (bias) v += bias[oc];
    return act(v, fused);
  };
  let fused;
  if (op.op === 'FULLY_CONNECTED') {
    fused = optionScalar(model, op, 0, 'i8', 0);
    const [nOut, depth] = wT.shape;
    for (let o = 0; o < nOut; o++) {
      let acc = 0;
      for (let j = 0; j < depth; j++) {
        const wv = variant === 'float' ? w[o * depth + j] * wScale[perChannel ? o : 0] : w[o * depth + j];
        acc += wv * (xs[j] - xZp);
      }
      out.push(finish(acc, o));
    }
  } else {
    // Conv2DOptions: padding 0, stride_w 1, stride_h 2, fused 3, dil_w 4, dil_h 5.
    const padding = optionScalar(model, op, 0, 'i8', 0);
    const sw = optionScalar(model, op, 1, 'i32', 1);
    const sh = optionScalar(model, op, 2, 'i32', 1);
    fused = optionScalar(model, op, 3, 'i8', 0);
    const dw = optionScalar(model, op, 4, 'i32', 1);
    const dh = optionScalar(model, op, 5, 'i32', 1);
    const [, H, W, C] = xT.shape;
    const [O, KH, KW] = wT.shape;
    const [, OH, OW] = sg.tensors[op.outputs[0]].shape;
    const padT = padding === 0 ? Math.floor(Math.max(0, (OH - 1) * sh + (KH - 1) * dh + 1 - H) / 2) : 0;
    const padL = padding === 0 ? Math.floor(Math.max(0, (OW - 1) * sw + (KW - 1) * dw + 1 - W) / 2) : 0;
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        for (let o = 0; o < O; o++) {
          let acc = 0;
          for (let ky = 0; ky < KH; ky++) {
            const iy = oy * sh - padT + ky * dh;
            if (iy < 0 || iy >= H) continue;
            for (let kx = 0; kx < KW; kx++) {
              const ix = ox * sw - padL + kx * dw;
              if (ix < 0 || ix >= W) continue;
              for (let c = 0; c < C; c++) {
                const wi = ((o * KH + ky) * KW + kx) * C + c;
                const wv = variant === 'float' ? w[wi] * wScale[perChannel ? o : 0] : w[wi];
                acc += wv * (xs[(iy * W + ix) * C + c] - xZp);
              }
            }
          }
          out.push(finish(acc, o));
        }
      }
    }
  }
  return out;
}

const rt = await loadLiteRtNode();
const om = await new OracleModel(rt, bytes).compile();
const [outBytes] = await om.run([inBytes]);
const got = Array.from(new Float32Array(outBytes.buffer, outBytes.byteOffset, outBytes.byteLength / 4));
om.delete();

const maxAbs = got.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
console.log(`${file}: first op ${op.op}, weights int8 ${perChannel ? 'per-channel' : 'per-tensor'}, ${got.length} outputs, max |y| = ${maxAbs.toPrecision(4)}`);
for (const variant of ['float', 'dyn_sym', 'dyn_asym']) {
  const ref = compute(variant);
  let err = 0;
  for (let i = 0; i < got.length; i++) err = Math.max(err, Math.abs(got[i] - ref[i]));
  console.log(`  ${variant.padEnd(9)} max |litert - ref| = ${err.toExponential(3)}  (${(err / maxAbs).toExponential(2)} of max |y|)`);
}
