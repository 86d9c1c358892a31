/**
 * The LLM wrappers against the objects the real SDKs hand back (see sdk-objects.ts): the
 * APIPromise keeps `withResponse()` / `asResponse()` once wrapped, and Anthropic's
 * `messages.stream()` MessageStream becomes an llm span without changing what its user sees.
 */
import path from 'node:path';
import { describe, it, expect, beforeEach } from 'vitest';
import { span, currentSpan, configure, flush, wrapOpenAI, wrapAnthropic } from '../src/index';
import { llmRecordsIn, readRecords, tmpDir } from './helpers';
import { APIPromise, APIUserAbortError, FakeResponse, MessageStream, jsonCall, streamCall } from './sdk-objects';
import type { SpanRecord } from '../src/types';
import { MESSAGE_EVENTS } from './anthropic-events';

type Obj = Record<string, any>;

let file: string;
beforeEach(() => {
  file = path.join(tmpDir(), 'traces.jsonl');
  configure({ file, pricing: {} });
});

async function llmRecords(): Promise<SpanRecord[]> {
  await flush();
  return llmRecordsIn(file);
}

const CHAT_REPLY = {
  id: 'chatcmpl-9', model: 'gpt-4o-2024-08-06',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Paris.' } }],
  usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
};
const CHAT_CHUNKS = [
  { model: 'gpt-4o-mini-2024-07-18', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' } }] },
  { choices: [{ index: 0, delta: { content: 'lo' } }] },
  { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
  { choices: [], usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 } },
];

class Completions {
  #calls = 0;
  create(params: Obj): APIPromise<unknown> {
    this.#calls++;
    if (params.model === 'broken') return jsonCall(Object.assign(new Error('429 Too Many Requests'), { name: 'RateLimitError' }));
    return params.stream ? streamCall(CHAT_CHUNKS) : jsonCall(CHAT_REPLY);
  }
  get calls(): number { return this.#calls; }
}
class FakeOpenAI { #key = 'sk'; chat = { completions: new Completions() }; get key(): string { return this.#key; } }


class Messages {
  #requests = 0;
  /** the span current while the SDK made its request */
  requestParent: string | undefined;
  create(params: Obj): APIPromise<unknown> {
    this.#requests++;
    this.requestParent = currentSpan().id;
    if (params.stream) return streamCall(MESSAGE_EVENTS, params.model === 'overloaded' ? 4 : undefined);
    return jsonCall({ id: 'msg_1', model: 'claude-haiku-4-5', role: 'assistant', stop_reason: 'end_turn', content: [{ type: 'text', text: 'Hi.' }], usage: { input_tokens: 200, output_tokens: 10 } });
  }
  stream(params: Obj): MessageStream {
    return MessageStream.createMessage(this, params);
  }
  get requests(): number { return this.#requests; }
}
class FakeAnthropic { #key = 'k'; messages = new Messages(); get key(): string { return this.#key; } }

describe('APIPromise extras survive wrapping', () => {
  it('withResponse(): the data, the response and its request id; the span is recorded once', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    const p = client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Capital of France?' }] });
    expect(p).toBeInstanceOf(Promise);
    expect(typeof p.withResponse).toBe('function');
    const { data, response, request_id } = await p.withResponse();
    expect((data as Obj).id).toBe('chatcmpl-9');
    expect(response).toBeInstanceOf(FakeResponse);
    expect(request_id).toBe('req_42');
    // Awaiting the same promise again gives the same parsed reply (the body is read once).
    expect(await p).toBe(data);
    expect(client.chat.completions.calls).toBe(1);
    const recs = await llmRecords();
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ status: 'ok', model: 'gpt-4o-2024-08-06', outputs: { messages: [{ role: 'assistant', content: 'Paris.' }] }, usage: { input_tokens: 100, output_tokens: 20 } });
  });

  it('asResponse(): the raw response with its body unread for the caller; the span still ends', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    const res = await client.chat.completions.create({ model: 'gpt-4o', messages: [] }).asResponse();
    expect(res.bodyUsed).toBe(false);
    expect(((await res.json()) as Obj).id).toBe('chatcmpl-9');
    const [rec] = await llmRecords();
    expect(rec).toMatchObject({ status: 'ok', name: 'chat gpt-4o', outputs: {} });
  });

  it('a streamed call through withResponse(): the caller iterates the data, the span has the text and usage', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    const { data, response } = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [] }).withResponse();
    expect(response.status).toBe(200);
    const stream = data as AsyncIterable<Obj> & { controller: AbortController };
    expect(stream.controller).toBeInstanceOf(AbortController);
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello');
    const [rec] = await llmRecords();
    expect(rec).toMatchObject({ status: 'ok', model: 'gpt-4o-mini-2024-07-18', outputs: { messages: [{ content: 'Hello' }], finish_reason: 'stop' }, usage: { input_tokens: 10, output_tokens: 2 } });
  });

  it('a failed request rejects withResponse() and catch() with the SDK error; the span records it', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    await expect(client.chat.completions.create({ model: 'broken', messages: [] }).withResponse()).rejects.toThrow('429 Too Many Requests');
    const caught = await client.chat.completions.create({ model: 'broken', messages: [] }).catch((e: Error) => e.name);
    expect(caught).toBe('RateLimitError');
    const recs = await llmRecords();
    expect(recs.map((r) => [r.status, r.error?.type])).toEqual([['error', 'RateLimitError'], ['error', 'RateLimitError']]);
  });

  it('Anthropic messages.create keeps withResponse() too, and other members are the SDK\'s own', async () => {
    const client = wrapAnthropic(new FakeAnthropic());
    const params = { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] };
    // An SDK member that reads the promise's private state still works through the wrapper.
    expect(await client.messages.create(params)._thenUnwrap((d) => (d as Obj).id)).toBe('msg_1');
    const { data } = await client.messages.create(params).withResponse();
    expect((data as Obj).content[0].text).toBe('Hi.');
    const recs = await llmRecords();
    expect(recs.find((r) => r.status === 'ok')).toMatchObject({ provider: 'anthropic', usage: { input_tokens: 200, output_tokens: 10 } });
  });
});

