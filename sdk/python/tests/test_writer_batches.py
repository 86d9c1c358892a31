"""How the writer turns a queued batch into lines: a batch of finished spans only is rendered
in one pass; a span that cannot be rendered costs only itself, counted in the file; the file
exporter writes a batch in writes of at most 1 MiB of whole lines, in order."""
from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import unittest

import spanscope
from spanscope import _writer, span
from spanscope.exporters import _MAX_WRITE, JsonlFileExporter

from .support import TraceFileTest


class SpanOnlyBatch(TraceFileTest):
    def test_a_span_that_cannot_be_rendered_loses_only_itself_and_is_counted(self) -> None:
        with span("root", "agent"):
            # Holding the writer's lock keeps its thread out: the batch drained below is the
            # ten finished children alone, the case rendered in one pass.
            with _writer._io_lock:
                _writer.drain()  # the root's start record
                for i in range(10):
                    with span("child-%d" % i, "tool") as c:
                        if i == 4:
                            c.x = {"cost": "not a number"}  # render raises ValueError on it
                self.assertEqual([type(i).__name__ for i in _writer._q], ["Span"] * 10)
                with contextlib.redirect_stderr(io.StringIO()):  # the once-per-process report
                    _writer.drain()
        records = self.records()
        names = [r["name"] for r in records if r.get("status") != "running"]
        self.assertEqual([n for n in names if n.startswith("child")], ["child-%d" % i for i in range(10) if i != 4])
        dropped = [r for r in records if r["name"] == "spanscope.dropped"]
        self.assertEqual(sum(r["metadata"]["spanscope.dropped"] for r in dropped), 1)
        self.assertIn("render failed: ValueError", dropped[0]["metadata"]["reason"])
        self.assertIn("root", names)

    def test_batches_of_spans_only_and_mixed_batches_write_the_same_records(self) -> None:
        with _writer._io_lock:
            with span("root", "agent"):
                for i in range(5):
                    with span("a", "tool"):
                        pass
            _writer.drain()  # mixed: a start record, five children, the root
            with span("root2", "agent"):
                _writer.drain()  # the start record alone
                for i in range(5):
                    with span("b", "tool"):
                        pass
                _writer.drain()  # finished spans only
        spans = [r for r in self.records() if r.get("status") != "running"]
        self.assertEqual(sorted(r["name"] for r in spans), ["a"] * 5 + ["b"] * 5 + ["root", "root2"])
        by_id = {r["id"]: r for r in spans}
        for r in spans:
            if r["parent_id"] is not None:
                parent = by_id[r["parent_id"]]
                self.assertTrue(r["dotted_order"].startswith(parent["dotted_order"] + "."))


class WriteGroups(unittest.TestCase):
    def test_a_batch_over_1_mib_is_written_in_whole_line_writes_and_mends_a_broken_line_once(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "t.jsonl")
            with open(path, "w", encoding="utf-8") as f:
                f.write('{"broken": ')  # a writer killed mid-line
            exp = JsonlFileExporter(path)
            writes: list[bytes] = []
            real_write = exp._write

            def counting(fd: int, data: memoryview) -> None:
                writes.append(bytes(data))
                real_write(fd, data)

            exp._write = counting  # type: ignore[method-assign]
            lines = [json.dumps({"i": i, "pad": "x" * (400 + i % 50)}) for i in range(3000)]  # ~1.3 MiB
            exp.export(lines)
            exp.export(lines[:3])
            exp.shutdown()
            self.assertEqual(len(writes), 3)  # two for the big batch, one for the small one
            self.assertTrue(writes[0].startswith(b"\n"))
            self.assertFalse(writes[2].startswith(b"\n"))
            self.assertTrue(all(len(w) <= _MAX_WRITE and w.endswith(b"\n") for w in writes))
            with open(path, encoding="utf-8") as f:
                got = f.read().split("\n")
            self.assertEqual(got[0], '{"broken": ')
            self.assertEqual(got[1:-1], lines + lines[:3])
            self.assertEqual(got[-1], "")


if __name__ == "__main__":
    unittest.main()
