/**
 * Chat messages found in a span's inputs and outputs (OpenAI chat, OpenAI responses content
 * parts, Anthropic messages), normalized into one transcript where every tool call carries the
 * result that answered it, matched by id.
 */

export interface ToolResult {
  content: unknown;
  isError: boolean;
}

export type Part =
  | { kind: 'text'; text: string }
  | { kind: 'reasoning'; text: string }
  /** never fetched or decoded: a description of where the image is */
  | { kind: 'image'; description: string }
  | { kind: 'toolCall'; id?: string; name: string; args: unknown; result?: ToolResult }
  /** a result whose call is not in this transcript */
  | { kind: 'toolResult'; id?: string; name?: string; content: unknown; isError: boolean }
  | { kind: 'other'; value: unknown };

export interface Message {
  role: string;
  name?: string;
  /** which side of the call the message came from */
  side: 'input' | 'output';
  parts: Part[];
}

export interface Transcript {
  messages: Message[];
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function isMessageLike(v: unknown): boolean {
  return isObj(v) && typeof v.role === 'string' && ('content' in v || 'tool_calls' in v || 'function_call' in v);
}

/** A list of messages, or undefined when `v` is not one. */
function messageList(v: unknown): Obj[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  // LangChain batches: [[msg, msg]]
  const flat = v.length === 1 && Array.isArray(v[0]) ? (v[0] as unknown[]) : v;
  return flat.length > 0 && flat.every(isMessageLike) ? (flat as Obj[]) : undefined;
}

function inputMessages(inputs: unknown): Obj[] | undefined {
  const direct = messageList(inputs);
  if (direct) return direct;
  if (!isObj(inputs)) return undefined;
  const list = messageList(inputs.messages) ?? messageList(inputs.input);
  if (!list) return undefined;
  // Anthropic keeps the system prompt beside the messages.
  const system = inputs.system;
  if (typeof system === 'string' || Array.isArray(system)) return [{ role: 'system', content: system }, ...list];
  return list;
}

function outputMessages(outputs: unknown): Obj[] | undefined {
  const direct = messageList(outputs);
  if (direct) return direct;
  if (!isObj(outputs)) return undefined;
  if (Array.isArray(outputs.choices)) {
    const msgs = outputs.choices.map((c) => (isObj(c) ? (c.message ?? c.delta) : undefined)).filter(isMessageLike) as Obj[];
    if (msgs.length > 0) return msgs;
  }
  if (isMessageLike(outputs.message)) return [outputs.message as Obj];
  const list = messageList(outputs.messages) ?? messageList(outputs.output);
  if (list) return list;
  if (isMessageLike(outputs)) return [outputs];
  // Anthropic response without a role field kept, or a bare list of content blocks
  if (Array.isArray(outputs.content) && outputs.content.every((b) => isObj(b) && typeof b.type === 'string')) {
    return [{ role: 'assistant', content: outputs.content }];
  }
  return undefined;
}

/** The transcript of an LLM call, or undefined when its inputs hold no chat messages. */
export function extractTranscript(inputs: unknown, outputs: unknown): Transcript | undefined {
  const ins = inputMessages(inputs);
  if (!ins) return undefined;
  const messages: Message[] = ins.map((m) => normalizeMessage(m, 'input'));
  const outs = outputMessages(outputs);
  if (outs) messages.push(...outs.map((m) => normalizeMessage(m, 'output')));
  else if (typeof outputs === 'string') messages.push({ role: 'assistant', side: 'output', parts: [{ kind: 'text', text: outputs }] });
  return { messages: pairToolResults(messages) };
}

export function normalizeMessage(m: Obj, side: 'input' | 'output'): Message {
  const role = String(m.role);
  const parts: Part[] = [];
  const name = typeof m.name === 'string' ? m.name : undefined;
  if (role === 'tool' || role === 'function') {
    // OpenAI: the whole message is one tool's answer.
    const id = typeof m.tool_call_id === 'string' ? m.tool_call_id : undefined;
    parts.push({ kind: 'toolResult', id, name, content: contentValue(m.content), isError: false });
    return { role, name, side, parts };
  }
  parts.push(...contentParts(m.content));
  if (Array.isArray(m.tool_calls)) {
    for (const tc of m.tool_calls) {
      if (!isObj(tc)) continue;
      const fn = isObj(tc.function) ? tc.function : tc;
      parts.push({
        kind: 'toolCall',
        id: typeof tc.id === 'string' ? tc.id : undefined,
        name: typeof fn.name === 'string' ? fn.name : '(unnamed tool)',
        args: parseJsonString(fn.arguments ?? fn.input),
      });
    }
  }
  if (isObj(m.function_call)) {
    const fc = m.function_call;
    parts.push({ kind: 'toolCall', name: String(fc.name ?? '(unnamed function)'), args: parseJsonString(fc.arguments) });
  }
  return { role, name, side, parts };
}

function contentParts(content: unknown): Part[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ kind: 'text', text: content }];
  if (!Array.isArray(content)) return [{ kind: 'other', value: content }];
  return content.map(blockPart);
}

