"""Command line: ``python3 -m odop_client enqueue TASK --option key=value ...``.

Option values are read as JSON when they parse (``step=3`` is the number 3,
``flag=true`` a boolean, ``tags=[1,2]`` a list) and as plain text otherwise
(``input=out/a.json``); quote to force text: ``id='"007"'``.
Also ``get ID`` and ``list [--state S ...]``, which print JSON.
"""

import argparse
import json
import sys

from . import OdopClient, OdopError


def parse_option(text):
    """``key=value`` -> (key, value), the value JSON-decoded when possible."""
    key, sep, raw = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"{text!r}: expected key=value")
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return key, value


def build_parser():
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--endpoint", help="agent endpoint (default: $ODOP_AGENT, else the per-user socket)")
    common.add_argument("--timeout", type=float, default=10.0, help="seconds per call (default: %(default)s)")
    p = argparse.ArgumentParser(prog="python3 -m odop_client", description="Talk to the odop agent.")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("enqueue", parents=[common], help="queue one execution of a task; prints its execution id")
    e.add_argument("task", help="task_id (UUID) or profile name")
    e.add_argument("--option", "-o", action="append", type=parse_option, default=[], metavar="KEY=VALUE",
                   help="execution option, repeatable")
    e.add_argument("--execution-id", help="execution id (default: a new uuid4); enqueue is idempotent on it")
    e.add_argument("--priority", type=int, help="override the profile's priority")

    g = sub.add_parser("get", parents=[common], help="print one execution as JSON")
    g.add_argument("execution_id")

    ls = sub.add_parser("list", parents=[common], help="print executions as JSON")
    ls.add_argument("--state", action="append", default=[], help="only this state (repeatable), e.g. queued")
    ls.add_argument("--task", help="only this task_id")
    return p


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        with OdopClient(args.endpoint, timeout=args.timeout) as client:
            if args.command == "enqueue":
                print(client.enqueue(args.task, dict(args.option), args.execution_id, args.priority))
            elif args.command == "get":
                print(json.dumps(client.get(args.execution_id), indent=2))
            else:
                print(json.dumps(client.list(args.state, args.task), indent=2))
    except (OdopError, ValueError) as e:
        print(f"odop_client: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
