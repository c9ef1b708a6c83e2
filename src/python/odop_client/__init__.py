"""Python client for the odop agent: simulations enqueue side-task executions.

    from odop_client import OdopClient
    with OdopClient() as odop:                      # $ODOP_AGENT or the default socket
        odop.enqueue("heat-summary", {"input": "/scratch/out/step_0001_rank_0.json", "step": 1})

The gRPC stubs are generated from src/Odop.Protocol/Protos on first use of the
client when build.sh has not done so (see ``odop_client.generate``).
"""

from .endpoint import default_socket, resolve_endpoint

_FROM_CLIENT = ("OdopClient", "OdopError", "message_to_dict", "state_name", "state_value")


def __getattr__(name):
    # The client (and with it the stubs, generated if missing) loads on first use, so that
    # `python3 -m odop_client.generate` and `odop_client.endpoint` work without stubs.
    if name in _FROM_CLIENT:
        from . import client
        return getattr(client, name)
    raise AttributeError(f"module 'odop_client' has no attribute {name!r}")


__all__ = ["OdopClient", "OdopError", "resolve_endpoint", "default_socket",
           "message_to_dict", "state_name", "state_value"]
