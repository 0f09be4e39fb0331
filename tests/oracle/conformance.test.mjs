// Conformance of Mote's host runtime against an independent TFLite
// implementation (LiteRT.js) on models without bit-exact goldens: float32,
// hybrid (dynamic-range) and int8-with-float-I/O MLPerf Tiny models and the
// openWakeWord models. Float outputs must agree within 1e-4 relative error
// (max |mote - oracle| / max |oracle| per output); every measured error is
// printed so the report carries the numbers.
//
// Exception: a model whose interior is int8 (float I/O through QUANTIZE /
// DEQUANTIZE) is measured in steps of its output quantization. Mote's int8
// arithmetic is TFLite Micro's (bit-exact against the goldens); LiteRT.js's
// XNNPACK requantizes differently by +-1 LSB, and those differences propagate,
// so no float tolerance below one step can hold against this oracle.
//
//   MOTE_CLI=build/mote node --test tests/oracle/conformance.test.mjs
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

import { compareBuffers } from './compare.mjs';
import { parseModel } from './tflite_model.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const cli = process.env.MOTE_CLI ?? path.join(root, 'build/mote');
const modelsDir = process.env.MOTE_MODELS_DIR ?? path.resolve(root, '../shared/models');
const mlperf = path.join(modelsDir, 'mlperf_tiny');
const inCI = Boolean(process.env.CI);
const TOLERANCE = 1e-4;

function requireOrSkip(t, ok, what) {
  if (ok) return true;
  if (inCI) assert.fail(`${what} is missing (CI is set: this must not be skipped)`);
  t.skip(`${what} missing`);
  return false;
}

function runOracle(model, outDir, extra = []) {
  execFileSync(process.execPath, [path.join(here, 'run_tflite.mjs'), model, '--out', outDir, '--quiet', ...extra],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  return JSON.parse(fs.readFileSync(path.join(outDir, 'meta.json'), 'utf8'));
}

function runMote(model, outDir, numOutputs, extra = []) {
  const outs = Array.from({ length: numOutputs }, (_, i) => path.join(outDir, `mote${i}.bin`));
  const r = spawnSync(cli, ['run', model, ...extra, ...outs.flatMap((o) => ['--output', o])], { encoding: 'utf8' });
  return { status: r.status, text: r.stdout + r.stderr, outs };
}

// Relative error of one float output: max abs difference over max |oracle|.
function relativeError(moteFile, oracleFile) {
  const a = fs.readFileSync(moteFile);
  const b = fs.readFileSync(oracleFile);
  const cmp = compareBuffers(a, b, 'float32');
  const ref = new Float32Array(new Uint8Array(b).buffer);
  let scale = 0;
  for (const v of ref) scale = Math.max(scale, Math.abs(v));
  return { rel: scale > 0 ? cmp.max_abs / scale : cmp.max_abs, maxAbs: cmp.max_abs };
}

// Scale of the int8 tensor that DEQUANTIZE turns into graph output `i`.
function dequantizedOutputScale(model, i) {
  const g = parseModel(new Uint8Array(fs.readFileSync(model))).subgraphs[0];
  const op = g.operators.find((o) => o.outputs.includes(g.outputs[i]));
  assert.equal(op?.op, 'DEQUANTIZE', `output ${i} of ${model} is not produced by DEQUANTIZE`);
  return g.tensors[op.inputs[0]].quantization.scale[0];
}

function checkModel(t, model, { oracleArgs = [], moteArgs = ['--random-input', '1'], lsbTolerance = 0 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mote-conf-'));
  try {
    const seedAt = moteArgs.indexOf('--random-input');
    const meta = runOracle(model, dir, [...oracleArgs, ...(seedAt >= 0 ? ['--random-input', moteArgs[seedAt + 1]] : [])]);
    const mote = runMote(model, dir, meta.outputs.length, moteArgs);
    assert.equal(mote.status, 0, mote.text);
    meta.outputs.forEach((o, i) => {
      assert.equal(o.dtype, 'float32', `output ${i} of ${path.basename(model)} is ${o.dtype}`);
      const { rel, maxAbs } = relativeError(mote.outs[i], path.join(dir, `output${i}.bin`));
      if (lsbTolerance > 0) {
        const steps = maxAbs / dequantizedOutputScale(model, i);
        console.log(`conformance: ${path.basename(model)} output ${i}: max difference ${steps.toFixed(2)} output LSB (relative ${rel.toExponential(3)})`);
        assert.ok(steps <= lsbTolerance + 1e-3, `${path.basename(model)} output ${i}: ${steps} LSB > ${lsbTolerance}`);
        return;
      }
      t.diagnostic(`${path.basename(model)} output ${i}: max relative error ${rel.toExponential(3)} (max abs ${maxAbs.toExponential(3)})`);
      console.log(`conformance: ${path.basename(model)} output ${i}: max relative error ${rel.toExponential(3)}`);
      assert.ok(rel <= TOLERANCE, `${path.basename(model)} output ${i}: relative error ${rel} > ${TOLERANCE}`);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const MLPERF_FLOAT_IO = [
  'ad_fc_autoencoder_float32',
  'ad_fc_autoencoder_dynrange_quant',
  'kws_ds_cnn_dynrange_quant',
  'ic_resnet8_float32',
  'ic_resnet_large_float32',
  'vww_mobilenet_v1_025_96_float32',
];

for (const name of MLPERF_FLOAT_IO) {
  test(`${name} agrees with LiteRT.js within ${TOLERANCE}`, (t) => {
    const model = path.join(mlperf, `${name}.tflite`);
    if (!requireOrSkip(t, fs.existsSync(model), model)) return;
    checkModel(t, model);
  });
}

test('ad_fc_autoencoder_int8_floatio agrees with LiteRT.js within 2 output LSB', (t) => {
  const model = path.join(mlperf, 'ad_fc_autoencoder_int8_floatio.tflite');
  if (!requireOrSkip(t, fs.existsSync(model), model)) return;
  checkModel(t, model, { lsbTolerance: 2 });
});

function owwDir() {
  if (process.env.MOTE_OWW_DIR && fs.existsSync(process.env.MOTE_OWW_DIR)) return process.env.MOTE_OWW_DIR;
  try {
    return execFileSync(path.join(root, 'scripts/fetch_openwakeword.sh'), { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

const OWW_STATIC = ['embedding_model', 'alexa_v0.1', 'hey_mycroft_v0.1', 'hey_rhasspy_v0.1', 'timer_v0.1', 'weather_v0.1'];

test('openWakeWord models agree with LiteRT.js', async (t) => {
  const dir = owwDir();
  if (!requireOrSkip(t, dir, 'openWakeWord models (scripts/fetch_openwakeword.sh)')) return;
  for (const name of OWW_STATIC) {
    await t.test(name, (tt) => checkModel(tt, path.join(dir, `${name}.tflite`)));
  }
  await t.test('melspectrogram at 1760 samples', (tt) => {
    checkModel(tt, path.join(dir, 'melspectrogram.tflite'), {
      oracleArgs: ['--input-shape', '1x1760', '--output-shape', '1x1x8x32'],
      moteArgs: ['--random-input', '1', '--input-shape', '1x1760'],
    });
  });
  // hey_jarvis ends in GREATER_EQUAL + IF: seed 1's first score is >= 0.5
  // (the verifier branch runs), seed 2's is below (the score passes through).
  for (const seed of ['1', '2']) {
    await t.test(`hey_jarvis (IF) with seed ${seed}`, (tt) => {
      checkModel(tt, path.join(dir, 'hey_jarvis_v0.1.tflite'), { moteArgs: ['--random-input', seed] });
    });
  }
});
