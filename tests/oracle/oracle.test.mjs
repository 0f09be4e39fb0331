// Self-test of the LiteRT.js oracle: node --test tests/oracle/
//
// Needs `npm ci --prefix tests/oracle` and the MLPerf Tiny models + goldens
// ($MOTE_MODELS_DIR, default ../shared/models; $MOTE_GOLDEN_DIR, default
// ../shared/golden, both relative to the repository root). Tests whose data
// is missing are skipped.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

import { compareBuffers } from './compare.mjs';
import { randomBytes, randomInputs } from './random_input.mjs';
import { fixIoShapes, parseModel, repointOutput } from './tflite_model.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const modelsDir = path.join(process.env.MOTE_MODELS_DIR ?? path.join(root, '..', 'shared', 'models'), 'mlperf_tiny');
const goldenDir = process.env.MOTE_GOLDEN_DIR ?? path.join(root, '..', 'shared', 'golden');
const runner = path.join(here, 'run_tflite.mjs');
const haveRuntime = fs.existsSync(path.join(here, 'node_modules', '@litertjs', 'core'));

function run(model, outDir, extra) {
  execFileSync(process.execPath, [runner, model, '--out', outDir, '--quiet', ...extra], { stdio: ['ignore', 'inherit', 'inherit'] });
  return JSON.parse(fs.readFileSync(path.join(outDir, 'meta.json'), 'utf8'));
}

test('random input stream matches the project definition', () => {
  const g = randomBytes(1);
  const first = Array.from({ length: 8 }, () => g.next().value);
  assert.deepEqual(first, [0xc6, 0x7e, 0x81, 0x6b, 0x4b, 0xfb, 0xe2, 0xfb]);
  // BigInt reference, several seeds including > 2^31.
  for (const seed of [0, 1, 12345, 0x80000001, 0xffffffff]) {
    let x = BigInt(seed);
    const s = randomBytes(seed);
    for (let i = 0; i < 5000; i++) {
      x = (1103515245n * x + 12345n) % (1n << 31n);
      assert.equal(s.next().value, Number((x >> 16n) & 255n));
    }
  }
  const [i8, f32, u8] = randomInputs([{ dtype: 'int8', bytes: 2 }, { dtype: 'float32', bytes: 8 }, { dtype: 'uint8', bytes: 1 }], 1);
  assert.deepEqual(Array.from(i8), [0xc6, 0x7e]);
  assert.deepEqual(Array.from(new Float32Array(f32.buffer)), [((0x81 << 24) >> 24) / 128, 0x6b / 128]);
  assert.deepEqual(Array.from(u8), [0x4b]);
});

const kws = path.join(modelsDir, 'kws_ds_cnn_int8.tflite');

test('flatbuffer reader and in-place patches', { skip: !fs.existsSync(kws) && 'no models' }, () => {
  const bytes = new Uint8Array(fs.readFileSync(kws));
  const m = parseModel(bytes);
  const sg = m.subgraphs[0];
  assert.deepEqual(sg.inputs, [0]);
  assert.equal(sg.tensors[0].dtype, 'int8');
  assert.deepEqual(sg.tensors[0].shape, [1, 49, 10, 1]);
  assert.equal(sg.operators[0].op, 'CONV_2D');
  assert.equal(sg.operators.at(-1).op, 'SOFTMAX');
  const re = parseModel(repointOutput(bytes, 22, 0));
  assert.deepEqual(re.subgraphs[0].outputs, [22]);
  const { bytes: fixed, patched } = fixIoShapes(bytes);
  assert.equal(patched, 2);
  assert.deepEqual(parseModel(fixed).subgraphs[0].tensors[0].shape_signature, [1, 49, 10, 1]);
});

const goldenModels = ['kws_ds_cnn_int8', 'vww_mobilenet_v1_025_96_int8', 'ic_resnet8_int8',
  'ic_resnet_large_int8', 'ad_fc_autoencoder_int8', 'sww_streaming_wakeword'];

for (const name of goldenModels) {
  const model = path.join(modelsDir, `${name}.tflite`);
  const gdir = path.join(goldenDir, name, 'seed1');
  const skip = (!haveRuntime && 'LiteRT.js not installed (npm ci --prefix tests/oracle)')
    || (!fs.existsSync(model) && 'no model') || (!fs.existsSync(gdir) && 'no golden');
  test(`${name}: LiteRT.js vs TFLM golden (seed 1)`, { skip }, () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oracle-'));
    try {
      const meta = run(model, path.join(tmp, 'final'), ['--random-input', '1']);
      assert.equal(meta.outputs[0].dtype, 'int8');
      const out = fs.readFileSync(path.join(tmp, 'final', 'output0.bin'));
      const r = compareBuffers(out, fs.readFileSync(path.join(gdir, 'output.bin')), 'int8');
      assert.ok(r.max_abs <= 2, `final output max |diff| ${r.max_abs} > 2`);
      // First layer: XNNPACK vs TFLM requantization differ by at most 1 LSB.
      const l0 = fs.readdirSync(gdir).find((f) => f.startsWith('L00_t'));
      const t = Number(/_t(\d+)\.bin$/.exec(l0)[1]);
      run(model, path.join(tmp, 'l0'), ['--random-input', '1', '--output-tensor', String(t)]);
      const r0 = compareBuffers(fs.readFileSync(path.join(tmp, 'l0', 'output0.bin')), fs.readFileSync(path.join(gdir, l0)), 'int8');
      assert.ok(r0.max_abs <= 1, `layer 0 max |diff| ${r0.max_abs} > 1`);
      assert.ok(r0.differing / r0.count < 0.05, `layer 0: ${r0.differing}/${r0.count} differ`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
}

test('errors are reported, not turned into garbage outputs', { skip: (!haveRuntime || !fs.existsSync(kws)) && 'no runtime/model' }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oracle-'));
  try {
    const bad = path.join(tmp, 'short.bin');
    fs.writeFileSync(bad, Buffer.alloc(10));
    assert.throws(() => execFileSync(process.execPath, [runner, kws, '--out', tmp, '--input', bad], { stdio: 'pipe' }),
      (e) => e.status === 3);
    assert.throws(() => execFileSync(process.execPath, [runner, kws, '--out', tmp], { stdio: 'pipe' }),
      (e) => e.status === 2);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
