"""The co-location benchmark's arithmetic, on plain dicts so tests can feed fixed numbers.

Definitions (README, "Performance"):
- simulation time: the simulation's own timed loop (phasesim's barrier-to-barrier wall_s, LAMMPS'
  "Loop time"); slowdown of a run = its time / the same repetition's alone time - 1.
- probe: before every run, harness/probe.py measures how much slower a busy loop runs on the
  simulation's CPU while SCHED_IDLE loops spin on the free CPUs (about 0 on bare metal with one
  thread per core; more where the host shares those CPUs' cores).
- step time: the median time of one fixed unit of the simulation's work (harness/simlogs.py:
  LAMMPS' thermo interval, phasesim's compute phase); step slowdown = its ratio to the same
  repetition's alone run - 1. Bursts of machine noise move it far less than the wall time.
- idle core-seconds: in an alone run, the sum over every CPU of idle + iowait time (/proc/stat)
  between the simulation's start and end; "free-core" idle counts only CPUs no rank is bound to.
- side-task CPU-seconds during the simulation: the CPU time of executions that ended before the
  simulation did, plus what the side tasks still alive at its end had used by then.
- harvest = side-task CPU-seconds during the simulation / idle core-seconds of the same
  repetition's alone run; not given when that alone run found idle CPU time under 5 % of its wall
  time (a machine busy with other work has nothing to harvest, and the ratio would be noise).
- targets: odop's median slowdown at most 1 % with a median harvest of at least 80 % (issue #6). Each
  verdict uses the median's distribution-free confidence interval from the order statistics of the n
  paired repetitions ([x(k), x(n+1-k)], the widest k whose coverage 1 - 2 P(Binomial(n, 1/2) < k) is at
  least 90 %; 5 repetitions are the fewest that have one): met when the whole interval meets the target,
  missed when none of it does, unresolved otherwise; with fewer repetitions, unresolved.
- odop CPU %: the `odop run` process's own CPU time over its wall time (start-up and drain included), and
  in parentheses over the simulation only, from its cumulative CPU time sampled every 0.2 s.
- makespan: from the simulation's start until it and every side task have ended; the sequential
  plan's is the alone simulation's wall time plus the time to run the same tasks afterwards. The
  ratio is given only for runs whose side tasks all succeeded (a run stopped at the drain limit
  did less work).
"""

import math
import statistics

SCHEMA_VERSION = 1
TARGET_SLOWDOWN = 0.01
TARGET_HARVEST = 0.80
CONFIDENCE = 0.90
TARGET_MODES = ("odop", "odop-reserved")
MIN_IDLE_SHARE = 0.05  # of an alone run's wall time, for its idle core-seconds to count as harvestable
POLICIES = ("naive", "threshold", "odop", "odop-reserved")
MODES = ("alone",) + POLICIES + ("sequential",)
# odop-reserved (the odop policy with the ranks' cores closed to side tasks, gaps too) is asked for by --modes only:
# it shows what gap filling adds.
DEFAULT_MODES = tuple(m for m in MODES if m != "odop-reserved")
# What each policy mode passes to `odop run`; the sequential plan replays its tasks under "static".
ODOP_RUN_ARGUMENTS = {
    "naive": ["--policy", "naive"],
    "threshold": ["--policy", "threshold"],
    "odop": ["--policy", "odop"],
    "odop-reserved": ["--policy", "odop", "--simulation-cores", "reserved"],
    "static": ["--policy", "static"],
}

RUN_KEYS = ("workload", "mode", "repetition", "sim_seconds", "wall_seconds", "makespan_seconds",
            "side_tasks", "side_cpu_seconds", "side_cpu_during_sim", "idle_core_seconds",
            "idle_core_seconds_free", "odop_cpu_seconds", "odop_cpu_percent", "odop_peak_rss_bytes")
# A run that failed is kept out of "runs" (and so out of every figure) and listed in "failed_runs".
FAILED_RUN_KEYS = ("workload", "mode", "repetition", "error")


def ms_to_s(value):
    """odop writes int64 as a JSON string (protobuf JSON); 0 or missing means 'not yet'."""
    return int(value or 0) / 1000.0


def idle_core_seconds(start_cpus, end_cpus, only=None):
    """Idle + iowait seconds summed over CPUs between two /proc/stat readings ({cpu: [busy, idle]})."""
    total = 0.0
    for cpu, (_, idle) in end_cpus.items():
        if only is not None and int(cpu) not in only:
            continue
        total += idle - start_cpus[cpu][1]
    return total


