"""Python client for the odop agent: simulations enqueue side-task executions.

    from odop_client import OdopClient
    with OdopClient() as odop:                      # $ODOP_AGENT or the default socket
        odop.enqueue("heat-summary", {"input": "/scratch/out/step_0001_rank_0.json", "step": 1})

The gRPC stubs are generated from src/Odop.Protocol/Protos on first import
when build.sh has not done so (see ``odop_client.generate``).
"""

from .client import OdopClient, OdopError, message_to_dict, state_name, state_value
from .endpoint import default_socket, resolve_endpoint

__all__ = ["OdopClient", "OdopError", "resolve_endpoint", "default_socket",
           "message_to_dict", "state_name", "state_value"]
