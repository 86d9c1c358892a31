import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Span } from '../../../src/core/model';
import { readJsonl } from '../../../src/core/readers/jsonl';
import { nativeFormat } from '../../../src/core/readers/native';
import { LocalRepository } from '../../../src/ingest/store/localRepository';
import { newMemberScanner, type MemberScanner } from '../../../src/ingest/store/memberScan';
import { decodedId, decodeNativeLine, DecodeState } from '../../../src/ingest/store/nativeDecode';
import { plainDecimal } from '../../../src/ingest/store/nativeFields';
import { HEAVY_KEYS, scanNativeLine } from '../../../src/ingest/store/nativeScan';
import { SpanTable } from '../../../src/ingest/store/spanTable';
import { tmpDir } from './helpers';

const ctx = { file: 'f.jsonl', line: 1, offset: 0, length: 0 };

/** What the full path gives, minus the fields the index leaves to the lazy load. */
function fullLight(line: string): Span {
  const s = nativeFormat.toSpans(JSON.parse(line), { ...ctx, length: Buffer.byteLength(line) })[0];
  for (const k of ['inputs', 'outputs', 'metadata', 'events'] as const) delete s[k];
  return s;
}

function fast(line: string): Span | undefined {
  const buf = Buffer.from(line);
  const light = scanNativeLine(buf, 0, buf.length);
  if (!light) return undefined;
  return nativeFormat.toSpans(light.record, { ...ctx, length: buf.length })[0];
}

const base = {
  id: '01a1fe91-69e4-78ff-9347-000590003909',
  trace_id: '01a1fe91-69e3-7f1b-8bcd-0004f1c98808',
  parent_id: '01a1fe91-69e3-7f1b-8bcd-0004f1c98808',
  dotted_order: '20261121T144505123456Z01a1fe91-69e3-7f1b-8bcd-0004f1c98808.20261121T144505124456Z01a1fe91-69e4-78ff-9347-000590003909',
  name: 'chat "quoted" \\ naïve 東京 🚀',
  span_type: 'llm',
  start_time: '2026-11-21T14:45:05.124456Z',
  end_time: '2026-11-21T14:45:06.323456Z',
  status: 'error',
  error: { type: 'RateLimitError', message: 'slow down } ] {"x": [', stack: 'a\n\tb' },
  model: 'claude-sonnet-4-5',
  provider: 'anthropic',
  inputs: { messages: [{ role: 'user', content: 'a } b ] c { d [ "e" \\" \\\\ \u0001 \u2028 😀' }], nested: [[[{ '}': '{' }]]] },
  outputs: { messages: [{ role: 'assistant', content: '\\"}' }], n: [1, -2.5e-3, true, false, null] },
  usage: { input_tokens: 412, output_tokens: 58, total_tokens: 470, cache_read_input_tokens: 300 },
  cost_usd: 0.002226,
  metadata: { temperature: 0.2, 'key with "quotes"': { deep: ['}'] } },
  events: [{ name: 'first_token', time: '2026-11-21T14:45:05.500000Z' }],
  source: { file: 'C:\\dev\\agent.ts', line: 101, function: 'weatherAgent' },
  service: 'rag-demo',
  tags: ['a', 'b"c'],
};