def side_cpu_during(executions, sim_end, alive_at_end):
    """CPU-seconds side tasks did before sim_end: finished executions' measured CPU, plus the CPU
    the ones alive at the end had used (read from /proc then); a pid in both counts once."""
    finished_pids = set()
    total = 0.0
    for e in executions:
        ended = ms_to_s(e.get("ended_at_unix_ms"))
        if 0 < ended <= sim_end:
            total += float((e.get("usage") or {}).get("cpu_seconds", 0.0))
            finished_pids.add(str(e.get("pid", "")))
    for pid, seconds in alive_at_end.items():
        if str(pid) not in finished_pids:
            total += seconds
    return total


def cumulative_at(series, t):
    """A cumulative counter's value at time t, interpolated between the readings ([t, value, ...]) around it;
    None when t lies outside them."""
    for (t0, v0, *_), (t1, v1, *_) in zip(series, series[1:]):
        if t0 <= t <= t1:
            return v0 if t1 == t0 else v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return None


def cpu_share_between(series, start, end):
    """The share of one core a process used between start and end, from its cumulative CPU seconds sampled
    over time; None when the readings do not span that interval."""
    a, b = cumulative_at(series, start), cumulative_at(series, end)
    return None if a is None or b is None or end <= start else (b - a) / (end - start)


def makespan(sim_start, sim_end, executions):
    ends = [ms_to_s(e.get("ended_at_unix_ms")) for e in executions]
    return max([sim_end] + ends) - sim_start


def succeeded(executions):
    return [e for e in executions if e.get("state") in ("SUCCEEDED", "EXECUTION_STATE_SUCCEEDED", "succeeded")]


def spread(values):
    """{median, min, max, n} of a list (None entries dropped); None when nothing is left."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def median_interval(values, confidence=CONFIDENCE):
    """{low, high, coverage, n}: the narrowest order-statistic interval [x(k), x(n+1-k)] that holds the
    median with at least `confidence`, whatever the distribution; None when n is too small for any."""
    x = sorted(v for v in values if v is not None)
    n, best = len(x), None
    for k in range(1, n // 2 + 1):
        coverage = 1 - 2 * sum(math.comb(n, i) for i in range(k)) / 2 ** n
        if coverage < confidence:
            break
        best = {"low": x[k - 1], "high": x[n - k], "coverage": coverage, "n": n}
    return best


def verdict(interval, meets):
    """'met' when both ends of the interval meet the target, 'missed' when neither does, else 'unresolved'."""
    if interval is None:
        return "unresolved"
    low, high = meets(interval["low"]), meets(interval["high"])
    return "met" if low and high else "missed" if not low and not high else "unresolved"


def summarize(runs):
    """Per workload and mode: spreads of the raw repetitions, paired with the same repetition's alone run."""
    alone = {(r["workload"], r["repetition"]): r for r in runs if r["mode"] == "alone"}
    table = {}
    for workload in sorted({r["workload"] for r in runs}):
        table[workload] = {}
        for mode in MODES:
            rows = [r for r in runs if r["workload"] == workload and r["mode"] == mode]
            if not rows:
                continue
            slowdowns, step_slowdowns, harvests, free_harvests, makespans = [], [], [], [], []
            for r in rows:
                base = alone.get((workload, r["repetition"]))
                if base is None:
                    continue
                slowdowns.append(r["sim_seconds"] / base["sim_seconds"] - 1.0)
                if r.get("step_seconds") and base.get("step_seconds"):
                    step_slowdowns.append(r["step_seconds"] / base["step_seconds"] - 1.0)
                if mode in POLICIES and base["idle_core_seconds"] >= MIN_IDLE_SHARE * base["wall_seconds"]:
                    harvests.append(r["side_cpu_during_sim"] / base["idle_core_seconds"])
                    free_harvests.append(r["side_cpu_during_sim"] / base["idle_core_seconds_free"] if base["idle_core_seconds_free"] > 0 else None)
            sequential = {r["repetition"]: r for r in runs if r["workload"] == workload and r["mode"] == "sequential"}
            for r in rows:
                seq = sequential.get(r["repetition"])
                if seq is not None and mode in POLICIES and r.get("complete", True) and seq.get("complete", True):
                    makespans.append(r["makespan_seconds"] / seq["makespan_seconds"])
            table[workload][mode] = {
                "sim_seconds": spread([r["sim_seconds"] for r in rows]),
                "slowdown": spread(slowdowns),
                "step_seconds": spread([r.get("step_seconds") for r in rows]),
                "step_slowdown": spread(step_slowdowns),
                "side_tasks": spread([r["side_tasks"] for r in rows]),
                "side_cpu_seconds": spread([r["side_cpu_seconds"] for r in rows]),
                "side_cpu_during_sim": spread([r["side_cpu_during_sim"] for r in rows]),
                "harvest": spread(harvests),
                "slowdown_interval": median_interval(slowdowns) if mode in POLICIES else None,
                "harvest_interval": median_interval(harvests) if mode in POLICIES else None,
                "harvest_free_cores": spread(free_harvests),
                "idle_core_seconds": spread([r["idle_core_seconds"] for r in rows]) if mode == "alone" else None,
                "makespan_seconds": spread([r["makespan_seconds"] for r in rows]),
                "makespan_vs_sequential": spread(makespans),
                "odop_cpu_percent": spread([r["odop_cpu_percent"] for r in rows]),
                "odop_cpu_percent_during_sim": spread([r.get("odop_cpu_percent_during_sim") for r in rows]),
                "odop_peak_rss_bytes": spread([r["odop_peak_rss_bytes"] for r in rows]),
            }
    return table


