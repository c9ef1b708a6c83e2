"""Tests of examples/heat: the summarize task on a small block, and the MPI simulation
end to end against the fake agent (skipped without mpirun/mpi4py)."""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from array import array
from pathlib import Path

import fake_agent

REPO = Path(__file__).resolve().parents[2]
HEAT = REPO / "examples" / "heat"


def load_summarize():
    spec = importlib.util.spec_from_file_location("heat_summarize", HEAT / "tasks" / "summarize.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_block(folder, rows):
    """A result file as simulate.py writes it: float64 LE data and a JSON header."""
    data = array("d", [v for row in rows for v in row])
    if sys.byteorder != "little":
        data.byteswap()
    (folder / "b.bin").write_bytes(data.tobytes())
    header = {"format": "float64-le", "data": "b.bin", "shape": [len(rows), len(rows[0])], "step": 2, "rank": 1}
    (folder / "b.json").write_text(json.dumps(header))
    return folder / "b.json"


class SummarizeTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.folder = Path(self.tmp.name)
        self.summarize = load_summarize().summarize

    def tearDown(self):
        self.tmp.cleanup()

    def test_statistics_and_process_facts_are_written_next_to_the_input(self):
        rows = [[float(10 * i + j) for j in range(10)] for i in range(10)]  # 0..99
        path = write_block(self.folder, rows)
        result = self.summarize(str(self.folder), str(path), step=2, rank=1, extra=True)

        written = json.loads(Path(str(path) + ".summary.json").read_text())
        self.assertEqual(written, json.loads(json.dumps(result)))
        self.assertEqual((written["min"], written["max"], written["mean"]), (0.0, 99.0, 49.5))
        self.assertAlmostEqual(written["percentiles"]["p50"], 49.5)
        self.assertEqual(written["cells"], 100)
        self.assertEqual(sum(written["histogram"]["counts"]), 100)
        above_50 = next(i for i in written["isotherms"] if i["level"] == 50.0)
        self.assertEqual((above_50["area_fraction"], above_50["regions"]), (0.49, 1))
        self.assertEqual(written["task"]["pid"], os.getpid())
        self.assertTrue(written["task"]["cpus_allowed_list"])
        self.assertEqual(written["task"]["extra_options"], {"extra": True})

    def test_relative_input_resolves_against_input_folder(self):
        write_block(self.folder, [[1.0, 2.0], [3.0, 4.0]])
        self.assertEqual(self.summarize(str(self.folder), "b.json")["mean"], 2.5)

    def test_truncated_data_fails_with_an_exception(self):
        path = write_block(self.folder, [[1.0, 2.0], [3.0, 4.0]])
        (self.folder / "b.bin").write_bytes(b"\0" * 8)
        with self.assertRaises(ValueError):
            self.summarize(str(self.folder), str(path))
        self.assertFalse(Path(str(path) + ".summary.json").exists())


@unittest.skipUnless(shutil.which("mpirun"), "mpirun not installed")
class SimulationTests(unittest.TestCase):
    def run_simulation(self, out, agent=None):
        env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
        env.pop("ODOP_AGENT", None)
        if agent:
            env["ODOP_AGENT"] = agent
        cmd = ["mpirun", "-n", "2", "--oversubscribe", str(HEAT / "simulate.py"),
               "--grid", "24", "--steps", "12", "--output-every", "4", "--out", str(out)]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        return proc

    def test_alone_it_warns_and_enqueues_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            proc = self.run_simulation(Path(tmp))
            self.assertIn("ODOP_AGENT is not set", proc.stderr)
            self.assertEqual(len(list(Path(tmp).glob("step_*_rank_*.json"))), 6)
            self.assertEqual(json.loads((Path(tmp) / "run.json").read_text())["enqueued"], 0)
            self.assertEqual(len((Path(tmp) / "steps.csv").read_text().splitlines()), 4)

    def test_each_rank_enqueues_one_execution_per_output_step(self):
        with tempfile.TemporaryDirectory() as tmp:
            server, agent = fake_agent.serve(os.path.join(tmp, "agent.sock"))
            try:
                self.run_simulation(Path(tmp) / "out", "unix://" + os.path.join(tmp, "agent.sock"))
            finally:
                server.stop(0)
            self.assertEqual(len(agent.received), 2 * 3)
            options = sorted((o["step"], o["rank"]) for o in
                             (json.loads(e.execution_metadata_json)["execution_option"] for e in agent.received))
            self.assertEqual(options, [(s, r) for s in (1, 2, 3) for r in (0, 1)])
            for e in agent.received:
                self.assertEqual(e.task_id, "heat-summary")
                self.assertTrue(Path(json.loads(e.execution_metadata_json)["execution_option"]["input"]).exists())


if __name__ == "__main__":
    unittest.main()
