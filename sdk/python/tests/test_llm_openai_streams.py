"""The openai package's stream helpers (`chat.completions.stream`, `beta.chat.completions.stream`,
`responses.stream`; sync and async context managers) on stand-ins shaped like the SDK: one llm
span each, under the caller's span, ending with the stream or the `with` block, while the
caller gets the SDK's own stream objects and events."""
from __future__ import annotations

import asyncio
import os

import spanscope
from spanscope import llm, span

from .fake_openai_streams import APIError, ChatCompletionStream, FakeStreamingAsyncOpenAI, FakeStreamingOpenAI, ResponseStream
from .schema_validator import load_schema, validate
from .support import TraceFileTest, run_child

MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Refund policy?"}]
CHAT_OUTPUT = {"finish_reason": "tool_calls", "messages": [{"role": "assistant", "content": "Let me look.", "tool_calls": [
    {"id": "call_1", "type": "function", "function": {"name": "search", "arguments": '{"q":"refunds"}'}}]}]}
CHAT_USAGE = {"input_tokens": 1000, "output_tokens": 200, "total_tokens": 1200, "cache_read_input_tokens": 400}
# gpt-4o-mini: $0.15/M input, $0.075/M cached input, $0.60/M output
CHAT_COST = (600 * 0.15 + 400 * 0.075 + 200 * 0.6) / 1e6
RESPONSE_OUTPUT = {"finish_reason": "completed", "messages": [{"role": "assistant", "content": "Found it."}, {"role": "assistant", "content": None, "tool_calls": [
    {"id": "call_7", "type": "function", "function": {"name": "search", "arguments": '{"q":"docs"}'}}]}]}


class StreamHelperTest(TraceFileTest):
    def tearDown(self) -> None:
        schema = load_schema()
        for r in self.records():
            self.assertEqual(validate(r, schema), [], r)
        super().tearDown()

    def llm_spans(self) -> list:
        spans = [s for s in self.spans() if s["span_type"] == "llm"]
        for s in spans:  # the caller's line, not the SDK's inner request
            self.assertEqual(s["source"]["file"], __file__.replace(".pyc", ".py"))
        return spans


