"""Sampling: probabilistic on the trace id, parent-based, rate-limited; whole traces only."""
from __future__ import annotations

import unittest

import spanscope
from spanscope import current_span, observe, span
from spanscope._clock import random_bits_of
from spanscope.propagation import extract

from .support import TraceFileTest


def _trace(i: int) -> str:
    with span("root") as r:
        for _ in range(3):
            with span("child"):
                with span("grandchild"):
                    pass
        return r.id


class Sampling(TraceFileTest):
    def test_rate_zero_writes_nothing(self) -> None:
        spanscope.configure(sample_rate=0.0)
        _trace(0)
        self.assertEqual(self.records(), [])

    def test_half_rate_keeps_whole_traces_chosen_by_trace_id(self) -> None:
        spanscope.configure(sample_rate=0.5)
        ids = [_trace(i) for i in range(2000)]
        spans = self.spans()
        kept = {s["trace_id"] for s in spans}
        self.assertTrue(800 < len(kept) < 1200, len(kept))
        for t in kept:
            self.assertEqual(sum(1 for s in spans if s["trace_id"] == t), 7)  # never a partial trace
        for t in ids:  # the decision is a function of the id's random bits
            self.assertEqual(t in kept, random_bits_of(t) < 0.5 * (1 << 56))

    def test_sampled_out_spans_are_cheap_noops_but_keep_context(self) -> None:
        spanscope.configure(sample_rate=0.0)

        @observe
        def f(x: int) -> int:
            self.assertFalse(current_span().recording)
            return x

        with span("root") as r:
            self.assertFalse(r.recording)
            with span("child") as c:
                self.assertEqual(c.trace_id, r.trace_id)
                c.set_inputs({"big": "x" * 1000})  # ignored
                self.assertIsNone(c.x)
                self.assertEqual(f(3), 3)
        self.assertEqual(self.records(), [])

    def test_rate_limit_caps_traces_per_second(self) -> None:
        spanscope.configure(max_traces_per_second=20)
        for i in range(500):
            _trace(i)
        roots = [s for s in self.spans() if s["name"] == "root"]
        self.assertGreaterEqual(len(roots), 20)
        self.assertLess(len(roots), 100)

    def test_parent_based_on_remote_flags(self) -> None:
        kept = extract({"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"})
        dropped = extract({"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"})
        spanscope.configure(sample_rate=0.0)  # the remote decision wins over the local rate
        with span("kept", parent=kept):
            with span("kept-child"):
                pass
        spanscope.configure(sample_rate=1.0)
        with span("dropped", parent=dropped):
            with span("dropped-child"):
                pass
        self.assertEqual(sorted(s["name"] for s in self.spans()), ["kept", "kept-child"])


if __name__ == "__main__":
    unittest.main()
