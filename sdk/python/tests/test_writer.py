"""The writer under real conditions: several processes on one file, killed writers, bursts,
failing files. Everything runs in child processes writing real files."""
from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import unittest

import spanscope
from spanscope import _writer, span

from .support import TraceFileTest, child_env, finished, read_records, run_child


def _lines(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")


class MultiProcess(unittest.TestCase):
    def test_four_processes_times_ten_thousand_spans(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "shared.jsonl")
            code = (
                "import sys\nfrom spanscope import span, configure\n"
                "configure(flush_interval=0.01)\n"
                "for t in range(100):\n"
                "    with span('root', 'agent') as r:\n"
                "        r.set_metadata(proc=int(sys.argv[1]))\n"
                "        for i in range(99):\n"
                "            with span('child', 'tool') as c:\n"
                "                c.set_inputs({'pad': 'x' * (i * 7)})\n"
            )
            env = child_env({"SPANSCOPE_FILE": path})
            procs = [subprocess.Popen([sys.executable, "-c", code, str(n)], env=env) for n in range(4)]
            for p in procs:
                self.assertEqual(p.wait(120), 0)
            lines = [l for l in _lines(path) if l]
            records = [json.loads(l) for l in lines]  # any interleaving would fail to parse here
            self.assertEqual(len(records), 4 * (10_000 + 100))
            spans = finished(records)
            self.assertEqual(len(spans), 40_000)
            self.assertEqual(sum(1 for s in spans if s["name"] == "root"), 400)
            self.assertEqual(sorted({s["metadata"]["proc"] for s in spans if s["name"] == "root"}), [0, 1, 2, 3])


CRASHER = """
import sys
from spanscope import span, flush, configure
configure(flush_interval=0.005)
n = 0
while True:
    with span('batch', 'chain'):
        for i in range(199):
            with span('item', 'tool') as s:
                s.set_inputs({'text': 'y' * 300})
    n += 200
    flush()
    print(n, flush=True)   # everything up to n is on disk
    if n >= int(sys.argv[1]) and sys.argv[2] == 'exit':
        for i in range(500):
            with span('unflushed'):
                pass
        import os; os._exit(0)
"""


class Crashes(unittest.TestCase):
    def _run_until(self, path: str, count: int, how: str) -> int:
        p = subprocess.Popen([sys.executable, "-c", CRASHER, str(count), how], env=child_env({"SPANSCOPE_FILE": path}),
                             stdout=subprocess.PIPE, text=True)
        flushed = 0
        assert p.stdout is not None
        for line in p.stdout:
            flushed = int(line)
            if how == "kill" and flushed >= count:
                p.send_signal(signal.SIGKILL)
                break
        p.wait(60)
        p.stdout.close()
        return flushed

    def _check(self, path: str, flushed: int) -> None:
        good, broken = [], []
        for line in _lines(path):
            if not line:
                continue
            try:
                good.append(json.loads(line))
            except ValueError:
                broken.append(line)
        self.assertLessEqual(len(broken), 1, broken[:1])
        spans = [r for r in finished(good) if r["name"] in ("batch", "item")]
        self.assertGreaterEqual(len(spans), flushed)
        # A later writer appends after whatever the dead one left, and loses nothing.
        r = run_child("from spanscope import span\nfor i in range(1000):\n    with span('after'):\n        pass\n",
                      {"SPANSCOPE_FILE": path})
        self.assertEqual(r.returncode, 0, r.stderr)
        after = [x for x in finished([json.loads(l) for l in _lines(path) if l and l not in broken]) if x["name"] == "after"]
        self.assertEqual(len(after), 1000)

    def test_sigkill_mid_run_loses_at_most_the_unflushed_batch(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "crash.jsonl")
            flushed = self._run_until(path, 20_000, "kill")
            self.assertGreaterEqual(flushed, 20_000)
            self._check(path, flushed)

    def test_os_exit_keeps_every_flushed_span(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "exit.jsonl")
            flushed = self._run_until(path, 2_000, "exit")
            self.assertEqual(flushed, 2_000)
            self._check(path, flushed)

    def test_sigterm_writes_everything_before_the_process_dies_of_it(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "term.jsonl")
            code = (
                "import time\nfrom spanscope import span, configure\n"
                "configure(flush_interval=60)\n"  # nothing is written on its own before the signal
                "for i in range(5000):\n"
                "    with span('before-term'):\n"
                "        pass\n"
                "print('ready', flush=True)\n"
                "time.sleep(60)\n"
            )
            p = subprocess.Popen([sys.executable, "-c", code], env=child_env({"SPANSCOPE_FILE": path}), stdout=subprocess.PIPE, text=True)
            assert p.stdout is not None
            self.assertEqual(p.stdout.readline().strip(), "ready")
            p.send_signal(signal.SIGTERM)
            self.assertEqual(p.wait(30), -signal.SIGTERM)  # still dies of the signal
            p.stdout.close()
            self.assertEqual(len(finished(read_records(path))), 5000)

    def test_a_truncated_last_line_never_swallows_the_next_record(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "truncated.jsonl")
            with open(path, "w", encoding="utf-8") as f:
                f.write('{"id":"01a1fe91-565c-7daa-b66d-0001dab61303","trace_id":"01a1')  # a writer killed mid-line
            r = run_child("from spanscope import span\nwith span('first'):\n    pass\n", {"SPANSCOPE_FILE": path})
            self.assertEqual(r.returncode, 0, r.stderr)
            lines = [l for l in _lines(path) if l]
            self.assertEqual(len(lines), 3)
            self.assertRaises(ValueError, json.loads, lines[0])
            self.assertEqual([json.loads(l)["name"] for l in lines[1:]], ["first", "first"])


class Burst(unittest.TestCase):
    def test_a_hundred_thousand_span_burst_loses_nothing(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "burst.jsonl")
            # A small queue bound forces the producer through back-pressure many times.
            code = (
                "from spanscope import span, configure\n"
                "configure(max_pending=2000)\n"
                "with span('burst', 'chain'):\n"
                "    for i in range(99_999):\n"
                "        with span('s', 'tool'):\n"
                "            pass\n"
            )
            r = run_child(code, {"SPANSCOPE_FILE": path}, timeout=300)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr, "")
            records = read_records(path)
            spans = finished(records)
            self.assertEqual(len(spans), 100_000)
            self.assertFalse([s for s in spans if s["name"] == "spanscope.dropped"])


