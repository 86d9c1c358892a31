/**
 * The seed tracers' own JSON and JSONL files (the SQLite ones are read by the SQLite readers'
 * tests). Expected counts and sums are taken from the files' raw content, not written down.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../../src/core/load';
import type { Span } from '../../../src/core/model';

const SEED = path.resolve(__dirname, '../../../../shared/fixtures/seed-formats');
const present = existsSync(SEED);
if (!present) console.warn(`\n*** SKIPPED: seed-format files not found at ${SEED} ***\n`);

type Raw = Record<string, any>;
const lines = (file: string): Raw[] =>
  readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const sum = (spans: Span[], key: 'input_tokens' | 'output_tokens'): number =>
  spans.reduce((n, s) => n + (s.usage?.[key] ?? 0), 0);
const attr = (rec: Raw, key: string): unknown => {
  const v = rec.attributes?.find((a: Raw) => a.key === key)?.value;
  return v ? Number(v.intValue ?? v.doubleValue ?? 0) : 0;
};

/** Every parent id names a span of the same trace in the file, except the listed orphans. */
function expectTrees(spans: Span[], orphans: string[] = []): void {
  const ids = new Set(spans.map((s) => `${s.traceId}/${s.id}`));
  const missing = spans.filter((s) => s.parentId && !ids.has(`${s.traceId}/${s.parentId}`)).map((s) => s.name);
  expect(missing.sort()).toEqual([...orphans].sort());
}

describe.skipIf(!present)('seed tracers: TraceForge JSONL', () => {
  const files = present
    ? [
        ...readdirSync(path.join(SEED, 'traceforge')).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(SEED, 'traceforge', f)),
        ...readdirSync(path.join(SEED, 'traceforge/export')).map((f) => path.join(SEED, 'traceforge/export', f)),
      ]
    : [];

  it.each(files)('%s', async (file) => {
    const raw = lines(file);
    const r = await loadFile(file);
    expect(r.format).toBe('traceforge-jsonl');
    expect(r.warnings).toEqual([]);
    expect(r.spans).toHaveLength(raw.length);
    expect(new Set(r.spans.map((s) => s.traceId)).size).toBe(new Set(raw.map((x) => x.traceId)).size);
    expect(sum(r.spans, 'input_tokens')).toBe(raw.reduce((n, x) => n + (attr(x, 'llm.tokens.input') as number), 0));
    expect(sum(r.spans, 'output_tokens')).toBe(raw.reduce((n, x) => n + (attr(x, 'llm.tokens.output') as number), 0));
    const errors = raw.filter((x) => x.status.code === 'STATUS_CODE_ERROR').length;
    expect(r.spans.filter((s) => s.status === 'error')).toHaveLength(errors);
    for (const s of r.spans.filter((x) => x.status === 'error')) expect(s.error?.message).toBeTruthy();
    expectTrees(r.spans);
    // real epoch times
    for (const s of r.spans) expect(new Date(s.startTime / 1000).getUTCFullYear()).toBeGreaterThan(2020);
  });
});

