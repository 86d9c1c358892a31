/**
 * The LLM wrappers against clients shaped like the OpenAI and Anthropic SDKs (same method
 * paths, same request/response/stream shapes; no network). The classes keep state in private
 * fields, as the real SDKs do, so a wrapper that calls methods on a proxy would fail here.
 */
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { describe, it, expect, beforeEach } from 'vitest';
import { span, configure, flush, wrapOpenAI, wrapAnthropic, costOf, OtlpHttpExporter } from '../src/index';
import { readRecords, tmpDir, checkFile } from './helpers';
import { MESSAGE_EVENTS } from './anthropic-events';

let file: string;
beforeEach(() => {
  file = path.join(tmpDir(), 'traces.jsonl');
  configure({ file, pricing: {} });
});

async function* fromArray<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) {
    await new Promise((r) => setTimeout(r, 1));
    yield i;
  }
}

class Completions {
  #calls = 0;
  async create(params: { model: string; stream?: boolean; messages: unknown[] }): Promise<unknown> {
    this.#calls++;
    if (params.model === 'broken') throw Object.assign(new Error('429 Too Many Requests'), { name: 'RateLimitError' });
    if (params.stream) {
      return { controller: 'kept', [Symbol.asyncIterator]: () => fromArray([
        { model: 'gpt-4o-mini-2024-07-18', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' } }] },
        { choices: [{ index: 0, delta: { content: 'lo' } }] },
        { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'search', arguments: '{"q":' } }] } }] },
        { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"refunds"}' } }] } }] },
        { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
        { choices: [], usage: { prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200, prompt_tokens_details: { cached_tokens: 400 } } },
      ])[Symbol.asyncIterator]() };
    }
    return {
      id: 'chatcmpl-1', model: 'gpt-4o-2024-08-06',
      choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [
        { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }] } }],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, completion_tokens_details: { reasoning_tokens: 5 } },
    };
  }
  get calls(): number { return this.#calls; }
}

class Responses {
  #n = 0;
  async create(params: { model: string; input: unknown; stream?: boolean }): Promise<unknown> {
    this.#n++;
    if (params.stream) {
      return { [Symbol.asyncIterator]: () => fromArray([
        { type: 'response.created', response: { id: 'resp_2', status: 'in_progress' } },
        { type: 'response.output_text.delta', delta: 'Pa' },
        { type: 'response.output_text.delta', delta: 'ris.' },
        { type: 'response.completed', response: { id: 'resp_2', model: 'gpt-4.1-2025-04-14', status: 'completed', output: [
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Paris.' }] },
          { type: 'function_call', call_id: 'fc_1', name: 'cite', arguments: '{"n":1}' }],
          usage: { input_tokens: 20, output_tokens: 4, total_tokens: 24, input_tokens_details: { cached_tokens: 10 } } } },
      ])[Symbol.asyncIterator]() };
    }
    return {
      id: 'resp_1', model: params.model, status: 'completed',
      output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Paris.' }] }],
      usage: { input_tokens: 12, output_tokens: 3, total_tokens: 15 },
    };
  }
}