class Failures(TraceFileTest):
    def test_a_file_closed_under_the_writer_is_reported_and_counted(self) -> None:
        for _ in range(10):
            with span("before"):
                pass
        spanscope.flush()
        exporter = _writer._exporters[0]  # type: ignore[index]
        # The descriptor becomes unwritable (EBADF) but its number stays taken, so no other
        # file can be opened under it.
        ro = os.open(os.devnull, os.O_RDONLY)
        os.dup2(ro, exporter.fd)
        os.close(ro)
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            for _ in range(5):
                with span("lost"):
                    pass
            spanscope.flush()
        self.assertIn("Bad file descriptor", err.getvalue())
        for _ in range(3):
            with span("after"):
                pass
        spans = self.spans()
        names = [s["name"] for s in spans]
        self.assertEqual((names.count("before"), names.count("lost"), names.count("after")), (10, 0, 3))
        dropped = [s for s in spans if s["name"] == "spanscope.dropped"]
        self.assertEqual(len(dropped), 1)
        self.assertEqual(dropped[0]["metadata"]["spanscope.dropped"], 10)
        self.assertIn("Bad file descriptor", dropped[0]["metadata"]["reason"])
        self.assertEqual(dropped[0]["error"]["type"], "SpanscopeDropped")

    def test_disk_full_never_raises_reports_once_and_counts(self) -> None:
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full here")
        code = (
            "import spanscope\nfrom spanscope import span\n"
            "spanscope.configure(file='/dev/full')\n"
            "for b in range(5):\n"
            "    for i in range(20):\n"
            "        with span('lost', 'tool') as s:\n"
            "            s.set_inputs({'i': i})\n"
            "    spanscope.flush()\n"
            "spanscope.configure(file=%r)\n"
            "with span('kept'):\n    pass\n"
        ) % self.path
        r = run_child(code)
        self.assertEqual(r.returncode, 0, r.stderr)
        msgs = [l for l in r.stderr.splitlines() if l.startswith("spanscope:")]
        self.assertEqual(len(msgs), 1, r.stderr)
        self.assertIn("No space left on device", msgs[0])
        spans = finished(read_records(self.path))
        dropped = [s for s in spans if s["name"] == "spanscope.dropped"]
        self.assertEqual([s["name"] for s in spans if s["name"] != "spanscope.dropped"], ["kept"])
        self.assertEqual(dropped[0]["metadata"]["spanscope.dropped"], 200)  # 100 spans, 100 root start records

    def test_a_stalled_writer_costs_one_wait_then_counts_losses(self) -> None:
        # An exporter that hangs (a dead network disk): the program waits once for room,
        # then runs at full speed, and every record it could not keep is reported.
        code = (
            "import threading, time\nimport spanscope\nfrom spanscope import span\n"
            "from spanscope.exporters import Exporter, JsonlFileExporter\n"
            "gate = threading.Event()\n"
            "class Hung(Exporter):\n"
            "    def __init__(self):\n        self.file = JsonlFileExporter(%r)\n"
            "    def export(self, lines):\n        gate.wait()\n        self.file.export(lines)\n"
            "spanscope.configure(exporters=[Hung()], max_pending=2000, block_timeout=0.5)\n"
            "t0 = time.monotonic()\n"
            "for i in range(20000):\n"
            "    with span('s'):\n        pass\n"
            "elapsed = time.monotonic() - t0\n"
            "gate.set()\n"
            "print(round(elapsed, 1))\n"
        ) % self.path
        r = run_child(code, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertLess(float(r.stdout), 5.0)  # one 0.5 s wait, not one per span
        self.assertIn("writer made no room", r.stderr)
        records = read_records(self.path)
        dropped = sum(s["metadata"]["spanscope.dropped"] for s in records if s["name"] == "spanscope.dropped")
        kept = sum(1 for s in records if s["name"] == "s")
        self.assertGreater(dropped, 0)
        self.assertEqual(kept + dropped, 20000 * 2)  # every span is a root: a start and an end record each

    def test_atexit_writes_what_was_never_flushed(self) -> None:
        r = run_child("from spanscope import span\nfor i in range(3000):\n    with span('x'):\n        pass\n",
                      {"SPANSCOPE_FILE": self.path, "SPANSCOPE_FLUSH_INTERVAL": "60"})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(finished(read_records(self.path))), 3000)


