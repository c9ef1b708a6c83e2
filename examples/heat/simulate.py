#!/usr/bin/python3
"""2D heat diffusion (Jacobi iteration) decomposed over MPI ranks by rows, with halo exchange.

Every ``--output-every`` iterations each rank writes its block of the temperature field
(``step_NNNN_rank_R.bin``: float64 little-endian, row-major, plus the JSON header
``step_NNNN_rank_R.json``) and enqueues one odop side task (``--task``, default
``heat-summary``) with ``execution_option = {"input": <header path>, "step": N, "rank": R}``.

Without ODOP_AGENT (or ``--agent``) it runs alone and enqueues nothing, for comparison.
Rank 0 prints one line per output step and keeps ``steps.csv`` and ``run.json`` in the
output directory: wall time per output step, split into compute, halo, write and enqueue.

    mpirun -n 2 --cpu-set 0 --bind-to core --oversubscribe examples/heat/simulate.py
"""

import argparse
import json
import os
import sys
import time
import uuid
from array import array
from pathlib import Path

from mpi4py import MPI

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src" / "python"))  # <repo>/src/python: odop_client

HOT_EDGE = 100.0   # top edge temperature; the other edges are held at 0
HEATER = 80.0      # a disc in the plate held at this temperature
ALPHA = 0.2        # diffusion number; Jacobi is stable up to 0.25


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--grid", type=int, default=200, help="cells per side (default: %(default)s)")
    p.add_argument("--steps", type=int, default=600, help="Jacobi iterations in all (default: %(default)s)")
    p.add_argument("--output-every", type=int, default=150,
                   help="iterations between outputs (default: %(default)s)")
    p.add_argument("--out", default="heat-out", help="output directory (default: %(default)s)")
    p.add_argument("--task", default="heat-summary", help="odop task to enqueue (default: %(default)s)")
    p.add_argument("--agent", default=None,
                   help="odop agent endpoint (default: $ODOP_AGENT; when neither is set, enqueue nothing)")
    p.add_argument("--no-enqueue", action="store_true", help="never enqueue, even with ODOP_AGENT set")
    args = p.parse_args(argv)
    if args.grid < 3 or args.steps < 1 or args.output_every < 1:
        p.error("--grid must be >= 3, --steps and --output-every >= 1")
    return args


def row_range(n, size, rank):
    """Rows [first, end) of an n-row grid owned by rank: contiguous blocks, sizes differ by at most 1."""
    base, extra = divmod(n, size)
    first = rank * base + min(rank, extra)
    return first, first + base + (1 if rank < extra else 0)


def initial_block(n, first, end):
    """Owned rows plus one ghost row above and below; the heater cells as (local row, column) pairs."""
    rows = [[0.0] * n for _ in range(end - first + 2)]
    heater = []
    cy, cx, radius2 = 0.6 * n, 0.35 * n, (0.12 * n) ** 2
    for g in range(first, end):
        for j in range(n):
            if (g - cy) ** 2 + (j - cx) ** 2 <= radius2:
                heater.append((g - first + 1, j))
    if first == 0:
        rows[1] = [HOT_EDGE] * n
    return rows, heater


def jacobi(rows, first, end, n, heater):
    """One Jacobi iteration over the owned rows (ghost rows already filled); returns the new block."""
    new = [rows[0]]
    for i in range(1, len(rows) - 1):
        g = first + i - 1
        row = rows[i]
        if g == 0 or g == n - 1:  # global top/bottom edge: fixed
            new.append(row)
            continue
        up, down = rows[i - 1], rows[i + 1]
        inner = [c + ALPHA * (u + d + l + r - 4.0 * c)
                 for u, d, l, c, r in zip(up[1:-1], down[1:-1], row[:-2], row[1:-1], row[2:])]
        new.append([row[0]] + inner + [row[-1]])
    new.append(rows[-1])
    for i, j in heater:
        new[i][j] = HEATER
    return new


