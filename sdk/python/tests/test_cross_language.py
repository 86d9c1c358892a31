"""A Python client calling a Node service, and a Node client calling a Python service, each
give one trace: both SDKs follow the propagation mapping of sdk/format/README.md. Uses the
built JS SDK (sdk/js/dist) with a real node process and real sockets."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import unittest
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

from spanscope import span
from spanscope.middleware import WsgiMiddleware
from spanscope.propagation import inject

from .support import TraceFileTest, finished, read_records

JS_SDK = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "js", "dist", "index.cjs"))
NODE = shutil.which("node")
if not (NODE and os.path.exists(JS_SDK)):
    print("\n*** SKIPPING cross-language tests: node or %s not found (run npm run build) ***" % JS_SDK)

NODE_SERVER = """
const http = require('http');
const s = require(process.argv[1]);
s.configure({ file: process.argv[2], service: 'node-svc' });
const server = http.createServer(s.wrapHttpHandler((req, res) => {
  s.span('node work', { spanType: 'tool' }, () => { res.end('from node'); });
}));
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.stdin.on('end', async () => { server.close(); await s.flush(); process.exit(0); });
process.stdin.resume();
"""

NODE_CLIENT = """
const s = require(process.argv[1]);
s.configure({ file: process.argv[2], service: 'node-client' });
const f = s.wrapFetch();
(async () => {
  await s.span('node client', { spanType: 'agent' }, async () => {
    const r = await f(process.argv[3]);
    console.log(await r.text());
  });
  await s.flush();
})();
"""


class _Quiet(WSGIRequestHandler):
    def log_message(self, *a: object) -> None:
        pass


@unittest.skipUnless(NODE and os.path.exists(JS_SDK), "node or the built JS SDK is absent")
class CrossLanguage(TraceFileTest):
    def test_python_client_to_node_service(self) -> None:
        node_file = os.path.join(self.tmp.name, "node.jsonl")
        p = subprocess.Popen([NODE, "-e", NODE_SERVER, JS_SDK, node_file], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            assert p.stdout is not None
            port = int(p.stdout.readline())
            with span("python client", "agent") as client:
                req = urllib.request.Request("http://127.0.0.1:%d/answer" % port, headers=inject({}))
                with urllib.request.urlopen(req, timeout=10) as resp:
                    self.assertEqual(resp.read(), b"from node")
        finally:
            assert p.stdin is not None and p.stdout is not None
            p.stdin.close()
            p.wait(30)
            p.stdout.close()
        node = {r["name"]: r for r in finished(read_records(node_file))}
        server = node["GET /answer"]
        self.assertEqual((server["trace_id"], server["parent_id"]), (client.trace_id, client.id))
        self.assertEqual(node["node work"]["parent_id"], server["id"])
        self.assertEqual(node["node work"]["trace_id"], client.trace_id)

    def test_node_client_to_python_service(self) -> None:
        def app(environ, start_response):  # type: ignore[no-untyped-def]
            with span("python work", "tool"):
                pass
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"from python"]

        server = make_server("127.0.0.1", 0, WsgiMiddleware(app), handler_class=_Quiet)
        t = threading.Thread(target=server.serve_forever, daemon=True)
        t.start()
        node_file = os.path.join(self.tmp.name, "node-client.jsonl")
        try:
            r = subprocess.run([NODE, "-e", NODE_CLIENT, JS_SDK, node_file, "http://127.0.0.1:%d/api" % server.server_port],
                               capture_output=True, text=True, timeout=60)
        finally:
            server.shutdown()
            server.server_close()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), "from python")
        node = finished(read_records(node_file))
        root = [x for x in node if x["name"] == "node client"][0]
        py = {x["name"]: x for x in self.spans()}
        handler = py["GET /api"]
        self.assertEqual(handler["trace_id"], root["trace_id"])
        self.assertIn(handler["parent_id"], {x["id"] for x in node})  # the client span or its fetch span
        self.assertEqual(py["python work"]["parent_id"], handler["id"])


if __name__ == "__main__":
    unittest.main()
