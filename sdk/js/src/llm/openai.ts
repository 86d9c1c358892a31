/**
 * Traces an OpenAI-style client (duck typed, no dependency): `chat.completions.create`
 * (streaming included: deltas are accumulated, usage comes from the final chunk) and
 * `responses.create` (streaming: the `response.completed` event carries the whole reply).
 */
import { startLlmSpan, finishLlm, failLlm, endRaw, callOriginal, tapPromise, tapStream, replaceAt, textOf, rest, type ChatMessage, type ToolCall } from './common';
import type { Usage } from '../types';

type Obj = Record<string, any>;

export function chatUsage(u: Obj | undefined | null): Usage | undefined {
  if (!u) return undefined;
  const usage: Usage = { input_tokens: u.prompt_tokens ?? 0, output_tokens: u.completion_tokens ?? 0 };
  usage.total_tokens = u.total_tokens ?? usage.input_tokens! + usage.output_tokens!;
  const cached = u.prompt_tokens_details?.cached_tokens;
  if (cached) usage.cache_read_input_tokens = cached;
  const reasoning = u.completion_tokens_details?.reasoning_tokens;
  if (reasoning) usage.reasoning_tokens = reasoning;
  return usage;
}

function responsesUsage(u: Obj | undefined | null): Usage | undefined {
  if (!u) return undefined;
  const usage: Usage = { input_tokens: u.input_tokens ?? 0, output_tokens: u.output_tokens ?? 0 };
  usage.total_tokens = u.total_tokens ?? usage.input_tokens! + usage.output_tokens!;
  const cached = u.input_tokens_details?.cached_tokens;
  if (cached) usage.cache_read_input_tokens = cached;
  const reasoning = u.output_tokens_details?.reasoning_tokens;
  if (reasoning) usage.reasoning_tokens = reasoning;
  return usage;
}

function chatMessage(m: Obj): ChatMessage {
  const out: ChatMessage = { role: String(m.role ?? 'user'), content: textOf(m.content) };
  if (m.name) out.name = m.name;
  if (m.tool_call_id) out.tool_call_id = m.tool_call_id;
  if (Array.isArray(m.tool_calls) && m.tool_calls.length > 0) out.tool_calls = m.tool_calls.map(toolCall);
  return out;
}

function toolCall(t: Obj): ToolCall {
  const args = t.function?.arguments;
  return { id: String(t.id ?? ''), type: 'function', function: { name: String(t.function?.name ?? ''), arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) } };
}

function chatInputs(params: Obj): Record<string, unknown> {
  const messages = Array.isArray(params.messages) ? params.messages.map(chatMessage) : [];
  return { messages, ...rest(params, ['messages', 'model', 'stream']) };
}

function traceChatCreate(orig: Function, owner: object): Function {
  return function create(this: unknown, params: Obj, ...more: unknown[]) {
    const s = startLlmSpan(`chat ${params?.model ?? ''}`.trim(), 'openai', params?.model, chatInputs(params ?? {}), create);
    const result = callOriginal(s, orig, owner, [params, ...more]);
    if (params?.stream) {
      return tapPromise(result, (stream) => tapStream(stream as object, ...chatStreamHandlers(s)), (e) => failLlm(s, e), endRaw(s));
    }
    return tapPromise(result, (resp) => {
      const r = resp as Obj;
      const choice = r?.choices?.[0];
      finishLlm(s, {
        model: r?.model,
        outputs: { messages: choice?.message ? [chatMessage(choice.message)] : [], finish_reason: choice?.finish_reason ?? null },
        usage: chatUsage(r?.usage),
      });
      return resp;
    }, (e) => failLlm(s, e), endRaw(s));
  };
}

