"""The co-location harness's arithmetic on fixed synthetic input: /proc parsing, idle core-seconds,
side-task CPU during the simulation, slowdown and harvest per repetition, the results schema, the
text table and the SVG. Runs nothing; the harness itself (bench/colocate/run) is too slow for CI."""

import os
import sys
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "bench", "colocate", "harness"))
import analysis  # noqa: E402
import probe  # noqa: E402
import procstat  # noqa: E402
import simlogs  # noqa: E402
import svgplot  # noqa: E402

TICK = procstat.CLK_TCK


def run(mode, repetition, sim, **extra):
    row = {"workload": "w", "mode": mode, "repetition": repetition, "sim_seconds": sim, "wall_seconds": sim,
           "makespan_seconds": sim, "side_tasks": 0, "side_cpu_seconds": 0.0, "side_cpu_during_sim": 0.0,
           "idle_core_seconds": 0.0, "idle_core_seconds_free": 0.0, "odop_cpu_seconds": None,
           "odop_cpu_percent": None, "odop_peak_rss_bytes": None}
    row.update(extra)
    return row


class ProcParsing(unittest.TestCase):
    def test_cpu_lines_split_into_busy_and_idle_plus_iowait_seconds(self):
        text = (f"cpu  1 2 3 4 5 6 7 8 0 0\n"
                f"cpu0 {TICK} 0 {TICK} {3 * TICK} {TICK} 0 0 0 0 0\n"
                f"cpu1 0 0 0 {10 * TICK} 0 0 0 0 0 0\nintr 5\n")
        self.assertEqual(procstat.parse_cpu_times(text), {0: (2.0, 4.0), 1: (0.0, 10.0)})

    def test_stat_line_with_spaces_and_parentheses_in_comm_parses(self):
        fields = ["S", "42"] + ["0"] * 9 + [str(3 * TICK), str(TICK), str(TICK), "0"] + ["0"] * 23 + ["5"]
        comm, rest = procstat.parse_stat_line("123 (odd (name) x) " + " ".join(fields))
        self.assertEqual(comm, "odd (name) x")
        self.assertEqual(procstat.stat_cpu_seconds(rest), 5.0)
        self.assertEqual(procstat.stat_cpu_seconds(rest, children=False), 4.0)
        self.assertEqual(procstat.stat_policy(rest), procstat.SCHED_IDLE)


