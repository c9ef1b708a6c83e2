#!/usr/bin/python3
"""How much does a busy loop on the free CPUs slow a busy loop on the simulation's CPU?

On bare metal with one thread per core the answer is about 0: the free cores are real spare
capacity. In a VM whose virtual CPUs the host places on the two hardware threads of one core (the
guest sees no SMT), or on cores it shares with other guests, the answer can be tens of percent, and
no placement inside the guest can give the side tasks that capacity without taking it from the
simulation. The harness runs this probe before every repetition, so the table can say which
machine it measured.

    python3 bench/colocate/harness/probe.py [--sim-cpu 0] [--free-cpus 1] [--pairs 20] [--rounds 3]

A loop on the simulation CPU counts iterations in short slices while a SCHED_IDLE loop (side tasks
run so) spins on every free CPU, stopped every other slice; the probe compares the median slice
beside the spinners with the median slice alone. Standard library only.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

import procstat

# Counts loop iterations on one CPU in short slices, stopping and continuing the spinners (pids in
# argv[3:]) every slice, so each slice "beside" has a slice "alone" right next to it: drift in the
# machine's speed over seconds cancels out. Prints "beside alone" rates, one slice pair per line.
LOOP = """
import os, signal, sys, time
os.sched_setaffinity(0, {int(sys.argv[1])})
pairs, slice_s, spinners = int(sys.argv[2]), float(sys.argv[3]), [int(p) for p in sys.argv[4:]]
def measure():
    n, start = 0, time.perf_counter()
    deadline = start + slice_s
    while True:
        for _ in range(2000):
            n += 1
        if time.perf_counter() >= deadline:
            return n / (time.perf_counter() - start)
for _ in range(pairs):
    for pid in spinners: os.kill(pid, signal.SIGCONT)
    time.sleep(0.005)
    beside = measure()
    for pid in spinners: os.kill(pid, signal.SIGSTOP)
    time.sleep(0.005)
    alone = measure()
    print(beside, alone, flush=True)
"""

SPIN = """
import os, sys
os.sched_setaffinity(0, {int(sys.argv[1])})
if hasattr(os, "SCHED_IDLE"):
    os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
while True:
    pass
"""


def slowdown(rate_alone, rate_beside):
    """How much longer the same work takes beside the spinners: rate_alone / rate_beside - 1."""
    if rate_alone <= 0 or rate_beside <= 0:
        raise ValueError(f"rates must be positive, got {rate_alone} and {rate_beside}")
    return rate_alone / rate_beside - 1.0


def paired_slowdown(lines):
    """The slowdown of the median slice beside the spinners against the median slice alone, from
    the loop's "beside alone" lines."""
    pairs = [tuple(float(v) for v in line.split()) for line in lines if line.strip()]
    if not pairs:
        raise ValueError("the probe loop printed no measurements")
    return slowdown(statistics.median(a for _, a in pairs), statistics.median(b for b, _ in pairs))


def cross_core_slowdown(sim_cpu, free_cpus, pairs=20, slice_s=0.05, python=sys.executable):
    """The loop's slowdown on sim_cpu while SCHED_IDLE spinners run on free_cpus (about 2 x pairs x slice_s seconds)."""
    spinners = [subprocess.Popen([python, "-c", SPIN, str(cpu)]) for cpu in free_cpus]
    try:
        out = subprocess.run([python, "-c", LOOP, str(sim_cpu), str(pairs), str(slice_s)] + [str(s.pid) for s in spinners],
                             capture_output=True, text=True, check=True).stdout
    finally:
        for s in spinners:
            s.kill()
            s.wait()
    return paired_slowdown(out.splitlines())


# A normal-priority busy loop on one CPU for argv[2] seconds: the simulation rank at 100 %.
BUSY = """
import os, sys, time
os.sched_setaffinity(0, {int(sys.argv[1])})
print("busy", flush=True)
deadline = time.perf_counter() + float(sys.argv[2])
while time.perf_counter() < deadline:
    pass
print("done", flush=True)
"""


def cpu_seconds(pid):
    """Own utime + stime of a live process, in seconds."""
    return procstat.process_usage(pid)[0]


def share_beside_busy(cpu, seconds=3.0, python=sys.executable):
    """The share of one CPU a SCHED_IDLE spinner gets while a normal loop keeps that CPU busy for `seconds`:
    what a side task on a busy rank's own core would take from the rank."""
    spinner = subprocess.Popen([python, "-c", SPIN, str(cpu)])
    try:
        # Counted between the busy loop's two lines: the interpreter's start-up and shut-down leave the CPU idle,
        # and the spinner rightly takes it.
        busy = subprocess.Popen([python, "-c", BUSY, str(cpu), str(seconds)], stdout=subprocess.PIPE, text=True)
        busy.stdout.readline()
        before, started = cpu_seconds(spinner.pid), time.perf_counter()
        busy.stdout.readline()
        share = (cpu_seconds(spinner.pid) - before) / (time.perf_counter() - started)
        if busy.wait() != 0:
            raise RuntimeError(f"the busy loop exited {busy.returncode}")
        return share
    finally:
        spinner.kill()
        spinner.wait()


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    cpus = sorted(os.sched_getaffinity(0))
    parser.add_argument("--sim-cpu", type=int, default=cpus[0])
    parser.add_argument("--free-cpus", default=",".join(str(c) for c in cpus[1:]))
    parser.add_argument("--pairs", type=int, default=20, help="slice pairs, one beside the spinners and one alone (default 20)")
    parser.add_argument("--slice-s", type=float, default=0.05, help="seconds per slice (default 0.05)")
    parser.add_argument("--rounds", type=int, default=3, help="independent probes (default 3)")
    parser.add_argument("--beside-busy-s", type=float, default=0,
                        help="also: the share of --sim-cpu a SCHED_IDLE loop gets beside a busy loop there, over this many seconds")
    args = parser.parse_args(argv)
    if args.pairs < 1 or args.rounds < 1 or args.slice_s <= 0 or args.beside_busy_s < 0:
        parser.error("--pairs and --rounds must be >= 1, --slice-s > 0 and --beside-busy-s >= 0")
    free = [int(c) for c in args.free_cpus.split(",") if c]
    if not free or args.sim_cpu in free:
        parser.error("--free-cpus: name at least one CPU other than --sim-cpu")
    values = [cross_core_slowdown(args.sim_cpu, free, args.pairs, args.slice_s) for _ in range(args.rounds)]
    print(f"a busy loop on CPU {args.sim_cpu} ran {100 * statistics.median(values):+.1f}% slower (median of {len(values)}; "
          + ", ".join(f"{100 * v:+.1f}%" for v in values) + f") while CPUs {args.free_cpus} were busy")
    if args.beside_busy_s > 0:
        share = share_beside_busy(args.sim_cpu, args.beside_busy_s)
        print(f"a SCHED_IDLE loop on CPU {args.sim_cpu} got {100 * share:.2f}% of it beside a busy loop there ({args.beside_busy_s:g} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
