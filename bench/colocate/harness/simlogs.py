"""The simulations' own timings, read from their logs, for the step-time slowdown.

A simulation's wall time moves with everything on the machine: on a small VM, stalls of a few
milliseconds come in bursts and shift a 20 s run by several percent either way. The time of one
fixed unit of work, taken as the median over hundreds of units, is barely moved by those bursts and
still grows when a side task really slows the simulation (shared cache, memory bandwidth, a stolen
core). Two sources:
- LAMMPS: the thermo table's elapsed-time column (`thermo_style custom step ... cpu`), one row every
  few steps; a unit is one thermo interval.
- phasesim: its summary line's `compute_ms_median`, the median compute phase (fixed work) over every
  rank's steps.
"""

import json
import statistics


def lammps_thermo_elapsed(lines):
    """The elapsed-seconds column of the last thermo table before 'Loop time': [] when the log has
    no table with a CPU column (an input without `thermo_style ... cpu`)."""
    elapsed, column = [], None
    for line in lines:
        words = line.split()
        if words[:1] == ["Step"]:
            column = words.index("CPU") if "CPU" in words else None
            elapsed = []
        elif line.startswith("Loop time of "):
            return elapsed
        elif column is not None and len(words) > column:
            try:
                elapsed.append(float(words[column]))
            except ValueError:
                column = None  # a warning or other text ends the table
    return elapsed if column is not None else []


def median_interval(elapsed):
    """Median difference between successive cumulative times; None with fewer than two."""
    intervals = [b - a for a, b in zip(elapsed, elapsed[1:]) if b > a]
    return statistics.median(intervals) if intervals else None


def lammps_step_seconds(log_path):
    with open(log_path, encoding="utf-8", errors="replace") as f:
        return median_interval(lammps_thermo_elapsed(f))


def phasesim_step_seconds(summary_line):
    """The median compute phase in seconds from phasesim's JSON summary line; None if it lacks one."""
    value = json.loads(summary_line).get("compute_ms_median")
    return None if value is None else value / 1000.0