class Arithmetic(unittest.TestCase):
    def test_idle_core_seconds_sums_idle_deltas_over_the_chosen_cpus(self):
        start = {"0": [10.0, 5.0], "1": [1.0, 100.0]}
        end = {"0": [18.0, 7.0], "1": [1.5, 109.5]}
        self.assertAlmostEqual(analysis.idle_core_seconds(start, end), 11.5)
        self.assertAlmostEqual(analysis.idle_core_seconds(start, end, only={1}), 9.5)

    def test_side_cpu_counts_finished_executions_and_what_live_ones_used_once_each(self):
        executions = [
            {"pid": 11, "ended_at_unix_ms": "9000", "usage": {"cpu_seconds": 2.0}},   # ended before the simulation
            {"pid": 12, "ended_at_unix_ms": "12000", "usage": {"cpu_seconds": 3.0}},  # ended after: only /proc counts
            {"pid": 13, "ended_at_unix_ms": "0", "usage": {}},                        # never started
        ]
        alive = {"12": 1.25, "11": 2.0}  # 11 is a zombie not yet reaped: counted once
        self.assertAlmostEqual(analysis.side_cpu_during(executions, sim_end=10.0, alive_at_end=alive), 3.25)

    def test_makespan_runs_to_the_last_side_task_or_the_simulation_end(self):
        self.assertAlmostEqual(analysis.makespan(100.0, 110.0, [{"ended_at_unix_ms": "115500"}]), 15.5)
        self.assertAlmostEqual(analysis.makespan(100.0, 110.0, [{"ended_at_unix_ms": "105000"}]), 10.0)

    def test_slowdown_harvest_and_makespan_pair_each_repetition_with_its_own_alone_run(self):
        runs = [
            run("alone", 0, 10.0, idle_core_seconds=10.0, idle_core_seconds_free=8.0),
            run("alone", 1, 20.0, idle_core_seconds=20.0, idle_core_seconds_free=16.0),
            run("odop", 0, 10.1, side_cpu_during_sim=8.0, makespan_seconds=12.0, side_tasks=4, odop_cpu_percent=1.0),
            run("odop", 1, 20.0, side_cpu_during_sim=18.0, makespan_seconds=24.0, side_tasks=4, odop_cpu_percent=3.0),
            run("sequential", 0, 10.0, makespan_seconds=16.0),
            run("sequential", 1, 20.0, makespan_seconds=30.0),
        ]
        s = analysis.summarize(runs)["w"]
        self.assertAlmostEqual(s["odop"]["slowdown"]["median"], 0.005)
        self.assertAlmostEqual(s["odop"]["slowdown"]["min"], 0.0)
        self.assertAlmostEqual(s["odop"]["slowdown"]["max"], 0.01)
        self.assertAlmostEqual(s["odop"]["harvest"]["median"], (0.8 + 0.9) / 2)
        self.assertAlmostEqual(s["odop"]["harvest_free_cores"]["max"], 18.0 / 16.0)
        self.assertAlmostEqual(s["odop"]["makespan_vs_sequential"]["median"], (12 / 16 + 24 / 30) / 2)
        self.assertEqual(s["odop"]["odop_cpu_percent"]["median"], 2.0)
        self.assertIsNone(s["alone"]["harvest"])
        self.assertIsNone(s["alone"]["odop_cpu_percent"])

    def test_no_harvest_when_the_alone_run_found_almost_no_idle_time_and_no_makespan_for_unfinished_work(self):
        runs = [
            run("alone", 0, 10.0, idle_core_seconds=0.2, idle_core_seconds_free=0.2),
            run("odop", 0, 10.0, side_cpu_during_sim=0.5, makespan_seconds=40.0, complete=False),
            run("sequential", 0, 10.0, makespan_seconds=16.0),
        ]
        s = analysis.summarize(runs)["w"]["odop"]
        self.assertIsNone(s["harvest"])
        self.assertIsNone(s["makespan_vs_sequential"])
        self.assertEqual(s["slowdown"]["median"], 0.0)

    def test_odop_cpu_during_the_simulation_interpolates_its_cumulative_cpu_time(self):
        series = [[100.0, 1.0, 0, 0], [101.0, 1.5, 0, 0], [103.0, 1.7, 0, 0]]  # [t, cpu s, rss, hwm]
        self.assertAlmostEqual(analysis.cumulative_at(series, 100.5), 1.25)
        self.assertAlmostEqual(analysis.cpu_share_between(series, 100.5, 102.0), (1.6 - 1.25) / 1.5)
        self.assertIsNone(analysis.cpu_share_between(series, 99.0, 102.0), "before the first reading")
        self.assertIsNone(analysis.cpu_share_between(series, 101.0, 101.0))
        runs = [run("alone", 0, 10.0), run("odop", 0, 10.0, odop_cpu_percent=8.0, odop_cpu_percent_during_sim=3.5),
                run("alone", 1, 10.0), run("odop", 1, 10.0, odop_cpu_percent=9.0)]
        s = analysis.summarize(runs)
        self.assertEqual(s["w"]["odop"]["odop_cpu_percent_during_sim"]["n"], 1, "a run without the figure is left out")
        self.assertIn("| 8.5 (3.5) |", analysis.format_markdown(s))

    def test_spread_drops_missing_values_and_is_none_when_nothing_is_left(self):
        self.assertEqual(analysis.spread([3, None, 1, 2]), {"median": 2, "min": 1, "max": 3, "n": 3})
        self.assertIsNone(analysis.spread([None]))