function shuffled<T>(xs: T[], seed: number): T[] {
  const out = xs.slice();
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The member scans the decoder is tested with: the WebAssembly one and its JS twin. */
const scanners: Record<'wasm' | 'js', MemberScanner> = { wasm: newMemberScanner('wasm'), js: newMemberScanner('js') };
let scanKind: 'wasm' | 'js' = 'wasm';

/** The column decoder's span for a line, as the index stores it; undefined when it declines. */
function decoded(line: string): Span | undefined {
  const buf = Buffer.from(line);
  const table = new SpanTable();
  const state = new DecodeState(table, scanners[scanKind]);
  const v = state.row;
  if (!decodeNativeLine(buf, 0, buf.length, state)) return undefined;
  v.offset = 0;
  v.length = buf.length;
  v.line = 1;
  table.putValues(v, buf, decodedId.start, decodedId.end);
  const s = table.span(0, ctx.file);
  delete s.partial;
  return s;
}

function withoutDotted(s: Span): Span {
  const { dottedOrder: _d, ...rest } = s;
  return rest;
}

for (const kind of ['wasm', 'js'] as const) {
  describe(`native column decoder (${kind} member scan)`, () => {
    beforeAll(() => { scanKind = kind; });
    const canonical = { ...base, name: 'chat claude', error: { type: 'RateLimitError', message: 'slow "down" }' } };

    it('takes the records the SDKs write and stores what the reader reads, field by field, keys in any order', () => {
      const entries = Object.entries(canonical);
      for (let seed = 1; seed <= 40; seed++) {
        const line = JSON.stringify(Object.fromEntries(shuffled(entries, seed)));
        const got = decoded(line);
        expect(got, line).toBeDefined();
        expect(got).toEqual(withoutDotted(fullLight(line)));
      }
    });

    it('reads every variant it takes exactly as the reader does', () => {
      const variants: Record<string, unknown>[] = [
        { ...canonical, end_time: null, status: 'running', error: null },
        { ...canonical, status: undefined, error: null },
        { ...canonical, status: 'ok', error: 'ValueError: bad' },
        { ...canonical, usage: { input_tokens: 3 } },
        { ...canonical, usage: { input_tokens: 3, output_tokens: 4, cache_creation_input_tokens: 9, weird: true } },
        { ...canonical, usage: { prompt_tokens: 3 } },
        { ...canonical, usage: { input_tokens: 2.5 } },
        { ...canonical, usage: { input_tokens: '7' } },
        { ...canonical, usage: {} },
        { ...canonical, start_time: 1795266723.901588, end_time: '2026-11-21T14:45:06+01:00' },
        { ...canonical, start_time: '2026-11-21 14:45:05.1Z' },
        { ...canonical, start_time: 'soon' },
        { ...canonical, span_type: 'LLM' },
        { ...canonical, span_type: 'chat' },
        { ...canonical, model: '', provider: null, extra: { metadata: { ls_model_name: 'gpt-4o' } } },
        { ...canonical, model: 'm', provider: 'p', extra: { metadata: { ls_model_name: 'gpt-4o' } } },
        { ...canonical, usage: undefined, outputs: { usage_metadata: { input_tokens: 5 } } },
        { ...canonical, cost_usd: '0.5' },
        { ...canonical, cost_usd: 1e-7 },
        { ...canonical, tags: ['x', 1, 'y'] },
        { ...canonical, tags: [] },
        { ...canonical, source: { filepath: '/a.py', lineno: 3, func: 'f' } },
        { ...canonical, source: null },
        { ...canonical, parent_id: '' },
        { ...canonical, trace_id: '' },
        { ...canonical, name: '' },
        { ...canonical, model: 'caf\u00e9' },
        { ...canonical, session_name: 'svc' },
        { ...canonical, run_type: 'tool' },
      ];
      let taken = 0;
      for (const rec of variants) {
        const line = JSON.stringify(rec).replace('café', 'caf\\u00e9');
        let full: Span | undefined;
        try {
          full = withoutDotted(fullLight(line));
        } catch {
          expect(decoded(line), line).toBeUndefined();
          continue;
        }
        const got = decoded(line);
        if (got) {
          taken++;
          expect(got, line).toEqual(full);
        }
      }
      // Most variants are plain enough for the decoder; the test must not pass by declining all.
      expect(taken).toBeGreaterThan(12);
    });
  });

  describe(`native column decoder: times read in place, skipped values looked into (${kind} member scan)`, () => {
    beforeAll(() => { scanKind = kind; });
    const canonical = { ...base, name: 'chat claude', error: null };
    const same = (line: string): boolean => {
      let full: Span | undefined;
      try {
        full = withoutDotted(fullLight(line));
      } catch {
        expect(decoded(line), line).toBeUndefined();
        return false;
      }
      const got = decoded(line);
      if (got) expect(got, line).toEqual(full);
      return got !== undefined;
    };

    it('reads ISO times of the writers\' shape as the reader does, and declines or defers the rest', () => {
      const times = [
        '2026-11-21T14:45:05.124456Z', '2026-11-21T23:59:59.999999Z', '2026-11-22T00:00:00.000000Z', '2024-02-29T12:00:00.000001Z',
        '2026-11-21T14:45:60.000000Z', '2026-11-21T24:00:00.000000Z', '2026-11-21T14:60:05.124456Z', '2026-13-21T14:45:05.124456Z',
        '2026-11-21T14:45:05.12445xZ', '2026-11-21T14:45:05.124456+', '2026-11-21 14:45:05.124456Z', '2026-11-21T14:45:05.1244567',
        '0000-01-01T00:00:00.000000Z', '2026-11-21T14:45:05.124Z', '2026-11-21T14:45:05.124456Z ',
      ];
      let taken = 0;
      for (const start of times) {
        for (const end of [times[0], times[2], null]) {
          if (same(JSON.stringify({ ...canonical, start_time: start, end_time: end, status: end === null ? 'running' : 'ok' }))) taken++;
        }
      }
      // an escape inside a 27-byte-looking time is not read in place
      const escaped = JSON.stringify({ ...canonical, end_time: undefined }).replace('}', ',"end_time":"2026-11-21T14:45:0\\u0036.000000Z"}');
      expect(escaped).toContain('\\u0036');
      same(escaped);
      expect(taken).toBeGreaterThan(20);
    });

    it('looks into extra and metadata for model keys, and into outputs for usage, whichever holds them', () => {
      const tool = { ...canonical, model: undefined, provider: undefined, usage: undefined };
      const lines = [
        JSON.stringify({ ...tool, metadata: { temperature: 0 }, extra: { metadata: { ls_model_name: 'gpt-4o', ls_provider: 'openai' } } }),
        JSON.stringify({ ...tool, extra: { runtime: {} }, metadata: { ls_model_name: 'gpt-4o' } }),
        JSON.stringify({ ...tool, extra: { runtime: {} }, metadata: { other: 1 } }),
        JSON.stringify({ ...tool, outputs: { llm_output: { token_usage: { prompt_tokens: 5, completion_tokens: 2 } } } }),
        JSON.stringify({ ...tool, outputs: { text: 'no usage here' } }),
        // a key given twice: JSON.parse keeps the last one
        JSON.stringify(tool).replace(/}$/, ',"metadata":{"a":1},"metadata":{"ls_model_name":"gpt-4o"}}'),
        JSON.stringify(tool).replace(/}$/, ',"outputs":{"a":1},"outputs":{"usage":{"input_tokens":4}}}'),
      ];
      for (const line of lines) same(line);
      expect(decoded(lines[2])).toBeDefined();
      expect(decoded(lines[4])).toBeDefined();
      expect(decoded(lines[0])).toBeUndefined();
    });
  });
}

