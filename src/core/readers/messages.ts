/**
 * Chat messages from the shapes OTel instrumentations write, into the OpenAI chat shape the
 * model uses (`{role, content, tool_calls[{id, type, function{name, arguments}}], tool_call_id}`).
 */
import { asObject, asString, isObject, maybeJson, type JsonObject } from './fields';

export type ChatMessage = JsonObject;

function toolCall(id: unknown, name: unknown, args: unknown): JsonObject {
  const call: JsonObject = { type: 'function', function: { name: asString(name) ?? '', arguments: argumentsText(args) } };
  if (asString(id)) call.id = id;
  return call;
}

function argumentsText(args: unknown): string {
  if (typeof args === 'string') return args;
  return args === undefined ? '' : JSON.stringify(args);
}

/** GenAI semconv `gen_ai.input.messages` / `output.messages`: `{role, parts[], finish_reason?}`. */
export function fromGenAiMessages(raw: unknown): ChatMessage[] | undefined {
  const list = maybeJson(raw);
  if (!Array.isArray(list)) return undefined;
  const out: ChatMessage[] = [];
  for (const m of list) {
    if (!isObject(m)) continue;
    if (!Array.isArray(m.parts)) {
      out.push(m);
      continue;
    }
    out.push(genAiMessage(m));
  }
  return out;
}

function genAiMessage(m: JsonObject): ChatMessage {
  const msg: ChatMessage = { role: m.role ?? 'user' };
  const texts: string[] = [];
  const calls: JsonObject[] = [];
  for (const p of m.parts as unknown[]) {
    if (!isObject(p)) continue;
    if (p.type === 'text' || p.type === 'reasoning') texts.push(String(p.content ?? ''));
    else if (p.type === 'tool_call') calls.push(toolCall(p.id, p.name, p.arguments));
    else if (p.type === 'tool_call_response') {
      msg.tool_call_id = p.id;
      texts.push(typeof p.response === 'string' ? p.response : JSON.stringify(p.response));
    } else texts.push(JSON.stringify(p));
  }
  msg.content = texts.length > 0 ? texts.join('\n') : null;
  if (calls.length > 0) msg.tool_calls = calls;
  if (m.name !== undefined) msg.name = m.name;
  if (m.finish_reason !== undefined) msg.finish_reason = m.finish_reason;
  return msg;
}

/** GenAI `gen_ai.system_instructions`: parts, or a string. */
export function systemMessage(raw: unknown): ChatMessage | undefined {
  const v = maybeJson(raw);
  if (typeof v === 'string') return { role: 'system', content: v };
  if (!Array.isArray(v)) return undefined;
  const texts = v.map((p) => (isObject(p) ? String(p.content ?? '') : String(p)));
  return { role: 'system', content: texts.join('\n') };
}

/**
 * Deprecated indexed attributes (`gen_ai.prompt.N.role`, `.content`, `.tool_calls.M.name`,
 * as OpenLLMetry writes them), already unflattened to an array.
 */
export function fromIndexedMessages(list: unknown): ChatMessage[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: ChatMessage[] = [];
  for (const m of list) {
    if (!isObject(m)) continue;
    const msg: ChatMessage = { role: m.role ?? 'user', content: m.content ?? null };
    if (Array.isArray(m.tool_calls)) {
      msg.tool_calls = m.tool_calls.filter(isObject).map((c) => toolCall(c.id, c.name, c.arguments));
    }
    if (m.tool_call_id !== undefined) msg.tool_call_id = m.tool_call_id;
    if (m.finish_reason !== undefined) msg.finish_reason = m.finish_reason;
    out.push(msg);
  }
  return out;
}

/**
 * OpenInference `llm.input_messages.N.message.*`, unflattened: `{message: {role, content,
 * contents[{message_content{type, text}}], tool_calls[{tool_call{id, function{name, arguments}}}],
 * tool_call_id, name}}`.
 */
export function fromOpenInferenceMessages(list: unknown): ChatMessage[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: ChatMessage[] = [];
  for (const item of list) {
    const m = asObject(asObject(item)?.message) ?? asObject(item);
    if (!m) continue;
    const msg: ChatMessage = { role: m.role ?? 'user', content: m.content ?? contentsText(m.contents) ?? null };
    if (Array.isArray(m.tool_calls)) {
      msg.tool_calls = m.tool_calls.map((c) => {
        const tc = asObject(asObject(c)?.tool_call) ?? asObject(c) ?? {};
        const fn = asObject(tc.function) ?? {};
        return toolCall(tc.id, fn.name, fn.arguments);
      });
    }
    if (m.tool_call_id !== undefined) msg.tool_call_id = m.tool_call_id;
    if (m.name !== undefined) msg.name = m.name;
    out.push(msg);
  }
  return out;
}

function contentsText(contents: unknown): string | undefined {
  if (!Array.isArray(contents)) return undefined;
  const texts: string[] = [];
  for (const c of contents) {
    const mc = asObject(asObject(c)?.message_content);
    const text = asString(mc?.text);
    if (text) texts.push(text);
  }
  return texts.length > 0 ? texts.join('\n') : undefined;
}
