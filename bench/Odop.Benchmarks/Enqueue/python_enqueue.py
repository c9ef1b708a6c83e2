"""Sequential single enqueues from Python through odop_client (official grpcio), as a simulation
written in Python makes them. After the warm-up it prints "warm" and waits for a line on
stdin, so the caller can start its own measurements; then it prints one JSON line: calls per
second, each call's latency in microseconds, and this process's CPU time per call.

usage: python_enqueue.py SOCKET CALLS WARMUP_SECONDS   (PYTHONPATH must hold src/python)
"""

import json
import sys
import time

from odop_client import OdopClient


def main():
    socket, calls, warm_up = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    with OdopClient("unix:" + socket, timeout=30.0) as client:
        deadline = time.monotonic() + warm_up
        i = 0
        while time.monotonic() < deadline:
            client.enqueue("reduce", {"input": f"out/py_warm_{i:08d}.h5"})
            i += 1
        print("warm", flush=True)
        sys.stdin.readline()
        micros = []
        cpu = time.process_time()
        start = time.perf_counter()
        for i in range(calls):
            t = time.perf_counter()
            client.enqueue("reduce", {"input": f"out/py_step_{i:08d}.h5"})
            micros.append((time.perf_counter() - t) * 1e6)
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu
    print(json.dumps({"per_second": calls / elapsed, "micros": micros, "cpu_micros_per_call": cpu * 1e6 / calls}), flush=True)


if __name__ == "__main__":
    main()