function chatStreamHandlers(s: ReturnType<typeof startLlmSpan>): [(c: Obj) => void, (err?: unknown) => void] {
  let content = '';
  let sawContent = false;
  let finish: string | null = null;
  let model: string | undefined;
  let usage: Usage | undefined;
  const calls: ToolCall[] = [];
  const onChunk = (c: Obj): void => {
    if (c?.model) model = c.model;
    if (c?.usage) usage = chatUsage(c.usage);
    const choice = c?.choices?.[0];
    if (!choice) return;
    const d = choice.delta ?? {};
    if (typeof d.content === 'string' && d.content) {
      if (!sawContent) s.addEvent('first_token');
      sawContent = true;
      content += d.content;
    }
    for (const t of d.tool_calls ?? []) {
      const i = t.index ?? calls.length;
      const call = (calls[i] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
      if (t.id) call.id = t.id;
      if (t.function?.name) call.function.name += t.function.name;
      if (t.function?.arguments) call.function.arguments += t.function.arguments;
    }
    if (choice.finish_reason) finish = choice.finish_reason;
  };
  const onEnd = (err?: unknown): void => {
    const message: ChatMessage = { role: 'assistant', content: sawContent ? content : null };
    const toolCalls = calls.filter(Boolean);
    if (toolCalls.length > 0) message.tool_calls = toolCalls;
    if (err !== undefined) s.recordError(err);
    finishLlm(s, { model, outputs: { messages: [message], finish_reason: finish }, usage });
  };
  return [onChunk, onEnd];
}

function responsesInputs(params: Obj): Record<string, unknown> {
  const messages: ChatMessage[] = [];
  if (typeof params.instructions === 'string') messages.push({ role: 'system', content: params.instructions });
  if (typeof params.input === 'string') messages.push({ role: 'user', content: params.input });
  else if (Array.isArray(params.input)) {
    for (const item of params.input as Obj[]) {
      if (item.type === 'function_call_output') messages.push({ role: 'tool', tool_call_id: String(item.call_id), content: textOf(item.output) });
      else if (item.type === 'function_call') messages.push({ role: 'assistant', content: null, tool_calls: [responsesCall(item)] });
      else if (item.role) messages.push({ role: item.role === 'developer' ? 'developer' : String(item.role), content: textOf(item.content) });
    }
  }
  return { messages, ...rest(params, ['input', 'instructions', 'model', 'stream']) };
}

function responsesCall(item: Obj): ToolCall {
  return { id: String(item.call_id ?? item.id ?? ''), type: 'function', function: { name: String(item.name ?? ''), arguments: typeof item.arguments === 'string' ? item.arguments : JSON.stringify(item.arguments ?? {}) } };
}

function responsesOutputs(r: Obj): Record<string, unknown> {
  let text = '';
  const calls: ToolCall[] = [];
  for (const item of (r?.output ?? []) as Obj[]) {
    if (item.type === 'message') text += textOf(item.content) ?? '';
    else if (item.type === 'function_call') calls.push(responsesCall(item));
  }
  const message: ChatMessage = { role: 'assistant', content: text || (typeof r?.output_text === 'string' ? r.output_text : null) };
  if (calls.length > 0) message.tool_calls = calls;
  return { messages: [message], finish_reason: r?.status ?? null };
}

function traceResponsesCreate(orig: Function, owner: object): Function {
  return function create(this: unknown, params: Obj, ...more: unknown[]) {
    const s = startLlmSpan(`response ${params?.model ?? ''}`.trim(), 'openai', params?.model, responsesInputs(params ?? {}), create);
    const result = callOriginal(s, orig, owner, [params, ...more]);
    if (params?.stream) {
      let final: Obj | undefined;
      let text = '';
      let first = true;
      return tapPromise(result, (stream) => tapStream(stream as object, (ev: Obj) => {
        if (ev?.type === 'response.output_text.delta' && typeof ev.delta === 'string') {
          if (first) s.addEvent('first_token');
          first = false;
          text += ev.delta;
        } else if (ev?.type === 'response.completed' || ev?.type === 'response.incomplete' || ev?.type === 'response.failed') final = ev.response;
      }, (err) => {
        if (err !== undefined) s.recordError(err);
        if (final) finishLlm(s, { model: final.model, outputs: responsesOutputs(final), usage: responsesUsage(final.usage) });
        else finishLlm(s, { outputs: { messages: [{ role: 'assistant', content: text || null }], finish_reason: null } });
      }), (e) => failLlm(s, e), endRaw(s));
    }
    return tapPromise(result, (resp) => {
      const r = resp as Obj;
      finishLlm(s, { model: r?.model, outputs: responsesOutputs(r), usage: responsesUsage(r?.usage) });
      return resp;
    }, (e) => failLlm(s, e), endRaw(s));
  };
}

/** The same client, with its chat completions and responses calls traced. */
export function wrapOpenAI<T extends object>(client: T): T {
  let c = replaceAt(client, ['chat', 'completions', 'create'], traceChatCreate);
  c = replaceAt(c, ['responses', 'create'], traceResponsesCreate);
  return c;
}