class FakeOpenAI {
  #apiKey = 'sk-test';
  chat = { completions: new Completions() };
  responses = new Responses();
  get apiKey(): string { return this.#apiKey; }
}

class Messages {
  #n = 0;
  async create(params: { model: string; stream?: boolean }): Promise<unknown> {
    this.#n++;
    if (params.stream) {
      return { [Symbol.asyncIterator]: () => fromArray(MESSAGE_EVENTS)[Symbol.asyncIterator]() };
    }
    return {
      id: 'msg_1', model: 'claude-haiku-4-5', stop_reason: 'end_turn', role: 'assistant',
      content: [{ type: 'text', text: 'It is 18°C.' }],
      usage: { input_tokens: 200, output_tokens: 10, cache_creation_input_tokens: 100 },
    };
  }
}
class FakeAnthropic { #key = 'k'; messages = new Messages(); get key(): string { return this.#key; } }

describe('OpenAI-style client', () => {
  it('chat.completions.create: model, messages, parallel tool calls, usage and cost', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    expect(client.apiKey).toBe('sk-test');
    await span('agent', async () => {
      const r = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: [{ type: 'text', text: 'weather?' }] }], temperature: 0 } as never) as { id: string };
      expect(r.id).toBe('chatcmpl-1');
    });
    expect(client.chat.completions.calls).toBe(1);
    await flush();
    expect(checkFile(file)).toEqual([]);
    const llm = readRecords(file).find((r) => r.span_type === 'llm')!;
    expect(llm).toMatchObject({
      name: 'chat gpt-4o', model: 'gpt-4o-2024-08-06', provider: 'openai',
      inputs: { messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'weather?' }], temperature: 0 },
      outputs: { finish_reason: 'tool_calls', messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'call_a', function: { name: 'get_weather' } }, { id: 'call_b' }] }] },
      usage: { input_tokens: 100, output_tokens: 20, total_tokens: 120, reasoning_tokens: 5 },
    });
    // gpt-4o: $2.50 in, $10 out per million.
    expect(llm.cost_usd).toBeCloseTo((100 * 2.5 + 20 * 10) / 1e6, 12);
    expect(llm.source?.file).toBe(__filename);
  });

  it('streaming: deltas accumulate into the message and tool call, usage from the last chunk; the stream is unchanged', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] }) as AsyncIterable<{ choices: { delta: { content?: string } }[] }> & { controller: string };
    expect(stream.controller).toBe('kept');
    let text = '';
    let chunks = 0;
    for await (const c of stream) {
      chunks++;
      text += c.choices[0]?.delta.content ?? '';
    }
    expect(chunks).toBe(6);
    expect(text).toBe('Hello');
    await flush();
    const llm = readRecords(file).find((r) => r.span_type === 'llm')!;
    expect(llm).toMatchObject({
      model: 'gpt-4o-mini-2024-07-18',
      outputs: { finish_reason: 'tool_calls', messages: [{ role: 'assistant', content: 'Hello', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'search', arguments: '{"q":"refunds"}' } }] }] },
      usage: { input_tokens: 1000, output_tokens: 200, total_tokens: 1200, cache_read_input_tokens: 400 },
    });
    expect(llm.events?.map((e) => e.name)).toEqual(['first_token']);
    // gpt-4o-mini (dated snapshot → family price): 600 fresh × 0.15 + 400 cached × 0.075 + 200 × 0.6
    expect(llm.cost_usd).toBeCloseTo((600 * 0.15 + 400 * 0.075 + 200 * 0.6) / 1e6, 12);
  });

  it('a failing call is recorded and re-thrown', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    await expect(client.chat.completions.create({ model: 'broken', messages: [] })).rejects.toThrow('429');
    await flush();
    expect(readRecords(file)[0]).toMatchObject({ status: 'error', error: { type: 'RateLimitError' } });
  });

  it('a call that throws before returning its promise is recorded, and the same error reaches the caller', async () => {
    class Invalid extends Error { override name = 'BadRequestError'; }
    const thrown = new Invalid('messages must be an array');
    const fake = new FakeOpenAI();
    fake.chat.completions.create = () => { throw thrown; };
    const client = wrapOpenAI(fake);
    expect(() => client.chat.completions.create({ model: 'gpt-4o-mini', messages: 'nope' } as never)).toThrow(thrown);
    await flush();
    expect(readRecords(file)[0]).toMatchObject({ status: 'error', error: { type: 'BadRequestError', message: 'messages must be an array' } });
  });

  it('responses.create: input and instructions as messages, output text, usage', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    await client.responses.create({ model: 'gpt-4.1-mini', input: 'Capital of France?', instructions: 'One word.' } as never);
    await flush();
    expect(readRecords(file)[0]).toMatchObject({
      name: 'response gpt-4.1-mini', inputs: { messages: [{ role: 'system', content: 'One word.' }, { role: 'user', content: 'Capital of France?' }] },
      outputs: { messages: [{ role: 'assistant', content: 'Paris.' }] }, usage: { input_tokens: 12, output_tokens: 3 },
    });
  });

  it('responses.create streaming: the completed event gives the reply, tool calls and usage', async () => {
    const client = wrapOpenAI(new FakeOpenAI());
    const stream = await client.responses.create({ model: 'gpt-4.1', input: [{ role: 'user', content: [{ type: 'input_text', text: 'Capital?' }] }], stream: true } as never) as unknown as AsyncIterable<unknown>;
    let n = 0;
    for await (const _ of stream) n++;
    expect(n).toBe(4);
    await flush();
    expect(checkFile(file)).toEqual([]);
    const rec = readRecords(file)[0];
    expect(rec).toMatchObject({
      model: 'gpt-4.1-2025-04-14', inputs: { messages: [{ role: 'user', content: 'Capital?' }] },
      outputs: { messages: [{ role: 'assistant', content: 'Paris.', tool_calls: [{ id: 'fc_1', function: { name: 'cite', arguments: '{"n":1}' } }] }], finish_reason: 'completed' },
      usage: { input_tokens: 20, output_tokens: 4, cache_read_input_tokens: 10 },
    });
    expect(rec.events?.map((e) => e.name)).toEqual(['first_token']);
    expect(rec.cost_usd).toBeCloseTo((10 * 2 + 10 * 0.5 + 4 * 8) / 1e6, 12);
  });

  it('pricing can be overridden per model', async () => {
    configure({ pricing: { 'gpt-4o': { input: 1, output: 1 } } });
    const client = wrapOpenAI(new FakeOpenAI());
    await client.chat.completions.create({ model: 'gpt-4o', messages: [] });
    await flush();
    expect(readRecords(file)[0].cost_usd).toBeCloseTo(120 / 1e6, 12);
    expect(costOf('unknown-model', { input_tokens: 5 }, {})).toBeUndefined();
  });
});

