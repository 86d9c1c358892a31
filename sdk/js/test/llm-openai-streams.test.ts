/**
 * The openai package's stream helpers, `chat.completions.stream()` (and its older home under
 * `beta`) and `responses.stream()`, against doubles that behave like the SDK's
 * ChatCompletionStream and ResponseStream (sdk-objects.ts): one llm span each, ending with the
 * stream, while the caller gets the SDK's own object, events and failures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { describe, it, expect, beforeEach } from 'vitest';
import { span, currentSpan, configure, flush, wrapOpenAI } from '../src/index';
import { llmRecordsIn, readRecords, tmpDir, checkFile, SDK_ROOT } from './helpers';
import { APIUserAbortError, ChatCompletionStream, ResponseStream, streamCall } from './sdk-objects';
import type { SpanRecord } from '../src/types';

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

const MODEL = 'gpt-4o-mini-2024-07-18';
const CHUNKS = [
  { id: 'chatcmpl-s', created: 1, model: MODEL, choices: [{ index: 0, delta: { role: 'assistant', content: 'Let me ' } }] },
  { id: 'chatcmpl-s', created: 1, model: MODEL, choices: [{ index: 0, delta: { content: 'look.' } }] },
  { id: 'chatcmpl-s', created: 1, model: MODEL, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'search', arguments: '{"q":' } }] } }] },
  { id: 'chatcmpl-s', created: 1, model: MODEL, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"refunds"}' } }] } }] },
  { id: 'chatcmpl-s', created: 1, model: MODEL, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
  { id: 'chatcmpl-s', created: 1, model: MODEL, choices: [], usage: { prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200, prompt_tokens_details: { cached_tokens: 400 } } },
];
const CHAT_PARAMS = { model: 'gpt-4o-mini', temperature: 0, stream_options: { include_usage: true }, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Refund policy?' }] };

const FINAL_RESPONSE = {
  id: 'resp_1', object: 'response', model: 'gpt-4.1-2025-04-14', status: 'completed',
  output: [
    { type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Found it.', annotations: [] }] },
    { type: 'function_call', id: 'fc_1', call_id: 'call_7', name: 'search', arguments: '{"q":"docs"}', status: 'completed' },
  ],
  usage: { input_tokens: 500, output_tokens: 40, total_tokens: 540, input_tokens_details: { cached_tokens: 100 }, output_tokens_details: { reasoning_tokens: 0 } },
};
const RESPONSE_EVENTS = [
  { type: 'response.created', sequence_number: 0, response: { ...FINAL_RESPONSE, status: 'in_progress', output: [], usage: null } },
  { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { type: 'message', id: 'msg_1', role: 'assistant', status: 'in_progress', content: [] } },
  { type: 'response.content_part.added', sequence_number: 2, output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } },
  { type: 'response.output_text.delta', sequence_number: 3, output_index: 0, content_index: 0, delta: 'Found ' },
  { type: 'response.output_text.delta', sequence_number: 4, output_index: 0, content_index: 0, delta: 'it.' },
  { type: 'response.output_item.added', sequence_number: 5, output_index: 1, item: { type: 'function_call', id: 'fc_1', call_id: 'call_7', name: 'search', arguments: '' } },
  { type: 'response.function_call_arguments.delta', sequence_number: 6, output_index: 1, delta: '{"q":' },
  { type: 'response.function_call_arguments.delta', sequence_number: 7, output_index: 1, delta: '"docs"}' },
  { type: 'response.completed', sequence_number: 8, response: FINAL_RESPONSE },
];
/** A terminal event without the output (the items came one by one as `response.output_item.done`). */
const LEAN_EVENTS = [
  ...RESPONSE_EVENTS.slice(0, 5),
  { type: 'response.output_item.done', sequence_number: 5, output_index: 0, item: FINAL_RESPONSE.output[0] },
  ...RESPONSE_EVENTS.slice(5, 8),
  { type: 'response.output_item.done', sequence_number: 9, output_index: 1, item: FINAL_RESPONSE.output[1] },
  { type: 'response.completed', sequence_number: 10, response: { ...FINAL_RESPONSE, output: undefined } },
];
const RESPONSE_PARAMS = { model: 'gpt-4.1', instructions: 'Answer from the docs.', input: 'Where are the docs?' };