describe.skipIf(!present)('seed tracers: TraceLite JSONL', () => {
  it('reads three services, the orphan of a remote parent, errors from exception events, ns order', async () => {
    const file = path.join(SEED, 'tracelite/tracelite_spans.jsonl');
    const raw = lines(file);
    const r = await loadFile(file);
    expect(r.format).toBe('tracelite-jsonl');
    expect(r.warnings).toEqual([]);
    expect(r.spans).toHaveLength(raw.length);
    expect(new Set(r.spans.map((s) => s.service))).toEqual(new Set(raw.map((x) => x.resource['service.name'])));
    expectTrees(r.spans, ['POST /v1/chat']);
    expect(r.spans.find((s) => s.name === 'POST /v1/chat')!.parentId).toBe('00f067aa0ba902b7');
    expect(r.spans.filter((s) => s.status === 'error')).toHaveLength(raw.filter((x) => x.status.code === 'ERROR').length);
    const llm = r.spans.find((s) => s.name === 'llm.summarize')!;
    expect(llm.error).toMatchObject({ type: 'TimeoutError', message: 'model call timed out' });
    expect(llm.model).toBe('gpt-4o-mini');
    // the order of starts is the order of the raw digits
    const text = readFileSync(file, 'utf8');
    const digits = [...text.matchAll(/"span_id": "([0-9a-f]+)".*?"start_time_ns": (\d+)/g)]
      .sort((a, b) => (BigInt(a[2]!) < BigInt(b[2]!) ? -1 : 1)).map((m) => m[1]);
    const read = [...r.spans].sort((a, b) => a.startTime - b.startTime).map((s) => s.id);
    expect(read).toEqual(digits);
    expect(read).toHaveLength(raw.length);
  });
});

describe.skipIf(!present)('seed tracers: tracelm JSON exports', () => {
  const dir = path.join(SEED, 'tracelm');
  const ids = present
    ? readdirSync(dir).filter((f) => /^trace_[0-9a-f]+\.json$/.test(f)).map((f) => f.slice(6, -5))
    : [];

  it.each(ids)('trace %s: Chrome export, OTLP-shaped export and analysis file', async (id) => {
    const chromeFile = path.join(dir, `trace_${id}.json`);
    const chrome = await loadFile(chromeFile);
    const events = JSON.parse(readFileSync(chromeFile, 'utf8')).traceEvents as Raw[];
    expect(chrome.format).toBe('tracelm-chrome');
    expect(chrome.spans).toHaveLength(events.length);
    expect(chrome.spans.filter((s) => s.parentId === null).map((s) => s.name)).toEqual(['__root__']);
    expect(chrome.warnings.some((w) => /relative times/.test(w.message))).toBe(true);

    const otelFile = path.join(dir, `trace_${id}_otel.json`);
    const otel = await loadFile(otelFile);
    const otelRaw = JSON.parse(readFileSync(otelFile, 'utf8')).resourceSpans[0].scopeSpans[0].spans as Raw[];
    expect(otel.format).toBe('otlp');
    expect(otel.spans).toHaveLength(otelRaw.length);
    expect(sum(otel.spans, 'input_tokens')).toBe(otelRaw.reduce((n, x) => n + (attr(x, 'tokens.in') as number), 0));
    expect(sum(otel.spans, 'output_tokens')).toBe(otelRaw.reduce((n, x) => n + (attr(x, 'tokens.out') as number), 0));
    expectTrees(otel.spans);
    expect(otel.warnings.some((w) => /relative times/.test(w.message))).toBe(true);
    // perf_counter ns kept relative: the root lasts what its raw ns say
    const root = otel.spans.find((s) => s.parentId === null)!;
    const rawRoot = otelRaw.find((x) => !x.parentSpanId)!;
    expect(root.endTime! - root.startTime).toBeCloseTo((rawRoot.endTimeUnixNano - rawRoot.startTimeUnixNano) / 1000, 3);

    const analyzeFile = path.join(dir, `analyze_${id}.json`);
    if (!existsSync(analyzeFile)) return;
    const doc = JSON.parse(readFileSync(analyzeFile, 'utf8'));
    const analysis = await loadFile(analyzeFile);
    const rawSpans = Object.values(doc.spans) as Raw[];
    expect(analysis.spans).toHaveLength(rawSpans.length);
    expect(sum(analysis.spans, 'input_tokens')).toBe(rawSpans.reduce((n, x) => n + x.tokens_in, 0));
    expectTrees(analysis.spans);
    expect(analysis.spans.filter((s) => s.status === 'error')).toHaveLength(rawSpans.filter((x) => x.error).length);
    expect(analysis.warnings.some((w) => /relative times/.test(w.message))).toBe(true);
  });
});
