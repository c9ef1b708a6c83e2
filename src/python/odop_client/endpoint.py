"""Where the odop agent listens: the ODOP_AGENT forms and the default socket."""

import os
from pathlib import Path

ENV = "ODOP_AGENT"


def default_socket():
    """``$XDG_RUNTIME_DIR/odop/agent.sock`` if that runtime dir exists, else ``/tmp/odop-<uid>/agent.sock``."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime):
        return str(Path(runtime) / "odop" / "agent.sock")
    return f"/tmp/odop-{os.getuid()}/agent.sock"


def resolve_endpoint(endpoint=None):
    """Turn an endpoint (argument, else $ODOP_AGENT, else the default socket) into a gRPC target.

    Accepted forms:
      ``unix:///abs/agent.sock``, ``unix:/abs/agent.sock``, ``unix:rel.sock`` -> ``unix:///abs/...``
      a bare socket path (``/run/odop/agent.sock``, ``./agent.sock``, ``agent.sock``) -> ``unix:///abs/...``
      ``host:port`` (and gRPC's own ``dns:``/``ipv4:``/``ipv6:`` targets) -> passed through
    """
    if endpoint is None or not str(endpoint).strip():
        endpoint = os.environ.get(ENV, "").strip() or default_socket()
    endpoint = str(endpoint).strip()
    if endpoint.startswith("unix://"):
        path = endpoint[len("unix://"):]
        if not path.startswith("/"):
            raise ValueError(f"{endpoint!r}: unix:// needs an absolute path (unix:///path/agent.sock)")
    elif endpoint.startswith("unix:"):
        path = endpoint[len("unix:"):]
    elif endpoint.startswith(("dns:", "ipv4:", "ipv6:")):
        return endpoint
    elif "/" in endpoint or ":" not in endpoint:
        path = endpoint
    else:
        host, _, port = endpoint.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"{endpoint!r}: expected unix:///path, a socket path, or host:port")
        return endpoint
    if not path:
        raise ValueError(f"{endpoint!r}: empty socket path")
    return "unix://" + os.path.abspath(os.path.expanduser(path))