/** The SDK's resources: stream() hands the unwrapped resource to the helper, as the SDK does. */
class Completions {
  requests = 0;
  /** the span current while the SDK made its request */
  requestParent: string | undefined;
  create(params: Obj) {
    this.requests++;
    this.requestParent = currentSpan().id;
    return streamCall(CHUNKS, params.model === 'overloaded' ? 2 : undefined);
  }
  stream(params: Obj): ChatCompletionStream { return ChatCompletionStream.createChatCompletion(this, params); }
}
class Responses {
  requests = 0;
  requestParent: string | undefined;
  create(params: Obj) {
    this.requests++;
    this.requestParent = currentSpan().id;
    return streamCall(params.model === 'lean' ? LEAN_EVENTS : RESPONSE_EVENTS, params.model === 'overloaded' ? 5 : undefined);
  }
  stream(params: Obj): ResponseStream { return ResponseStream.createResponse(this, params); }
}
class FakeOpenAI {
  #key = 'sk';
  chat = { completions: new Completions() };
  beta = { chat: { completions: new Completions() } };
  responses = new Responses();
  get key(): string { return this.#key; }
}

const CHAT_OUTPUT = {
  finish_reason: 'tool_calls',
  messages: [{ role: 'assistant', content: 'Let me look.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'search', arguments: '{"q":"refunds"}' } }] }],
};

describe('OpenAI chat.completions.stream()', () => {
  it('events and finalChatCompletion() as without tracing; one span under the caller with messages, tool call, usage, cost and first token', async () => {
    const raw = new FakeOpenAI();
    const client = wrapOpenAI(raw);
    let text = '';
    let args = '';
    const final = await span('agent', async () => {
      const stream = client.chat.completions.stream(CHAT_PARAMS);
      expect(stream).toBeInstanceOf(ChatCompletionStream);
      stream.on('content', (delta: string) => { text += delta; });
      stream.on('tool_calls.function.arguments.delta', (e: Obj) => { args += e.arguments_delta; });
      const completion = await stream.finalChatCompletion();
      // A failure nobody listens for still reaches the process as an unhandled rejection.
      expect([stream.listenerCount('error'), stream.listenerCount('abort')]).toEqual([0, 0]);
      return completion;
    });
    expect(final.choices[0].message.content).toBe('Let me look.');
    expect([text, args]).toEqual(['Let me look.', '{"q":"refunds"}']);
    expect(raw.chat.completions.requests).toBe(1);
    const recs = await llmRecords();
    expect(recs).toHaveLength(1);
    const rec = recs[0];
    // The SDK's request ran inside the llm span, which sits under the caller's span.
    expect(raw.chat.completions.requestParent).toBe(rec.id);
    expect(readRecords(file).find((r) => r.id === rec.parent_id)?.name).toBe('agent');
    expect(rec).toMatchObject({
      name: 'chat gpt-4o-mini', provider: 'openai', model: MODEL, status: 'ok',
      inputs: { temperature: 0, stream_options: { include_usage: true }, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Refund policy?' }] },
      outputs: CHAT_OUTPUT,
      usage: { input_tokens: 1000, output_tokens: 200, total_tokens: 1200, cache_read_input_tokens: 400 },
    });
    expect(rec.events?.map((e) => e.name)).toEqual(['first_token']);
    // gpt-4o-mini: $0.15 in, $0.075 cached in, $0.60 out per million.
    expect(rec.cost_usd).toBeCloseTo((600 * 0.15 + 400 * 0.075 + 200 * 0.6) / 1e6, 12);
  });

  it('async iteration yields every raw chunk; the span ends with the stream', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    const seen: Obj[] = [];
    for await (const chunk of client.chat.completions.stream(CHAT_PARAMS)) seen.push(chunk);
    expect(seen).toEqual(CHUNKS);
    const [rec] = await llmRecords();
    expect(rec).toMatchObject({ status: 'ok', outputs: CHAT_OUTPUT, usage: { input_tokens: 1000 } });
    expect(Date.parse(rec.end_time!)).toBeGreaterThanOrEqual(Date.parse(rec.start_time));
  });

  it('finalContent() alone (no listener, no iteration) ends the span with the whole reply', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    expect(await client.chat.completions.stream(CHAT_PARAMS).finalContent()).toBe('Let me look.');
    const [rec] = await llmRecords();
    expect(rec).toMatchObject({ status: 'ok', outputs: CHAT_OUTPUT, usage: { output_tokens: 200 } });
    expect(rec.cost_usd).toBeGreaterThan(0);
  });

  it('a failure mid-stream rejects finalChatCompletion() with the SDK error; the span records it with the text so far', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    const stream = client.chat.completions.stream({ ...CHAT_PARAMS, model: 'overloaded' });
    await expect(stream.finalChatCompletion()).rejects.toThrow('Overloaded');
    const [rec] = await llmRecords();
    expect(rec).toMatchObject({
      status: 'error', error: { type: 'OverloadedError', message: 'Overloaded' }, model: MODEL,
      outputs: { messages: [{ role: 'assistant', content: 'Let me look.' }], finish_reason: null },
    });
    expect(rec.usage).toBeUndefined();
    expect(rec.events?.map((e) => e.name)).toEqual(['first_token']);
  });

  it('abort() by the caller rejects with APIUserAbortError; the span ends failed with the partial text', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    const stream = client.chat.completions.stream(CHAT_PARAMS);
    stream.once('content', () => stream.abort());
    await expect(stream.finalChatCompletion()).rejects.toBeInstanceOf(APIUserAbortError);
    expect(stream.aborted).toBe(true);
    const [rec] = await llmRecords();
    expect(rec).toMatchObject({ status: 'error', error: { type: 'APIUserAbortError', message: 'Request was aborted.' }, outputs: { messages: [{ content: 'Let me ' }] } });
  });

  it('leaving a for-await loop early aborts the request (as in the SDK) and ends the span', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    const stream = client.chat.completions.stream(CHAT_PARAMS);
    for await (const chunk of stream) {
      expect(chunk.choices[0].delta.content).toBe('Let me ');
      break;
    }
    await stream.done().catch(() => {});
    const [rec] = await llmRecords();
    expect(rec).toMatchObject({ status: 'error', error: { type: 'APIUserAbortError' } });
    expect(rec.outputs).toMatchObject({ messages: [{ content: 'Let me ' }] });
  });

