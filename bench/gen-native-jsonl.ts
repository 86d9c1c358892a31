/**
 * Writes a realistic native-format JSONL trace file: agent/RAG traces of 5-50 spans, LLM
 * spans with chat prompts and completions of a few hundred bytes, tool and retriever spans,
 * children written before their parents (a span is written when it ends) and some roots
 * written once at start as `running`. Deterministic for a given seed.
 */
import fs from 'node:fs';

/** A small seeded generator (mulberry32): the same numbers for the same seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ('the refund window policy customer order shipping invoice account password reset '
  + 'weather forecast city temperature search result document chunk embedding vector model '
  + 'answer question context retrieve summary tool call function argument latency token cost '
  + 'error retry timeout agent plan step observe reason "quoted" naïve café 東京 emoji 🚀 tab\tback\\slash')
  .split(' ');
const MODELS = [['gpt-4o-mini', 'openai'], ['claude-sonnet-4-5', 'anthropic'], ['gpt-4o', 'openai'], ['gemini-2.0-flash', 'google']];
const TOOLS = ['get_weather', 'search_docs', 'lookup_order', 'send_email', 'calculator'];

function iso(us: number): string {
  const d = new Date(Math.floor(us / 1000)).toISOString();
  return `${d.slice(0, 19)}.${String(Math.floor(us % 1_000_000)).padStart(6, '0')}Z`;
}

function dottedStamp(us: number): string {
  return iso(us).replace(/[-:]/g, '').replace('.', '');
}

export interface GenOptions {
  spans: number;
  seed?: number;
  /** epoch µs of the first trace */
  start?: number;
}

export class NativeTraceWriter {
  private readonly rand: () => number;
  private clock: number;
  private seq = 0;

