"""Generate the odop.v1 Python stubs from the repository's .proto files.

The stubs land in ``<root>/v-<fingerprint>/odop/v1/*_pb2*.py``, where the
fingerprint hashes the .proto files and the protobuf runtime version: a
changed contract or runtime gets a fresh directory instead of stale code.
Each directory is built under a temporary name and renamed into place, so
MPI ranks importing the package at the same moment never see half a tree.

Run by build.sh (from ``src/python``)::

    /usr/bin/python3 -m odop_client.generate [--out DIR] [--proto-dir DIR]

Needs ``grpc_tools`` only when stubs have to be generated.

Debian's python3-grpc-tools bundles a protoc too old for proto3 ``optional``,
so each ``optional T name = N;`` is first rewritten to
``oneof _name { T name = N; }`` -- the synthetic oneof that proto3 optional
stands for: the same wire format, and ``HasField("name")`` works the same.
"""

import argparse
import hashlib
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = PACKAGE_DIR / "_generated"
_COMPLETE = ".complete"
_REWRITE_VERSION = b"optional-as-oneof-1"  # bump when the proto rewrite changes
_OPTIONAL = re.compile(r"^(\s*)optional\s+([\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;", re.MULTILINE)


def proto_dir():
    """The directory holding ``odop/v1/*.proto``: $ODOP_PROTO_DIR, else the repository's."""
    env = os.environ.get("ODOP_PROTO_DIR")
    if env:
        return Path(env)
    return PACKAGE_DIR.parent.parent / "Odop.Protocol" / "Protos"


def _proto_files(protos):
    return sorted((protos / "odop" / "v1").glob("*.proto"))


def fingerprint(protos):
    """Hash of the .proto files and the protobuf runtime version; None if no protos are found."""
    files = _proto_files(protos)
    if not files:
        return None
    import google.protobuf

    digest = hashlib.sha256(google.protobuf.__version__.encode() + _REWRITE_VERSION)
    for f in files:
        digest.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def rewrite_optional(text):
    """Turn proto3 ``optional`` fields into the equivalent one-field oneof."""
    return _OPTIONAL.sub(r"\1oneof _\3 { \2 \3 = \4; }", text)


def find_existing(out_root, protos=None):
    """The complete stub directory under out_root matching the protos, or None.

    Without .proto files (a copied package), any complete directory will do,
    the most recent first.
    """
    out_root = Path(out_root)
    fp = fingerprint(protos or proto_dir())
    if fp is not None:
        d = out_root / ("v-" + fp)
        return d if (d / _COMPLETE).exists() else None
    found = sorted(out_root.glob("v-*/" + _COMPLETE), key=lambda p: p.stat().st_mtime, reverse=True)
    return found[0].parent if found else None


def generate(out_root=DEFAULT_OUT, protos=None):
    """Generate the stubs under out_root (if not already there) and return their directory."""
    protos = Path(protos or proto_dir())
    fp = fingerprint(protos)
    if fp is None:
        raise FileNotFoundError(f"no odop/v1/*.proto under {protos} (set ODOP_PROTO_DIR)")
    out_root = Path(out_root)
    target = out_root / ("v-" + fp)
    if (target / _COMPLETE).exists():
        return target

    from grpc_tools import protoc  # imported late: only generation needs it

    out_root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="tmp-", dir=out_root))
    try:
        src = tmp / "proto"
        (src / "odop" / "v1").mkdir(parents=True)
        names = []
        for f in _proto_files(protos):
            name = f"odop/v1/{f.name}"
            (src / name).write_text(rewrite_optional(f.read_text()))
            names.append(name)
        stubs = tmp / "stubs"
        stubs.mkdir()
        include = Path(protoc.__file__).parent / "_proto"  # google/protobuf/*.proto
        args = ["grpc_tools.protoc", f"-I{src}", f"-I{include}",
                f"--python_out={stubs}", f"--grpc_python_out={stubs}"]
        cwd = os.getcwd()
        os.chdir(src)  # old protoc wants file names relative to the current directory
        try:
            rc = protoc.main(args + names)
        finally:
            os.chdir(cwd)
        if rc != 0:
            raise RuntimeError(f"grpc_tools.protoc failed with exit code {rc}")
        for pkg in (stubs / "odop", stubs / "odop" / "v1"):
            (pkg / "__init__.py").touch()
        (stubs / _COMPLETE).write_text(fp + "\n")
        try:
            os.rename(stubs, target)
        except OSError:
            if not (target / _COMPLETE).exists():  # not a lost race with another process
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m odop_client.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output root (default: %(default)s)")
    parser.add_argument("--proto-dir", default=None, help="directory holding odop/v1/*.proto")
    args = parser.parse_args(argv)
    try:
        path = generate(args.out, args.proto_dir)
    except (OSError, RuntimeError, ImportError) as e:
        print(f"odop_client.generate: {e}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
