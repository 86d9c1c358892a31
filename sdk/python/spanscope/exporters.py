"""Where finished records go. The writer thread hands each exporter whole JSON lines.

An exporter raises on failure; the writer counts the lines it lost and reports them in the
trace file as a `spanscope.dropped` record. Write your own by subclassing `Exporter` and
passing it to `configure(exporters=[...])`.
"""
from __future__ import annotations

import errno
import json
import os
import urllib.request
from typing import Optional, Sequence

_MAX_WRITE = 1 << 20  # one write() per batch of whole lines, at most 1 MiB (sdk/format/README.md)


class Exporter:
    def export(self, lines: Sequence[str]) -> None:
        """Write these records (JSON text without the newline). Raise if they were not written."""
        raise NotImplementedError

    def shutdown(self) -> None:
        pass

    def after_fork(self) -> None:
        """Called in a forked child before it writes anything."""


class JsonlFileExporter(Exporter):
    """Appends lines to a JSON Lines file with O_APPEND, one write() per batch.

    On local POSIX file systems each write() lands whole, so several threads and processes
    appending to one file never interleave lines. A writer killed mid-write can leave a
    partial last line; before each batch the file's last byte is checked and, if it is not a
    newline, the batch starts with one, so a broken line never swallows the next good one.
    """

    def __init__(self, path: str):
        self.path = os.path.abspath(path)
        self.fd: Optional[int] = None
        self.readable = False

    def _open(self) -> int:
        if self.fd is None:
            d = os.path.dirname(self.path)
            if d:
                os.makedirs(d, exist_ok=True)
            flags = os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
            try:  # read access lets us check the last byte with pread on the same descriptor
                self.fd, self.readable = os.open(self.path, os.O_RDWR | flags, 0o644), True
            except PermissionError:
                self.fd, self.readable = os.open(self.path, os.O_WRONLY | flags, 0o644), False
        return self.fd

    def _needs_newline(self, fd: int) -> bool:
        if not self.readable:
            return False
        try:
            size = os.fstat(fd).st_size
            return size > 0 and os.pread(fd, 1, size - 1) != b"\n"
        except OSError:
            return False

    def export(self, lines: Sequence[str]) -> None:
        try:
            self._export(lines)
        except OSError:
            self.shutdown()  # reopen on the next batch: the file may be back (or replaced)
            raise

    def _export(self, lines: Sequence[str]) -> None:
        fd = self._open()
        # One buffer for the batch, cut into writes of at most 1 MiB of whole lines: each
        # write() gives up the GIL, and a writer thread that gives it up often waits a switch
        # interval (5 ms) each time to get it back, falling behind a busy program.
        data = "\n".join([*lines, ""]).encode("utf-8", "surrogatepass")  # no second copy for the last newline
        if self._needs_newline(fd):
            data = b"\n" + data
        self._write_lines(fd, data)

    def _write_lines(self, fd: int, data: bytes) -> None:
        view = memoryview(data)
        n, start = len(data), 0
        while start < n:  # whole lines, at most 1 MiB per write (a longer line goes alone)
            end = start + _MAX_WRITE
            if end >= n:
                end = n
            else:
                cut = data.rfind(b"\n", start, end)
                end = (cut if cut >= 0 else data.find(b"\n", end)) + 1
            self._write(fd, view[start:end])
            start = end

    def _write(self, fd: int, data: memoryview) -> None:
        while len(data):
            try:
                n = os.write(fd, data)
            except InterruptedError:
                continue
            if n <= 0:
                raise OSError(errno.EIO, "write returned %d" % n)
            data = data[n:]

    def shutdown(self) -> None:
        if self.fd is not None:
            try:
                os.close(self.fd)
            except OSError:
                pass
            self.fd = None


class OtlpHttpExporter(Exporter):
    """POSTs records as OTLP/HTTP JSON (`ExportTraceServiceRequest`) to `<endpoint>/v1/traces`."""

    # After a failure the collector is skipped for this long, so an unreachable endpoint
    # costs one timeout per period instead of one per batch (the file keeps every record).
    BACKOFF_SECONDS = 30.0

    def __init__(self, endpoint: str, headers: Optional[dict] = None, full_url: bool = False, timeout: Optional[float] = None):
        endpoint = endpoint.rstrip("/")
        self.url = endpoint if full_url or endpoint.endswith("/v1/traces") else endpoint + "/v1/traces"
        self.headers = {"Content-Type": "application/json", **(headers or {})}
        if timeout is None:
            ms = os.environ.get("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT") or os.environ.get("OTEL_EXPORTER_OTLP_TIMEOUT")
            try:
                timeout = float(ms) / 1000 if ms else 10.0
            except ValueError:
                timeout = 10.0
        self.timeout = timeout
        self.down_until = 0.0

    def export(self, lines: Sequence[str]) -> None:
        import time

        if time.monotonic() < self.down_until:
            raise OSError("OTLP collector at %s unavailable (retrying after a pause)" % self.url)
        try:
            self._post(lines)
        except Exception:
            self.down_until = time.monotonic() + self.BACKOFF_SECONDS
            raise

    def _post(self, lines: Sequence[str]) -> None:
        from ._otlp import to_otlp_request
        from ._config import settings

        request = to_otlp_request([json.loads(line) for line in lines], settings.service)
        if not request["resourceSpans"]:
            return  # only `running` start records: OTLP has no open spans
        body = json.dumps(request).encode("utf-8")
        req = urllib.request.Request(self.url, data=body, headers=self.headers, method="POST")
        with urllib.request.urlopen(req, timeout=self.timeout) as resp:
            resp.read()
