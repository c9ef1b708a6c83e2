"""Side task for the heat example: statistics of one rank's temperature block.

The engine runs it as ``summarize(input_folder, **execution_option)``, with the option
``{"input": ".../step_NNNN_rank_R.json", "step": N, "rank": R}`` the simulation enqueued.
It writes ``<input>.summary.json`` next to the input and returns the summary; any
exception means the execution failed.

For checking where and how odop ran it, the summary also records this process's pid,
``Cpus_allowed_list`` from /proc/self/status at start and at the end, and its scheduling
policy (odop runs side tasks under SCHED_IDLE).

Standard library only. By hand: ``python3 summarize.py out/step_0001_rank_0.json``.
"""

import json
import math
import operator
import os
import socket
import sys
import time
from array import array
from pathlib import Path

PERCENTILES = (1, 5, 25, 50, 75, 95, 99)
ISOTHERMS = (10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0)
_POLICIES = {0: "SCHED_OTHER", 1: "SCHED_FIFO", 2: "SCHED_RR", 3: "SCHED_BATCH", 5: "SCHED_IDLE", 6: "SCHED_DEADLINE"}


def cpus_allowed_list():
    """The ``Cpus_allowed_list`` line of /proc/self/status (e.g. ``"1"`` or ``"0-3,8"``), None if absent."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Cpus_allowed_list:"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def read_block(header_path):
    """Read a result header and its float64 data; returns (header, rows as lists)."""
    header = json.loads(Path(header_path).read_text())
    if header.get("format") != "float64-le":
        raise ValueError(f"{header_path}: unsupported format {header.get('format')!r}")
    nrows, ncols = header["shape"]
    data_path = Path(header_path).parent / header["data"]
    data = array("d")
    with open(data_path, "rb") as f:
        data.frombytes(f.read())
    if sys.byteorder != "little":
        data.byteswap()
    if len(data) != nrows * ncols:
        raise ValueError(f"{data_path}: {len(data)} values, header says {nrows}x{ncols}")
    values = data.tolist()
    return header, [values[i * ncols:(i + 1) * ncols] for i in range(nrows)]


def percentile(ordered, p):
    """Linear-interpolated percentile of an ascending list."""
    k = (len(ordered) - 1) * p / 100.0
    lo = math.floor(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def regions_above(rows, level):
    """Cells above ``level`` and the number of 4-connected regions they form (flood fill)."""
    nrows, ncols = len(rows), len(rows[0])
    seen = [[v <= level for v in row] for row in rows]  # True: nothing to visit
    area = sum(row.count(False) for row in seen)
    regions = 0
    for i in range(nrows):
        for j in range(ncols):
            if seen[i][j]:
                continue
            regions += 1
            seen[i][j] = True
            stack = [(i, j)]
            while stack:
                a, b = stack.pop()
                for x, y in ((a - 1, b), (a + 1, b), (a, b - 1), (a, b + 1)):
                    if 0 <= x < nrows and 0 <= y < ncols and not seen[x][y]:
                        seen[x][y] = True
                        stack.append((x, y))
    return area, regions


def mean_power_spectrum(lines):
    """Mean DFT power per wavenumber 0..n/2 over equally long lines (naive DFT with cosine/sine tables)."""
    n = len(lines[0])
    power = []
    for k in range(n // 2 + 1):
        cos_k = [math.cos(2 * math.pi * k * t / n) for t in range(n)]
        sin_k = [math.sin(2 * math.pi * k * t / n) for t in range(n)]
        total = 0.0
        for line in lines:
            re = sum(map(operator.mul, line, cos_k))
            im = sum(map(operator.mul, line, sin_k))
            total += re * re + im * im
        power.append(total / len(lines))
    return power


def spectrum_summary(power):
    """The strongest non-constant wavenumbers and the share of the variance in the five lowest."""
    varying = math.fsum(power[1:]) or 1.0
    top = sorted(range(1, len(power)), key=lambda k: power[k], reverse=True)[:5]
    return {"top_wavenumbers": top, "low_mode_fraction": math.fsum(power[1:6]) / varying}


def field_statistics(rows):
    """Distribution, gradient, Laplacian residual, isotherm regions and spatial spectra of a 2D field."""
    flat = [v for row in rows for v in row]
    count = len(flat)
    ordered = sorted(flat)
    mean = math.fsum(flat) / count
    std = math.sqrt(math.fsum((v - mean) ** 2 for v in flat) / count)
    lo, hi = ordered[0], ordered[-1]
    width = (hi - lo) / 20 or 1.0
    histogram = [0] * 20
    for v in flat:
        histogram[min(int((v - lo) / width), 19)] += 1

    gradients, residual2 = [], 0.0
    for i in range(1, len(rows) - 1):
        up, row, down = rows[i - 1], rows[i], rows[i + 1]
        for j in range(1, len(row) - 1):
            gx, gy = (row[j + 1] - row[j - 1]) / 2, (down[j] - up[j]) / 2
            gradients.append(math.hypot(gx, gy))
            lap = up[j] + down[j] + row[j - 1] + row[j + 1] - 4 * row[j]
            residual2 += lap * lap
    interior = max(len(gradients), 1)
    isotherms = []
    for level in ISOTHERMS:
        area, regions = regions_above(rows, level)
        isotherms.append({"level": level, "area_fraction": area / count, "regions": regions})
    columns = [list(c) for c in zip(*rows)]
    return {
        "cells": count, "min": lo, "max": hi, "mean": mean, "std": std,
        "percentiles": {f"p{p}": percentile(ordered, p) for p in PERCENTILES},
        "histogram": {"low": lo, "bin_width": width, "counts": histogram},
        "gradient": {"mean": math.fsum(gradients) / interior, "max": max(gradients, default=0.0)},
        "laplacian_rms": math.sqrt(residual2 / interior),  # ~0 near steady state
        "isotherms": isotherms,
        "spectrum": {"along_rows": spectrum_summary(mean_power_spectrum(rows)),
                     "along_columns": spectrum_summary(mean_power_spectrum(columns))},
    }


def resolve_input(input_folder, input):
    path = Path(input)
    if not path.is_absolute() and input_folder and not path.exists():
        path = Path(input_folder) / path
    return path


def summarize(input_folder, input, step=None, rank=None, **kw):
    """Summarise one result file; write ``<input>.summary.json`` and return the summary dict."""
    t0, c0 = time.perf_counter(), time.process_time()
    cpus_at_start = cpus_allowed_list()
    path = resolve_input(input_folder, input)
    header, rows = read_block(path)
    summary = {
        "input": str(path), "step": step if step is not None else header.get("step"),
        "rank": rank if rank is not None else header.get("rank"),
        "iteration": header.get("iteration"), "shape": header["shape"], "row_offset": header.get("row_offset"),
        **field_statistics(rows),
    }
    policy = os.sched_getscheduler(0) if hasattr(os, "sched_getscheduler") else None
    summary["task"] = {
        "pid": os.getpid(), "host": socket.gethostname(),
        "cpus_allowed_list": cpus_allowed_list(), "cpus_allowed_list_at_start": cpus_at_start,
        "sched_policy": _POLICIES.get(policy, policy), "nice": os.nice(0),
        "cpu_seconds": time.process_time() - c0, "wall_seconds": time.perf_counter() - t0,
        "finished_at": time.time(), "extra_options": kw,
    }
    out = Path(str(path) + ".summary.json")
    tmp = Path(str(out) + ".tmp")
    tmp.write_text(json.dumps(summary, indent=1) + "\n")
    os.replace(tmp, out)
    return summary


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Summarise one heat result file.")
    parser.add_argument("input", help="step_NNNN_rank_R.json header")
    parser.add_argument("--input-folder", default=".")
    a = parser.parse_args()
    s = summarize(a.input_folder, a.input)
    print(f"{s['input']}.summary.json: mean {s['mean']:.3f} max {s['max']:.2f} p50 {s['percentiles']['p50']:.3f} "
          f"({s['task']['cpu_seconds']:.2f} s CPU, pid {s['task']['pid']}, cpus {s['task']['cpus_allowed_list']})")