describe('Anthropic-style client', () => {
  it('messages.create: system, tool results and tool use in chat shape; input counts cache tokens', async () => {
    const client = wrapAnthropic(new FakeAnthropic());
    expect(client.key).toBe('k');
    await client.messages.create({
      model: 'claude-haiku-4-5', system: 'You are terse.', max_tokens: 100,
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_0', name: 'weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_0', content: '18°C' }] },
      ],
    } as never);
    await flush();
    expect(checkFile(file)).toEqual([]);
    const llm = readRecords(file)[0];
    expect(llm).toMatchObject({
      provider: 'anthropic', model: 'claude-haiku-4-5',
      inputs: { max_tokens: 100, messages: [
        { role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_0', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'toolu_0', content: '18°C' }] },
      outputs: { messages: [{ role: 'assistant', content: 'It is 18°C.' }], finish_reason: 'end_turn' },
      usage: { input_tokens: 300, output_tokens: 10, total_tokens: 310, cache_creation_input_tokens: 100 },
    });
    expect(llm.cost_usd).toBeCloseTo((200 * 1 + 100 * 1.25 + 10 * 5) / 1e6, 12);
  });

  it('streaming: text and tool input deltas, usage from message_start and message_delta', async () => {
    const client = wrapAnthropic(new FakeAnthropic());
    const stream = await client.messages.create({ model: 'claude-sonnet-4-5', stream: true, messages: [{ role: 'user', content: 'x' }] } as never) as AsyncIterable<unknown>;
    let events = 0;
    for await (const _ of stream) events++;
    expect(events).toBe(11);
    await flush();
    expect(readRecords(file)[0]).toMatchObject({
      model: 'claude-sonnet-4-5-20250929',
      outputs: { finish_reason: 'tool_use', messages: [{ role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'toolu_1', function: { name: 'lookup', arguments: '{"id":7}' } }] }] },
      usage: { input_tokens: 1050, output_tokens: 30, cache_read_input_tokens: 1000 },
    });
  });
});

describe('OTLP/HTTP JSON exporter', () => {
  it('sends finished spans to a real HTTP endpoint with W3C ids, GenAI attributes and code location, alongside the file', async () => {
    const bodies: Record<string, any>[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        expect(req.url).toBe('/v1/traces');
        bodies.push(JSON.parse(body));
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
    try {
      configure({ file, service: 'otlp-test', otlpEndpoint: endpoint });
      const client = wrapOpenAI(new FakeOpenAI());
      await span('agent', { spanType: 'agent' }, async () => {
        await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
      });
      await flush();
    } finally {
      configure({ otlpEndpoint: undefined, service: undefined });
      server.close();
    }
    const spans = bodies.flatMap((b) => b.resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans)));
    expect(bodies[0].resourceSpans[0].resource.attributes[0]).toEqual({ key: 'service.name', value: { stringValue: 'otlp-test' } });
    const recs = readRecords(file);
    expect(spans).toHaveLength(recs.filter((r) => r.status !== 'running').length);
    const agent = recs.find((r) => r.name === 'agent')!;
    const llmSpan = spans.find((s: any) => s.name === 'chat gpt-4o');
    expect(llmSpan.traceId).toBe(agent.trace_id.replace(/-/g, ''));
    expect(llmSpan.parentSpanId).toBe(agent.id.replace(/-/g, '').slice(-16));
    const attr = (k: string) => llmSpan.attributes.find((a: any) => a.key === k)?.value;
    expect(attr('gen_ai.request.model')).toEqual({ stringValue: 'gpt-4o-2024-08-06' });
    expect(attr('gen_ai.usage.input_tokens')).toEqual({ intValue: '100' });
    expect(attr('openinference.span.kind')).toEqual({ stringValue: 'LLM' });
    expect(attr('code.file.path')).toEqual({ stringValue: __filename });
    expect(BigInt(llmSpan.endTimeUnixNano)).toBeGreaterThan(BigInt(llmSpan.startTimeUnixNano));
  });

  it('an unreachable endpoint is reported once and never throws', async () => {
    const ex = new OtlpHttpExporter('http://127.0.0.1:9/v1/traces');
    const line = Buffer.from(JSON.stringify({ id: '0190a0a0-0000-7000-8000-000000000001', trace_id: '0190a0a0-0000-7000-8000-000000000001', parent_id: null, dotted_order: 'x', name: 'n', span_type: 'custom', start_time: '2026-11-21T14:45:00.000001Z', end_time: '2026-11-21T14:45:00.000002Z', status: 'ok' }) + '\n');
    const orig = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      ex.export(line, 1);
      await ex.flush();
    } finally {
      process.stderr.write = orig;
    }
    expect(ex.failed).toBe(1);
  });
});
