"""observe on functions, methods, coroutines, generators and async generators; span blocks;
current_span setters; errors recorded and re-raised."""
from __future__ import annotations

import asyncio
import contextlib
import io
import unittest

import spanscope
from spanscope import current_span, observe, span

from .support import TraceFileTest


class Observe(TraceFileTest):
    def test_bare_and_with_arguments(self) -> None:
        @observe
        def plain(a: int, b: int = 1) -> int:
            return a + b

        @observe(name="renamed", span_type="tool", capture_input=False, capture_output=False)
        def quiet(secret: str) -> str:
            return secret

        class Agent:
            @observe(span_type="agent")
            def run(self, task: str, *extra: int, **opts: str) -> dict:
                return {"task": task}

        self.assertEqual(plain(2, b=5), 7)
        self.assertEqual(quiet("s3cret"), "s3cret")
        self.assertEqual(Agent().run("t", 1, 2, mode="fast"), {"task": "t"})
        self.assertEqual(plain.__name__, "plain")  # functools.wraps
        p, q, a = self.by_name("plain")[0], self.by_name("renamed")[0], self.by_name("run")[0]
        self.assertEqual(p["inputs"], {"a": 2, "b": 5})
        self.assertEqual(p["outputs"], {"output": 7})
        self.assertEqual(p["span_type"], "chain")
        self.assertEqual((q["span_type"], "inputs" in q, "outputs" in q), ("tool", False, False))
        with open(self.path, encoding="utf-8") as f:
            self.assertNotIn("s3cret", f.read())
        self.assertEqual(a["inputs"], {"task": "t", "extra": [1, 2], "mode": "fast"})
        self.assertEqual(a["outputs"], {"task": "t"})
        self.assertEqual(a["source"]["function"], "Observe.test_bare_and_with_arguments.<locals>.Agent.run")

    def test_errors_are_recorded_and_reraised_through_every_level(self) -> None:
        @observe(span_type="tool")
        def inner() -> None:
            raise KeyError("missing")

        @observe
        def outer() -> None:
            inner()

        with self.assertRaises(KeyError):
            outer()
        for name in ("inner", "outer"):
            r = self.by_name(name)[0]
            self.assertEqual(r["status"], "error")
            self.assertEqual(r["error"]["type"], "KeyError")
            self.assertEqual(r["error"]["message"], "'missing'")
            self.assertIn("in inner", r["error"]["stack"])

    def test_async_function_and_nested_blocks(self) -> None:
        @observe(span_type="retriever")
        async def fetch(q: str) -> list:
            await asyncio.sleep(0)
            with span("parse", "tool"):
                await asyncio.sleep(0)
            return [q]

        async def main() -> list:
            async with span("root", "chain") as r:
                self.assertIs(current_span(), r)
                out = await fetch("x")
                self.assertIs(current_span(), r)
                return out

        self.assertEqual(asyncio.run(main()), ["x"])
        root, f, p = self.by_name("root")[0], self.by_name("fetch")[0], self.by_name("parse")[0]
        self.assertEqual((f["parent_id"], p["parent_id"]), (root["id"], f["id"]))
        self.assertEqual(f["outputs"], {"output": ["x"]})

    def test_generator_span_lasts_until_exhausted_and_children_nest(self) -> None:
        @observe(span_type="llm")
        def stream(n: int):
            for i in range(n):
                with span("token", "custom"):
                    pass
                yield "t%d " % i

        with span("root"):
            gen = stream(3)
            self.assertEqual(self.spans(), [s for s in self.spans() if s["status"] == "running"])
            self.assertEqual("".join(gen), "t0 t1 t2 ")
        s = self.by_name("stream")[0]
        self.assertEqual(s["outputs"], {"output": "t0 t1 t2 "})
        self.assertEqual(s["status"], "ok")
        for tok in self.by_name("token"):
            self.assertEqual(tok["parent_id"], s["id"])

    def test_generator_closed_early_or_failing(self) -> None:
        @observe
        def numbers():
            yield 1
            yield 2
            raise ValueError("bad item")

        g = numbers()
        self.assertEqual(next(g), 1)
        g.close()
        with self.assertRaises(ValueError):
            list(numbers())
        closed, failed = sorted(self.by_name("numbers"), key=lambda r: r["status"], reverse=True)
        self.assertEqual((closed["status"], closed["metadata"]["closed_early"], closed["outputs"]), ("ok", True, {"output": [1]}))
        self.assertEqual((failed["status"], failed["error"]["message"]), ("error", "bad item"))

    def test_a_block_inside_a_generator_closed_early_is_not_an_error(self) -> None:
        def gen():
            with span("inside"):
                yield 1
                yield 2

        g = gen()
        next(g)
        g.close()
        self.assertEqual(self.by_name("inside")[0]["status"], "ok")

    def test_send_and_throw_reach_the_generator(self) -> None:
        @observe
        def echo():
            received = []
            try:
                while True:
                    received.append((yield len(received)))
            except GeneratorExit:
                raise
            except KeyError:
                yield "caught"

        g = echo()
        self.assertEqual(next(g), 0)
        self.assertEqual(g.send("a"), 1)
        self.assertEqual(g.throw(KeyError("k")), "caught")
        g.close()
        self.assertEqual(self.by_name("echo")[0]["status"], "ok")

    def test_async_generator(self) -> None:
        @observe(span_type="llm")
        async def tokens(n: int):
            for i in range(n):
                await asyncio.sleep(0)
                with span("inner"):
                    pass
                yield i

        async def main() -> list:
            out = [t async for t in tokens(3)]
            agen = tokens(5)
            await agen.__anext__()
            await agen.aclose()
            return out

        self.assertEqual(asyncio.run(main()), [0, 1, 2])
        full, closed = sorted(self.by_name("tokens"), key=lambda r: len(r["outputs"]["output"]), reverse=True)
        self.assertEqual(full["outputs"], {"output": [0, 1, 2]})
        self.assertTrue(closed["metadata"]["closed_early"])
        inner_parents = {r["parent_id"] for r in self.by_name("inner")}
        self.assertEqual(inner_parents, {full["id"], closed["id"]})

    def test_current_span_setters_and_noop_outside_spans(self) -> None:
        current_span().set_inputs({"x": 1}).set_metadata(a=1)  # no span: does nothing, raises nothing
        with span("s", "llm") as s:
            cs = current_span()
            cs.set_inputs({"messages": [{"role": "user", "content": "hi"}]}, temperature=0.1)
            cs.set_outputs(text="hello")
            cs.set_model("gpt-4o", "openai").set_usage(input_tokens=3, output_tokens=2, cache_read_input_tokens=1)
            cs.set_cost(0.5).set_metadata({"a": 1}, b=2).add_tags("t1").add_tags("t2").add_event("first_token")
            cs.set_name("chat gpt-4o")
            self.assertIs(cs, s)
        r = self.by_name("chat gpt-4o")[0]
        self.assertEqual(r["inputs"], {"messages": [{"role": "user", "content": "hi"}], "temperature": 0.1})
        self.assertEqual(r["outputs"], {"text": "hello"})
        self.assertEqual((r["model"], r["provider"], r["cost_usd"]), ("gpt-4o", "openai", 0.5))
        self.assertEqual(r["usage"], {"input_tokens": 3, "output_tokens": 2, "cache_read_input_tokens": 1, "total_tokens": 5})
        self.assertEqual((r["metadata"], r["tags"], r["events"][0]["name"]), ({"a": 1, "b": 2}, ["t1", "t2"], "first_token"))

    def test_bad_values_never_raise_into_user_code(self) -> None:
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            with span(["unhashable"], "not-a-type") as s:  # type: ignore[arg-type]
                s.set_usage(object()).set_metadata(5).add_event(3, 4).set_cost("cheap")  # type: ignore[arg-type]
                s.set_inputs({"ok": 1})
        r = self.spans()[0]
        self.assertEqual((r["name"], r["span_type"], r["inputs"]), ("['unhashable']", "custom", {"ok": 1}))
        self.assertIn("unknown span type 'not-a-type'", err.getvalue())

    def test_disabled_tracing_writes_nothing_and_still_runs_code(self) -> None:
        spanscope.configure(enabled=False)
        try:
            @observe
            def f(x: int) -> int:
                return x * 2

            with span("off") as s:
                s.set_metadata(a=1)
                self.assertEqual(f(2), 4)
        finally:
            spanscope.configure(enabled=True)
        self.assertEqual(self.records(), [])


if __name__ == "__main__":
    unittest.main()
