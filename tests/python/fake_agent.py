"""A tiny in-process stand-in for the odop agent's Queue and Executions services.

Used by the unit tests, and runnable on its own to watch what a simulation enqueues::

    /usr/bin/python3 tests/python/fake_agent.py /tmp/odop-fake/agent.sock [--log enqueues.jsonl]

It keeps executions in memory, is idempotent on execution_id, refuses the task
``missing`` with NOT_FOUND, and on SIGINT/SIGTERM prints how many it received.
"""

import json
import os
import signal
import sys
import threading
import time
from concurrent import futures
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src" / "python"))

import grpc  # noqa: E402

from odop_client import _stubs  # noqa: E402

common_pb2, queue_pb2, queue_pb2_grpc, executions_pb2, executions_pb2_grpc = _stubs.load()

UNKNOWN_TASK = "missing"


class FakeAgent(queue_pb2_grpc.QueueServicer, executions_pb2_grpc.ExecutionsServicer):
    """Records every QueueElement it receives (``received``) and keeps one Execution per id."""

    def __init__(self, log_path=None):
        self.lock = threading.Lock()
        self.received = []
        self.executions = {}
        self.log = open(log_path, "a") if log_path else None

    def _add(self, element):
        self.received.append(element)
        if self.log:
            self.log.write(json.dumps({"execution_id": element.execution_id, "task_id": element.task_id,
                                       "execution_metadata": json.loads(element.execution_metadata_json)}) + "\n")
            self.log.flush()
        known = self.executions.get(element.execution_id)
        if known is not None:
            return queue_pb2.EnqueueReply(execution_id=element.execution_id, created=False, state=known.state)
        ex = executions_pb2.Execution(
            execution_id=element.execution_id, task_id=element.task_id, task_name=element.task_id,
            state=common_pb2.EXECUTION_STATE_QUEUED, execution_metadata_json=element.execution_metadata_json,
            priority=element.priority, enqueued_at_unix_ms=int(time.time() * 1000))
        self.executions[element.execution_id] = ex
        return queue_pb2.EnqueueReply(execution_id=element.execution_id, created=True, state=ex.state)

    def Enqueue(self, request, context):
        if request.element.task_id == UNKNOWN_TASK:
            context.abort(grpc.StatusCode.NOT_FOUND, f"no task profile named '{UNKNOWN_TASK}'")
        with self.lock:
            return self._add(request.element)

    def EnqueueBatch(self, request, context):
        if any(e.task_id == UNKNOWN_TASK for e in request.elements):
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"element for unknown task '{UNKNOWN_TASK}'")
        with self.lock:
            return queue_pb2.EnqueueBatchReply(results=[self._add(e) for e in request.elements])

    def Get(self, request, context):
        with self.lock:
            ex = self.executions.get(request.execution_id)
        if ex is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"no execution {request.execution_id}")
        return ex

    def SetPriority(self, request, context):
        with self.lock:
            ex = self.executions.get(request.execution_id)
            if ex is not None:
                ex.priority = request.priority
        if ex is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"no execution with execution_id {request.execution_id}")
        return ex

    def List(self, request, context):
        with self.lock:
            found = [e for e in self.executions.values()
                     if (not request.states or e.state in request.states)
                     and (not request.task_id or e.task_id == request.task_id)]
        return executions_pb2.ListExecutionsReply(executions=found)


def serve(socket_path, log_path=None):
    """Start a FakeAgent on a Unix socket; returns (server, agent). Stop with server.stop(0)."""
    agent = FakeAgent(log_path)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    queue_pb2_grpc.add_QueueServicer_to_server(agent, server)
    executions_pb2_grpc.add_ExecutionsServicer_to_server(agent, server)
    if server.add_insecure_port("unix://" + os.path.abspath(socket_path)) == 0:
        raise RuntimeError(f"cannot listen on {socket_path}")
    server.start()
    return server, agent


def main(argv):
    import argparse

    p = argparse.ArgumentParser(description="fake odop agent (Queue + Executions) on a Unix socket")
    p.add_argument("socket")
    p.add_argument("--log", help="append each received element as a JSON line")
    args = p.parse_args(argv)
    Path(args.socket).parent.mkdir(parents=True, exist_ok=True)
    server, agent = serve(args.socket, args.log)
    print(f"fake agent listening on unix://{os.path.abspath(args.socket)}", flush=True)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    done.wait()
    server.stop(0)
    print(f"fake agent: {len(agent.received)} enqueues received, {len(agent.executions)} distinct executions",
          flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