def exchange_halos(comm, rows):
    """Send the first/last owned rows to the neighbours, receive their rows into the ghost rows."""
    rank, size = comm.Get_rank(), comm.Get_size()
    up = rank - 1 if rank > 0 else MPI.PROC_NULL
    down = rank + 1 if rank < size - 1 else MPI.PROC_NULL
    n = len(rows[0])
    from_up, from_down = array("d", bytes(8 * n)), array("d", bytes(8 * n))
    comm.Sendrecv(array("d", rows[-2]), dest=down, sendtag=1, recvbuf=from_up, source=up, recvtag=1)
    comm.Sendrecv(array("d", rows[1]), dest=up, sendtag=2, recvbuf=from_down, source=down, recvtag=2)
    if up != MPI.PROC_NULL:
        rows[0] = from_up.tolist()
    if down != MPI.PROC_NULL:
        rows[-1] = from_down.tolist()


def write_block(out, step, iteration, rank, size, n, first, rows):
    """Write the owned rows as float64 LE plus a JSON header; return the header's path."""
    stem = out / f"step_{step:04d}_rank_{rank}"
    data = array("d")
    for row in rows[1:-1]:
        data.extend(row)
    if sys.byteorder != "little":
        data.byteswap()
    with open(stem.with_suffix(".bin"), "wb") as f:
        data.tofile(f)
    header = {"format": "float64-le", "data": stem.name + ".bin", "shape": [len(rows) - 2, n],
              "row_offset": first, "global_shape": [n, n], "step": step, "iteration": iteration,
              "rank": rank, "ranks": size, "written_at": time.time()}
    path = stem.with_suffix(".json")
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(header) + "\n")
    os.replace(tmp, path)  # the header appears last, complete
    return path


class Enqueuer:
    """Enqueues one execution per result file; warns (once) and carries on when the agent fails."""

    def __init__(self, endpoint, task, run_id, rank):
        from odop_client import OdopClient, OdopError  # only needed when enqueueing

        self.error_type = OdopError
        self.client = OdopClient(endpoint, timeout=10.0)
        self.task, self.run_id, self.rank = task, run_id, rank
        self.ok = self.failed = 0

    def enqueue(self, path, step):
        # A stable id per (run, step, rank): a retried enqueue cannot create a second execution.
        eid = str(uuid.uuid5(self.run_id, f"step {step} rank {self.rank}"))
        try:
            self.client.enqueue(self.task, {"input": str(path), "step": step, "rank": self.rank}, execution_id=eid)
            self.ok += 1
        except self.error_type as e:
            if not self.failed:
                print(f"heat: rank {self.rank}: enqueue failed, continuing without side tasks: {e}",
                      file=sys.stderr, flush=True)
            self.failed += 1

    def close(self):
        self.client.close()


