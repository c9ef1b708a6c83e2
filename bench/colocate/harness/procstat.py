"""Reading /proc for the co-location harness: per-CPU time counters, the CPU time of SCHED_IDLE
processes (odop runs every side task under SCHED_IDLE), and one process's own CPU time and memory.
Parsing is split from reading so tests can feed fixed text."""

import os
import threading
import time

CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
SCHED_IDLE = 5


def parse_cpu_times(text):
    """/proc/stat text -> {cpu id: (busy_s, idle_s)}; idle is idle + iowait, busy the other fields
    (user nice system irq softirq steal; guest time is already inside user)."""
    cores = {}
    for line in text.splitlines():
        if not line.startswith("cpu") or line.startswith("cpu "):
            continue
        fields = line.split()
        values = [int(v) for v in fields[1:9]]
        user, nice, system, idle, iowait, irq, softirq, steal = values + [0] * (8 - len(values))
        busy = user + nice + system + irq + softirq + steal
        cores[int(fields[0][3:])] = (busy / CLK_TCK, (idle + iowait) / CLK_TCK)
    return cores


def read_cpu_times():
    with open("/proc/stat", encoding="ascii") as f:
        return {str(k): v for k, v in parse_cpu_times(f.read()).items()}


def parse_stat_line(text):
    """/proc/PID/stat -> (comm, fields after comm); comm may hold spaces and parentheses."""
    close = text.rindex(")")
    return text[text.index("(") + 1:close], text[close + 2:].split()


def stat_cpu_seconds(rest, children=True):
    """utime + stime (+ cutime + cstime) of a parsed stat line, in seconds."""
    ticks = int(rest[11]) + int(rest[12])
    if children:
        ticks += int(rest[13]) + int(rest[14])
    return ticks / CLK_TCK


def stat_policy(rest):
    return int(rest[38])


def idle_policy_cpu_seconds(parent=None):
    """{pid: cpu seconds incl. waited-for children} of every SCHED_IDLE process alive now whose
    parent is `parent` (odop run's process, where the engine spawns side tasks), or of all."""
    result = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as f:
                _, rest = parse_stat_line(f.read())
        except (OSError, ValueError):
            continue
        if stat_policy(rest) == SCHED_IDLE and (parent is None or int(rest[1]) == parent):
            result[name] = stat_cpu_seconds(rest)
    return result


def process_usage(pid):
    """(own cpu seconds without children, VmRSS bytes, VmHWM bytes) of one process, or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            _, rest = parse_stat_line(f.read())
        rss = hwm = 0
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1]) * 1024
        return stat_cpu_seconds(rest, children=False), rss, hwm
    except (OSError, ValueError, IndexError):
        return None


class Sampler(threading.Thread):
    """Per-CPU utilisation every period, and the last usage of one watched process (odop run)."""

    def __init__(self, period_s=0.2, pid=None):
        super().__init__(daemon=True)
        self.period_s, self.pid = period_s, pid
        self.samples = []  # [t, [busy fraction per cpu]]
        self.process = []  # [t, cpu_s, rss, hwm]
        self._halt = threading.Event()

    def run(self):
        previous = read_cpu_times()
        while not self._halt.wait(self.period_s):
            now, current = time.time(), read_cpu_times()
            row = []
            for cpu in sorted(current, key=int):
                busy = current[cpu][0] - previous[cpu][0]
                total = busy + current[cpu][1] - previous[cpu][1]
                row.append(round(busy / total, 4) if total > 0 else 0.0)
            self.samples.append([round(now, 3), row])
            previous = current
            if self.pid is not None and (usage := process_usage(self.pid)) is not None:
                self.process.append([round(now, 3), *usage])

    def stop(self):
        self._halt.set()
        self.join()
