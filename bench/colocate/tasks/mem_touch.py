"""Memory-heavy side task: allocates a buffer of a few hundred MiB and sweeps it several times
(write every byte, then read it back), so it moves memory bandwidth and holds resident pages.

Called by the engine as ``run(input_folder, mb=256, passes=6)``. Uses numpy when the Python that
runs it has it (Debian: python3-numpy), else a bytearray with slice writes. Prints one JSON line.
"""

import json
import time

try:
    import numpy as np
except ImportError:  # pure Python fallback, slower per byte but the same memory footprint
    np = None


def run(input_folder, mb=256, passes=6, **_):
    start = time.process_time()
    size = int(mb) << 20
    checksum = 0
    if np is not None:
        buffer = np.empty(size, dtype=np.uint8)
        for p in range(int(passes)):
            buffer.fill(p + 1)
            checksum = (checksum + int(buffer.view(np.uint64).sum())) & 0xFFFFFFFF
    else:
        buffer = bytearray(size)
        page = 4096
        for p in range(int(passes)):
            fill = bytes([p + 1]) * (1 << 20)
            for offset in range(0, size, 1 << 20):
                buffer[offset:offset + (1 << 20)] = fill
            checksum += sum(buffer[::page])
    result = {"task": "mem-touch", "mb": int(mb), "passes": int(passes), "checksum": checksum,
              "numpy": np is not None, "cpu_s": round(time.process_time() - start, 3)}
    print(json.dumps(result))
    return result
