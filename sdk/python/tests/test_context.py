"""Context across await, asyncio tasks and threads; concurrent work never mixes trees."""
from __future__ import annotations

import asyncio
import concurrent.futures
import threading
import unittest

from spanscope import context, current_span, observe, span

from .support import TraceFileTest, assert_tree


class ConcurrentAsync(TraceFileTest):
    def test_fifty_concurrent_tasks_make_fifty_correct_trees(self) -> None:
        @observe(span_type="tool")
        async def lookup(req: int, i: int) -> int:
            await asyncio.sleep(0.001 * ((req * 7 + i) % 5))
            return req

        @observe(span_type="agent")
        async def handle(req: int) -> int:
            current_span().set_metadata(req=req)
            with span("retrieve", "retriever") as s:
                s.set_metadata(req=req)
                await asyncio.sleep(0.001 * (req % 3))
                results = await asyncio.gather(*(lookup(req, i) for i in range(3)))
            async with span("generate", "llm") as g:
                g.set_metadata(req=req)
                await asyncio.sleep(0)
            return sum(results)

        async def main() -> list:
            return await asyncio.gather(*(handle(r) for r in range(50)))

        self.assertEqual(asyncio.run(main()), [3 * r for r in range(50)])
        spans = self.spans()
        self.assertEqual(len(spans), 50 * 6)
        by_id = assert_tree(self, spans)
        roots = [s for s in spans if s["parent_id"] is None]
        self.assertEqual(len(roots), 50)
        for root in roots:
            req = root["metadata"]["req"]
            members = [s for s in spans if s["trace_id"] == root["id"]]
            self.assertEqual(len(members), 6)
            names = sorted(s["name"] for s in members)
            self.assertEqual(names, ["generate", "handle", "lookup", "lookup", "lookup", "retrieve"])
            for s in members:
                if s["name"] == "lookup":
                    self.assertEqual(s["inputs"]["req"], req)
                    self.assertEqual(by_id[s["parent_id"]]["name"], "retrieve")
                elif s["name"] in ("retrieve", "generate"):
                    self.assertEqual(s["metadata"]["req"], req)
                    self.assertEqual(s["parent_id"], root["id"])


class Threads(TraceFileTest):
    def _children_of(self, name: str) -> list:
        spans = self.spans()
        parent = [s for s in spans if s["name"] == name][0]
        return [s for s in spans if s["parent_id"] == parent["id"]]

    def test_context_thread_wrap_and_pool_inherit_the_span(self) -> None:
        def work(tag: str) -> str:
            with span("work " + tag, "tool"):
                return tag

        with span("parent"):
            t = context.Thread(target=work, args=("thread",))
            t.start()
            t.join()
            with context.ThreadPoolExecutor(max_workers=4) as pool:
                self.assertEqual(list(pool.map(work, ["pool1", "pool2", "pool3"])), ["pool1", "pool2", "pool3"])
            with concurrent.futures.ThreadPoolExecutor(max_workers=2) as plain_pool:
                self.assertEqual(plain_pool.submit(context.wrap(work), "wrapped").result(), "wrapped")

            async def via_to_thread() -> str:
                return await asyncio.to_thread(work, "to_thread")

            asyncio.run(via_to_thread())
        kids = sorted(s["name"] for s in self._children_of("parent"))
        self.assertEqual(kids, ["work pool1", "work pool2", "work pool3", "work thread", "work to_thread", "work wrapped"])

    def test_a_plain_thread_starts_its_own_trace(self) -> None:
        def work() -> None:
            with span("orphan"):
                pass

        with span("parent"):
            t = threading.Thread(target=work)
            t.start()
            t.join()
        orphan = self.by_name("orphan")[0]
        self.assertIsNone(orphan["parent_id"])
        self.assertEqual(orphan["trace_id"], orphan["id"])

    def test_many_threads_each_with_its_own_trees(self) -> None:
        def request(n: int) -> None:
            with span("request", "agent") as r:
                r.set_metadata(n=n)
                for i in range(20):
                    with span("step", "tool") as s:
                        s.set_metadata(n=n)

        threads = [threading.Thread(target=request, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        spans = self.spans()
        by_id = assert_tree(self, spans)
        self.assertEqual(len(spans), 8 * 21)
        for s in spans:
            if s["name"] == "step":
                self.assertEqual(by_id[s["parent_id"]]["metadata"]["n"], s["metadata"]["n"])


if __name__ == "__main__":
    unittest.main()