describe('native lines with malformed small values', () => {
  it('are reported with their line numbers and every good span is kept', async () => {
    const dir = tmpDir();
    try {
      const good = (id: string) => JSON.stringify({ ...base, id, error: null });
      const bad = (id: string, tail: string) => good(id).replace(/}$/, `,${tail}}`);
      const lines = [good('a'), bad('b', '"tags":[1,,2]'), bad('c', '"error":{"a":,}'), bad('d', '"source":{"file":1,,}'), good('e')];
      const file = path.join(dir, 'bad-values.jsonl');
      fs.writeFileSync(file, `${lines.join('\n')}\n`);
      const repo = new LocalRepository();
      const s = await repo.open(file);
      await repo.dispose();
      expect(s.spanCount).toBe(2);
      expect(s.warnings.map((w) => w.line)).toEqual([2, 3, 4]);
      expect(s.warnings.every((w) => w.file === file && /JSON/.test(w.message))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('plainDecimal', () => {
  it('equals Number() on plain decimals and declines the rest', () => {
    let seed = 5;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const cases = ['0', '-0', '1', '0.000098', '8e-8', '1.5E3', '123456789012345', '1234567890123456', '0.1', '0.30000000000000004', '-12.5', '.5', '5.', '1.2.3', ''];
    for (let i = 0; i < 5000; i++) cases.push((rand() * 10 ** Math.floor(rand() * 12 - 6)).toFixed(Math.floor(rand() * 12)));
    for (const c of cases) {
      const b = Buffer.from(c);
      const got = plainDecimal(b, 0, b.length);
      if (!Number.isNaN(got)) expect(Object.is(got, Number(c)), c).toBe(true);
    }
    expect(plainDecimal(Buffer.from('0.000098'), 0, 8)).toBe(0.000098);
    expect(plainDecimal(Buffer.from('1e5'), 0, 3)).toBeNaN();
    expect(plainDecimal(Buffer.from('1234567890123456'), 0, 16)).toBeNaN();
  });
});

describe('native fast path', () => {
  it('gives the same span as the full parse, field by field, with keys in any order', () => {
    const entries = Object.entries(base);
    for (let seed = 1; seed <= 40; seed++) {
      const line = JSON.stringify(Object.fromEntries(shuffled(entries, seed)));
      const got = fast(line);
      expect(got, line).toBeDefined();
      expect(got).toEqual(fullLight(line));
    }
  });

  it('copes with whitespace between tokens, escaped unicode and a byte-order of keys the SDKs never write', () => {
    const line = JSON.stringify(base, null, 1).replace(/\n/g, ' ').replace('"name"', '"name"  ');
    expect(fast(line)).toEqual(fullLight(line));
    const escaped = JSON.stringify({ ...base, name: 'caf\u00e9' }).replace('café', 'caf\\u00e9');
    expect(fast(escaped)!.name).toBe('café');
  });

  it('reads LangSmith runs the same way: model and usage taken from the heavy fields they sit in', () => {
    const run = {
      id: 'r1', trace_id: 'r1', name: 'ChatOpenAI', run_type: 'llm', start_time: '2026-11-21T14:45:05.124456Z',
      end_time: '2026-11-21T14:45:06Z', extra: { metadata: { ls_model_name: 'gpt-4o', ls_provider: 'openai' }, invocation_params: { model: 'gpt-4o' } },
      outputs: { llm_output: { token_usage: { prompt_tokens: 12, completion_tokens: 3 } } }, total_cost: 0.5,
    };
    const line = JSON.stringify(run);
    const full = fullLight(line);
    expect(full.model).toBe('gpt-4o');
    expect(full.usage?.input_tokens).toBe(12);
    // Whichever path takes it, the indexed fields agree.
    const viaFast = fast(line);
    if (viaFast) expect(viaFast).toEqual(full);
    // Model at the top level and usage too: the heavy values are not needed and are skipped.
    const own = JSON.stringify({ ...run, model: 'gpt-4o', provider: 'openai', usage: { input_tokens: 12, output_tokens: 3 } });
    expect(fast(own)).toEqual(fullLight(own));
  });

  it('declines lines it cannot take, so the full parse reports them', () => {
    const bad = [
      '{"id": "a", "inputs": {"x": "unterminated}',
      '{"id": "a", "inputs": {"x": 1}',
      '{"id": "a" "name": "b"}',
      '{"id": "a", "inputs": [1, 2}}, "name": "x"}',
      '{"i\\u0064": "a", "trace_id": "t", "start_time": 1}',
      '{"id": "a", "inputs": {bad}}',
      '[1, 2]',
      '{"id": "a", "name": "b"} trailing',
    ];
    for (const line of bad) {
      const buf = Buffer.from(line);
      expect(scanNativeLine(buf, 0, buf.length), line).toBeUndefined();
    }
  });

  it('skips exactly the heavy keys', () => {
    const buf = Buffer.from(JSON.stringify(base));
    const light = scanNativeLine(buf, 0, buf.length)!;
    expect(light.skipped).toBe(true);
    expect(Object.keys(light.record).sort()).toEqual(Object.keys(base).filter((k) => !HEAVY_KEYS.has(k)).sort());
  });
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('index against a whole-file read', () => {
  const fixtures = path.resolve(__dirname, '../../../sdk/format/fixtures');
  const files = fs.existsSync(fixtures) ? fs.readdirSync(fixtures).filter((f) => f.endsWith('.jsonl')) : [];

  it.each(files)('%s: the same spans as readJsonl, and getSpan gives the full record', async (name) => {
    const file = path.join(fixtures, name);
    const whole = readJsonl(fs.readFileSync(file), file);
    const repo = new LocalRepository();
    try {
      const summary = await repo.open(file);
      expect(summary.spanCount).toBe(whole.spans.length);
      for (const expected of whole.spans) {
        const trace = await repo.getTrace(expected.traceId);
        const row = trace!.rows.find((r) => r.span.id === expected.id)!;
        const { dottedOrder: _d, inputs: _i, outputs: _o, metadata: _m, events: _e, ...light } = expected;
        expect({ ...row.span, partial: undefined }).toEqual({ ...light, partial: undefined });
        const full = await repo.getSpan(expected.traceId, expected.id);
        expect(full).toEqual(expected);
      }
    } finally {
      await repo.dispose();
    }
  });

  it('values beyond what the scan interns at once: the intern table starts over mid-file, every span still right', async () => {
    const dir = tmpDir();
    dirs.push(dir);
    const file = path.join(dir, 'many-values.jsonl');
    const types = ['llm', 'tool', 'chain', 'retriever'];
    const lines: string[] = [];
    // ~9,000 distinct names, models, sources and tag lists: several times the table's size,
    // each value also repeated so that ids given before a restart would be read after it
    for (let i = 0; i < 12000; i++) {
      const k = i % 9000;
      lines.push(JSON.stringify({
        id: `s${i}`, trace_id: `t${Math.floor(i / 40)}`, parent_id: i % 40 === 0 ? null : `s${i - (i % 40)}`,
        name: `step ${k}`, span_type: types[i % 4], start_time: '2026-11-21T10:00:00.000000Z', end_time: '2026-11-21T10:00:01.000000Z',
        status: i % 7 === 0 ? 'error' : 'ok', model: `m${k % 4000}`, provider: `p${k % 3}`, service: `svc${k % 3500}`,
        usage: { input_tokens: i, output_tokens: 1 }, source: { file: `/src/f${k % 5000}.ts`, line: k, function: `f${k}` },
        tags: [`t${k % 3200}`],
      }));
    }
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const whole = readJsonl(fs.readFileSync(file), file);
    const repo = new LocalRepository();
    try {
      const summary = await repo.open(file);
      expect(summary.spanCount).toBe(12000);
      const expectedById = new Map(whole.spans.map((sp) => [sp.id, sp]));
      for (const t of summary.traces) {
        for (const r of (await repo.getTrace(t.traceId))!.rows) {
          const expected = expectedById.get(r.span.id)!;
          const { dottedOrder: _d, inputs: _i, outputs: _o, metadata: _m, events: _e, ...light } = expected;
          expect({ ...r.span, partial: undefined }).toEqual({ ...light, partial: undefined });
        }
      }
    } finally {
      await repo.dispose();
    }
  });

  it('a generated file of many traces: every span equal to the whole-file read', async () => {
    const { NativeTraceWriter } = await import('../../../bench/gen-native-jsonl');
    const dir = tmpDir();
    dirs.push(dir);
    const file = path.join(dir, 'gen.jsonl');
    const w = new NativeTraceWriter(7);
    const lines: string[] = [];
    while (lines.length < 2000) lines.push(...w.trace(60));
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const whole = readJsonl(fs.readFileSync(file), file);
    const repo = new LocalRepository();
    try {
      const summary = await repo.open(file);
      expect(summary.spanCount).toBe(whole.spans.length);
      expect(summary.warnings).toEqual([]);
      const byTrace = new Map<string, Span[]>();
      for (const s of whole.spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
      expect(summary.traces.length).toBe(byTrace.size);
      for (const [traceId, spans] of byTrace) {
        const rows = (await repo.getTrace(traceId))!.rows;
        for (const expected of spans) {
          const got = rows.find((r) => r.span.id === expected.id)!.span;
          const { dottedOrder: _d, inputs: _i, outputs: _o, metadata: _m, events: _e, ...light } = expected;
          expect({ ...got, partial: undefined }).toEqual({ ...light, partial: undefined });
        }
      }
    } finally {
      await repo.dispose();
    }
  });
});