class Targets(unittest.TestCase):
    def test_the_median_interval_is_the_widest_order_statistics_with_90_percent_coverage(self):
        self.assertIsNone(analysis.median_interval([0.01, 0.02, 0.03, 0.04]), "4 repetitions cover the median with 87.5 % at best")
        five = analysis.median_interval([0.05, -0.01, 0.0, 0.02, 0.01])
        self.assertEqual((five["low"], five["high"], five["n"]), (-0.01, 0.05, 5))
        self.assertAlmostEqual(five["coverage"], 1 - 2 / 32)
        ten = analysis.median_interval(list(range(10)))  # k=2: 1 - 2 * (1 + 10) / 1024 = 97.9 %; k=3 gives 89.1 %
        self.assertEqual((ten["low"], ten["high"]), (1, 8))
        self.assertAlmostEqual(ten["coverage"], 1 - 22 / 1024)
        self.assertEqual(analysis.median_interval([None, 1, 2, 3, 4, 5])["n"], 5)

    def test_a_verdict_needs_the_whole_interval_on_one_side(self):
        at_most_1 = lambda v: v <= analysis.TARGET_SLOWDOWN  # noqa: E731
        self.assertEqual(analysis.verdict({"low": -0.02, "high": 0.009}, at_most_1), "met")
        self.assertEqual(analysis.verdict({"low": 0.011, "high": 0.05}, at_most_1), "missed")
        self.assertEqual(analysis.verdict({"low": 0.0, "high": 0.02}, at_most_1), "unresolved")
        self.assertEqual(analysis.verdict(None, at_most_1), "unresolved")

    def test_the_targets_line_gives_each_odop_mode_its_medians_intervals_and_verdicts(self):
        runs = []
        for rep, (slow, harvest) in enumerate([(0.0, 0.85), (0.005, 0.9), (0.002, 0.82), (-0.004, 0.88), (0.008, 0.95)]):
            runs.append(run("alone", rep, 10.0, idle_core_seconds=10.0, idle_core_seconds_free=9.0))
            runs.append(run("odop", rep, 10.0 * (1 + slow), side_cpu_during_sim=10.0 * harvest))
            runs.append(run("naive", rep, 11.0, side_cpu_during_sim=9.0))
        text = analysis.format_targets(analysis.summarize(runs))
        odop = [line for line in text.splitlines() if " w odop:" in line]
        self.assertEqual(len(odop), 1, text)
        self.assertIn("slowdown +0.2% (90% interval -0.4%..+0.8%): met", odop[0])
        self.assertIn("harvest 88% (90% interval 82%..95%): met", odop[0])
        self.assertNotIn("naive", text, "targets are odop's")
        three = analysis.format_targets(analysis.summarize([r for r in runs if r["repetition"] < 3]))
        self.assertIn("n=3: too few repetitions for a 90% interval): unresolved", three)
        self.assertEqual(analysis.format_targets(analysis.summarize([r for r in runs if r["mode"] == "alone"])), "")


class OdopRunArguments(unittest.TestCase):
    def test_every_policy_mode_and_the_sequential_replay_have_odop_run_arguments(self):
        for mode in analysis.POLICIES + ("static",):
            arguments = analysis.ODOP_RUN_ARGUMENTS[mode]
            self.assertEqual(arguments[0], "--policy", mode)
        self.assertIn("reserved", analysis.ODOP_RUN_ARGUMENTS["odop-reserved"])
        self.assertNotIn("odop-reserved", analysis.DEFAULT_MODES)


