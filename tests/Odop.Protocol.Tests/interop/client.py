"""Official grpcio client against Odop's C# server; prints one JSON object of results.

Usage: client.py --target unix:///path/s.sock|127.0.0.1:PORT --deadline-id ID
Needs the odop.v1 stubs (grpc_tools.protoc output) on PYTHONPATH. The service rules are those of
Infrastructure/TestService.cs (and server.py): task_id picks the behaviour.
"""
import argparse
import json
import grpc
from odop.v1 import executions_pb2, executions_pb2_grpc, queue_pb2, queue_pb2_grpc

TIMEOUT = 60  # generous: a slow shared machine must not fail a call that should succeed


def request(task_id, execution_id="e1", metadata="", priority=None):
    element = queue_pb2.QueueElement(execution_id=execution_id, task_id=task_id, execution_metadata_json=metadata)
    if priority is not None:
        element.priority = priority
    return queue_pb2.EnqueueRequest(element=element)


def unary(fn, req, timeout=TIMEOUT, metadata=None):
    try:
        reply = fn(req, timeout=timeout, metadata=metadata)
        return {"code": "OK", "execution_id": reply.execution_id, "created": reply.created}
    except grpc.RpcError as error:
        return {"code": error.code().name, "details": error.details()}


def stream(fn, req, timeout=TIMEOUT):
    ids = []
    try:
        for event in fn(req, timeout=timeout):
            ids.append(event.execution.execution_id)
        return {"code": "OK", "ids": ids}
    except grpc.RpcError as error:
        return {"code": error.code().name, "details": error.details(), "ids": ids}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--deadline-id", required=True)
    args = parser.parse_args()

    results = {}
    with grpc.insecure_channel(args.target, options=[("grpc.enable_http_proxy", 0)]) as channel:
        queue = queue_pb2_grpc.QueueStub(channel)
        executions = executions_pb2_grpc.ExecutionsStub(channel)

        results["unary_ok"] = unary(queue.Enqueue, request("echo", "py-1"))
        results["unary_status"] = unary(
            queue.Enqueue, request("status", metadata="bad input: é ✓ 100%", priority=grpc.StatusCode.INVALID_ARGUMENT.value[0]))
        results["unary_internal"] = unary(queue.Enqueue, request("throw"))
        results["deadline"] = unary(queue.Enqueue, request("wait", args.deadline_id), timeout=0.5)
        results["deadline_sent"] = unary(queue.Enqueue, request("deadline"), timeout=300)
        results["metadata"] = unary(
            queue.Enqueue, request("header", metadata="authorization"), metadata=[("authorization", "Bearer py")])

        nope = channel.unary_unary(
            "/odop.v1.Queue/Nope",
            request_serializer=queue_pb2.EnqueueRequest.SerializeToString,
            response_deserializer=queue_pb2.EnqueueReply.FromString)
        results["unimplemented"] = unary(nope, request("echo"))

        results["stream"] = stream(executions.Watch, executions_pb2.WatchRequest(execution_ids=["5", "end"]))
        results["stream_fail"] = stream(executions.Watch, executions_pb2.WatchRequest(execution_ids=["3", "fail"]))
        results["stream_empty"] = stream(executions.Watch, executions_pb2.WatchRequest(execution_ids=["0", "end"]))

        calls = [queue.Enqueue.future(request("echo", f"c{i}"), timeout=TIMEOUT) for i in range(20)]
        results["concurrent"] = [call.result().execution_id for call in calls]

    print(json.dumps(results))


if __name__ == "__main__":
    main()