def validate(document):
    """Raises ValueError naming the first missing or mistyped field of a results document."""
    for key in ("schema_version", "machine", "config", "runs", "summary"):
        if key not in document:
            raise ValueError(f"results: missing '{key}'")
    if document["schema_version"] != SCHEMA_VERSION:
        raise ValueError(f"results: schema_version {document['schema_version']} is not {SCHEMA_VERSION}")
    for i, run in enumerate(document["runs"]):
        for key in RUN_KEYS:
            if key not in run:
                raise ValueError(f"results: runs[{i}] lacks '{key}'")
        if run["mode"] not in MODES:
            raise ValueError(f"results: runs[{i}].mode '{run['mode']}' is not one of {', '.join(MODES)}")
        if not isinstance(run["sim_seconds"], (int, float)) or run["sim_seconds"] <= 0:
            raise ValueError(f"results: runs[{i}].sim_seconds must be a positive number")
    for i, failed in enumerate(document.get("failed_runs", [])):
        for key in FAILED_RUN_KEYS:
            if key not in failed:
                raise ValueError(f"results: failed_runs[{i}] lacks '{key}'")
        if failed["mode"] not in MODES:
            raise ValueError(f"results: failed_runs[{i}].mode '{failed['mode']}' is not one of {', '.join(MODES)}")
    return document


def format_probe(runs, share_beside_busy=None):
    """One line on the machine: how much a busy free CPU slowed a loop on the simulation's CPU in the
    probes taken before the runs (harness/probe.py), and, when measured, the share of the simulation's
    CPU a SCHED_IDLE loop got beside a busy loop there (what a side task on a rank's own core takes from it);
    empty when there is neither."""
    s = spread([r.get("probe_slowdown") for r in runs])
    parts = []
    if s is not None:
        parts.append(f"machine: a busy loop on the free CPUs slowed one on the simulation's CPU by {100 * s['median']:+.1f}% "
                     f"(median of {s['n']} probes, {_range_pct(s)}); that share of any side task's CPU comes out of the simulation")
    if share_beside_busy is not None:
        parts.append(f"a SCHED_IDLE loop on the simulation's CPU got {100 * share_beside_busy:.2f}% of it beside a busy loop there "
                     "(what a SCHED_IDLE side task on a busy rank's own core would take from it)")
    return ". ".join(parts)


def format_targets(summary):
    """A line per workload and odop mode: each target's median, its confidence interval and the verdict."""
    lines = []
    for workload, modes in summary.items():
        for mode in TARGET_MODES:
            if (s := modes.get(mode)) is None or s["slowdown"] is None:
                continue
            parts = []
            for name, key, shown, meets in (
                    ("slowdown", "slowdown", lambda v: f"{100 * v:+.1f}%", lambda v: v <= TARGET_SLOWDOWN),
                    ("harvest", "harvest", lambda v: f"{100 * v:.0f}%", lambda v: v >= TARGET_HARVEST)):
                if s[key] is None:
                    continue
                interval = s[f"{key}_interval"]
                bounds = (f"{CONFIDENCE:.0%} interval {shown(interval['low'])}..{shown(interval['high'])}" if interval
                          else f"n={s[key]['n']}: too few repetitions for a {CONFIDENCE:.0%} interval")
                parts.append(f"{name} {shown(s[key]['median'])} ({bounds}): {verdict(interval, meets)}")
            lines.append(f"  {workload} {mode}: " + "; ".join(parts))
    if not lines:
        return ""
    head = (f"targets: median slowdown <= {100 * TARGET_SLOWDOWN:.0f}%, median harvest >= {100 * TARGET_HARVEST:.0f}%; "
            f"met or missed only when the median's distribution-free {CONFIDENCE:.0%} interval lies wholly on one side "
            "(5 or more repetitions)")
    return "\n".join([head] + lines)