class StepTimes(unittest.TestCase):
    LAMMPS_LOG = """LAMMPS (2 Aug 2023)
Step Temp CPU
       0            3            0
      50    1.6842865    0.12
     100    1.6712577    0.25
     150    1.6444751    0.36
     200    1.6471542    0.50
     250    1.6645597    0.95
Loop time of 0.95 on 1 procs for 250 steps with 4000 atoms
"""

    def test_lammps_thermo_intervals_give_a_median_that_one_slow_interval_does_not_move(self):
        elapsed = simlogs.lammps_thermo_elapsed(self.LAMMPS_LOG.splitlines())
        self.assertEqual(elapsed, [0.0, 0.12, 0.25, 0.36, 0.50, 0.95])
        # intervals 0.12, 0.13, 0.11, 0.14 and a 0.45 dump/stall: the median stays a typical one
        self.assertAlmostEqual(simlogs.median_interval(elapsed), 0.13)

    def test_a_log_without_a_cpu_column_or_with_one_row_has_no_step_time(self):
        self.assertEqual(simlogs.lammps_thermo_elapsed(["Step Temp E_pair", "0 3 -6.7", "Loop time of 1 on 1 procs"]), [])
        self.assertIsNone(simlogs.median_interval([0.5]))

    def test_phasesim_step_time_is_its_median_compute_phase(self):
        self.assertAlmostEqual(simlogs.phasesim_step_seconds('{"wall_s": 9.1, "compute_ms_median": 41.5}'), 0.0415)
        self.assertIsNone(simlogs.phasesim_step_seconds('{"wall_s": 9.1}'))

    def test_step_slowdown_pairs_step_times_like_wall_times_and_skips_runs_without_one(self):
        runs = [run("alone", 0, 10.0, step_seconds=0.040), run("odop", 0, 10.5, step_seconds=0.041),
                run("alone", 1, 10.0, step_seconds=None), run("odop", 1, 10.0, step_seconds=0.050)]
        s = analysis.summarize(runs)["w"]["odop"]
        self.assertAlmostEqual(s["step_slowdown"]["median"], 0.025)
        self.assertEqual(s["step_slowdown"]["n"], 1)
        self.assertEqual(s["slowdown"]["n"], 2)


class Probe(unittest.TestCase):
    def test_paired_slices_compare_the_median_beside_with_the_median_alone(self):
        # "beside alone" rates; one slice pair caught a stall of the whole machine and must not decide
        lines = ["80 100", "75 100", "10 12", "80 98", "78 101", ""]
        self.assertAlmostEqual(probe.paired_slowdown(lines), 100 / 78 - 1)

    def test_no_slices_or_a_zero_rate_is_an_error_not_a_figure(self):
        with self.assertRaisesRegex(ValueError, "printed no measurements"):
            probe.paired_slowdown([])
        with self.assertRaisesRegex(ValueError, "rates must be positive"):
            probe.slowdown(100.0, 0.0)

    def test_the_machine_line_summarises_every_runs_probe_and_is_empty_without_probes(self):
        runs = [run("alone", 0, 10.0, probe_slowdown=0.02), run("odop", 0, 10.0, probe_slowdown=0.30),
                run("alone", 1, 10.0, probe_slowdown=0.04), run("odop", 1, 10.0)]
        line = analysis.format_probe(runs)
        self.assertIn("by +4.0% (median of 3 probes, +2.0..+30.0)", line)
        self.assertEqual(analysis.format_probe([run("alone", 0, 10.0)]), "")

    def test_the_machine_line_adds_the_share_a_sched_idle_loop_got_beside_a_busy_one(self):
        line = analysis.format_probe([run("alone", 0, 10.0, probe_slowdown=0.02)], share_beside_busy=0.0012)
        self.assertIn("by +2.0%", line)
        self.assertIn("got 0.12% of it beside a busy loop there", line)
        self.assertTrue(analysis.format_probe([run("alone", 0, 10.0)], share_beside_busy=0.0).startswith("a SCHED_IDLE loop"))

    def test_a_sched_idle_loop_beside_a_busy_loop_on_the_same_cpu_gets_almost_nothing(self):
        # The kernel's SCHED_IDLE weight (3 against 1024) is what gap filling relies on.
        share = probe.share_beside_busy(sorted(os.sched_getaffinity(0))[0], seconds=0.5)
        self.assertGreaterEqual(share, 0.0)
        self.assertLess(share, 0.05)

    def test_a_real_probe_on_this_machine_returns_a_finite_slowdown(self):
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) < 2:
            self.skipTest("the probe needs two CPUs")
        value = probe.cross_core_slowdown(cpus[0], cpus[1:2], pairs=4, slice_s=0.02)
        self.assertGreater(value, -0.9)
        self.assertLess(value, 20.0)