describe('Anthropic messages.stream()', () => {
  it('events and finalMessage() as without tracing; the span has the messages, text, tool call, usage, cost and first token', async () => {
    const raw = new FakeAnthropic();
    const client = wrapAnthropic(raw);
    let text = '';
    let llmId = '';
    await span('agent', async () => {
      const stream = client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1024, system: 'Be brief.', messages: [{ role: 'user', content: 'Order 7?' }] });
      expect(stream).toBeInstanceOf(MessageStream);
      stream.on('text', (delta: string) => { text += delta; });
      const final = await stream.finalMessage();
      expect(final.stop_reason).toBe('tool_use');
      // The SDK still reports an unheard failure as an unhandled rejection: no listener was added for it.
      expect(stream.listenerCount('error')).toBe(0);
      expect(stream.listenerCount('abort')).toBe(0);
      llmId = raw.messages.requestParent!;
    });
    expect(text).toBe('Let me check.');
    expect(raw.messages.requests).toBe(1);
    const recs = await llmRecords();
    expect(recs).toHaveLength(1);
    const rec = recs[0];
    // The SDK's request ran inside the llm span, which sits under the caller's span.
    expect(rec.id).toBe(llmId);
    expect(readRecords(file).find((r) => r.id === rec.parent_id)?.name).toBe('agent');
    expect(rec).toMatchObject({
      name: 'chat claude-sonnet-4-5', provider: 'anthropic', model: 'claude-sonnet-4-5-20250929', status: 'ok',
      inputs: { max_tokens: 1024, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Order 7?' }] },
      outputs: { finish_reason: 'tool_use', messages: [{ role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'toolu_1', function: { name: 'lookup', arguments: '{"id":7}' } }] }] },
      usage: { input_tokens: 1050, output_tokens: 30, total_tokens: 1080, cache_read_input_tokens: 1000 },
    });
    expect(rec.events?.map((e) => e.name)).toEqual(['first_token']);
    // claude-sonnet-4-5: $3 in, $0.30 cache read, $15 out per million.
    expect(rec.cost_usd).toBeCloseTo((50 * 3 + 1000 * 0.3 + 30 * 15) / 1e6, 12);
  });

  it('async iteration yields every raw event; the span ends with the stream', async () => {
    const client = wrapAnthropic(new FakeAnthropic());
    const types: string[] = [];
    for await (const ev of client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })) types.push(ev.type);
    expect(types).toEqual(MESSAGE_EVENTS.map((e) => e.type));
    const [rec] = await llmRecords();
    expect(rec).toMatchObject({ status: 'ok', outputs: { messages: [{ content: 'Let me check.' }] } });
    expect(Date.parse(rec.end_time!)).toBeGreaterThanOrEqual(Date.parse(rec.start_time));
  });

  it('a failure mid-stream rejects finalMessage() with the SDK error; the span records it with what had arrived', async () => {
    const client = wrapAnthropic(new FakeAnthropic());
    const stream = client.messages.stream({ model: 'overloaded', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    await expect(stream.finalMessage()).rejects.toThrow('Overloaded');
    const [rec] = await llmRecords();
    expect(rec).toMatchObject({
      status: 'error', error: { type: 'OverloadedError', message: 'Overloaded' }, model: 'claude-sonnet-4-5-20250929',
      outputs: { messages: [{ role: 'assistant', content: 'Let me check.' }] }, usage: { input_tokens: 1050 },
    });
  });

  it('an abort by the caller rejects with APIUserAbortError; the span ends failed with the partial text', async () => {
    const client = wrapAnthropic(new FakeAnthropic());
    const stream = client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    stream.once('text', () => stream.abort());
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(APIUserAbortError);
    expect(stream.aborted).toBe(true);
    const [rec] = await llmRecords();
    expect(rec).toMatchObject({ status: 'error', error: { type: 'APIUserAbortError', message: 'Request was aborted.' }, outputs: { messages: [{ content: 'Let me ' }] } });
  });

  it('a stream() that throws before returning is recorded, and the same error reaches the caller', async () => {
    const raw = new FakeAnthropic();
    const thrown = new TypeError('max_tokens is required');
    raw.messages.stream = () => { throw thrown; };
    const client = wrapAnthropic(raw);
    expect(() => client.messages.stream({ model: 'm', messages: [] })).toThrow(thrown);
    const [rec] = await llmRecords();
    expect(rec).toMatchObject({ status: 'error', error: { type: 'TypeError', message: 'max_tokens is required' } });
  });
});
