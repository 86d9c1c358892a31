"""LLM client wrappers on OpenAI- and Anthropic-shaped clients: messages, tool calls, usage,
cost, streams (span ends when consumed or closed), errors, async; all lines conform."""
from __future__ import annotations

import asyncio
import json
import unittest

import spanscope
from spanscope import llm, span
from spanscope.llm.pricing import cost_of

from .fake_llm import FakeAnthropic, FakeAsyncOpenAI, FakeOpenAI
from .schema_validator import load_schema, validate
from .support import TraceFileTest


class OpenAIStyle(TraceFileTest):
    def tearDown(self) -> None:
        schema = load_schema()
        for r in self.records():
            self.assertEqual(validate(r, schema), [], r)
        super().tearDown()

    def test_chat_completion_with_tool_calls_usage_and_cost(self) -> None:
        client = llm.wrap(FakeOpenAI())
        with span("agent", "agent"):
            resp = client.chat.completions.create(
                model="gpt-4o", temperature=0.2,
                messages=[{"role": "system", "content": "You are a weather bot."}, {"role": "user", "content": "Paris and Rome?"}],
                tools=[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}],
            )
        self.assertEqual(resp.choices[0].finish_reason, "tool_calls")  # the user's result is untouched
        r = [s for s in self.spans() if s["span_type"] == "llm"][0]
        self.assertEqual(r["name"], "chat gpt-4o")
        self.assertEqual((r["model"], r["provider"]), ("gpt-4o-2024-08-06", "openai"))
        self.assertEqual(r["inputs"]["messages"][1], {"role": "user", "content": "Paris and Rome?"})
        self.assertEqual(r["inputs"]["tools"][0]["function"]["name"], "get_weather")
        self.assertEqual(r["metadata"], {"temperature": 0.2})
        calls = r["outputs"]["messages"][0]["tool_calls"]
        self.assertEqual([c["function"]["arguments"] for c in calls], ['{"city":"Paris"}', '{"city":"Rome"}'])
        self.assertEqual(r["outputs"]["finish_reason"], "tool_calls")
        self.assertEqual(r["usage"], {"input_tokens": 1000, "output_tokens": 200, "total_tokens": 1200,
                                      "cache_read_input_tokens": 400, "reasoning_tokens": 50})
        # gpt-4o: $2.50/M input, $1.25/M cached input, $10/M output
        self.assertAlmostEqual(r["cost_usd"], (600 * 2.5 + 400 * 1.25 + 200 * 10) / 1e6)
        self.assertEqual(r["source"]["file"], __file__.replace(".pyc", ".py"))

    def test_streamed_chat_is_reassembled_and_ends_with_the_stream(self) -> None:
        client = llm.wrap(FakeOpenAI())
        stream = client.chat.completions.create(model="gpt-4o-mini", stream=True, messages=[{"role": "user", "content": "hi"}])
        self.assertEqual([s["status"] for s in self.spans() if s["span_type"] == "llm"], ["running"])  # still open
        text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        self.assertEqual(text, "It is sunny.")
        r = [s for s in self.spans() if s["span_type"] == "llm"][0]
        msg = r["outputs"]["messages"][0]
        self.assertEqual(msg["content"], "It is sunny.")
        self.assertEqual(msg["tool_calls"], [{"id": "call_9", "type": "function", "function": {"name": "lookup", "arguments": '{"q":"x"}'}}])
        self.assertEqual(r["usage"]["total_tokens"], 14)
        self.assertEqual(r["metadata"]["stream"], True)

    def test_stream_closed_early_and_failed_calls(self) -> None:
        client = llm.wrap(FakeOpenAI())
        with client.chat.completions.create(model="gpt-4o", stream=True, messages=[]) as stream:
            next(iter(stream))
        with self.assertRaises(RuntimeError):
            client.chat.completions.create(model="broken", messages=[])
        spans = self.spans()
        early = [s for s in spans if s["name"] == "chat gpt-4o"][0]
        self.assertTrue(early["metadata"]["closed_early"])
        self.assertEqual(early["outputs"]["messages"][0]["content"], "It ")
        broken = [s for s in spans if s["name"] == "chat broken"][0]
        self.assertEqual((broken["status"], broken["error"]["message"]), ("error", "rate limited"))

    def test_responses_api_and_embeddings(self) -> None:
        client = llm.wrap(FakeOpenAI())
        client.responses.create(model="gpt-4.1", instructions="Be brief.", input=[
            {"role": "user", "content": "find docs"},
            {"type": "function_call_output", "call_id": "fc_0", "output": {"hits": 2}},
        ])
        events = list(client.responses.create(model="gpt-4.1", input="again", stream=True))
        self.assertEqual(len(events), 3)
        client.embeddings.create(model="text-embedding-3-small", input="hello")
        spans = self.spans()
        plain, streamed = [s for s in spans if s["name"] == "chat gpt-4.1"]
        for r in (plain, streamed):
            self.assertEqual(r["outputs"]["messages"][0]["tool_calls"][0]["function"]["name"], "search")
            self.assertEqual(r["outputs"]["messages"][1]["content"], "Found it.")
            self.assertEqual(r["usage"]["input_tokens"], 50)
        self.assertEqual(plain["inputs"]["messages"][0], {"role": "system", "content": "Be brief."})
        self.assertEqual(plain["inputs"]["messages"][2], {"role": "tool", "tool_call_id": "fc_0", "content": '{"hits": 2}'})
        emb = [s for s in spans if s["span_type"] == "embedding"][0]
        self.assertEqual((emb["outputs"], emb["usage"]["input_tokens"]), ({"count": 1, "dimensions": 8}, 5))
        self.assertAlmostEqual(emb["cost_usd"], 5 * 0.02 / 1e6)

    def test_async_client_and_async_stream(self) -> None:
        client = llm.wrap(FakeAsyncOpenAI())

        async def main() -> str:
            await client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "a"}])
            stream = await client.chat.completions.create(model="gpt-4o", stream=True, messages=[])
            return "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])

        self.assertEqual(asyncio.run(main()), "It is sunny.")
        outs = sorted(s["outputs"]["messages"][0]["content"] for s in self.spans())
        self.assertEqual(outs, ["It is sunny.", "It is sunny."])

    def test_wrapping_twice_does_not_double_spans(self) -> None:
        client = llm.wrap(llm.wrap(FakeOpenAI()))
        client.chat.completions.create(model="gpt-4o", messages=[])
        self.assertEqual(len(self.spans()), 1)


