/**
 * The text VS Code's diff editor shows for a span's inputs or outputs: a chat transcript as
 * readable text when the value holds chat messages (so a changed prompt diffs line by line,
 * not as escaped JSON strings), else the value as pretty-printed JSON, a plain string as is.
 */
import { extractTranscript, type Message, type Part } from '../../../webview/shared/transcript';

export type ValueField = 'inputs' | 'outputs';

/**
 * `inputs` and `outputs` are both given because a transcript needs the call's input messages
 * to be recognised; only the `field` side's messages are written.
 */
export function valueText(field: ValueField, inputs: unknown, outputs: unknown): string {
  return valueDocument(field, inputs, outputs).text;
}

/** The text and the language VS Code should colour it as ('markdown' for transcripts). */
export function valueDocument(field: ValueField, inputs: unknown, outputs: unknown): { text: string; language: 'json' | 'markdown' | 'plaintext' } {
  const value = field === 'inputs' ? inputs : outputs;
  if (value === undefined) return { text: '', language: 'plaintext' };
  const t = extractTranscript(inputs, outputs);
  if (t) {
    const side = field === 'inputs' ? 'input' : 'output';
    const messages = t.messages.filter((m) => m.side === side);
    if (messages.length > 0) return { text: transcriptText(messages), language: 'markdown' };
  }
  return { text: jsonText(value), language: typeof value === 'string' ? 'plaintext' : 'json' };
}

export function jsonText(value: unknown): string {
  if (typeof value === 'string') return value.endsWith('\n') ? value : `${value}\n`;
  try {
    return `${JSON.stringify(value, replacer, 2) ?? String(value)}\n`;
  } catch {
    return `${String(value)}\n`;
  }
}

function replacer(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

export function transcriptText(messages: readonly Message[]): string {
  const out: string[] = [];
  for (const m of messages) {
    out.push(`### ${m.role}${m.name ? ` (${m.name})` : ''}`);
    for (const p of m.parts) out.push(partText(p));
    out.push('');
  }
  return out.join('\n');
}

function partText(p: Part): string {
  switch (p.kind) {
    case 'text':
      return p.text;
    case 'reasoning':
      return `[reasoning]\n${p.text}`;
    case 'image':
      return `[image: ${p.description}]`;
    case 'toolCall': {
      const call = `[tool call ${p.name}${p.id ? ` ${p.id}` : ''}]\n${jsonText(p.args).trimEnd()}`;
      if (!p.result) return call;
      return `${call}\n[tool result${p.result.isError ? ' (error)' : ''}]\n${jsonText(p.result.content).trimEnd()}`;
    }
    case 'toolResult':
      return `[tool result${p.name ? ` ${p.name}` : ''}${p.id ? ` ${p.id}` : ''}${p.isError ? ' (error)' : ''}]\n${jsonText(p.content).trimEnd()}`;
    case 'other':
      return jsonText(p.value).trimEnd();
  }
}
