"""The background writer: a queue of finished spans, drained in batches by a daemon thread.

The hot path is a deque append (atomic under the GIL) and a length check. The writer wakes
every `flush_interval`, or when the queue passes a multiple of 1024, renders the batch and
hands it to each exporter. Nothing is dropped silently: past `max_pending` queued spans the
producer waits for room (back-pressure); only after `block_timeout` does it give a span up,
and every record that could not be written is counted and written later as a
`spanscope.dropped` record.
"""
from __future__ import annotations

import atexit
import os
import sys
import threading
from collections import deque
from typing import Any, Optional

from ._config import settings

_q: deque = deque()
_wake = threading.Event()
_room = threading.Event()
_io_lock = threading.RLock()
_state_lock = threading.Lock()
_started = False
_stopping = False
_thread: Optional[threading.Thread] = None
_exporters: Optional[list] = None
_dropped: dict[str, int] = {}
_reported: set[str] = set()
_max_pending = settings.max_pending


class _FlushMarker:
    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done = threading.Event()


def enqueue(item: Any) -> None:
    """Queue a record (None: only apply back-pressure and start the writer if needed)."""
    if item is not None:
        _q.append(item)
    n = len(_q)
    if not n & 1023 or n >= _max_pending:
        _pressure(n)
    if not _started:
        _start()


_overflow = False  # set when a wait for room timed out: the writer is stuck, stop waiting


def _pressure(n: int) -> None:
    global _overflow
    _wake.set()
    if n < _max_pending or threading.current_thread() is _thread:
        if _overflow and n < _max_pending // 2:
            _overflow = False  # the writer caught up: wait again next time
        return
    t = _thread
    if _started and (t is None or not t.is_alive()):
        _restart()  # the writer died (or never ran after a fork): a new one drains the queue
    # Back-pressure: wait for the writer to bring the queue under half the bound. After one
    # wait timed out, the writer is stuck (a hung disk): give records up at once, counted,
    # rather than stall the program for `block_timeout` on every span.
    if not _overflow:
        _room.clear()
        if len(_q) < _max_pending or _room.wait(settings.block_timeout) or len(_q) < _max_pending:
            return
        _overflow = True
        report_once("overflow", "writer made no room for %.1fs; spans beyond max_pending=%d are counted as lost"
                    % (settings.block_timeout, _max_pending))
    try:
        item = _q.pop()  # give up the newest record, and say so in the file
    except IndexError:
        return
    if type(item) is _FlushMarker:  # someone is waiting on it: keep it, drop nothing
        _q.append(item)
        return
    count_dropped(1, "writer stalled, queue full (max_pending=%d)" % _max_pending)


def _restart() -> None:
    global _started
    with _state_lock:
        _started = False
    _start()


def count_dropped(n: int, reason: str) -> None:
    with _state_lock:
        _dropped[reason] = _dropped.get(reason, 0) + n


def report_once(key: str, message: str) -> None:
    if key in _reported:
        return
    _reported.add(key)
    try:
        sys.stderr.write("spanscope: %s\n" % message)
    except Exception:
        pass


def _on_sigterm(signum: int, frame: Any) -> None:
    """SIGTERM with no handler of the program's own: write what is queued, then die of the
    signal as the default would (same exit status)."""
    import signal

    try:
        shutdown(timeout=5.0)
    finally:
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)


_sigterm_checked = False


def _install_sigterm() -> None:
    global _sigterm_checked
    _sigterm_checked = True
    try:
        import signal

        if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _on_sigterm)
    except (ValueError, OSError, AttributeError):  # not the main thread / no SIGTERM here
        pass


def _start() -> None:
    global _started, _thread, _stopping
    if not _sigterm_checked and os.environ.get("SPANSCOPE_HANDLE_SIGTERM", "1") != "0":
        _install_sigterm()
    with _state_lock:
        if _started:
            return
        _stopping = False
        _thread = threading.Thread(target=_run, name="spanscope-writer", daemon=True)
        _started = True
    try:
        _thread.start()
    except RuntimeError:  # interpreter shutdown: no new threads, so write right here
        with _state_lock:
            _started, _thread = False, None
        drain()


def _run() -> None:
    while True:
        _wake.wait(settings.flush_interval)
        _wake.clear()
        try:
            drain()
        except Exception as exc:  # never let the writer die: report and keep going
            report_once("writer:" + type(exc).__name__, "writer error: %r" % (exc,))
        if _stopping and not _q:
            return


def build_exporters() -> list:
    from .exporters import JsonlFileExporter, OtlpHttpExporter

    if settings.exporters is not None:
        return list(settings.exporters)
    out: list = []
    if settings.file:
        out.append(JsonlFileExporter(settings.file))
    if settings.otlp_endpoint:
        out.append(OtlpHttpExporter(settings.otlp_endpoint, settings.otlp_headers, settings.otlp_traces_endpoint_is_full))
    return out


_svc: tuple = ("", "")


def _service_fragment() -> str:
    """`,"service":"..."`, the same string object while the service name stays the same."""
    global _svc
    from ._jsonsafe import dumps

    if _svc[0] != settings.service:
        _svc = (settings.service, ',"service":' + dumps(settings.service))
    return _svc[1]  # type: ignore[no-any-return]


