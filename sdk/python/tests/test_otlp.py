"""OTLP/HTTP JSON export to a real HTTP server, alongside the JSONL file."""
from __future__ import annotations

import json
import threading
import unittest
from http.server import BaseHTTPRequestHandler, HTTPServer

import spanscope
from spanscope import span

from .support import TraceFileTest, run_child


class _Collector(BaseHTTPRequestHandler):
    bodies: list = []

    def do_POST(self) -> None:  # noqa: N802
        n = int(self.headers.get("Content-Length", "0"))
        _Collector.bodies.append((self.path, self.headers.get("x-token"), json.loads(self.rfile.read(n))))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *a: object) -> None:
        pass


class Otlp(TraceFileTest):
    def test_file_and_otlp_at_once(self) -> None:
        _Collector.bodies = []
        server = HTTPServer(("127.0.0.1", 0), _Collector)
        t = threading.Thread(target=server.serve_forever, daemon=True)
        t.start()
        try:
            spanscope.configure(file=self.path, otlp_endpoint="http://127.0.0.1:%d" % server.server_port, otlp_headers={"x-token": "abc"})
            with span("root", "agent") as root:
                with span("llm call", "llm") as s:
                    s.set_model("gpt-4o", "openai").set_usage(input_tokens=5, output_tokens=2).set_inputs({"q": 1})
                try:
                    with span("bad", "tool"):
                        raise ValueError("nope")
                except ValueError:
                    pass
            spanscope.flush()
        finally:
            server.shutdown()
            server.server_close()
        self.assertEqual(len(self.spans()), 3)  # the file got everything too
        spans = [sp for _, _, body in _Collector.bodies for rs in body["resourceSpans"] for ss in rs["scopeSpans"] for sp in ss["spans"]]
        self.assertEqual({p for p, _, _ in _Collector.bodies}, {"/v1/traces"})
        self.assertEqual({h for _, h, _ in _Collector.bodies}, {"abc"})
        self.assertEqual(sorted(s["name"] for s in spans), ["bad", "llm call", "root"])  # no open start records
        by = {s["name"]: s for s in spans}
        self.assertEqual(by["root"]["traceId"], root.trace_id.replace("-", ""))
        self.assertEqual(by["llm call"]["parentSpanId"], by["root"]["spanId"])
        attrs = {a["key"]: a["value"] for a in by["llm call"]["attributes"]}
        self.assertEqual(attrs["gen_ai.request.model"], {"stringValue": "gpt-4o"})
        self.assertEqual(attrs["gen_ai.usage.input_tokens"], {"intValue": "5"})
        self.assertEqual(attrs["openinference.span.kind"], {"stringValue": "LLM"})
        self.assertIn("code.file.path", attrs)
        self.assertEqual(by["bad"]["status"]["code"], 2)
        self.assertEqual(by["bad"]["events"][0]["name"], "exception")
        self.assertLess(int(by["root"]["startTimeUnixNano"]), int(by["root"]["endTimeUnixNano"]))

    def test_an_unreachable_collector_never_costs_the_file_a_record(self) -> None:
        import contextlib
        import io
        import socket

        with socket.socket() as sock:  # a port with nobody listening
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        spanscope.configure(file=self.path, otlp_endpoint="http://127.0.0.1:%d" % port)
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            for batch in range(3):
                with span("root %d" % batch):
                    pass
                spanscope.flush()
        spans = self.spans()
        self.assertEqual(sorted(s["name"] for s in spans if s["name"].startswith("root")), ["root 0", "root 1", "root 2"])
        dropped = [s for s in spans if s["name"] == "spanscope.dropped"]
        self.assertTrue(dropped and all("OtlpHttpExporter" in d["metadata"]["reason"] for d in dropped))
        self.assertEqual(err.getvalue().count("OtlpHttpExporter failed"), 1)

    def test_environment_configures_both_exporters_in_a_child_process(self) -> None:
        _Collector.bodies = []
        server = HTTPServer(("127.0.0.1", 0), _Collector)
        t = threading.Thread(target=server.serve_forever, daemon=True)
        t.start()
        try:
            r = run_child("from spanscope import span\nwith span('from env', 'agent'):\n    pass\n", {
                "SPANSCOPE_FILE": self.path, "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:%d/" % server.server_port,
                "OTEL_EXPORTER_OTLP_HEADERS": "x-token=from-env", "OTEL_SERVICE_NAME": "env-svc"})
        finally:
            server.shutdown()
            server.server_close()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([(s["name"], s["service"]) for s in self.spans()], [("from env", "env-svc")])
        self.assertEqual([h for _, h, _ in _Collector.bodies], ["from-env"])
        resource = _Collector.bodies[0][2]["resourceSpans"][0]["resource"]["attributes"]
        self.assertIn({"key": "service.name", "value": {"stringValue": "env-svc"}}, resource)


if __name__ == "__main__":
    unittest.main()
