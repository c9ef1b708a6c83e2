"""OdopClient: enqueue side-task executions and look at them, over the agent's gRPC API."""

import json
import os
import uuid

import grpc

from . import _stubs
from .endpoint import resolve_endpoint

(_common, _queue, _queue_grpc, _executions, _executions_grpc) = _stubs.load()

_STATE_PREFIX = "EXECUTION_STATE_"


class OdopError(Exception):
    """A failed call to the agent.

    ``code`` is the ``grpc.StatusCode`` (``code.name`` reads e.g. ``"NOT_FOUND"``),
    ``details`` the agent's message, ``endpoint`` the target that was called.
    """

    def __init__(self, code, details, endpoint=None):
        self.code = code
        self.details = details or ""
        self.endpoint = endpoint
        name = getattr(code, "name", str(code))
        msg = f"odop agent at {endpoint}: {name}: {self.details}" if endpoint else f"{name}: {self.details}"
        if code == grpc.StatusCode.UNAVAILABLE:
            msg += " (is the agent running? ODOP_AGENT names its endpoint)"
        super().__init__(msg)


def state_name(value):
    """``ExecutionState`` number -> ``"queued"``, ``"running"``, ..."""
    name = _common.ExecutionState.Name(value)
    return name[len(_STATE_PREFIX):].lower()


def state_value(state):
    """``"queued"`` / ``"QUEUED"`` / ``"EXECUTION_STATE_QUEUED"`` / a number -> the enum number."""
    if isinstance(state, int):
        return state
    name = str(state).upper()
    if not name.startswith(_STATE_PREFIX):
        name = _STATE_PREFIX + name
    try:
        return _common.ExecutionState.Value(name)
    except ValueError:
        raise ValueError(f"unknown execution state {state!r}") from None


def message_to_dict(msg):
    """A protobuf message as plain Python: enums as lower-case names, unset optionals as None,
    int64 as int (not strings, unlike json_format), and ``*_json`` fields also parsed."""
    out = {}
    for field in msg.DESCRIPTOR.fields:
        value = getattr(msg, field.name)
        if field.label == field.LABEL_REPEATED:
            value = [message_to_dict(v) if field.message_type else _scalar(field, v) for v in value]
        elif field.message_type:
            value = message_to_dict(value) if msg.HasField(field.name) else None
        elif field.containing_oneof is not None and not msg.HasField(field.name):
            value = None  # proto3 optional, not set
        else:
            value = _scalar(field, value)
        out[field.name] = value
        if field.name.endswith("_json") and isinstance(value, str):
            out[field.name[:-len("_json")]] = json.loads(value) if value else None
    return out


def _scalar(field, value):
    if field.enum_type is not None and field.enum_type.name == "ExecutionState":
        return state_name(value)
    if field.enum_type is not None:
        return field.enum_type.values_by_number[value].name if value in field.enum_type.values_by_number else value
    return value


EXECUTION_CLASSES = ("exclusive", "normal", "background")


def _element(task_id, execution_option=None, execution_id=None, priority=None, execution_class=None, after=None, after_mode=None):
    if not task_id:
        raise ValueError("task_id is required (a profile's task_id or metadata.name)")
    option = {} if execution_option is None else execution_option
    if not isinstance(option, dict):
        raise TypeError(f"execution_option must be a dict, not {type(option).__name__}")
    element = _queue.QueueElement(
        execution_id=str(execution_id) if execution_id else str(uuid.uuid4()),
        task_id=str(task_id),
        execution_metadata_json=json.dumps({"execution_option": option}, allow_nan=False),
    )
    if priority is not None:
        element.priority = int(priority)
    if execution_class is not None:
        if execution_class not in EXECUTION_CLASSES:
            raise ValueError(f"execution_class must be one of {', '.join(EXECUTION_CLASSES)}, not {execution_class!r}")
        element.execution_class = execution_class
    if after:
        element.after.extend(str(a) for a in after)
    if after_mode is not None:
        if after_mode not in ("afterok", "afterany"):
            raise ValueError(f"after_mode: {after_mode!r} is not one of afterok, afterany")
        element.after_mode = after_mode
    return element