def drain() -> None:
    """Write everything queued now (writer thread, or the caller when no writer runs)."""
    global _exporters
    from ._render import render_batch

    with _io_lock:
        if _exporters is None:
            _exporters = build_exporters()
        q = _q
        popleft = q.popleft
        while q:
            svc = _service_fragment()
            items: list = []
            take = items.append
            try:
                for _ in range(min(len(q), 8192)):
                    take(popleft())
            except IndexError:  # a producer gave the newest record up (see _pressure)
                pass
            markers: list[_FlushMarker] = []
            lines = render_batch(items, svc, markers)
            del items
            if len(q) < _max_pending // 2:
                _room.set()
            _export(lines, svc)
            for m in markers:
                m.done.set()
        _room.set()


def _export(lines: list, svc: str) -> None:
    redact = settings.redact
    if redact is not None and lines:
        lines = _redacted(lines, redact)
    real = len(lines)
    counts = None
    if _dropped:
        with _state_lock:
            counts = dict(_dropped)
            _dropped.clear()
        lines.append(_dropped_record(counts, svc))
    if not lines:
        return
    failed = 0
    for exp in _exporters or ():
        try:
            exp.export(lines)
        except Exception as exc:
            failed += 1
            reason = "%s: %s" % (type(exc).__name__, exc)
            # Once per exporter: a failing disk or collector fails every batch the same way.
            report_once("export:%s" % type(exp).__name__, "%s failed: %s (lost records are counted in the file)" % (type(exp).__name__, reason))
            if real:
                count_dropped(real, "%s (%s)" % (reason, type(exp).__name__))
    if counts and failed and failed == len(_exporters or ()):
        for r, n in counts.items():  # the report itself was not written: keep it for next time
            count_dropped(n, r)


def _dropped_record(counts: dict, svc: str) -> str:
    """The `spanscope.dropped` record (sdk/format/README.md) for everything lost so far."""
    from ._clock import compact, iso, time_ns, uuid7
    from ._jsonsafe import dumps

    total = sum(counts.values())
    reason = "; ".join("%d: %s" % (n, r) for r, n in counts.items())
    ns = time_ns()
    sid = uuid7(ns)
    t = iso(ns)
    return (
        '{"id":"%s","trace_id":"%s","parent_id":null,"dotted_order":"%s%s","name":"spanscope.dropped",'
        '"span_type":"custom","start_time":"%s","end_time":"%s","status":"error","error":%s,"metadata":%s%s}'
        % (
            sid, sid, compact(ns), sid, t, t,
            dumps({"type": "SpanscopeDropped", "message": "%d span records could not be written (%s)" % (total, reason)}),
            dumps({"spanscope.dropped": total, "reason": reason}),
            svc,
        )
    )


def _redacted(lines: list, redact: Any) -> list:
    import json

    from ._jsonsafe import dumps

    out = []
    for line in lines:
        try:
            rec = redact(json.loads(line))
        except Exception as exc:
            # Never write what the hook was meant to clean: count the record as lost instead.
            count_dropped(1, "redact hook raised %s" % type(exc).__name__)
            report_once("redact", "redact hook raised %r; records it failed on are not written" % (exc,))
            continue
        if rec is not None:
            out.append(dumps(rec))
    return out


def flush(timeout: Optional[float] = 30.0) -> bool:
    """Write every span that ended before this call. True when done within `timeout`."""
    t = _thread
    if threading.current_thread() is t:
        return False
    if not _started or t is None or not t.is_alive():
        drain()
        return True
    m = _FlushMarker()
    _q.append(m)
    _wake.set()
    return m.done.wait(timeout)


def shutdown(timeout: Optional[float] = 30.0) -> None:
    """Flush, stop the writer thread and close the exporters (a later span starts them again)."""
    global _started, _stopping, _exporters, _thread
    flush(timeout)
    t = _thread
    with _state_lock:
        _stopping = True
    _wake.set()
    if t is not None and t is not threading.current_thread():
        t.join(timeout)
    with _io_lock:
        drain()
        for exp in _exporters or ():
            try:
                exp.shutdown()
            except Exception as exc:
                report_once("shutdown", "exporter shutdown failed: %r" % (exc,))
        _exporters = None
    with _state_lock:
        _started = False
        _thread = None


def reconfigure() -> None:
    """Apply new settings: write what is queued with the old exporters, then switch."""
    global _exporters, _max_pending
    flush()
    with _io_lock:
        for exp in _exporters or ():
            try:
                exp.shutdown()
            except Exception:
                pass
        _exporters = None
    _max_pending = max(1024, settings.max_pending)


def _after_fork_in_child() -> None:
    # The parent writes what it had queued; the child starts with an empty queue, fresh
    # locks and, on its first span, its own writer thread.
    global _wake, _room, _io_lock, _state_lock, _started, _thread, _stopping
    _q.clear()
    _wake, _room = threading.Event(), threading.Event()
    _io_lock, _state_lock = threading.RLock(), threading.Lock()
    _started, _thread, _stopping = False, None, False
    _dropped.clear()
    for exp in _exporters or ():
        try:
            exp.after_fork()
        except Exception:
            pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


@atexit.register
def _at_exit() -> None:
    try:
        if _q or _started:
            shutdown(timeout=30.0)
    except Exception as exc:
        report_once("atexit", "final flush failed: %r" % (exc,))
    if _dropped:  # no later batch will carry the report into the file: say it here
        total = sum(_dropped.values())
        report_once("atexit-dropped", "%d span records could not be written at exit (%s)"
                    % (total, "; ".join("%d: %s" % (n, r) for r, n in _dropped.items())))
