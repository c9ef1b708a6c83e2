"""Calls the agent (and the engine) as whatever user runs it; prints one status name per call.

usage: nobody_call.py REPO AGENT_SOCKET ENGINE_SOCKET [TOKEN]
"""
import sys

repo, agent_socket, engine_socket = sys.argv[1:4]
token = sys.argv[4] if len(sys.argv) > 4 else None
sys.path.insert(0, f"{repo}/src/python")
import grpc  # noqa: E402
from odop_client import OdopClient, OdopError  # noqa: E402
from odop.v1 import engine_pb2, engine_pb2_grpc  # noqa: E402  (on sys.path once odop_client loaded its stubs)

try:
    OdopClient(f"unix:{agent_socket}", timeout=10, token=token).list()
    print("agent OK")
except OdopError as e:
    print(f"agent {e.code.name} {e.details}")

try:
    engine_pb2_grpc.EngineStub(grpc.insecure_channel(f"unix:{engine_socket}")).List(engine_pb2.EngineListRequest(), timeout=10)
    print("engine OK")
except grpc.RpcError as e:
    print(f"engine {e.code().name} {e.details()}")
