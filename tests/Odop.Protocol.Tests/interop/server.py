"""Official grpcio server for Odop's C# client to call.

Usage: server.py --unix PATH | --tcp
Prints "READY <port>" (0 for a Unix socket) once it listens, then serves until killed.
The rules are those of Infrastructure/TestService.cs: Enqueue's task_id picks the behaviour,
Watch's execution_ids are [count, then] with then one of end, fail, wait.
"""
import argparse
import sys
import threading
from concurrent import futures

import grpc
from odop.v1 import common_pb2, executions_pb2, executions_pb2_grpc, queue_pb2, queue_pb2_grpc

STATUS_BY_NUMBER = {status.value[0]: status for status in grpc.StatusCode}


def wait_for_cancellation(context, seconds=30):
    done = threading.Event()
    context.add_callback(done.set)
    done.wait(seconds)


class Queue(queue_pb2_grpc.QueueServicer):
    def Enqueue(self, request, context):
        element = request.element
        reply = queue_pb2.EnqueueReply(
            execution_id=element.execution_id, created=True, state=common_pb2.EXECUTION_STATE_QUEUED)
        task = element.task_id
        if task == "status":
            context.abort(STATUS_BY_NUMBER[element.priority], element.execution_metadata_json)
        elif task == "throw":
            raise RuntimeError("secret detail")
        elif task == "wait":
            wait_for_cancellation(context)
        elif task == "header":
            reply.execution_id = dict(context.invocation_metadata()).get(element.execution_metadata_json, "")
        elif task == "size":
            reply.execution_id = "x" * element.priority
        elif task == "deadline":
            remaining = context.time_remaining()
            reply.execution_id = "set" if remaining is not None and remaining < 1e6 else "none"
        return reply


class Executions(executions_pb2_grpc.ExecutionsServicer):
    def Watch(self, request, context):
        count = int(request.execution_ids[0])
        then = request.execution_ids[1] if len(request.execution_ids) > 1 else "end"
        for i in range(count):
            yield executions_pb2.ExecutionEvent(execution=executions_pb2.Execution(execution_id=str(i)))
        if then == "fail":
            context.abort(grpc.StatusCode.ABORTED, f"failed after {count} messages")
        elif then == "wait":
            wait_for_cancellation(context)


def main():
    parser = argparse.ArgumentParser()
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--unix")
    group.add_argument("--tcp", action="store_true")
    args = parser.parse_args()

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=32))
    queue_pb2_grpc.add_QueueServicer_to_server(Queue(), server)
    executions_pb2_grpc.add_ExecutionsServicer_to_server(Executions(), server)
    if args.unix:
        server.add_insecure_port("unix:" + args.unix)
        port = 0
    else:
        port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(f"READY {port}", flush=True)
    # Ends when the test kills us or closes stdin.
    sys.stdin.read()
    server.stop(grace=1)


if __name__ == "__main__":
    main()
