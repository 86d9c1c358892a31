"""The fast encoders for small payloads write exactly what the general encoder writes, and
@observe records arguments as they were at the call and the result as it was at return."""
from __future__ import annotations

import enum
import unittest

from spanscope import observe, span
from spanscope._jsonsafe import dumps, flat_object, scalar
from spanscope._observe import _arg_binder, _arg_encoder

from .support import TraceFileTest


class Color(enum.IntEnum):
    RED = 1


class Text(str):
    pass


_SCALARS = ["plain", "quote \" back \\ nl \n tab \t", "caf\u00e9 \u2603", "\ud800 lone surrogate", "", 0, -7, 10**30,
            True, False, None, 1.5, -0.0, 1e300, 5e-324]
_NOT_SCALAR = [float("nan"), float("inf"), -float("inf"), Color.RED, Text("x"), [1], (1,), {"a": 1}, b"x", object()]


class FastEncoders(unittest.TestCase):
    def test_scalar_matches_the_general_encoder(self) -> None:
        for v in _SCALARS:
            self.assertEqual(scalar(v), dumps(v), repr(v))
        for v in _NOT_SCALAR:
            self.assertIsNone(scalar(v), repr(v))

    def test_flat_object_matches_or_declines(self) -> None:
        flat = {"k%d" % i: v for i, v in enumerate(_SCALARS)}
        self.assertEqual(flat_object(flat), dumps(flat))
        self.assertEqual(flat_object({}), "{}")
        self.assertEqual(flat_object({"caf\u00e9\"": 1}), dumps({"caf\u00e9\"": 1}))
        for v in _NOT_SCALAR:
            self.assertIsNone(flat_object({"a": 1, "b": v}), repr(v))
        self.assertIsNone(flat_object({1: "int key"}))
        self.assertIsNone(flat_object({Text("k"): 1}))

    def test_argument_encoder_matches_bind_then_dumps_or_declines(self) -> None:
        def f(a, b=2, *rest, c=3, **more):  # type: ignore[no-untyped-def]
            return None

        class K:
            def m(self, q, k=1):  # type: ignore[no-untyped-def]
                return None

        cases = [
            (f, (1,), {}), (f, (1, "two"), {}), (f, ("x",), {"c": None, "zz": 1.25}), (f, (), {"a": "kw"}),
            (f, (), {}), (K.m, (K(), "q"), {"k": 2}), (K.m, (K(),), {"q": True}),
        ]
        for fn, args, kwargs in cases:
            got = _arg_encoder(fn)(args, kwargs)
            self.assertEqual(got, dumps(_arg_binder(fn)(args, kwargs)), (args, kwargs))
        declined = [
            (f, (1, 2, 3), {}),  # *rest
            (f, ([1],), {}),  # a container: encoded the general way
            (f, (1,), {"a": 2}),  # bound twice: the call raises TypeError, bind's view is kept
            (f, (float("nan"),), {}),
            (f, (Color.RED,), {}),
            (K.m, (), {"self": 1, "q": 2}),
        ]
        for fn, args, kwargs in declined:
            self.assertIsNone(_arg_encoder(fn)(args, kwargs), (args, kwargs))
        self.assertIsNone(_arg_encoder(len)(("x",), {}))  # no __code__: always the general way


class SnapshotRule(TraceFileTest):
    """Arguments are encoded before the call and the result right at return, fast path or not:
    a later change to either object never reaches the file."""

    def test_mutation_after_the_call_or_return_is_not_recorded(self) -> None:
        @observe(span_type="tool")
        def grow(items: list, n: int) -> dict:
            items.append("added in the call")
            return {"n": n, "items": items}

        @observe(span_type="tool")
        def flat(q: str, k: int = 3) -> dict:
            return {"q": q, "k": k}

        with span("root", "agent"):
            before = ["given"]
            out = grow(before, 1)
            out["n"] = "changed after return"
            out["items"].append("changed after return")
            res = flat("what", k=4)
            res["k"] = "changed after return"
            res["extra"] = 1
        g, f = self.by_name("grow")[0], self.by_name("flat")[0]
        self.assertEqual(g["inputs"], {"items": ["given"], "n": 1})
        self.assertEqual(g["outputs"], {"n": 1, "items": ["given", "added in the call"]})
        self.assertEqual(f["inputs"], {"q": "what", "k": 4})
        self.assertEqual(f["outputs"], {"q": "what", "k": 4})

    def test_scalar_and_odd_results_at_root_and_child(self) -> None:
        @observe
        def echo(v):  # type: ignore[no-untyped-def]
            return v

        values = ["text", 3, None, True, 2.5, float("nan"), [1, "a"], Color.RED, {"nested": {"x": [1]}}, {1: "k"}]
        for v in values:
            echo(v)  # a root
        with span("root"):
            for v in values:
                echo(v)  # a child: the inlined path
        got = sorted(self.by_name("echo"), key=lambda r: r["id"])  # UUIDv7: creation order
        self.assertEqual([r["parent_id"] is None for r in got], [True] * len(values) + [False] * len(values))
        plain = ["text", 3, None, True, 2.5, "nan", [1, "a"], 1, {"nested": {"x": [1]}}, {"1": "k"}]
        expect = [({"v": p}, p if isinstance(p, dict) else {"output": p}) for p in plain]
        self.assertEqual([(r["inputs"], r["outputs"]) for r in got], expect + expect)

    def test_set_inputs_inside_the_function_still_wins(self) -> None:
        from spanscope import current_span

        @observe
        def f(a: int) -> int:
            current_span().set_inputs({"replaced": True}).set_metadata(step=1)
            return a

        with span("root"):
            f(1)
        r = self.by_name("f")[0]
        self.assertEqual(r["inputs"], {"replaced": True})
        self.assertEqual(r["outputs"], {"output": 1})
        self.assertEqual(r["metadata"], {"step": 1})


if __name__ == "__main__":
    unittest.main()
