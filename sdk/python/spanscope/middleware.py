"""Server-side tracing for WSGI and ASGI apps: one span per request, continuing the caller's
trace when the request carries a W3C `traceparent`.

    app = WsgiMiddleware(app)      # Flask, Django (WSGI), any WSGI callable
    app = AsgiMiddleware(app)      # Starlette, FastAPI, Django (ASGI), any ASGI callable
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Optional

from ._site import Site, abspath
from ._span import Span, _cv_reset, _cv_set
from .propagation import extract

_SITE_CACHE: dict[str, Site] = {}


def _site(app: Any, span_type: str) -> Site:
    code = getattr(app, "__code__", None) or getattr(getattr(app, "__call__", None), "__code__", None)
    file = abspath(code.co_filename) if code is not None else None
    line = code.co_firstlineno if code is not None else None
    func = getattr(app, "__qualname__", None) or type(app).__qualname__
    return Site("http request", span_type, file, line, func)


def _finish_http(sp: Span, status: Optional[int]) -> None:
    if status is not None:
        sp.set_outputs({"status_code": status})
        sp.set_metadata({"http.status_code": status})
        if status >= 500 and sp.status != "error":
            sp.status = "error"
            sp._extra()["error"] = {"type": "HTTPError", "message": "HTTP %d" % status}


class WsgiMiddleware:
    def __init__(self, app: Callable, span_type: str = "chain"):
        self.app = app
        self.site = _site(app, span_type)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        headers = {"traceparent": environ.get("HTTP_TRACEPARENT"), "tracestate": environ.get("HTTP_TRACESTATE")}
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "") or "/"
        sp = Span(self.site, extract({k: v for k, v in headers.items() if v})).start()
        sp.set_name("%s %s" % (method, path))
        query = environ.get("QUERY_STRING")
        sp.set_inputs({"method": method, "path": path, **({"query": query} if query else {})})
        sp.set_metadata({"http.method": method, "http.target": path})
        status: list = [None]

        def traced_start_response(st: str, response_headers: list, exc_info: Any = None) -> Any:
            try:
                status[0] = int(st.split(" ", 1)[0])
            except ValueError:
                pass
            return start_response(st, response_headers, exc_info) if exc_info else start_response(st, response_headers)

        token = _cv_set(sp)
        try:
            body = self.app(environ, traced_start_response)
        except BaseException as e:
            sp.end(e)
            raise
        finally:
            _cv_reset(token)
        return _Body(body, sp, status)


class _Body:
    """The response iterable: the request's span ends when the server closes it."""

    def __init__(self, body: Iterable[bytes], sp: Span, status: list):
        self.body, self.sp, self.status = body, sp, status
        self.it: Any = None

    def __iter__(self) -> "_Body":
        self.it = iter(self.body)
        return self

    def __next__(self) -> bytes:
        token = _cv_set(self.sp)
        try:
            return next(self.it)
        except StopIteration:
            raise
        except BaseException as e:
            self.sp.record_error(e)
            raise
        finally:
            _cv_reset(token)

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            _finish_http(self.sp, self.status[0])
            self.sp.end()


class AsgiMiddleware:
    def __init__(self, app: Callable, span_type: str = "chain"):
        self.app = app
        self.site = _site(app, span_type)

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope.get("type") not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {}
        for k, v in scope.get("headers") or ():
            key = k.decode("latin-1").lower() if isinstance(k, bytes) else str(k).lower()
            if key in ("traceparent", "tracestate"):
                headers[key] = v.decode("latin-1") if isinstance(v, bytes) else str(v)
        method = scope.get("method", "WS" if scope.get("type") == "websocket" else "GET")
        path = scope.get("path", "/")
        sp = Span(self.site, extract(headers)).start()
        sp.set_name("%s %s" % (method, path))
        qs = scope.get("query_string") or b""
        sp.set_inputs({"method": method, "path": path, **({"query": qs.decode("latin-1")} if qs else {})})
        sp.set_metadata({"http.method": method, "http.target": path})
        status: list = [None]

        async def traced_send(message: dict) -> None:
            if message.get("type") == "http.response.start":
                status[0] = message.get("status")
            await send(message)

        token = _cv_set(sp)
        try:
            await self.app(scope, receive, traced_send)
        except BaseException as e:
            _finish_http(sp, status[0])
            sp.end(e)
            raise
        finally:
            _cv_reset(token)
        _finish_http(sp, status[0])
        sp.end()
