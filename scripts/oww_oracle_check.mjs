#!/usr/bin/env node
// Checks Mote's openWakeWord pipeline model by model against LiteRT.js (the
// independent TFLite runtime in tests/oracle): every chunk's input that Mote
// fed each of the three models (written by `mote listen --pipeline oww
// --oww-trace DIR`) is run through LiteRT.js, and its output is compared
// with Mote's. Reports, per model, the largest element-wise relative
// difference |a-b| / max(1, |b|) and the largest difference relative to the
// chunk's output scale |a-b| / max(1, max|b|); passes when the latter is <= TOL
// (default 1e-5): float sums in another order (XNNPACK vs Mote's reference
// kernels) move small elements of a deep network by more than 1e-5 of
// themselves but not of the output.
//
//   node scripts/oww_oracle_check.mjs OWW_DIR WAKEWORD.tflite TRACE_DIR [--tol 1e-5] [--json]
//
// Exit 0 all within tolerance, 1 some not, 2 usage.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const oracle = path.join(here, '..', 'tests', 'oracle');
const { loadLiteRtNode, OracleModel } = await import(path.join(oracle, 'litert_node.mjs'));
const { fixIoShapes } = await import(path.join(oracle, 'tflite_model.mjs'));

const args = process.argv.slice(2);
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1] === '--tol'));
if (positional.length !== 3) {
  process.stderr.write('usage: node scripts/oww_oracle_check.mjs OWW_DIR WAKEWORD.tflite TRACE_DIR [--tol 1e-5] [--json]\n');
  process.exit(2);
}
const [owwDir, wakeword, traceDir] = positional;
const tol = args.includes('--tol') ? Number(args[args.indexOf('--tol') + 1]) : 1e-5;
const json = args.includes('--json');

const models = [
  { name: 'melspectrogram', file: path.join(owwDir, 'melspectrogram.tflite'),
    shapes: { inputs: { 0: [1, 1760] }, outputs: { 0: [1, 1, 8, 32] } } },
  { name: 'embedding', file: path.join(owwDir, 'embedding_model.tflite') },
  { name: 'wakeword', file: wakeword },
];
const traceName = { melspectrogram: 'mel', embedding: 'embedding', wakeword: 'wakeword' };

const rt = await loadLiteRtNode({});
const chunks = fs.readdirSync(traceDir).filter((f) => f.endsWith('_mel_in.bin')).map((f) => f.slice(0, 9)).sort();
const report = { tolerance_relative: tol, chunks: chunks.length, models: {} };
let ok = true;
for (const m of models) {
  let bytes = new Uint8Array(fs.readFileSync(m.file));
  if (m.shapes) bytes = fixIoShapes(bytes, m.shapes).bytes;
  const om = await new OracleModel(rt, bytes, { numThreads: 1 }).compile();
  let maxAbs = 0, maxRel = 0, maxScaleRel = 0, failing = 0, values = 0;
  for (const c of chunks) {
    const input = new Uint8Array(fs.readFileSync(path.join(traceDir, `${c}_${traceName[m.name]}_in.bin`)));
    const mote = new Float32Array(new Uint8Array(fs.readFileSync(path.join(traceDir, `${c}_${traceName[m.name]}_out.bin`))).slice().buffer);
    const [out] = await om.run([input]);
    const lite = new Float32Array(new Uint8Array(out).slice().buffer);
    if (lite.length !== mote.length) throw new Error(`${m.name} ${c}: ${lite.length} values from LiteRT, ${mote.length} from Mote`);
    const scale = Math.max(1, ...Array.from(lite, Math.abs));  // scores: absolute
    for (let i = 0; i < lite.length; i++) {
      const d = Math.abs(mote[i] - lite[i]);
      maxAbs = Math.max(maxAbs, d);
      maxRel = Math.max(maxRel, d / Math.max(1, Math.abs(lite[i])));
      maxScaleRel = Math.max(maxScaleRel, d / scale);
      if (!(d / scale <= tol)) failing++;
      values++;
    }
  }
  report.models[m.name] = { values, max_abs_diff: maxAbs, max_rel_diff: maxRel,
    max_diff_rel_to_output_scale: maxScaleRel, beyond_tolerance: failing };
  ok &&= failing === 0;
}
if (json) {
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
} else {
  for (const [name, r] of Object.entries(report.models)) {
    process.stdout.write(`${name.padEnd(15)} ${r.values} values over ${chunks.length} chunks: max |diff| ${r.max_abs_diff.toExponential(2)}, max element-relative ${r.max_rel_diff.toExponential(2)}, max scale-relative ${r.max_diff_rel_to_output_scale.toExponential(2)} (${r.beyond_tolerance} beyond ${tol})\n`);
  }
}
process.exit(ok ? 0 : 1);