  it('the older beta.chat.completions.stream() is traced the same way', async () => {
    const raw = new FakeOpenAI();
    const client = wrapOpenAI(raw);
    const completion = await client.beta.chat.completions.stream(CHAT_PARAMS).finalChatCompletion();
    expect(completion.usage.total_tokens).toBe(1200);
    const recs = await llmRecords();
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ name: 'chat gpt-4o-mini', status: 'ok', outputs: CHAT_OUTPUT });
    expect(raw.beta.chat.completions.requests).toBe(1);
  });

  it('a stream() that throws before returning is recorded, and the same error reaches the caller', async () => {
    const raw = new FakeOpenAI();
    const thrown = new TypeError('messages must be an array');
    raw.chat.completions.stream = () => { throw thrown; };
    const client = wrapOpenAI(raw);
    expect(() => client.chat.completions.stream({ model: 'gpt-4o', messages: [] })).toThrow(thrown);
    const [rec] = await llmRecords();
    expect(rec).toMatchObject({ status: 'error', error: { type: 'TypeError', message: 'messages must be an array' } });
  });
});

const RESPONSE_OUTPUT = {
  finish_reason: 'completed',
  messages: [{ role: 'assistant', content: 'Found it.', tool_calls: [{ id: 'call_7', type: 'function', function: { name: 'search', arguments: '{"q":"docs"}' } }] }],
};

