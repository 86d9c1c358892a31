/**
 * OpenAI request and reply shapes in the native format: chat and Responses inputs, replies,
 * usage, and the accumulation of streamed chunks or events into one reply. Shared by the
 * `create` wrappers and the SDK's stream helpers.
 */
import { finishLlm, textOf, rest, type ChatMessage, type ToolCall } from './common';
import type { Span } from '../span';
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

export function responsesUsage(u: Obj | undefined | null): Usage | undefined {
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

export function chatInputs(params: Obj): Record<string, unknown> {
  const messages = Array.isArray(params.messages) ? params.messages.map(chatMessage) : [];
  return { messages, ...rest(params, ['messages', 'model', 'stream']) };
}

/** What a whole chat completion records: exact model, the reply messages, usage. */
export function chatReply(r: Obj | undefined): { model?: unknown; outputs: Record<string, unknown>; usage?: Usage } {
  const choice = r?.choices?.[0];
  return {
    model: r?.model,
    outputs: { messages: choice?.message ? [chatMessage(choice.message)] : [], finish_reason: choice?.finish_reason ?? null },
    usage: chatUsage(r?.usage),
  };
}

export function chatStreamHandlers(s: Span): [(c: Obj) => void, (err?: unknown) => void] {
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

export function responsesInputs(params: Obj): Record<string, unknown> {
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

export function responsesOutputs(r: Obj): Record<string, unknown> {
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

/** What a whole Responses reply records. */
export function responsesReply(r: Obj | undefined): { model?: unknown; outputs: Record<string, unknown>; usage?: Usage } {
  return { model: r?.model, outputs: responsesOutputs(r ?? {}), usage: responsesUsage(r?.usage) };
}

/**
 * Streamed Responses events: text deltas (the first one is the first token) until a terminal
 * event carries the whole reply (whose output may be left out: then the items of
 * `response.output_item.done` stand for it). Without one, the span keeps the text that arrived.
 */
export function responsesStreamHandlers(s: Span): [(ev: Obj) => void, (err?: unknown) => void] {
  let final: Obj | undefined;
  let text = '';
  let first = true;
  const items: Obj[] = [];
  const onEvent = (ev: Obj): void => {
    if (ev?.type === 'response.output_text.delta' && typeof ev.delta === 'string') {
      if (first) s.addEvent('first_token');
      first = false;
      text += ev.delta;
    } else if (ev?.type === 'response.output_item.done' && ev.item) items[ev.output_index ?? items.length] = ev.item;
    else if (ev?.type === 'response.completed' || ev?.type === 'response.incomplete' || ev?.type === 'response.failed') final = ev.response;
  };
  const onEnd = (err?: unknown): void => {
    if (err !== undefined) s.recordError(err);
    if (final) finishLlm(s, responsesReply(Array.isArray(final.output) ? final : { ...final, output: items.filter(Boolean) }));
    else finishLlm(s, { outputs: { messages: [{ role: 'assistant', content: text || null }], finish_reason: null } });
  };
  return [onEvent, onEnd];
}
