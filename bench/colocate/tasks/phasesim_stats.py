"""Analysis side task for phasesim's result files (raw float64): moments, percentiles and a
histogram, written to ``<input>.stats.json``; ``passes`` repeats the sweep to set the cost.

Called by the engine as ``run(input_folder, input=PATH, passes=20)``. Uses numpy when available,
else the array module.
"""

import json
import time
from array import array

try:
    import numpy as np
except ImportError:
    np = None


def run(input_folder, input, passes=20, **_):
    start = time.process_time()
    if np is not None:
        data = np.fromfile(input, dtype=np.float64)
        for _ in range(int(passes)):
            mean, std = float(data.mean()), float(data.std())
            q = np.percentile(data, [1, 50, 99]).tolist()
            hist = np.histogram(data, bins=64)[0].tolist()
    else:
        data = array("d")
        with open(input, "rb") as f:
            data.frombytes(f.read())
        values = sorted(data)
        for _ in range(int(passes)):
            mean = sum(values) / len(values)
            std = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
        q = [values[int(p / 100 * (len(values) - 1))] for p in (1, 50, 99)]
        lo, hi = values[0], values[-1]
        hist = [0] * 64
        for v in values:
            hist[min(63, int((v - lo) / (hi - lo or 1) * 64))] += 1
    result = {"input": input, "values": len(data), "mean": mean, "std": std, "percentiles": q,
              "histogram": hist, "numpy": np is not None, "cpu_s": round(time.process_time() - start, 3)}
    with open(input + ".stats.json", "w", encoding="utf-8") as f:
        json.dump(result, f)
    print(json.dumps({k: result[k] for k in ("input", "values", "mean", "cpu_s")}))
    return result
