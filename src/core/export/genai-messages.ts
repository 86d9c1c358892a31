/**
 * OpenAI-shape chat messages (the model's) as GenAI semantic-convention messages:
 * `{role, parts: [{type: 'text'|'tool_call'|'tool_call_response', ...}], finish_reason?}`.
 */
type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** undefined unless every item is a chat message with a role (LangChain's nested lists are not). */
export function toGenAiMessages(messages: unknown): Json[] | undefined {
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  if (!messages.every((m) => isObj(m) && typeof m.role === 'string')) return undefined;
  const out: Json[] = [];
  for (const m of messages) if (isObj(m)) out.push(toGenAiMessage(m));
  return out;
}

function toGenAiMessage(m: Json): Json {
  const parts: Json[] = [];
  if (m.role === 'tool' && m.tool_call_id !== undefined) {
    parts.push({ type: 'tool_call_response', id: m.tool_call_id, response: m.content ?? null });
  } else if (typeof m.content === 'string') {
    parts.push({ type: 'text', content: m.content });
  } else if (Array.isArray(m.content)) {
    // OpenAI content parts: text ones become text parts, others are kept as they are
    for (const p of m.content) {
      if (isObj(p) && p.type === 'text') parts.push({ type: 'text', content: p.text ?? '' });
      else if (p !== undefined) parts.push(isObj(p) ? p : { type: 'text', content: String(p) });
    }
  }
  if (Array.isArray(m.tool_calls)) {
    for (const c of m.tool_calls) {
      if (!isObj(c)) continue;
      const fn = isObj(c.function) ? c.function : {};
      // arguments stay the model's JSON text, so a round trip gives back the same string
      parts.push({ type: 'tool_call', id: c.id, name: fn.name, arguments: fn.arguments });
    }
  }
  const msg: Json = { role: m.role ?? 'user', parts };
  if (m.name !== undefined) msg.name = m.name;
  if (m.finish_reason !== undefined) msg.finish_reason = m.finish_reason;
  return msg;
}