describe('OpenAI responses.stream()', () => {
  it('events and finalResponse() as without tracing; one span under the caller with the reply, usage, cost and first token', async () => {
    const raw = new FakeOpenAI();
    const client = wrapOpenAI(raw);
    let text = '';
    const final = await span('agent', async () => {
      const stream = client.responses.stream(RESPONSE_PARAMS);
      expect(stream).toBeInstanceOf(ResponseStream);
      stream.on('response.output_text.delta', (e: Obj) => { text += e.delta; });
      const response = await stream.finalResponse();
      expect([stream.listenerCount('error'), stream.listenerCount('abort')]).toEqual([0, 0]);
      return response;
    });
    expect(final.status).toBe('completed');
    expect(text).toBe('Found it.');
    const [rec, ...more] = await llmRecords();
    expect(more).toHaveLength(0);
    expect(raw.responses.requestParent).toBe(rec.id);
    expect(readRecords(file).find((r) => r.id === rec.parent_id)?.name).toBe('agent');
    expect(rec).toMatchObject({
      name: 'response gpt-4.1', provider: 'openai', model: 'gpt-4.1-2025-04-14', status: 'ok',
      inputs: { messages: [{ role: 'system', content: 'Answer from the docs.' }, { role: 'user', content: 'Where are the docs?' }] },
      outputs: RESPONSE_OUTPUT,
      usage: { input_tokens: 500, output_tokens: 40, total_tokens: 540, cache_read_input_tokens: 100 },
    });
    expect(rec.events?.map((e) => e.name)).toEqual(['first_token']);
    // gpt-4.1: $2 in, $0.50 cached in, $8 out per million.
    expect(rec.cost_usd).toBeCloseTo((400 * 2 + 100 * 0.5 + 40 * 8) / 1e6, 12);
  });

  it('async iteration yields every raw event; the span ends with the stream', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    const types: string[] = [];
    for await (const ev of client.responses.stream(RESPONSE_PARAMS)) types.push(ev.type);
    expect(types).toEqual(RESPONSE_EVENTS.map((e) => e.type));
    const [rec] = await llmRecords();
    expect(rec).toMatchObject({ status: 'ok', outputs: RESPONSE_OUTPUT, usage: { output_tokens: 40 } });
  });

  it('a completed event without the output: the span has the items that came one by one', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    await client.responses.stream({ ...RESPONSE_PARAMS, model: 'lean' }).finalResponse();
    const [rec] = await llmRecords();
    expect(rec).toMatchObject({ status: 'ok', outputs: RESPONSE_OUTPUT, usage: { input_tokens: 500 } });
  });

  it('a failure mid-stream rejects finalResponse(); the span records it with the text so far', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    const stream = client.responses.stream({ ...RESPONSE_PARAMS, model: 'overloaded' });
    await expect(stream.finalResponse()).rejects.toThrow('Overloaded');
    const [rec] = await llmRecords();
    expect(rec).toMatchObject({ name: 'response overloaded', status: 'error', error: { type: 'OverloadedError' }, outputs: { messages: [{ role: 'assistant', content: 'Found it.' }] } });
  });

  it('abort() by the caller rejects with APIUserAbortError; the span ends failed with the partial text', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    const stream = client.responses.stream(RESPONSE_PARAMS);
    stream.once('response.output_text.delta', () => stream.abort());
    await expect(stream.finalResponse()).rejects.toBeInstanceOf(APIUserAbortError);
    const [rec] = await llmRecords();
    expect(rec).toMatchObject({ status: 'error', error: { type: 'APIUserAbortError' }, outputs: { messages: [{ content: 'Found ' }] } });
  });
});

describe('a stream helper failure nobody handles', () => {
  // In a child process: the unhandled rejection ends it, as it would a user's program.
  const program = `
    import { configure, wrapOpenAI } from ${JSON.stringify(path.join(SDK_ROOT, 'src/index.ts'))};
    import { ChatCompletionStream, streamCall } from ${JSON.stringify(path.join(SDK_ROOT, 'test/sdk-objects.ts'))};
    configure({ file: process.env.OUT });
    const chunk = { id: 'c', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: 'Hi' } }] };
    class Completions {
      create() { return streamCall([chunk, chunk], 1); }
      stream(params) { return ChatCompletionStream.createChatCompletion(this, params); }
    }
    const raw = { chat: { completions: new Completions() } };
    const client = process.env.WRAP ? wrapOpenAI(raw) : raw;
    client.chat.completions.stream({ model: 'gpt-4o-mini', messages: [] }).on('content', () => {});
    setTimeout(() => console.log('not reached'), 1000);
  `;

  it('still ends the program with an unhandled rejection, as without tracing, and the span is written', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'main.ts'), program);
    await esbuild.build({ entryPoints: [path.join(dir, 'main.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: path.join(dir, 'main.cjs'), logLevel: 'error' });
    const run = (wrap: boolean) => {
      const out = path.join(dir, `traces-${wrap}.jsonl`);
      const r = spawnSync(process.execPath, [path.join(dir, 'main.cjs')], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, OUT: out, WRAP: wrap ? '1' : '' } });
      return { status: r.status, stdout: r.stdout, overloaded: /OverloadedError|Overloaded/.test(r.stderr), out };
    };
    const plain = run(false);
    const traced = run(true);
    expect(plain).toMatchObject({ status: 1, stdout: '', overloaded: true });
    expect(traced).toMatchObject({ status: plain.status, stdout: '', overloaded: true });
    expect(checkFile(traced.out)).toEqual([]);
    const recs = readRecords(traced.out).filter((r) => r.span_type === 'llm');
    expect(recs.map((r) => [r.status, r.error?.type, r.outputs])).toEqual([['error', 'OverloadedError', { messages: [{ role: 'assistant', content: 'Hi' }], finish_reason: null }]]);
  });
});