class Outputs(unittest.TestCase):
    def document(self):
        runs = [run("alone", 0, 10.0, idle_core_seconds=10.0, idle_core_seconds_free=9.0),
                run("naive", 0, 11.0, side_cpu_during_sim=9.5, side_tasks=3, odop_cpu_percent=2.5, odop_peak_rss_bytes=80 << 20)]
        return {"schema_version": analysis.SCHEMA_VERSION, "machine": {}, "config": {}, "runs": runs,
                "summary": analysis.summarize(runs)}

    def test_a_complete_document_validates(self):
        analysis.validate(self.document())

    def test_validation_names_the_missing_field(self):
        doc = self.document()
        del doc["runs"][1]["side_cpu_during_sim"]
        with self.assertRaisesRegex(ValueError, r"runs\[1\] lacks 'side_cpu_during_sim'"):
            analysis.validate(doc)
        doc = self.document()
        doc["runs"][0]["mode"] = "greedy"
        with self.assertRaisesRegex(ValueError, r"runs\[0\]\.mode 'greedy'"):
            analysis.validate(doc)

    def test_failed_runs_are_validated_and_listed_but_change_no_figure(self):
        doc = self.document()
        before = analysis.summarize(doc["runs"])
        doc["failed_runs"] = [{"workload": "w", "mode": "odop", "repetition": 1, "error": "odop run... exited 1"}]
        analysis.validate(doc)
        self.assertEqual(analysis.summarize(doc["runs"]), before)
        self.assertEqual(analysis.format_failures(doc["failed_runs"]),
                         "1 run(s) failed and are left out of the table:\n  w odop repetition 2: odop run... exited 1")
        self.assertEqual(analysis.format_failures([]), "")
        del doc["failed_runs"][0]["error"]
        with self.assertRaisesRegex(ValueError, r"failed_runs\[0\] lacks 'error'"):
            analysis.validate(doc)
        doc["failed_runs"] = [{"workload": "w", "mode": "greedy", "repetition": 0, "error": "x"}]
        with self.assertRaisesRegex(ValueError, r"failed_runs\[0\]\.mode 'greedy'"):
            analysis.validate(doc)

    def test_table_shows_slowdown_and_harvest_as_percentages(self):
        table = analysis.format_table(self.document()["summary"])
        naive = [line for line in table.splitlines() if " naive " in f" {line} "][0]
        self.assertIn("+10.0%", naive)
        self.assertIn("95%", naive)
        self.assertIn("80", naive)  # MB of RSS
        markdown = analysis.format_markdown(self.document()["summary"])
        self.assertIn("| w | naive | 11.00 | +10.0% (+10.0..+10.0) |", markdown)

    def test_svg_is_well_formed_with_a_lane_per_cpu_and_a_bar_per_pinned_task_lane(self):
        svg = svgplot.render([{
            "title": "w / odop <1>", "cpus": 2, "t0": 0.0, "t1": 10.0, "sim_end": 8.0,
            "samples": [[1.0, [1.0, 0.0]], [2.0, [0.5, 1.0]]],
            "tasks": [{"name": "cpu-burn", "start": 1.0, "end": 3.0, "cpus": [1]},
                      {"name": "io-churn", "start": 2.0, "end": 4.0, "cpus": []}],
        }])
        root = ET.fromstring(svg)
        ns = "{http://www.w3.org/2000/svg}"
        texts = [t.text for t in root.iter(ns + "text")]
        self.assertIn("w / odop <1>", texts)
        self.assertIn("CPU 0", texts)
        self.assertIn("unpinned", texts)
        self.assertEqual(len(list(root.iter(ns + "polygon"))), 2)
        bars = [r for r in root.iter(ns + "rect") if r.find(ns + "title") is not None]
        self.assertEqual(len(bars), 2)
        self.assertEqual(len(list(root.iter(ns + "line"))), 1)


if __name__ == "__main__":
    unittest.main()