function blockPart(b: unknown): Part {
  if (typeof b === 'string') return { kind: 'text', text: b };
  if (!isObj(b)) return { kind: 'other', value: b };
  switch (b.type) {
    case 'text': case 'input_text': case 'output_text':
      if (typeof b.text === 'string') return { kind: 'text', text: b.text };
      break;
    case 'thinking': case 'reasoning':
      if (typeof b.thinking === 'string') return { kind: 'reasoning', text: b.thinking };
      if (typeof b.text === 'string') return { kind: 'reasoning', text: b.text };
      break;
    case 'image_url': case 'input_image': case 'image':
      return { kind: 'image', description: describeImage(b) };
    case 'tool_use': case 'function_call':
      return {
        kind: 'toolCall',
        id: typeof b.id === 'string' ? b.id : typeof b.call_id === 'string' ? b.call_id : undefined,
        name: typeof b.name === 'string' ? b.name : '(unnamed tool)',
        args: parseJsonString(b.input ?? b.arguments),
      };
    case 'tool_result': case 'function_call_output':
      return {
        kind: 'toolResult',
        id: typeof b.tool_use_id === 'string' ? b.tool_use_id : typeof b.call_id === 'string' ? b.call_id : undefined,
        content: contentValue(b.content ?? b.output),
        isError: b.is_error === true,
      };
  }
  return { kind: 'other', value: b };
}

function describeImage(b: Obj): string {
  const url = isObj(b.image_url) ? b.image_url.url : typeof b.image_url === 'string' ? b.image_url : undefined;
  const src = isObj(b.source) ? b.source : undefined;
  const ref = typeof url === 'string' ? url : src && typeof src.url === 'string' ? src.url : undefined;
  if (ref !== undefined) {
    const m = /^data:([^;,]+)[;,]/.exec(ref);
    return m ? `inline ${m[1]} image (${Math.round(ref.length * 0.75 / 1024)} KB)` : ref;
  }
  if (src && typeof src.data === 'string') return `inline ${String(src.media_type ?? 'image')} (${Math.round(src.data.length * 0.75 / 1024)} KB)`;
  return 'image';
}

/** Tool result content: a plain string when it is only text, else the value itself. */
function contentValue(c: unknown): unknown {
  if (Array.isArray(c) && c.every((b) => isObj(b) && b.type === 'text' && typeof b.text === 'string')) {
    return (c as Obj[]).map((b) => b.text as string).join('\n');
  }
  return typeof c === 'string' ? parseJsonString(c) : c;
}

/** Tool arguments often arrive as a JSON string; show them as the value they encode. */
export function parseJsonString(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return v;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return v;
  }
}

/**
 * Attaches each tool result to the call with the same id (the latest unanswered one with the
 * same name for legacy id-less function results) and drops messages left with nothing else.
 */
export function pairToolResults(messages: Message[]): Message[] {
  const byId = new Map<string, Extract<Part, { kind: 'toolCall' }>>();
  const unansweredByName = new Map<string, Extract<Part, { kind: 'toolCall' }>[]>();
  const out: Message[] = [];
  for (const m of messages) {
    const kept: Part[] = [];
    for (const p of m.parts) {
      if (p.kind === 'toolCall') {
        if (p.id !== undefined) byId.set(p.id, p);
        else {
          const list = unansweredByName.get(p.name) ?? [];
          list.push(p);
          unansweredByName.set(p.name, list);
        }
        kept.push(p);
      } else if (p.kind === 'toolResult') {
        let call = p.id !== undefined ? byId.get(p.id) : undefined;
        if (!call && p.id === undefined && p.name !== undefined) call = unansweredByName.get(p.name)?.shift();
        if (call && !call.result) call.result = { content: p.content, isError: p.isError };
        else kept.push(p);
      } else {
        kept.push(p);
      }
    }
    if (kept.length > 0 || m.parts.length === 0) out.push({ ...m, parts: kept });
  }
  return out;
}