def format_failures(failed_runs):
    """One line per failed run, under a count; empty when none failed."""
    if not failed_runs:
        return ""
    lines = [f"{len(failed_runs)} run(s) failed and are left out of the table:"]
    lines += [f"  {f['workload']} {f['mode']} repetition {f['repetition'] + 1}: {f['error']}" for f in failed_runs]
    return "\n".join(lines)


def _pct(s, key="median"):
    return "-" if s is None else f"{100 * s[key]:+.1f}%"


def _range_pct(s):
    return "-" if s is None else f"{100 * s['min']:+.1f}..{100 * s['max']:+.1f}"


def _num(s, fmt="{:.1f}", key="median"):
    return "-" if s is None else fmt.format(s[key])


def _odop_cpu(s):
    """odop's CPU over its whole run, and in parentheses over the simulation alone (what the side tasks competed with)."""
    whole, during = s["odop_cpu_percent"], s.get("odop_cpu_percent_during_sim")
    return _num(whole) + ("" if during is None else f" ({_num(during)})")


def format_table(summary):
    """A fixed-width text table: one row per workload and mode, medians with min..max."""
    head = ("workload", "mode", "sim s", "slowdown", "(min..max)", "step slowdown", "(min..max)", "tasks", "task CPU s", "harvest",
            "(min..max)", "free-core harvest", "makespan/seq", "odop CPU % (during sim)", "odop RSS MB")
    rows = [head]
    for workload, modes in summary.items():
        for mode, s in modes.items():
            harvest = s["harvest"]
            rows.append((
                workload, mode, _num(s["sim_seconds"], "{:.2f}"),
                "alone" if mode == "alone" else _pct(s["slowdown"]),
                "" if mode == "alone" else _range_pct(s["slowdown"]),
                "alone" if mode == "alone" else _pct(s.get("step_slowdown")),
                "" if mode == "alone" else _range_pct(s.get("step_slowdown")),
                _num(s["side_tasks"], "{:.0f}"), _num(s["side_cpu_seconds"]),
                "-" if harvest is None else f"{100 * harvest['median']:.0f}%",
                "" if harvest is None else f"{100 * harvest['min']:.0f}..{100 * harvest['max']:.0f}",
                "-" if s["harvest_free_cores"] is None else f"{100 * s['harvest_free_cores']['median']:.0f}%",
                _num(s["makespan_vs_sequential"], "{:.2f}"),
                _odop_cpu(s),
                "-" if s["odop_peak_rss_bytes"] is None else f"{s['odop_peak_rss_bytes']['median'] / 2**20:.0f}",
            ))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(head))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_markdown(summary):
    """The same table as Markdown, for the README."""
    out = ["| workload | mode | sim time s | slowdown median (min..max) | step slowdown median (min..max) | side tasks | task CPU s | harvest median (min..max) | makespan / sequential | odop CPU % (during the simulation) | odop peak RSS MB |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for workload, modes in summary.items():
        for mode, s in modes.items():
            h = s["harvest"]
            out.append("| " + " | ".join([
                workload, mode, _num(s["sim_seconds"], "{:.2f}"),
                "(baseline)" if mode == "alone" else f"{_pct(s['slowdown'])} ({_range_pct(s['slowdown'])})",
                "(baseline)" if mode == "alone" else f"{_pct(s.get('step_slowdown'))} ({_range_pct(s.get('step_slowdown'))})",
                _num(s["side_tasks"], "{:.0f}"), _num(s["side_cpu_seconds"]),
                "-" if h is None else f"{100 * h['median']:.0f}% ({100 * h['min']:.0f}..{100 * h['max']:.0f})",
                _num(s["makespan_vs_sequential"], "{:.2f}"),
                _odop_cpu(s),
                "-" if s["odop_peak_rss_bytes"] is None else f"{s['odop_peak_rss_bytes']['median'] / 2**20:.0f}",
            ]) + " |")
    return "\n".join(out)