class ChatCompletionsStream(StreamHelperTest):
    def test_events_in_a_with_block_under_the_callers_span(self) -> None:
        raw = FakeStreamingOpenAI()
        client = llm.wrap(raw)
        deltas, args = [], []
        with span("agent", "agent"):
            with client.chat.completions.stream(model="gpt-4o-mini", temperature=0, messages=MESSAGES,
                                                stream_options={"include_usage": True}) as stream:
                self.assertIsInstance(stream, ChatCompletionStream)  # the SDK's own stream
                for event in stream:
                    if event.type == "content.delta":
                        deltas.append(event.delta)
                    elif event.type == "tool_calls.function.arguments.delta":
                        args.append(event.arguments_delta)
                final = stream.get_final_completion()
        self.assertEqual(("".join(deltas), "".join(args)), ("Let me look.", '{"q":"refunds"}'))
        self.assertEqual(final.choices[0].message.content, "Let me look.")
        self.assertEqual(len(raw.chat.completions.requests), 1)
        self.assertIs(raw.chat.completions.requests[0]["stream"], True)
        (r,) = self.llm_spans()  # the helper's request is not traced a second time
        agent = self.by_name("agent")[0]
        self.assertEqual(r["parent_id"], agent["id"])
        self.assertEqual((r["name"], r["provider"], r["model"], r["status"]), ("chat gpt-4o-mini", "openai", "gpt-4o-mini-2024-07-18", "ok"))
        self.assertEqual(r["inputs"]["messages"], MESSAGES)
        self.assertEqual(r["metadata"], {"temperature": 0, "stream": True})
        self.assertEqual(r["outputs"], CHAT_OUTPUT)
        self.assertEqual(r["usage"], CHAT_USAGE)
        self.assertAlmostEqual(r["cost_usd"], CHAT_COST)
        self.assertEqual([e["name"] for e in r["events"]], ["first_token"])

    def test_get_final_completion_alone_and_running_until_then(self) -> None:
        client = llm.wrap(FakeStreamingOpenAI())
        with client.chat.completions.stream(model="gpt-4o-mini", messages=MESSAGES) as stream:
            self.assertEqual([s["status"] for s in self.llm_spans()], ["running"])
            completion = stream.get_final_completion()
        self.assertEqual(completion.usage.total_tokens, 1200)
        (r,) = self.llm_spans()
        self.assertEqual((r["status"], r["outputs"], r["usage"]), ("ok", CHAT_OUTPUT, CHAT_USAGE))
        self.assertNotIn("closed_early", r["metadata"])

    def test_error_mid_stream_reaches_the_caller_and_is_recorded_with_the_text_so_far(self) -> None:
        client = llm.wrap(FakeStreamingOpenAI())
        seen = []
        with self.assertRaises(APIError):
            with client.chat.completions.stream(model="overloaded", messages=MESSAGES) as stream:
                for event in stream:
                    seen.append(event.type)
        self.assertIn("content.delta", seen)
        (r,) = self.llm_spans()
        self.assertEqual((r["status"], r["error"]["type"]), ("error", "APIError"))
        self.assertEqual(r["outputs"]["messages"], [{"role": "assistant", "content": "Let me look."}])
        self.assertNotIn("usage", r)

    def test_leaving_the_block_early_closes_the_response_and_ends_the_span(self) -> None:
        raw = FakeStreamingOpenAI()
        client = llm.wrap(raw)
        with client.chat.completions.stream(model="gpt-4o-mini", messages=MESSAGES) as stream:
            for event in stream:
                if event.type == "content.delta":
                    break
        self.assertTrue(stream._response.closed)
        (r,) = self.llm_spans()
        self.assertEqual((r["status"], r["metadata"]["closed_early"]), ("ok", True))
        self.assertEqual(r["outputs"]["messages"], [{"role": "assistant", "content": "Let me "}])
        self.assertGreaterEqual(r["end_time"], r["start_time"])

    def test_an_error_in_the_block_and_a_failed_request(self) -> None:
        client = llm.wrap(FakeStreamingOpenAI())
        with self.assertRaises(KeyError):
            with client.chat.completions.stream(model="gpt-4o-mini", messages=MESSAGES) as stream:
                next(iter(stream))
                raise KeyError("caller")
        with self.assertRaises(APIError):
            with client.chat.completions.stream(model="missing", messages=MESSAGES):
                self.fail("the block does not run")
        ok, missing = sorted(self.llm_spans(), key=lambda s: s["name"])
        self.assertEqual((ok["status"], ok["error"]["type"]), ("error", "KeyError"))
        self.assertEqual((missing["name"], missing["status"], missing["error"]["message"]),
                         ("chat missing", "error", "The model `missing` does not exist."))

    def test_beta_alias_goes_through_the_clients_create_once(self) -> None:
        raw = FakeStreamingOpenAI()
        client = llm.wrap(raw)
        with client.beta.chat.completions.stream(model="gpt-4o-mini", messages=MESSAGES) as stream:
            text = "".join(e.delta for e in stream if e.type == "content.delta")
        self.assertEqual(text, "Let me look.")
        self.assertEqual(len(raw.chat.completions.requests), 1)
        (r,) = self.llm_spans()
        self.assertEqual((r["outputs"], r["usage"]), (CHAT_OUTPUT, CHAT_USAGE))

    def test_async_stream(self) -> None:
        raw = FakeStreamingAsyncOpenAI()
        client = llm.wrap(raw)

        async def main() -> tuple:
            with span("agent", "agent"):
                async with client.chat.completions.stream(model="gpt-4o-mini", messages=MESSAGES) as stream:
                    text = "".join([e.delta async for e in stream if e.type == "content.delta"])
                async with client.chat.completions.stream(model="gpt-4o-mini", messages=MESSAGES) as stream:
                    final = await stream.get_final_completion()
            return text, final.choices[0].finish_reason

        self.assertEqual(asyncio.run(main()), ("Let me look.", "tool_calls"))
        self.assertEqual(len(raw.chat.completions.requests), 2)
        spans = self.llm_spans()
        self.assertEqual(len(spans), 2)
        agent = self.by_name("agent")[0]
        for r in spans:
            self.assertEqual((r["parent_id"], r["status"], r["outputs"], r["usage"]), (agent["id"], "ok", CHAT_OUTPUT, CHAT_USAGE))
            self.assertAlmostEqual(r["cost_usd"], CHAT_COST)

    def test_disabled_tracing_leaves_the_helper_alone(self) -> None:
        spanscope.configure(enabled=False)
        try:
            client = llm.wrap(FakeStreamingOpenAI())
            with client.chat.completions.stream(model="gpt-4o-mini", messages=MESSAGES) as stream:
                self.assertIsInstance(stream, ChatCompletionStream)
                self.assertEqual(stream.get_final_completion().choices[0].message.content, "Let me look.")
        finally:
            spanscope.configure(enabled=True)
        self.assertEqual(self.spans(), [])