def main(argv=None):
    args = parse_args(argv)
    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    n = args.grid
    if size > n:
        if rank == 0:
            print(f"heat: {size} ranks for {n} rows: use a larger --grid", file=sys.stderr)
        comm.Abort(2)
    out = Path(args.out).resolve()
    if rank == 0:
        out.mkdir(parents=True, exist_ok=True)
    run_id = comm.bcast(uuid.uuid4() if rank == 0 else None, root=0)

    endpoint = None if args.no_enqueue else (args.agent or os.environ.get("ODOP_AGENT") or None)
    enqueuer = Enqueuer(endpoint, args.task, run_id, rank) if endpoint else None
    cpus = comm.gather(sorted(os.sched_getaffinity(0)), root=0)
    if rank == 0:
        print(f"heat: {n}x{n} grid, {size} ranks, {args.steps} iterations, output every {args.output_every} "
              f"-> {out}", flush=True)
        print("heat: rank cpus " + " ".join(f"{r}:{','.join(map(str, c))}" for r, c in enumerate(cpus)))
        if enqueuer:
            print(f"heat: enqueueing '{args.task}' to {enqueuer.client.target}", flush=True)
        else:
            print("heat: warning: ODOP_AGENT is not set: running alone, no side tasks enqueued",
                  file=sys.stderr, flush=True)
    comm.Barrier()

    first, end = row_range(n, size, rank)
    rows, heater = initial_block(n, first, end)
    outputs = args.steps // args.output_every
    log = []
    t_run = t_mark = time.perf_counter()
    spent = dict(compute=0.0, halo=0.0, write=0.0, enqueue=0.0)
    for it in range(1, args.steps + 1):
        t0 = time.perf_counter()
        exchange_halos(comm, rows)
        t1 = time.perf_counter()
        rows = jacobi(rows, first, end, n, heater)
        spent["halo"] += t1 - t0
        spent["compute"] += time.perf_counter() - t1
        if it % args.output_every:
            continue
        step = it // args.output_every
        t0 = time.perf_counter()
        path = write_block(out, step, it, rank, size, n, first, rows)
        t1 = time.perf_counter()
        if enqueuer:
            enqueuer.enqueue(path, step)
        spent["write"] += t1 - t0
        spent["enqueue"] += time.perf_counter() - t1

        owned = rows[1:-1]
        local = (sum(map(sum, owned)), max(map(max, owned)), enqueuer.ok if enqueuer else 0)
        wall = time.perf_counter() - t_mark
        stats = comm.gather((wall, dict(spent), local), root=0)
        if rank == 0:
            record = {"step": step, "iteration": it,
                      "wall_s": max(s[0] for s in stats),
                      **{k + "_s": max(s[1][k] for s in stats) for k in spent},
                      "t_mean": sum(s[2][0] for s in stats) / (n * n),
                      "t_max": max(s[2][1] for s in stats),
                      "enqueued_total": sum(s[2][2] for s in stats)}
            log.append(record)
            print(f"step {step}/{outputs} iter {it}: {record['wall_s']:.2f}s "
                  f"(compute {record['compute_s']:.2f}, halo {record['halo_s']:.3f}, "
                  f"write {record['write_s']:.3f}, enqueue {record['enqueue_s']:.3f})  "
                  f"T mean {record['t_mean']:.2f} max {record['t_max']:.1f}  enqueued so far {record['enqueued_total']}",
                  flush=True)
        spent = dict.fromkeys(spent, 0.0)
        t_mark = time.perf_counter()

    total = time.perf_counter() - t_run
    counts = comm.reduce((enqueuer.ok, enqueuer.failed) if enqueuer else (0, 0),
                         op=lambda a, b, *_: (a[0] + b[0], a[1] + b[1]), root=0)
    if enqueuer:
        enqueuer.close()
    if rank == 0:
        write_logs(out, log, total, counts, args, size, enqueuer)
        print(f"heat: done in {total:.2f}s; {counts[0]} of {size * outputs} side tasks enqueued"
              + (f", {counts[1]} failed" if counts[1] else ""), flush=True)


def write_logs(out, log, total, counts, args, size, enqueuer):
    keys = ["step", "iteration", "wall_s", "compute_s", "halo_s", "write_s", "enqueue_s", "t_mean", "t_max",
            "enqueued_total"]
    lines = [",".join(keys)] + [",".join(f"{r[k]:.4f}" if isinstance(r[k], float) else str(r[k]) for k in keys)
                                for r in log]
    (out / "steps.csv").write_text("\n".join(lines) + "\n")
    run = {"grid": args.grid, "ranks": size, "iterations": args.steps, "output_every": args.output_every,
           "agent": enqueuer.client.target if enqueuer else None, "task": args.task,
           "total_s": total, "enqueued": counts[0], "enqueue_failed": counts[1], "steps": log}
    (out / "run.json").write_text(json.dumps(run, indent=1) + "\n")


if __name__ == "__main__":
    main()
