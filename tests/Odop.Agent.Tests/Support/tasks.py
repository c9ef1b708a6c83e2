"""Side tasks the agent tests run for real."""
import json
import os
import time


def _allowed_cpus():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("Cpus_allowed_list:"):
                return line.split(":", 1)[1].strip()
    return ""


def work(input_folder, seconds=0.2, marker=None, **options):
    """Burns CPU for `seconds` and records where it ran."""
    end = time.time() + seconds
    count = 0
    while time.time() < end:
        count += 1
    if marker:
        with open(marker, "w") as out:
            json.dump({"pid": os.getpid(), "cpus": _allowed_cpus(), "options": options}, out)


def sleep(input_folder, seconds=120, **options):
    time.sleep(seconds)


def fail(input_folder, code=3, **options):
    raise SystemExit(code)
