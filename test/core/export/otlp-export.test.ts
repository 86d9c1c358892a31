import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toOtlpJson } from '../../../src/core/export/otlp';
import { otlpSpanId, otlpTraceId } from '../../../src/core/export/otlp-ids';
import { loadFile } from '../../../src/core/load';
import type { Span } from '../../../src/core/model';
import { otlpProblems } from './otlp-schema';

const formats = path.resolve(__dirname, '../../fixtures/formats');
const dir = mkdtempSync(path.join(os.tmpdir(), 'spanscope-otlp-export-'));

async function roundTrip(fixture: string): Promise<{ before: Span[]; after: Span[]; json: unknown }> {
  const before = (await loadFile(path.join(formats, fixture))).spans;
  const json = toOtlpJson(before);
  const file = path.join(dir, `${fixture}.otlp.json`);
  writeFileSync(file, JSON.stringify(json));
  const read = await loadFile(file);
  expect(read.format).toBe('otlp');
  expect(read.warnings).toEqual([]);
  return { before, after: read.spans, json };
}

function comparable(s: Span, mapIds: boolean) {
  return {
    id: mapIds ? otlpSpanId(s.id) : s.id,
    traceId: mapIds ? otlpTraceId(s.traceId) : s.traceId,
    parentId: s.parentId === null ? null : mapIds ? otlpSpanId(s.parentId) : s.parentId,
    name: s.name,
    spanType: s.spanType,
    status: s.status,
    model: s.model,
    provider: s.provider,
    usage: s.usage,
    costUsd: s.costUsd,
    tags: s.tags,
    source: s.source,
    service: s.service,
    inputs: s.inputs,
    outputs: s.outputs,
    metadata: s.metadata,
    error: s.error,
  };
}

describe('toOtlpJson', () => {
  it.each(['native-running.jsonl', 'langsmith-runs.jsonl', 'otlp-genai-chat.json', 'otlp-openinference-rag.json'])(
    'round-trips %s: ids, parents, times and attributes',
    async (fixture) => {
      const { before, after } = await roundTrip(fixture);
      expect(after).toHaveLength(before.length);
      const mapIds = !fixture.startsWith('otlp');
      const byId = new Map(after.map((s) => [s.id, s]));
      for (const b of before) {
        const a = byId.get(mapIds ? otlpSpanId(b.id) : b.id);
        expect(a, b.name).toBeDefined();
        expect(comparable(a!, false)).toEqual(comparable(b, mapIds));
        expect(a!.startTime).toBeCloseTo(b.startTime, 2);
        if (b.endTime === undefined) expect(a!.endTime).toBeUndefined();
        else expect(a!.endTime).toBeCloseTo(b.endTime, 2);
        expect((a!.events ?? []).filter((e) => !(b.error && e.name === 'exception') || b.events?.some((x) => x.name === 'exception')))
          .toEqual(b.events ?? []);
      }
    },
  );

  it('keeps hex ids, maps UUIDs as the W3C propagation does, and hashes other ids', () => {
    expect(otlpTraceId('0AF7651916CD43DD8448EB211C80319C')).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(otlpTraceId('01a1fe91-69e3-7f1b-8bcd-0004f1c98808')).toBe('01a1fe9169e37f1b8bcd0004f1c98808');
    expect(otlpSpanId('01a1fe91-69e3-7f1b-8bcd-0004f1c98808')).toBe('8bcd0004f1c98808');
    expect(otlpSpanId('r1')).toMatch(/^[0-9a-f]{16}$/);
    expect(otlpSpanId('r1')).toBe(otlpSpanId('r1'));
    expect(otlpSpanId('r1')).not.toBe(otlpSpanId('r2'));
  });

  it('writes only fields of the OTLP protobuf, in OTLP/JSON encoding', async () => {
    for (const f of readdirSync(formats).filter((x) => /\.jsonl?$/.test(x))) {
      const { spans } = await loadFile(path.join(formats, f));
      expect(otlpProblems(toOtlpJson(spans)), f).toEqual([]);
    }
  });

  it('the schema check catches what a loader would reject', () => {
    const bad = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'xyz', spanId: '0011223344556677', name: 1, kind: 9, startTimeUnixNano: 1.5, attributes: [{ key: 'a', value: { stringValue: 'x', intValue: '1' } }], bogus: true }] }] }] };
    expect(otlpProblems(bad)).toEqual([
      '$.resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex digits',
      '$.resourceSpans[0].scopeSpans[0].spans[0].name: expected a string',
      '$.resourceSpans[0].scopeSpans[0].spans[0].kind: not a SpanKind value',
      '$.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected a 64-bit integer',
      '$.resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value: more than one of stringValue, intValue',
      '$.resourceSpans[0].scopeSpans[0].spans[0].bogus: no such field in Span',
    ]);
  });

  it('marks errors with status and an exception event, and running spans so they read back as running', async () => {
    const { json } = await roundTrip('native-running.jsonl');
    const spans = (json as any).resourceSpans.flatMap((r: any) => r.scopeSpans[0].spans);
    const guard = spans.find((s: any) => s.name === 'check_policy');
    expect(guard.status).toEqual({ code: 2, message: 'answer cites no source' });
    expect(guard.events[0].name).toBe('exception');
    const running: Span = { id: 'a', traceId: 'a', parentId: null, name: 'live', spanType: 'chain', startTime: 1795272500000000, status: 'running' };
    const file = path.join(dir, 'running.json');
    writeFileSync(file, JSON.stringify(toOtlpJson([running])));
    const back = (await loadFile(file)).spans[0]!;
    expect(back.status).toBe('running');
    expect(back.endTime).toBeUndefined();
  });
});