class AnthropicStyle(TraceFileTest):
    def test_messages_create_in_openai_shape_with_cache_pricing(self) -> None:
        client = llm.wrap(FakeAnthropic())
        client.messages.create(model="claude-sonnet-4-5", max_tokens=100, system="Be kind.", messages=[
            {"role": "user", "content": "weather?"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_0", "name": "get_weather", "input": {"city": "Oslo"}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_0", "content": "-2C"}]},
        ], tools=[{"name": "get_weather", "description": "d", "input_schema": {"type": "object"}}])
        r = self.spans()[0]
        self.assertEqual(validate(r, load_schema()), [])
        msgs = r["inputs"]["messages"]
        self.assertEqual(msgs[0], {"role": "system", "content": "Be kind."})
        self.assertEqual(msgs[2]["tool_calls"][0]["function"], {"name": "get_weather", "arguments": '{"city": "Oslo"}'})
        self.assertEqual(msgs[3], {"role": "tool", "tool_call_id": "toolu_0", "content": "-2C"})
        self.assertEqual(r["inputs"]["tools"][0]["function"]["parameters"], {"type": "object"})
        out = r["outputs"]["messages"][0]
        self.assertEqual((out["content"], out["tool_calls"][0]["id"]), ("Let me check.", "toolu_1"))
        self.assertEqual(r["usage"], {"input_tokens": 1000, "output_tokens": 30, "total_tokens": 1030, "cache_read_input_tokens": 900})
        self.assertAlmostEqual(r["cost_usd"], (100 * 3 + 900 * 0.3 + 30 * 15) / 1e6)
        self.assertEqual((r["provider"], r["metadata"]), ("anthropic", {"max_tokens": 100}))

    def test_raw_event_stream_and_stream_manager(self) -> None:
        client = llm.wrap(FakeAnthropic())
        events = list(client.messages.create(model="claude-haiku-4-5", max_tokens=5, stream=True, messages=[]))
        self.assertEqual(len(events), 9)
        with client.messages.stream(model="claude-haiku-4-5", max_tokens=5, messages=[{"role": "user", "content": "hi"}]) as s:
            self.assertEqual("".join(s.text_stream), "Hello")
        raw, managed = sorted(self.spans(), key=lambda r: r["start_time"])
        msg = raw["outputs"]["messages"][0]
        self.assertEqual(msg["content"], "Hi there")
        self.assertEqual(json.loads(msg["tool_calls"][0]["function"]["arguments"]), {"q": "x"})
        self.assertEqual((raw["usage"]["output_tokens"], raw["outputs"]["finish_reason"]), (9, "tool_use"))
        self.assertEqual((managed["outputs"]["messages"][0]["content"], managed["usage"]["input_tokens"]), ("Hello", 7))


class Pricing(unittest.TestCase):
    def tearDown(self) -> None:
        spanscope.configure(pricing={}, file=None)

    def test_longest_prefix_and_overrides(self) -> None:
        self.assertAlmostEqual(cost_of("gpt-4o-mini-2024-07-18", {"input_tokens": 1_000_000}), 0.15)
        self.assertAlmostEqual(cost_of("gpt-4o-2024-08-06", {"input_tokens": 1_000_000}), 2.5)
        self.assertIsNone(cost_of("my-local-model", {"input_tokens": 10}))
        spanscope.configure(pricing={"my-local-model": {"input": 1.0, "output": 2.0}})
        self.assertAlmostEqual(cost_of("my-local-model", {"input_tokens": 1_000_000, "output_tokens": 1_000_000}), 3.0)


if __name__ == "__main__":
    unittest.main()