if __name__ == "__main__":
    unittest.main()


class Fork(unittest.TestCase):
    def test_a_forked_child_writes_its_own_spans_once(self) -> None:
        if not hasattr(os, "fork"):
            self.skipTest("no fork here")
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "fork.jsonl")
            code = (
                "import os\nfrom spanscope import span, flush\n"
                "with span('parent-root') as root:\n"
                "    for i in range(300):\n"
                "        with span('before-fork'):\n"
                "            pass\n"
                "    pid = os.fork()\n"
                "    if pid == 0:\n"
                "        with span('in-child'):\n"
                "            pass\n"
                "        flush()\n"
                "        os._exit(0)\n"
                "    os.waitpid(pid, 0)\n"
                "    with span('after-fork'):\n"
                "        pass\n"
            )
            r = run_child(code, {"SPANSCOPE_FILE": path, "SPANSCOPE_FLUSH_INTERVAL": "60"})
            self.assertEqual(r.returncode, 0, r.stderr)
            records = read_records(path)
            names = [x["name"] for x in records]
            # Queued before the fork: written by the parent only, never again by the child.
            self.assertEqual(names.count("before-fork"), 300)
            self.assertEqual((names.count("in-child"), names.count("after-fork"), names.count("parent-root")), (1, 1, 2))
            spans = {x["name"]: x for x in finished(records)}
            self.assertEqual(spans["in-child"]["parent_id"], spans["parent-root"]["id"])
