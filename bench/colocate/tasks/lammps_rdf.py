"""Analysis side task for the LAMMPS LJ melt: reads one text dump (``id x y z vx vy vz``), computes
the radial distribution function g(r) with the minimum-image convention and a histogram of speeds,
and writes ``<input>.analysis.json`` next to the dump.

Called by the engine as ``run(input_folder, input=PATH, bins=100, rmax=3.0)``. Uses numpy when
available (Debian: python3-numpy); without it, g(r) is computed on the first 600 atoms only.
"""

import json
import math
import time

try:
    import numpy as np
except ImportError:
    np = None


def read_dump(path):
    with open(path, encoding="ascii") as f:
        lines = f.read().splitlines()
    box, atoms, i = [], [], 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("ITEM: BOX BOUNDS"):
            box = [tuple(float(v) for v in lines[i + k].split()[:2]) for k in (1, 2, 3)]
            i += 4
            continue
        if line.startswith("ITEM: ATOMS"):
            atoms = [[float(v) for v in row.split()[1:7]] for row in lines[i + 1:] if row.strip()]
            break
        i += 1
    if not box or not atoms:
        raise ValueError(f"{path}: not a LAMMPS text dump with box bounds and atoms")
    return [hi - lo for lo, hi in box], atoms


def rdf_numpy(lengths, atoms, bins, rmax):
    data = np.asarray(atoms)
    pos, vel = data[:, :3], data[:, 3:6]
    length = np.asarray(lengths)
    counts = np.zeros(bins)
    n = len(pos)
    for a in range(n - 1):
        d = pos[a + 1:] - pos[a]
        d -= length * np.round(d / length)
        r = np.sqrt((d * d).sum(axis=1))
        counts += np.histogram(r, bins=bins, range=(0.0, rmax))[0]
    speeds = np.sqrt((vel * vel).sum(axis=1))
    return counts, n, np.histogram(speeds, bins=50, range=(0.0, 6.0))[0].tolist()


def rdf_python(lengths, atoms, bins, rmax):
    sample = atoms[:600]
    counts = [0.0] * bins
    width = rmax / bins
    for a in range(len(sample) - 1):
        xa, ya, za = sample[a][:3]
        for b in range(a + 1, len(sample)):
            d = [sample[b][0] - xa, sample[b][1] - ya, sample[b][2] - za]
            d = [c - l * round(c / l) for c, l in zip(d, lengths)]
            r = math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2])
            if r < rmax:
                counts[int(r / width)] += 1
    speeds = [0] * 50
    for atom in atoms:
        s = math.sqrt(atom[3] ** 2 + atom[4] ** 2 + atom[5] ** 2)
        if s < 6.0:
            speeds[int(s / 6.0 * 50)] += 1
    return counts, len(sample), speeds


def run(input_folder, input, bins=100, rmax=3.0, **_):
    start = time.process_time()
    lengths, atoms = read_dump(input)
    bins, rmax = int(bins), float(rmax)
    counts, n, speeds = (rdf_numpy if np is not None else rdf_python)(lengths, atoms, bins, rmax)
    volume = lengths[0] * lengths[1] * lengths[2]
    density = n / volume
    width = rmax / bins
    g = []
    for k in range(bins):
        shell = 4.0 / 3.0 * math.pi * (((k + 1) * width) ** 3 - (k * width) ** 3)
        g.append(round(2.0 * float(counts[k]) / (n * density * shell), 5))
    peak = max(range(bins), key=lambda k: g[k])
    result = {"input": input, "atoms": len(atoms), "atoms_in_rdf": n, "rdf": g,
              "first_peak_r": round((peak + 0.5) * width, 3), "speed_histogram": speeds,
              "numpy": np is not None, "cpu_s": round(time.process_time() - start, 3)}
    with open(input + ".analysis.json", "w", encoding="utf-8") as f:
        json.dump(result, f)
    print(json.dumps({k: result[k] for k in ("input", "atoms", "first_peak_r", "cpu_s")}))
    return result
