"""WSGI and ASGI middleware over real sockets: a client span calls a server on 127.0.0.1 and
the server's spans join the client's trace."""
from __future__ import annotations

import asyncio
import threading
import unittest
import urllib.error
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

from spanscope import current_span, span
from spanscope.middleware import AsgiMiddleware, WsgiMiddleware
from spanscope.propagation import inject

from .support import TraceFileTest, assert_tree


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def wsgi_app(environ: dict, start_response):  # type: ignore[no-untyped-def]
    if environ["PATH_INFO"] == "/fail":
        start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
        return [b"no"]
    with span("db lookup", "retriever") as s:
        s.set_outputs({"rows": 1})
    current_span().set_metadata(handled=True)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello ", b"world"]


def _call(url: str) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers=inject({}))
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class Wsgi(TraceFileTest):
    def test_server_spans_join_the_client_trace(self) -> None:
        server = make_server("127.0.0.1", 0, WsgiMiddleware(wsgi_app), handler_class=_Quiet)
        t = threading.Thread(target=server.serve_forever, daemon=True)
        t.start()
        try:
            base = "http://127.0.0.1:%d" % server.server_port
            with span("client", "agent") as client:
                self.assertEqual(_call(base + "/hello?x=1"), (200, b"hello world"))
                self.assertEqual(_call(base + "/fail")[0], 500)
        finally:
            server.shutdown()
            server.server_close()
        spans = self.spans()
        ok = [s for s in spans if s["name"] == "GET /hello"][0]
        fail = [s for s in spans if s["name"] == "GET /fail"][0]
        db = [s for s in spans if s["name"] == "db lookup"][0]
        for s in (ok, fail, db):
            self.assertEqual(s["trace_id"], client.trace_id)
        self.assertEqual((ok["parent_id"], fail["parent_id"], db["parent_id"]), (client.id, client.id, ok["id"]))
        self.assertEqual(ok["inputs"], {"method": "GET", "path": "/hello", "query": "x=1"})
        self.assertEqual(ok["outputs"], {"status_code": 200})
        self.assertTrue(ok["metadata"]["handled"])
        self.assertEqual((fail["status"], fail["error"]["message"]), ("error", "HTTP 500"))
        assert_tree(self, [s for s in spans if s["parent_id"] != client.id])


async def asgi_app(scope: dict, receive, send) -> None:  # type: ignore[no-untyped-def]
    body = (await receive()).get("body", b"")
    with span("tool call", "tool") as s:
        await asyncio.sleep(0)
        s.set_inputs({"body": body.decode()})
    if scope["path"] == "/boom":
        raise RuntimeError("handler crashed")
    await send({"type": "http.response.start", "status": 201, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"created"})


async def _serve_asgi(app, ready: "threading.Event", holder: dict) -> None:  # type: ignore[no-untyped-def]
    """A minimal HTTP/1.1 server driving an ASGI app: enough for real requests from urllib."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ")
        headers = [tuple(l.split(":", 1)) for l in lines[1:] if ":" in l]
        hdrs = [(k.strip().lower().encode(), v.strip().encode()) for k, v in headers]
        length = int(dict(hdrs).get(b"content-length", b"0"))
        body = await reader.readexactly(length) if length else b""
        path, _, query = target.partition("?")
        scope = {"type": "http", "method": method, "path": path, "query_string": query.encode(), "headers": hdrs}
        out: dict = {"status": 500, "body": b""}

        async def receive() -> dict:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(msg: dict) -> None:
            if msg["type"] == "http.response.start":
                out["status"] = msg["status"]
            else:
                out["body"] += msg.get("body", b"")

        try:
            await app(scope, receive, send)
        except Exception:
            out = {"status": 500, "body": b"error"}
        writer.write(b"HTTP/1.1 %d X\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % (out["status"], len(out["body"])) + out["body"])
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    holder["port"] = server.sockets[0].getsockname()[1]
    holder["stop"] = asyncio.Event()
    holder["loop"] = asyncio.get_running_loop()
    ready.set()
    async with server:
        await holder["stop"].wait()


class Asgi(TraceFileTest):
    def test_server_spans_join_the_client_trace_and_errors_are_recorded(self) -> None:
        ready, holder = threading.Event(), {}
        t = threading.Thread(target=lambda: asyncio.run(_serve_asgi(AsgiMiddleware(asgi_app), ready, holder)), daemon=True)
        t.start()
        self.assertTrue(ready.wait(10))
        base = "http://127.0.0.1:%d" % holder["port"]
        try:
            with span("client", "agent") as client:
                req = urllib.request.Request(base + "/items", data=b"payload", headers=inject({}), method="POST")
                with urllib.request.urlopen(req, timeout=10) as resp:
                    self.assertEqual((resp.status, resp.read()), (201, b"created"))
                self.assertEqual(_call(base + "/boom")[0], 500)
        finally:
            holder["loop"].call_soon_threadsafe(holder["stop"].set)
            t.join(10)
        spans = self.spans()
        post = [s for s in spans if s["name"] == "POST /items"][0]
        boom = [s for s in spans if s["name"] == "GET /boom"][0]
        tools = [s for s in spans if s["name"] == "tool call"]
        self.assertEqual((post["parent_id"], post["trace_id"]), (client.id, client.trace_id))
        self.assertEqual(post["outputs"], {"status_code": 201})
        self.assertEqual((boom["status"], boom["error"]["type"], boom["error"]["message"]), ("error", "RuntimeError", "handler crashed"))
        self.assertEqual(sorted(s["parent_id"] for s in tools), sorted([post["id"], boom["id"]]))
        self.assertEqual([s["inputs"] for s in tools if s["parent_id"] == post["id"]], [{"body": "payload"}])


if __name__ == "__main__":
    unittest.main()
