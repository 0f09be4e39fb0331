#!/usr/bin/python3
"""A third opinion: runs a .tflite with Arm NN's reference backend (CpuRef).

    /usr/bin/python3 tests/oracle/armnn_run.py MODEL.tflite --out DIR --input FILE.bin [...]

Writes DIR/output<i>.bin (raw bytes, the model's output order), like run_tflite.mjs,
so compare.mjs can compare the three runtimes. Needs Debian's python3-pyarmnn and
libarmnn-cpuref-backend22 (Arm NN 20.08; apt-get, not pip), hence /usr/bin/python3.
CpuRef dequantizes int8 to float, computes in float and quantizes the result with
round(): a runtime sharing no code with LiteRT/XNNPACK. README.md, "Known deviations",
has what it showed. Exit codes: 0 ok, 2 usage, 3 I/O, 5 Arm NN failed.
"""
import argparse
import os
import sys

import numpy as np

try:
    import pyarmnn as ann
except ImportError:
    sys.exit('armnn_run: pyarmnn missing (apt-get install python3-pyarmnn libarmnn-cpuref-backend22)')

DTYPES = {ann.DataType_QAsymmS8: np.int8, ann.DataType_QAsymmU8: np.uint8,
          ann.DataType_Float32: np.float32, ann.DataType_Signed32: np.int32}


def main():
    ap = argparse.ArgumentParser(description='Run a .tflite on Arm NN CpuRef')
    ap.add_argument('model')
    ap.add_argument('--out', required=True)
    ap.add_argument('--input', action='append', default=[])
    args = ap.parse_args()
    parser = ann.ITfLiteParser()
    try:
        network = parser.CreateNetworkFromBinaryFile(args.model)
    except Exception as e:  # pyarmnn raises plain RuntimeError
        print(f'armnn_run: {args.model}: {e}', file=sys.stderr)
        return 5
    in_names = parser.GetSubgraphInputTensorNames(0)
    if len(in_names) != len(args.input):
        print(f'armnn_run: model has {len(in_names)} input(s), {len(args.input)} --input given',
              file=sys.stderr)
        return 2
    runtime = ann.IRuntime(ann.CreationOptions())
    optimized, _ = ann.Optimize(network, [ann.BackendId('CpuRef')], runtime.GetDeviceSpec(),
                                ann.OptimizerOptions())
    net_id, _ = runtime.LoadNetwork(optimized)
    bindings, data = [], []
    for name, path in zip(in_names, args.input):
        binding = parser.GetNetworkInputBindingInfo(0, name)
        try:
            with open(path, 'rb') as f:
                data.append(np.frombuffer(f.read(), dtype=DTYPES[binding[1].GetDataType()]))
        except OSError as e:
            print(f'armnn_run: {e}', file=sys.stderr)
            return 3
        bindings.append(binding)
    out_bindings = [parser.GetNetworkOutputBindingInfo(0, n)
                    for n in parser.GetSubgraphOutputTensorNames(0)]
    outputs = ann.make_output_tensors(out_bindings)
    runtime.EnqueueWorkload(net_id, ann.make_input_tensors(bindings, data), outputs)
    os.makedirs(args.out, exist_ok=True)
    for i, result in enumerate(ann.workload_tensors_to_ndarray(outputs)):
        with open(os.path.join(args.out, f'output{i}.bin'), 'wb') as f:
            f.write(result.tobytes())
    return 0


if __name__ == '__main__':
    sys.exit(main())
