"""Locate (or generate on first use) the odop.v1 stubs and import them.

Lookup order: ``<package>/_generated`` (what build.sh fills), then the cache
``$XDG_CACHE_HOME/odop/python-stubs`` (default ``~/.cache/odop/python-stubs``).
If neither holds stubs for the current .proto files, they are generated into
the package directory when it is writable, else into the cache.
The chosen root goes on ``sys.path`` so the stubs' own ``odop.v1`` imports resolve.
"""

import os
import sys
from pathlib import Path

from . import generate as _gen


def cache_root():
    """The per-user cache directory used when the package directory is read-only."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "odop" / "python-stubs"


def _writable(root):
    parent = root if root.exists() else root.parent
    return os.access(parent, os.W_OK | os.X_OK)


def stubs_dir():
    """The directory holding ``odop/v1/*_pb2*.py``, generating it if needed."""
    roots = [_gen.DEFAULT_OUT, cache_root()]
    for root in roots:
        found = _gen.find_existing(root)
        if found is not None:
            return found
    target = roots[0] if _writable(roots[0]) else roots[1]
    try:
        return _gen.generate(target)
    except (OSError, RuntimeError, ImportError) as e:
        raise ImportError(
            f"odop_client: no generated odop.v1 stubs and generating them into {target} failed: {e}. "
            "Run `/usr/bin/python3 -m odop_client.generate` from src/python (needs grpc_tools).") from e


def load():
    """Import and return (common_pb2, queue_pb2, queue_pb2_grpc, executions_pb2, executions_pb2_grpc)."""
    root = str(stubs_dir())
    if root not in sys.path:
        sys.path.insert(0, root)
    from odop.v1 import common_pb2, executions_pb2, executions_pb2_grpc, queue_pb2, queue_pb2_grpc
    return common_pb2, queue_pb2, queue_pb2_grpc, executions_pb2, executions_pb2_grpc