class OdopClient:
    """A connection to the odop agent.

    ``endpoint``: see ``resolve_endpoint`` (argument, else $ODOP_AGENT, else the default
    per-user socket). ``timeout``: seconds allowed to each call. ``token``: a bearer token
    (argument, else $ODOP_TOKEN; none needed on the agent's own user's Unix socket).
    Usable as a context manager. Every failed call raises ``OdopError``.
    """

    def __init__(self, endpoint=None, timeout=10.0, token=None):
        self.target = resolve_endpoint(endpoint)
        self.timeout = timeout
        token = token or os.environ.get("ODOP_TOKEN", "").strip()
        self._metadata = (("authorization", f"Bearer {token}"),) if token else None
        self._channel = grpc.insecure_channel(self.target)
        self._queue = _queue_grpc.QueueStub(self._channel)
        self._executions = _executions_grpc.ExecutionsStub(self._channel)

    def _call(self, method, request):
        try:
            return method(request, timeout=self.timeout, metadata=self._metadata)
        except grpc.RpcError as e:
            raise OdopError(e.code(), e.details(), self.target) from None

    def enqueue(self, task_id, execution_option=None, execution_id=None, priority=None, execution_class=None,
                after=None, after_mode=None):
        """Queue one execution of ``task_id`` and return its execution id.

        ``execution_option`` (a JSON-serialisable dict) reaches the task as keyword
        arguments, with JSON types kept. ``execution_id`` defaults to a new uuid4; giving
        the same id again is idempotent (the agent returns the existing execution).
        ``priority`` overrides the profile's priority; ``execution_class`` ("exclusive",
        "normal" or "background") overrides the profile's class. ``after``: execution ids this one waits
        for; ``after_mode``: ``"afterok"`` (default: run only if all succeeded, else skipped)
        or ``"afterany"`` (run once all have ended).
        """
        element = _element(task_id, execution_option, execution_id, priority, execution_class, after, after_mode)
        reply = self._call(self._queue.Enqueue, _queue.EnqueueRequest(element=element))
        return reply.execution_id or element.execution_id

    def enqueue_batch(self, elements):
        """Queue several executions at once, all or nothing; return their execution ids in order.

        Each element is a dict with ``task_id`` and optionally ``execution_option``,
        ``execution_id``, ``priority``, ``execution_class``, ``after`` and ``after_mode`` (the arguments of ``enqueue``).
        """
        built = []
        for i, e in enumerate(elements):
            unknown = set(e) - {"task_id", "execution_option", "execution_id", "priority", "execution_class", "after", "after_mode"}
            if unknown:
                raise ValueError(f"element {i}: unknown keys {sorted(unknown)}")
            built.append(_element(**e))
        reply = self._call(self._queue.EnqueueBatch, _queue.EnqueueBatchRequest(elements=built))
        return [r.execution_id or b.execution_id for r, b in zip(reply.results, built)]

    def get(self, execution_id):
        """One execution as a dict (state as ``"queued"``, ``"running"``, ...; see ``message_to_dict``)."""
        return message_to_dict(self._call(self._executions.Get, _executions.ExecutionRef(execution_id=execution_id)))

    def set_priority(self, execution_id, priority):
        """Give a queued execution a new priority (higher runs first); returns the execution as a dict."""
        request = _executions.SetPriorityRequest(execution_id=execution_id, priority=int(priority))
        return message_to_dict(self._call(self._executions.SetPriority, request))

    def list(self, states=None, task_id=None):
        """Executions as dicts, optionally only those in ``states`` (names such as ``"queued"``) or of one task."""
        request = _executions.ListExecutionsRequest(
            states=[state_value(s) for s in (states or [])], task_id=task_id or "")
        return [message_to_dict(e) for e in self._call(self._executions.List, request).executions]

    def close(self):
        """Close the channel."""
        self._channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
