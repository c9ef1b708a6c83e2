"""Tests of the Python odop client against an in-process fake agent on a Unix socket.

Run: /usr/bin/python3 -m unittest discover -s tests/python -v
"""

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest
import uuid
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src" / "python"))

import grpc  # noqa: E402

import fake_agent  # noqa: E402
import odop_client  # noqa: E402
from odop_client import OdopClient, OdopError, _stubs, resolve_endpoint  # noqa: E402
from odop_client import __main__ as cli  # noqa: E402
from odop_client import generate as gen  # noqa: E402


class WithFakeAgent(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.socket = os.path.join(self.tmp.name, "agent.sock")
        self.server, self.agent = fake_agent.serve(self.socket)
        self.client = OdopClient("unix://" + self.socket, timeout=5)

    def tearDown(self):
        self.client.close()
        self.server.stop(0)
        self.tmp.cleanup()


class EnqueueTests(WithFakeAgent):
    def test_enqueue_sends_task_option_json_and_a_new_uuid4(self):
        option = {"input": "/out/step_0001_rank_0.json", "step": 1, "scale": 0.5, "flag": True,
                  "tags": [1, "a"], "nested": {"k": None}}
        eid = self.client.enqueue("heat-summary", option)

        (sent,) = self.agent.received
        self.assertEqual(sent.task_id, "heat-summary")
        self.assertEqual(sent.execution_id, eid)
        self.assertEqual(uuid.UUID(eid).version, 4)
        self.assertFalse(sent.HasField("priority"))
        metadata = json.loads(sent.execution_metadata_json)
        self.assertEqual(metadata, {"execution_option": option})
        self.assertIs(type(metadata["execution_option"]["step"]), int)
        self.assertIs(type(metadata["execution_option"]["scale"]), float)

    def test_enqueue_without_option_sends_an_empty_option_object(self):
        self.client.enqueue("t")
        self.assertEqual(json.loads(self.agent.received[0].execution_metadata_json), {"execution_option": {}})

    def test_priority_zero_is_sent_as_set(self):
        self.client.enqueue("t", priority=0)
        self.assertTrue(self.agent.received[0].HasField("priority"))
        self.assertEqual(self.agent.received[0].priority, 0)

    def test_execution_class_is_sent_when_given_and_checked_before_the_call(self):
        self.client.enqueue("t")
        self.client.enqueue("t", execution_class="exclusive")
        self.assertFalse(self.agent.received[0].HasField("execution_class"))
        self.assertEqual(self.agent.received[1].execution_class, "exclusive")
        with self.assertRaises(ValueError):
            self.client.enqueue("t", execution_class="vip")
        self.assertEqual(len(self.agent.received), 2)

    def test_set_priority_returns_the_execution_and_an_unknown_id_is_not_found(self):
        eid = self.client.enqueue("t")
        self.assertEqual(self.client.set_priority(eid, 7)["priority"], 7)
        with self.assertRaises(OdopError) as caught:
            self.client.set_priority(str(uuid.uuid4()), 1)
        self.assertEqual(caught.exception.code, grpc.StatusCode.NOT_FOUND)

    def test_given_execution_id_is_sent_and_repeating_it_is_idempotent(self):
        eid = "3f1c6a52-9d7e-4f1e-8a57-0c1d2e3f4a5b"
        self.assertEqual(self.client.enqueue("t", {"a": 1}, execution_id=eid), eid)
        self.assertEqual(self.client.enqueue("t", {"a": 1}, execution_id=eid), eid)
        self.assertEqual([e.execution_id for e in self.agent.received], [eid, eid])
        self.assertEqual(len(self.agent.executions), 1)

    def test_enqueue_batch_sends_all_elements_in_order(self):
        ids = self.client.enqueue_batch([
            {"task_id": "a", "execution_option": {"step": 1}},
            {"task_id": "b", "execution_option": {"step": 2}, "execution_id": "id-2", "priority": 7},
        ])
        self.assertEqual(len(ids), 2)
        self.assertEqual(ids[1], "id-2")
        self.assertEqual([e.task_id for e in self.agent.received], ["a", "b"])
        self.assertEqual(self.agent.received[1].priority, 7)
        self.assertEqual(json.loads(self.agent.received[0].execution_metadata_json)["execution_option"]["step"], 1)

    def test_after_and_after_mode_are_sent_with_the_element(self):
        first = self.client.enqueue("a")
        self.client.enqueue("b", after=[first], after_mode="afterany")
        self.client.enqueue_batch([{"task_id": "c", "after": [first]}])
        self.assertEqual(list(self.agent.received[1].after), [first])
        self.assertEqual(self.agent.received[1].after_mode, "afterany")
        self.assertEqual(list(self.agent.received[2].after), [first])
        self.assertEqual(self.agent.received[2].after_mode, "")
        with self.assertRaises(ValueError):
            self.client.enqueue("d", after=[first], after_mode="afterall")

    def test_bad_arguments_fail_before_any_call(self):
        with self.assertRaises(ValueError):
            self.client.enqueue("")
        with self.assertRaises(TypeError):
            self.client.enqueue("t", ["not", "a", "dict"])
        with self.assertRaises(TypeError):
            self.client.enqueue("t", {"x": object()})
        with self.assertRaises(ValueError):
            self.client.enqueue_batch([{"task_id": "t", "options": {}}])
        self.assertEqual(self.agent.received, [])


class ExecutionsTests(WithFakeAgent):
    def test_get_returns_plain_dict_with_state_name_and_parsed_metadata(self):
        eid = self.client.enqueue("t", {"step": 3})
        ex = self.client.get(eid)
        self.assertEqual(ex["execution_id"], eid)
        self.assertEqual(ex["state"], "queued")
        self.assertEqual(ex["execution_metadata"], {"execution_option": {"step": 3}})
        self.assertIsNone(ex["exit_code"])
        self.assertIsNone(ex["placement"])
        self.assertIsInstance(ex["enqueued_at_unix_ms"], int)
        self.assertEqual(ex["transitions"], [])

    def test_list_filters_by_state_names(self):
        self.client.enqueue("t")
        self.assertEqual(len(self.client.list()), 1)
        self.assertEqual(len(self.client.list(states=["queued"])), 1)
        self.assertEqual(self.client.list(states=["RUNNING", "EXECUTION_STATE_PAUSED"]), [])
        with self.assertRaises(ValueError):
            self.client.list(states=["sleeping"])


class ErrorTests(WithFakeAgent):
    def test_agent_status_becomes_odop_error_with_code_and_details(self):
        with self.assertRaises(OdopError) as cm:
            self.client.enqueue("missing")
        self.assertEqual(cm.exception.code, grpc.StatusCode.NOT_FOUND)
        self.assertIn("no task profile", cm.exception.details)
        self.assertIn("NOT_FOUND", str(cm.exception))

    def test_get_unknown_is_not_found(self):
        with self.assertRaises(OdopError) as cm:
            self.client.get("nope")
        self.assertEqual(cm.exception.code, grpc.StatusCode.NOT_FOUND)

    def test_batch_error_maps_code(self):
        with self.assertRaises(OdopError) as cm:
            self.client.enqueue_batch([{"task_id": "ok"}, {"task_id": "missing"}])
        self.assertEqual(cm.exception.code, grpc.StatusCode.INVALID_ARGUMENT)

    def test_no_agent_is_unavailable(self):
        with OdopClient(os.path.join(self.tmp.name, "none.sock"), timeout=2) as c:
            with self.assertRaises(OdopError) as cm:
                c.enqueue("t")
        self.assertEqual(cm.exception.code, grpc.StatusCode.UNAVAILABLE)
        self.assertIn("agent running", str(cm.exception))


class EndpointTests(unittest.TestCase):
    def resolve(self, endpoint=None, **env):
        with mock.patch.dict(os.environ, env, clear=True):
            return resolve_endpoint(endpoint)

    def test_forms(self):
        self.assertEqual(self.resolve("unix:///run/a.sock"), "unix:///run/a.sock")
        self.assertEqual(self.resolve("unix:/run/a.sock"), "unix:///run/a.sock")
        self.assertEqual(self.resolve("/run/a.sock"), "unix:///run/a.sock")
        self.assertEqual(self.resolve("localhost:50051"), "localhost:50051")
        self.assertEqual(self.resolve("10.0.0.5:7000"), "10.0.0.5:7000")
        self.assertEqual(self.resolve("a.sock"), "unix://" + os.path.abspath("a.sock"))
        self.assertEqual(self.resolve("unix:a.sock"), "unix://" + os.path.abspath("a.sock"))

    def test_bad_forms_are_rejected(self):
        for bad in ("unix://relative.sock", "unix:", "host:port"):
            with self.assertRaises(ValueError, msg=bad):
                self.resolve(bad)

    def test_argument_wins_over_environment(self):
        self.assertEqual(self.resolve("/a.sock", ODOP_AGENT="/b.sock"), "unix:///a.sock")

    def test_environment_is_used_when_no_argument(self):
        self.assertEqual(self.resolve(ODOP_AGENT="unix:///b.sock"), "unix:///b.sock")
        self.assertEqual(self.resolve(ODOP_AGENT="node7:9000"), "node7:9000")

    def test_default_is_xdg_runtime_dir_when_it_exists(self):
        with tempfile.TemporaryDirectory() as runtime:
            self.assertEqual(self.resolve(XDG_RUNTIME_DIR=runtime, ODOP_AGENT=""),
                             f"unix://{runtime}/odop/agent.sock")

    def test_default_falls_back_to_tmp_per_uid(self):
        expected = f"unix:///tmp/odop-{os.getuid()}/agent.sock"
        self.assertEqual(self.resolve(), expected)
        self.assertEqual(self.resolve(XDG_RUNTIME_DIR="/nonexistent/run"), expected)


class CliTests(WithFakeAgent):
    def run_cli(self, *argv):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = cli.main(list(argv))
        return rc, out.getvalue(), err.getvalue()

    def test_enqueue_parses_option_values_as_json_when_possible(self):
        rc, out, _ = self.run_cli("enqueue", "heat-summary", "--endpoint", self.socket,
                                  "-o", "input=out/a.json", "--option", "step=3", "-o", "ratio=0.5",
                                  "-o", "id=\"007\"", "--execution-id", "e-1", "--priority", "2")
        self.assertEqual((rc, out.strip()), (0, "e-1"))
        (sent,) = self.agent.received
        self.assertEqual(json.loads(sent.execution_metadata_json)["execution_option"],
                         {"input": "out/a.json", "step": 3, "ratio": 0.5, "id": "007"})
        self.assertEqual(sent.priority, 2)

    def test_errors_print_a_message_and_exit_1(self):
        rc, _, err = self.run_cli("enqueue", "missing", "--endpoint", self.socket)
        self.assertEqual(rc, 1)
        self.assertIn("NOT_FOUND", err)

    def test_module_runs_as_a_program_with_odop_agent_env(self):
        env = dict(os.environ, ODOP_AGENT="unix://" + self.socket, PYTHONPATH=str(REPO / "src" / "python"))
        proc = subprocess.run([sys.executable, "-m", "odop_client", "enqueue", "t", "-o", "step=1"],
                              env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.agent.received[0].execution_id, proc.stdout.strip())

    def test_get_and_list_print_json(self):
        self.client.enqueue("t", execution_id="e-9")
        rc, out, _ = self.run_cli("get", "e-9", "--endpoint", self.socket)
        self.assertEqual((rc, json.loads(out)["state"]), (0, "queued"))
        rc, out, _ = self.run_cli("list", "--state", "queued", "--endpoint", self.socket)
        self.assertEqual([e["execution_id"] for e in json.loads(out)], ["e-9"])


class StubGenerationTests(unittest.TestCase):
    def test_generate_is_complete_and_reused(self):
        with tempfile.TemporaryDirectory() as out:
            first = gen.generate(out)
            self.assertTrue((first / "odop" / "v1" / "queue_pb2_grpc.py").exists())
            self.assertTrue((first / "odop" / "v1" / "executions_pb2.py").exists())
            self.assertEqual(gen.generate(out), first)
            self.assertEqual(gen.find_existing(out), first)
            self.assertEqual([p.name for p in Path(out).iterdir()], [first.name])  # no temp dirs left

    def test_optional_fields_become_one_field_oneofs(self):
        text = "message M {\n  optional int32 priority = 4;  // note\n  string s = 1;\n}\n"
        self.assertIn("oneof _priority { int32 priority = 4; }  // note", gen.rewrite_optional(text))

    def test_read_only_package_generates_into_the_cache(self):
        with tempfile.TemporaryDirectory() as pkg, tempfile.TemporaryDirectory() as cache:
            with mock.patch.object(gen, "DEFAULT_OUT", Path(pkg) / "_generated"), \
                    mock.patch.object(_stubs, "_writable", lambda root: False), \
                    mock.patch.dict(os.environ, {"XDG_CACHE_HOME": cache}):
                found = _stubs.stubs_dir()
            self.assertTrue(str(found).startswith(os.path.join(cache, "odop", "python-stubs")))
            self.assertFalse((Path(pkg) / "_generated").exists())

    def test_generate_command_prints_the_directory(self):
        with tempfile.TemporaryDirectory() as out:
            proc = subprocess.run([sys.executable, "-m", "odop_client.generate", "--out", out],
                                  cwd=REPO / "src" / "python", capture_output=True, text=True, timeout=120)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertTrue(Path(proc.stdout.strip(), "odop", "v1", "queue_pb2.py").exists())

    def test_package_exports(self):
        self.assertTrue(callable(odop_client.OdopClient))


if __name__ == "__main__":
    unittest.main()
