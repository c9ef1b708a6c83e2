#!/usr/bin/python3
"""Runs one simulation for the co-location harness and feeds its side tasks to odop.

    simwrap.py --plan plan.json --report wrap.json [--enqueue] -- mpirun ... lmp ...

The plan (written by bench/colocate/run) lists a backlog of side tasks to enqueue when the
simulation starts, and how to turn each result file the simulation writes into one more:

    {"backlog": [{"task": "cpu-burn", "options": {"rounds": 2000}}, ...],
     "outputs": {"watch": "/dir", "suffix": ".txt", "stdout_prefix": "RESULT ",
                 "task": "lammps-rdf", "options": {"bins": 100}}}

Result files are found either from `RESULT <path>` lines on the simulation's stdout (phasesim) or by
polling a folder (LAMMPS dumps; a dump counts as complete once the next one appears or the
simulation has ended), so the simulation itself is not changed. Without --enqueue nothing is sent
(the alone runs), but the same watching happens, so its cost is in both.

The report records, at the simulation's start and end: wall-clock time, per-CPU /proc/stat
counters, and the CPU time of every SCHED_IDLE process alive (odop's side tasks), which the harness
turns into side-task CPU-seconds done during the simulation.
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "harness"))
import procstat  # noqa: E402


class Feeder:
    """Sends (or, without a client, only records) enqueues in order, from any thread."""

    def __init__(self, client):
        self.client = client
        self.lock = threading.Lock()
        self.sent = []

    def enqueue(self, task, options):
        with self.lock:
            if self.client is not None:
                self.client.enqueue(task, options)
            self.sent.append({"task": task, "options": options, "t": time.time()})


def watch_folder(outputs, feeder, done, poll_s):
    folder, suffix = outputs["watch"], outputs.get("suffix", "")
    seen = set()

    def complete(final):
        names = sorted((n for n in os.listdir(folder) if n.endswith(suffix) and n not in seen),
                       key=lambda n: os.stat(os.path.join(folder, n)).st_mtime_ns)
        # The newest file may still be being written until the next one appears.
        ready = names if final else names[:-1]
        for name in ready:
            seen.add(name)
            feeder.enqueue(outputs["task"], dict(outputs.get("options", {}), input=os.path.join(folder, name)))

    while not done.wait(poll_s):
        complete(final=False)
    complete(final=True)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plan", required=True)
    parser.add_argument("--report", required=True)
    parser.add_argument("--enqueue", action="store_true", help="send the plan's tasks to $ODOP_AGENT")
    parser.add_argument("--poll-s", type=float, default=0.25)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("the simulation command is missing (after --)")
    with open(args.plan, encoding="utf-8") as f:
        plan = json.load(f)
    outputs = plan.get("outputs") or {}
    if outputs.get("watch"):
        os.makedirs(outputs["watch"], exist_ok=True)

    client = None
    if args.enqueue:
        sys.path.insert(0, os.path.join(HERE, "..", "..", "src", "python"))
        from odop_client import OdopClient
        client = OdopClient()
    feeder = Feeder(client)

    start = {"t": time.time(), "cpus": procstat.read_cpu_times()}
    sim = subprocess.Popen(command, stdout=subprocess.PIPE if outputs.get("stdout_prefix") else None, text=True)
    for item in plan.get("backlog", []):
        feeder.enqueue(item["task"], item.get("options", {}))
    done = threading.Event()
    watcher = None
    if outputs.get("watch") and not outputs.get("stdout_prefix"):
        watcher = threading.Thread(target=watch_folder, args=(outputs, feeder, done, args.poll_s), daemon=True)
        watcher.start()
    stdout = []
    if outputs.get("stdout_prefix"):
        prefix = outputs["stdout_prefix"]
        for line in sim.stdout:
            if line.startswith(prefix):
                feeder.enqueue(outputs["task"], dict(outputs.get("options", {}), input=line[len(prefix):].strip()))
            else:
                stdout.append(line.rstrip("\n"))
    code = sim.wait()
    end = {"t": time.time(), "cpus": procstat.read_cpu_times(), "side_tasks": procstat.idle_policy_cpu_seconds(os.getppid())}
    done.set()
    if watcher is not None:
        watcher.join()
    if client is not None:
        client.close()
    report = {"command": command, "exit_code": code, "start": start, "end": end, "enqueued": feeder.sent, "stdout": stdout}
    with open(args.report, "w", encoding="utf-8") as f:
        json.dump(report, f)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