  constructor(seed = 1, start = Date.UTC(2026, 10, 21, 9) * 1000) {
    this.rand = rng(seed);
    this.clock = start;
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rand() * xs.length)];
  }

  private text(bytes: number): string {
    let s = '';
    while (s.length < bytes) s += `${this.pick(WORDS)} `;
    return s.trim();
  }

  private uuid(us: number): string {
    const ms = Math.floor(us / 1000).toString(16).padStart(12, '0');
    const n = (this.seq++).toString(16).padStart(12, '0');
    const r = Math.floor(this.rand() * 0xfff).toString(16).padStart(3, '0');
    return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${r}-8${n.slice(0, 3)}-${n}`.slice(0, 36);
  }

  /** Lines of one trace, in the order an SDK writes them; at most `max` records. */
  trace(max: number): string[] {
    const lines: string[] = [];
    const rootStart = this.clock;
    const rootId = this.uuid(rootStart);
    const rootDotted = `${dottedStamp(rootStart)}${rootId}`;
    const spanTarget = Math.max(1, Math.min(max - 2, 4 + Math.floor(this.rand() * 46)));
    let t = rootStart + 100;
    const question = this.text(40);
    const root = {
      id: rootId, trace_id: rootId, parent_id: null, dotted_order: rootDotted,
      name: 'answer_question', span_type: 'agent', start_time: iso(rootStart),
    };
    const running = this.rand() < 0.2 && max > spanTarget + 1;
    if (running) {
      lines.push(JSON.stringify({ ...root, status: 'running', error: null, service: 'rag-demo',
        inputs: { question }, source: { file: '/home/dev/rag/agent.ts', line: 12, function: 'answerQuestion' }, tags: ['demo'] }));
    }
    let tokensIn = 0;
    let tokensOut = 0;
    for (let k = 0; k < spanTarget; k++) {
      const start = t;
      const dur = 2_000 + Math.floor(this.rand() * 900_000);
      const id = this.uuid(start);
      const base = {
        id, trace_id: rootId, parent_id: rootId,
        dotted_order: `${rootDotted}.${dottedStamp(start)}${id}`,
      };
      const kind = this.rand();
      let rec: Record<string, unknown>;
      const failed = this.rand() < 0.03;
      if (kind < 0.5) {
        const [model, provider] = this.pick(MODELS);
        const input = 200 + Math.floor(this.rand() * 600);
        const output = 20 + Math.floor(this.rand() * 300);
        tokensIn += input;
        tokensOut += output;
        rec = {
          ...base, name: `chat ${model}`, span_type: 'llm', start_time: iso(start), end_time: iso(start + dur),
          status: failed ? 'error' : 'ok', error: failed ? { type: 'RateLimitError', message: 'Rate limit reached, "retry" later' } : null,
          service: 'rag-demo', model, provider,
          inputs: { messages: [
            { role: 'system', content: `You are a helpful assistant. ${this.text(30)}` },
            { role: 'user', content: `${question} ${this.text(40)}` },
          ] },
          outputs: { messages: [{ role: 'assistant', content: this.text(40 + Math.floor(this.rand() * 140)) }], finish_reason: 'stop' },
          usage: { input_tokens: input, output_tokens: output, total_tokens: input + output },
          cost_usd: Math.round((input * 0.15 + output * 0.6)) / 1e6,
          metadata: { temperature: 0.2, stream: this.rand() < 0.5 },
          source: { file: '/home/dev/rag/agent.ts', line: 101, function: 'callModel' },
        };
      } else if (kind < 0.8) {
        const tool = this.pick(TOOLS);
        rec = {
          ...base, name: tool, span_type: 'tool', start_time: iso(start), end_time: iso(start + dur),
          status: failed ? 'error' : 'ok', error: failed ? { type: 'Error', message: 'ECONNRESET: socket hang up', stack: 'Error: ECONNRESET\n    at fetch (/home/dev/rag/tools.ts:41:11)' } : null,
          service: 'rag-demo',
          inputs: { args: { query: this.text(40), nested: '{"braces": [1, {"x": "}"}]}' } },
          outputs: { result: this.text(50) },
          source: { file: '/home/dev/rag/tools.ts', line: 40 + k, function: tool },
        };
      } else {
        rec = {
          ...base, name: 'retrieve', span_type: 'retriever', start_time: iso(start), end_time: iso(start + dur),
          status: 'ok', error: null, service: 'rag-demo',
          inputs: { query: question },
          outputs: { documents: [0, 1, 2].map((d) => ({ id: `doc-${d}`, score: this.rand(), text: this.text(50) })) },
          source: { file: '/home/dev/rag/retrieve.ts', line: 22, function: 'retrieve' },
          tags: ['rag'],
        };
      }
      lines.push(JSON.stringify(rec));
      t = start + dur + 50;
    }
    lines.push(JSON.stringify({
      ...root, end_time: iso(t + 100), status: 'ok', error: null, service: 'rag-demo',
      inputs: { question }, outputs: { answer: this.text(100) },
      usage: { input_tokens: tokensIn, output_tokens: tokensOut, total_tokens: tokensIn + tokensOut },
      source: { file: '/home/dev/rag/agent.ts', line: 12, function: 'answerQuestion' }, tags: ['demo'],
    }));
    this.clock = t + 2_000_000;
    return lines;
  }
}

/** Writes `spans` records (lines) to `file`, streaming in batches. */
export function generateNativeJsonl(file: string, opts: GenOptions): { lines: number; bytes: number } {
  const w = new NativeTraceWriter(opts.seed, opts.start);
  const fd = fs.openSync(file, 'w');
  let lines = 0;
  let bytes = 0;
  let batch: string[] = [];
  try {
    while (lines < opts.spans) {
      const t = w.trace(opts.spans - lines);
      const take = t.slice(0, opts.spans - lines);
      lines += take.length;
      batch.push(...take);
      if (batch.length >= 2000 || lines >= opts.spans) {
        const chunk = `${batch.join('\n')}\n`;
        bytes += Buffer.byteLength(chunk);
        fs.writeSync(fd, chunk);
        batch = [];
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return { lines, bytes };
}
