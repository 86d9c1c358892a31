/**
 * OpenTelemetry GenAI semantic conventions, current and deprecated names: provider, model,
 * token usage, messages (JSON attributes, indexed attributes, or `gen_ai.*` events), tool calls.
 */
import type { Span, SpanEvent, Usage } from '../model';
import { asNumber, asObject, asString, maybeJson, type JsonObject } from './fields';
import { fromGenAiMessages, fromIndexedMessages, systemMessage, type ChatMessage } from './messages';
import { unflatten, type AttributeBag } from './otlp-attributes';
import { withTotal } from './usage';

/** Fills what the GenAI attributes say into `span`; returns `gen_ai.operation.name`. */
export function applyGenAi(bag: AttributeBag, span: Span): string | undefined {
  const operation = asString(bag.take('gen_ai.operation.name'));
  span.provider ??= asString(bag.takeFirst('gen_ai.provider.name', 'gen_ai.system'));
  // The response names the exact version; the requested name stays in metadata when both exist.
  span.model ??= asString(bag.take('gen_ai.response.model')) ?? asString(bag.take('gen_ai.request.model'));
  span.usage ??= genAiUsage(bag);
  span.costUsd ??= asNumber(bag.takeFirst('gen_ai.usage.cost', 'gen_ai.usage.cost_usd'));
  const input = inputMessages(bag);
  if (input) span.inputs ??= { messages: input };
  const output = outputMessages(bag);
  if (output) span.outputs ??= { messages: output };
  applyTool(bag, span);
  return operation;
}

function genAiUsage(bag: AttributeBag): Usage | undefined {
  return withTotal({
    input_tokens: asNumber(bag.takeFirst('gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens')),
    output_tokens: asNumber(bag.takeFirst('gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens')),
    total_tokens: asNumber(bag.take('gen_ai.usage.total_tokens')),
    cache_read_input_tokens: asNumber(bag.takeFirst(
      'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens', 'gen_ai.usage.input_tokens.cached',
    )),
    reasoning_tokens: asNumber(bag.takeFirst(
      'gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.output_tokens.reasoning', 'gen_ai.usage.reasoning_tokens',
    )),
  });
}

function inputMessages(bag: AttributeBag): ChatMessage[] | undefined {
  const system = systemMessage(bag.take('gen_ai.system_instructions'));
  const messages =
    fromGenAiMessages(bag.take('gen_ai.input.messages')) ??
    indexed(bag, 'gen_ai.prompt.') ??
    plain(bag.take('gen_ai.prompt'), 'user');
  if (!system) return messages;
  return [system, ...(messages ?? [])];
}

function outputMessages(bag: AttributeBag): ChatMessage[] | undefined {
  return (
    fromGenAiMessages(bag.take('gen_ai.output.messages')) ??
    indexed(bag, 'gen_ai.completion.') ??
    plain(bag.take('gen_ai.completion'), 'assistant')
  );
}

function indexed(bag: AttributeBag, prefix: string): ChatMessage[] | undefined {
  const flat = bag.takePrefix(prefix);
  return flat ? fromIndexedMessages(unflatten(flat)) : undefined;
}

/** Old single-attribute prompts: a JSON message list or plain text. */
function plain(v: unknown, role: string): ChatMessage[] | undefined {
  const parsed = maybeJson(v);
  if (Array.isArray(parsed)) return fromGenAiMessages(parsed);
  return typeof parsed === 'string' && parsed.length > 0 ? [{ role, content: parsed }] : undefined;
}

function applyTool(bag: AttributeBag, span: Span): void {
  const args = bag.take('gen_ai.tool.call.arguments');
  const result = bag.take('gen_ai.tool.call.result');
  if (args !== undefined) span.inputs ??= asObject(maybeJson(args)) ?? { arguments: args };
  if (result !== undefined) span.outputs ??= asObject(maybeJson(result)) ?? { output: result };
}

const ROLE_OF_EVENT: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

/**
 * Messages carried by deprecated GenAI events (`gen_ai.user.message`, `gen_ai.choice`,
 * `gen_ai.content.prompt`/`completion`), set as inputs/outputs when attributes gave none.
 * Returns the events that are not messages.
 */
export function applyGenAiEvents(events: SpanEvent[], span: Span): SpanEvent[] {
  const input: ChatMessage[] = [];
  const output: ChatMessage[] = [];
  const rest: SpanEvent[] = [];
  for (const e of events) {
    const attrs = e.attributes ?? {};
    const role = ROLE_OF_EVENT[e.name];
    if (role) input.push(eventMessage(attrs, role));
    else if (e.name === 'gen_ai.choice') output.push(eventMessage(attrs, 'assistant'));
    else if (e.name === 'gen_ai.content.prompt') input.push(...(plain(attrs['gen_ai.prompt'], 'user') ?? []));
    else if (e.name === 'gen_ai.content.completion') output.push(...(plain(attrs['gen_ai.completion'], 'assistant') ?? []));
    else rest.push(e);
  }
  if (input.length > 0) span.inputs ??= { messages: input };
  if (output.length > 0) span.outputs ??= { messages: output };
  return rest;
}

function eventMessage(attrs: JsonObject, role: string): ChatMessage {
  const body = asObject(maybeJson(attrs.message)) ?? asObject(maybeJson(attrs['gen_ai.event.content']));
  const msg: ChatMessage = body ? { role, ...body } : { role, content: attrs.content ?? null };
  if (attrs.tool_calls !== undefined) msg.tool_calls = maybeJson(attrs.tool_calls);
  if (attrs.id !== undefined && role === 'tool') msg.tool_call_id = attrs.id;
  if (attrs.finish_reason !== undefined) msg.finish_reason = attrs.finish_reason;
  return msg;
}
