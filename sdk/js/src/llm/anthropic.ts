/**
 * Traces an Anthropic-style client (duck typed, no dependency): `messages.create`, streaming
 * included, and the `messages.stream()` helper (a MessageStream, watched by its events).
 * Messages are recorded in OpenAI chat shape (tool_use → tool_calls, tool_result → role
 * "tool"), and input_tokens counts cache reads and writes too.
 */
import { startLlmSpan, finishLlm, failLlm, endRaw, callOriginal, tapPromise, tapStream, replaceAt, textOf, rest, type ChatMessage, type ToolCall } from './common';
import { watchMessageStream } from './messageStream';
import type { Usage } from '../types';

type Obj = Record<string, any>;

export function anthropicUsage(u: Obj | undefined | null): Usage | undefined {
  if (!u) return undefined;
  const cacheRead = u.cache_read_input_tokens ?? 0;
  const cacheWrite = u.cache_creation_input_tokens ?? 0;
  const input = (u.input_tokens ?? 0) + cacheRead + cacheWrite;
  const usage: Usage = { input_tokens: input, output_tokens: u.output_tokens ?? 0, total_tokens: input + (u.output_tokens ?? 0) };
  if (cacheRead) usage.cache_read_input_tokens = cacheRead;
  if (cacheWrite) usage.cache_creation_input_tokens = cacheWrite;
  return usage;
}

function toolUse(b: Obj): ToolCall {
  return { id: String(b.id ?? ''), type: 'function', function: { name: String(b.name ?? ''), arguments: typeof b.input === 'string' ? b.input : JSON.stringify(b.input ?? {}) } };
}

/** One Anthropic message may become several chat messages (each tool result is its own). */
function toChat(m: Obj): ChatMessage[] {
  const role = String(m.role ?? 'user');
  if (!Array.isArray(m.content)) return [{ role, content: textOf(m.content) }];
  const out: ChatMessage[] = [];
  const other: Obj[] = [];
  const calls: ToolCall[] = [];
  for (const b of m.content as Obj[]) {
    if (b?.type === 'tool_result') out.push({ role: 'tool', tool_call_id: String(b.tool_use_id ?? ''), content: textOf(b.content) });
    else if (b?.type === 'tool_use') calls.push(toolUse(b));
    else other.push(b);
  }
  if (other.length > 0 || calls.length > 0) {
    const msg: ChatMessage = { role, content: other.length > 0 ? textOf(other) : null };
    if (calls.length > 0) msg.tool_calls = calls;
    out.unshift(msg);
  }
  return out;
}

function inputsOf(params: Obj): Record<string, unknown> {
  const messages: ChatMessage[] = [];
  if (params.system !== undefined) messages.push({ role: 'system', content: textOf(params.system) });
  for (const m of (params.messages ?? []) as Obj[]) messages.push(...toChat(m));
  return { messages, ...rest(params, ['messages', 'system', 'model', 'stream']) };
}

function outputsOf(r: Obj): Record<string, unknown> {
  return { messages: toChat({ role: 'assistant', content: r?.content ?? [] }), finish_reason: r?.stop_reason ?? null };
}

function traceMessagesCreate(orig: Function, owner: object): Function {
  return function create(this: unknown, params: Obj, ...more: unknown[]) {
    const s = startLlmSpan(`chat ${params?.model ?? ''}`.trim(), 'anthropic', params?.model, inputsOf(params ?? {}), create);
    const result = callOriginal(s, orig, owner, [params, ...more]);
    if (params?.stream) return tapPromise(result, (stream) => tapStream(stream as object, ...streamHandlers(s)), (e) => failLlm(s, e), endRaw(s));
    return tapPromise(result, (resp) => {
      const r = resp as Obj;
      finishLlm(s, { model: r?.model, outputs: outputsOf(r), usage: anthropicUsage(r?.usage) });
      return resp;
    }, (e) => failLlm(s, e), endRaw(s));
  };
}

function streamHandlers(s: ReturnType<typeof startLlmSpan>): [(ev: Obj) => void, (err?: unknown) => void] {
  let model: string | undefined;
  let usage: Obj = {};
  let stop: string | null = null;
  let first = true;
  const blocks: Obj[] = [];
  const json: string[] = [];
  const onEvent = (ev: Obj): void => {
    switch (ev?.type) {
      case 'message_start':
        model = ev.message?.model;
        usage = { ...ev.message?.usage };
        break;
      case 'content_block_start':
        blocks[ev.index] = { ...ev.content_block };
        json[ev.index] = '';
        break;
      case 'content_block_delta': {
        const b = (blocks[ev.index] ??= { type: 'text', text: '' });
        if (ev.delta?.type === 'text_delta') {
          if (first) s.addEvent('first_token');
          first = false;
          b.text = (b.text ?? '') + ev.delta.text;
        } else if (ev.delta?.type === 'input_json_delta') json[ev.index] = (json[ev.index] ?? '') + ev.delta.partial_json;
        break;
      }
      case 'content_block_stop':
        if (blocks[ev.index]?.type === 'tool_use' && json[ev.index]) blocks[ev.index].input = json[ev.index];
        break;
      case 'message_delta':
        if (ev.delta?.stop_reason) stop = ev.delta.stop_reason;
        usage = { ...usage, ...ev.usage };
        break;
    }
  };
  const onEnd = (err?: unknown): void => {
    if (err !== undefined) s.recordError(err);
    finishLlm(s, { model, outputs: outputsOf({ content: blocks.filter(Boolean), stop_reason: stop }), usage: anthropicUsage(usage) });
  };
  return [onEvent, onEnd];
}

/**
 * `messages.stream(params)`: the SDK's own MessageStream comes back unchanged; the span ends
 * with the stream (its final message, or the failure or abort and what had arrived by then).
 */
function traceMessagesStream(orig: Function, owner: object): Function {
  return function stream(this: unknown, params: Obj, ...more: unknown[]) {
    const s = startLlmSpan(`chat ${params?.model ?? ''}`.trim(), 'anthropic', params?.model, inputsOf(params ?? {}), stream);
    const result = callOriginal(s, orig, owner, [params, ...more]);
    let first = true;
    const watched = watchMessageStream(result, {
      text: () => {
        if (first) s.addEvent('first_token');
        first = false;
      },
      done: (m) => finishLlm(s, { model: m.model, outputs: outputsOf(m), usage: anthropicUsage(m.usage) }),
      failed: (err, snapshot) => {
        s.recordError(err);
        finishLlm(s, { model: snapshot?.model, outputs: outputsOf(snapshot ?? {}), usage: anthropicUsage(snapshot?.usage) });
      },
    });
    if (watched) return result;
    // Not an event emitter: an async-iterable of raw events is read like a `stream: true` create.
    if (result !== null && typeof result === 'object' && Symbol.asyncIterator in result) return tapStream(result, ...streamHandlers(s));
    finishLlm(s, { outputs: {} });
    return result;
  };
}

/** The same client, with `messages.create` and `messages.stream` traced. */
export function wrapAnthropic<T extends object>(client: T): T {
  return replaceAt(replaceAt(client, ['messages', 'create'], traceMessagesCreate), ['messages', 'stream'], traceMessagesStream);
}
