"""Tests of bench/phasesim, the controllable MPI simulation: built with make, run with
2 ranks on a short configuration (skipped when mpicc is not installed)."""

import csv
import json
import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PHASESIM = REPO / "bench" / "phasesim"
BINARY = PHASESIM / "out" / "phasesim"
RANKS = 2
STEPS = 4
SHORT = ["--steps", str(STEPS), "--compute-ms", "5", "--comm-ms", "2", "--comm-bytes", "4K",
         "--idle-ms", "5"]


def run(*args, timeout=120):
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    cmd = ["mpirun", "-n", str(RANKS), "--oversubscribe", "--bind-to", "none", str(BINARY), *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)


def summary(stdout):
    lines = [line for line in stdout.splitlines() if line.startswith('{"kind":"phasesim"')]
    if len(lines) != 1:
        raise AssertionError(f"expected one JSON summary line, got {len(lines)}:\n{stdout}")
    return json.loads(lines[0])


@unittest.skipUnless(shutil.which("mpicc"), "mpicc not installed: phasesim needs an MPI C compiler")
class PhasesimTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        build = subprocess.run(["make", "-C", str(PHASESIM)], capture_output=True, text=True, timeout=300)
        if build.returncode != 0:
            raise AssertionError(f"make -C bench/phasesim failed:\n{build.stdout}{build.stderr}")

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def read_csv(self, path):
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertTrue(rows, "timing CSV is empty")
        self.assertEqual(list(rows[0]), ["rank", "step", "compute_ms", "comm_ms", "idle_ms", "step_ms", "wall_s"])
        return rows

    def test_timing_csv_has_a_row_per_step_of_rank_0_and_a_json_summary(self):
        timing = self.dir / "timing.csv"
        result = run(*SHORT, "--timing", str(timing))
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = self.read_csv(timing)
        self.assertEqual(len(rows), 1 * STEPS)
        self.assertEqual({r["rank"] for r in rows}, {"0"})
        self.assertEqual([int(r["step"]) for r in rows], list(range(STEPS)))
        for r in rows:
            parts = float(r["compute_ms"]) + float(r["comm_ms"]) + float(r["idle_ms"])
            self.assertAlmostEqual(parts, float(r["step_ms"]), delta=0.01)
        walls = [float(r["wall_s"]) for r in rows]
        self.assertEqual(walls, sorted(walls))

        s = summary(result.stdout)
        self.assertEqual((s["kind"], s["ranks"], s["steps"]), ("phasesim", RANKS, STEPS))
        for key in ("wall_s", "step_ms_median", "step_ms_p90", "compute_ms_median"):
            self.assertGreater(s[key], 0, key)
        self.assertGreaterEqual(s["step_ms_p90"], s["step_ms_median"])
        self.assertGreaterEqual(s["wall_s"], walls[-1] - 0.01)
        self.assertEqual(s["logged_ranks"], 1)
        self.assertIsNone(s["helper"])
        self.assertNotIn("RESULT ", result.stdout)

    def test_log_all_logs_every_rank(self):
        timing = self.dir / "timing.csv"
        result = run(*SHORT, "--timing", str(timing), "--log-all", "--jitter", "0.1", "--seed", "3")
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = self.read_csv(timing)
        self.assertEqual(len(rows), RANKS * STEPS)
        self.assertEqual(sorted((int(r["rank"]), int(r["step"])) for r in rows),
                         [(rank, step) for rank in range(RANKS) for step in range(STEPS)])
        self.assertEqual(summary(result.stdout)["logged_ranks"], RANKS)

    def test_output_every_writes_files_and_prints_result_lines(self):
        out = self.dir / "results"
        core = max(os.sched_getaffinity(0))
        result = run(*SHORT, "--output-every", "2", "--out", str(out), "--output-bytes", "3K",
                     "--helper-core", str(core), "--helper-every", "2", "--helper-ms", "5")
        self.assertEqual(result.returncode, 0, result.stderr)
        paths = sorted(line.split(" ", 1)[1] for line in result.stdout.splitlines() if line.startswith("RESULT "))
        expected = sorted(str(out.resolve() / f"step_{step:04d}_rank_{rank}.dat")
                          for rank in range(RANKS) for step in (1, 3))
        self.assertEqual(paths, expected)
        for p in paths:
            self.assertEqual(os.path.getsize(p), 3 * 1024, p)
        self.assertEqual(sorted(str(p) for p in out.iterdir()), expected)  # no temporary files left
        s = summary(result.stdout)
        self.assertEqual(s["outputs"], len(expected))
        self.assertEqual((s["helper"]["core"], s["helper"]["requested"]), (core, 1))  # step 2 of 0..3, rank 0

    def test_bad_flags_exit_non_zero_naming_the_flag(self):
        for args, named in ((["--no-such-flag"], "--no-such-flag"), (["--steps", "ten"], "--steps"),
                            (["--jitter", "2"], "--jitter"), (["--comm-bytes", "4X"], "--comm-bytes")):
            with self.subTest(args=args):
                result = run(*args)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn(named, result.stderr)
                self.assertIn("phasesim: error:", result.stderr)
                self.assertEqual(result.stderr.count("phasesim: error:"), 1, "only rank 0 reports")

    def test_help_exits_zero(self):
        result = run("--help")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("--helper-core", result.stdout)


if __name__ == "__main__":
    unittest.main()