class ResponsesStream(StreamHelperTest):
    def test_events_and_final_response_under_the_callers_span(self) -> None:
        raw = FakeStreamingOpenAI()
        client = llm.wrap(raw)
        with span("agent", "agent"):
            with client.responses.stream(model="gpt-4.1", instructions="Answer from the docs.", input="Where are the docs?") as stream:
                self.assertIsInstance(stream, ResponseStream)
                snapshots = [e.snapshot for e in stream if e.type == "response.output_text.delta"]
                final = stream.get_final_response()
        self.assertEqual(snapshots, ["Found ", "Found it."])
        self.assertEqual(final.status, "completed")
        self.assertEqual(len(raw.responses.requests), 1)
        (r,) = self.llm_spans()
        self.assertEqual(r["parent_id"], self.by_name("agent")[0]["id"])
        self.assertEqual((r["name"], r["model"], r["status"]), ("chat gpt-4.1", "gpt-4.1-2025-04-14", "ok"))
        self.assertEqual(r["inputs"]["messages"], [{"role": "system", "content": "Answer from the docs."}, {"role": "user", "content": "Where are the docs?"}])
        self.assertEqual(r["outputs"], RESPONSE_OUTPUT)
        self.assertEqual(r["usage"], {"input_tokens": 500, "output_tokens": 40, "total_tokens": 540, "cache_read_input_tokens": 100})
        # gpt-4.1: $2/M input, $0.50/M cached input, $8/M output
        self.assertAlmostEqual(r["cost_usd"], (400 * 2 + 100 * 0.5 + 40 * 8) / 1e6)
        self.assertEqual([e["name"] for e in r["events"]], ["first_token"])

    def test_error_mid_stream_and_early_exit(self) -> None:
        client = llm.wrap(FakeStreamingOpenAI())
        with self.assertRaises(APIError):
            with client.responses.stream(model="overloaded", input="x") as stream:
                stream.get_final_response()
        with client.responses.stream(model="gpt-4.1", input="x") as stream:
            for event in stream:
                if event.type == "response.output_text.delta":
                    break
        failed, early = sorted(self.llm_spans(), key=lambda s: s["name"], reverse=True)
        self.assertEqual((failed["status"], failed["error"]["type"]), ("error", "APIError"))
        self.assertEqual(failed["outputs"]["messages"], [{"role": "assistant", "content": "Found it."}])
        self.assertEqual((early["status"], early["metadata"]["closed_early"]), ("ok", True))
        self.assertEqual(early["outputs"]["messages"], [{"role": "assistant", "content": "Found "}])

    def test_a_completed_event_without_the_output_uses_the_items_that_came_one_by_one(self) -> None:
        client = llm.wrap(FakeStreamingOpenAI())
        with client.responses.stream(model="lean", input="x") as stream:
            self.assertEqual(len(stream.get_final_response().output), 2)
        (r,) = self.llm_spans()
        self.assertEqual((r["status"], r["outputs"], r["usage"]["input_tokens"]), ("ok", RESPONSE_OUTPUT, 500))

    def test_streaming_an_existing_response_is_described_by_its_final_response(self) -> None:
        client = llm.wrap(FakeStreamingOpenAI())
        with client.responses.stream(response_id="resp_1") as stream:
            text = "".join(e.delta for e in stream if e.type == "response.output_text.delta")
        self.assertEqual(text, "Found it.")
        (r,) = self.llm_spans()
        self.assertEqual((r["name"], r["model"], r["status"]), ("chat", "gpt-4.1-2025-04-14", "ok"))
        self.assertEqual(r["outputs"], RESPONSE_OUTPUT)
        self.assertEqual(r["usage"]["output_tokens"], 40)


class CreateStreamFirstToken(StreamHelperTest):
    def test_create_stream_true_records_the_first_token_too(self) -> None:
        client = llm.wrap(FakeStreamingOpenAI())
        list(client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True))
        (r,) = self.llm_spans()
        self.assertEqual([e["name"] for e in r["events"]], ["first_token"])
        self.assertEqual(r["outputs"], CHAT_OUTPUT)


class OpenStreamsAtExit(TraceFileTest):
    def test_a_stream_left_open_at_exit_ends_closed_early_and_the_process_exits(self) -> None:
        code = (
            "import sys; sys.path.insert(0, %r)\n"
            "import spanscope\n"
            "from spanscope import llm\n"
            "from fake_openai_streams import FakeStreamingOpenAI\n"
            "spanscope.configure(file=%r)\n"
            "client = llm.wrap(FakeStreamingOpenAI())\n"
            "stream = client.chat.completions.create(model='gpt-4o-mini', messages=[], stream=True)\n"
            "next(iter(stream))\n"
            "held = [stream]  # still referenced when the interpreter shuts down\n"
        ) % (os.path.dirname(os.path.abspath(__file__)), self.path)
        out = run_child(code, timeout=60)
        self.assertEqual((out.returncode, out.stderr), (0, ""))
        (r,) = [s for s in self.spans() if s["span_type"] == "llm"]
        self.assertEqual((r["status"], r["metadata"]["closed_early"]), ("ok", True))
        self.assertEqual(r["outputs"]["messages"], [{"role": "assistant", "content": "Let me "}])
