#!/usr/bin/env node
// Compares two raw tensor files element-wise.
//
//   node tests/oracle/compare.mjs A.bin B.bin --dtype int8|uint8|int16|int32|float32
//        [--tol N] [--json]
//
// Prints count, max |a-b|, number of differing elements and a histogram of
// integer differences; exit 0 if max |a-b| <= tol (default 0), 1 otherwise,
// 2 usage, 3 I/O (including a size mismatch).

import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const TYPED = {
  int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array,
  int32: Int32Array, uint32: Uint32Array, float32: Float32Array, float64: Float64Array,
};

export function compareBuffers(a, b, dtype) {
  const T = TYPED[dtype];
  if (!T) throw new Error(`unsupported dtype ${dtype}`);
  if (a.byteLength !== b.byteLength) throw new Error(`size mismatch: ${a.byteLength} vs ${b.byteLength} bytes`);
  const copy = (x) => { const u = new Uint8Array(x.byteLength); u.set(x); return new T(u.buffer); };
  const x = copy(a);
  const y = copy(b);
  let maxAbs = 0;
  let maxRel = 0;
  let differing = 0;
  let maxIndex = -1;
  const hist = {};
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(Number(x[i]) - Number(y[i]));
    if (d !== 0 || Number.isNaN(d)) differing++;
    if (d > maxAbs || Number.isNaN(d)) { maxAbs = d; maxIndex = i; }
    const mag = Math.max(Math.abs(Number(x[i])), Math.abs(Number(y[i])));
    if (mag > 0) maxRel = Math.max(maxRel, d / mag);
    if (dtype !== 'float32' && dtype !== 'float64') hist[d] = (hist[d] ?? 0) + 1;
  }
  return { count: x.length, max_abs: maxAbs, max_rel: maxRel, max_index: maxIndex, differing, hist };
}

function main() {
  const args = process.argv.slice(2);
  const files = [];
  let dtype;
  let tol = 0;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--dtype') dtype = args[++i];
    else if (args[i] === '--tol') tol = Number(args[++i]);
    else if (args[i] === '--json') json = true;
    else files.push(args[i]);
  }
  if (files.length !== 2 || !dtype || !TYPED[dtype] || Number.isNaN(tol)) {
    process.stderr.write('usage: node tests/oracle/compare.mjs A.bin B.bin --dtype int8|uint8|int16|int32|float32 [--tol N] [--json]\n');
    process.exit(2);
  }
  let r;
  try {
    r = compareBuffers(fs.readFileSync(files[0]), fs.readFileSync(files[1]), dtype);
  } catch (e) {
    process.stderr.write(`compare: error: ${e.message}\n`);
    process.exit(3);
  }
  if (json) process.stdout.write(JSON.stringify({ ...r, tol }) + '\n');
  else {
    const h = Object.keys(r.hist).length ? ` hist=${JSON.stringify(r.hist)}` : '';
    process.stdout.write(`${r.count} elements, max|a-b|=${r.max_abs} (at ${r.max_index}), ${r.differing} differ, max rel=${r.max_rel.toExponential(3)}${h}\n`);
  }
  process.exit(r.max_abs <= tol ? 0 : 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
