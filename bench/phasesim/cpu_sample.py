#!/usr/bin/python3
"""Print per-CPU busy % every PERIOD seconds for SECONDS seconds.

    /usr/bin/python3 bench/phasesim/cpu_sample.py [--comm NAME] [SECONDS=6] [PERIOD=0.1]

Each line: elapsed seconds, the busy % of cpu0, cpu1, ... from /proc/stat over the last
period (busy = everything but idle and iowait), and with --comm NAME also the busy % that
threads of processes named NAME (e.g. phasesim) put on each CPU, from
/proc/PID/task/TID/stat (CPU time used in the period, counted on the CPU the thread last ran
on). The second set separates phasesim's own load from whatever else the machine runs.
"""

import os
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def read_cpus():
    cpus = {}
    with open("/proc/stat") as f:
        for line in f:
            name, *fields = line.split()
            if name.startswith("cpu") and name != "cpu":
                v = [int(x) for x in fields]
                idle = v[3] + (v[4] if len(v) > 4 else 0)
                cpus[int(name[3:])] = (sum(v[:8]), idle)  # guest time is already in user
    return cpus


def read_threads(comm):
    """{(pid, tid): (cpu ticks, last cpu)} for threads of processes named comm."""
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() != comm:
                    continue
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                # fields[0] is field 3 (state): utime=14, stime=15, processor=39
                out[(pid, tid)] = (int(fields[11]) + int(fields[12]), int(fields[36]))
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
    return out


def main():
    args = sys.argv[1:]
    comm = None
    if args[:1] == ["--comm"]:
        comm, args = args[1], args[2:]
    seconds = float(args[0]) if args else 6.0
    period = float(args[1]) if len(args) > 1 else 0.1
    prev, t0, tprev = read_cpus(), time.monotonic(), time.monotonic()
    prev_thr = read_threads(comm) if comm else {}
    header = "t_s " + " ".join(f"cpu{c}" for c in sorted(prev))
    if comm:
        header += "  | " + " ".join(f"{comm}@cpu{c}" for c in sorted(prev))
    print(header, flush=True)
    while time.monotonic() - t0 < seconds:
        time.sleep(period)
        cur, now = read_cpus(), time.monotonic()
        busy = []
        for c in sorted(cur):
            total = cur[c][0] - prev[c][0]
            idle = cur[c][1] - prev[c][1]
            busy.append(100.0 * (total - idle) / total if total > 0 else 0.0)
        line = f"{now - t0:5.2f} " + " ".join(f"{b:5.0f}" for b in busy)
        if comm:
            thr = read_threads(comm)
            per_cpu = {c: 0.0 for c in cur}
            for key, (ticks, cpu) in thr.items():
                used = ticks - prev_thr.get(key, (ticks, cpu))[0]
                per_cpu[cpu] = per_cpu.get(cpu, 0.0) + used
            line += "  | " + " ".join(
                f"{100.0 * per_cpu[c] / TICK / (now - tprev):{len(comm) + 5}.0f}" for c in sorted(cur))
            prev_thr = thr
        prev, tprev = cur, now
        print(line, flush=True)


if __name__ == "__main__":
    main()
