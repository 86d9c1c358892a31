import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LINE_FORMATS, readJsonl } from '../../../src/core/readers/jsonl';
import { fixture } from './helpers';

describe('JSON Lines splitting and warnings', () => {
  const file = fixture('native-malformed.jsonl');
  const buf = readFileSync(file);
  const r = readJsonl(buf, file);

  it('keeps every good span around broken lines (CRLF, blank lines, no final newline)', () => {
    expect(r.format).toBe('native');
    expect(r.spans.map((s) => s.name)).toEqual(['root', 'tool one', 'tool two été']);
  });

  it('names file and line of every bad line', () => {
    expect(r.warnings.map((w) => [w.file, w.line])).toEqual([
      [file, 5], [file, 6], [file, 7], [file, 8],
    ]);
    expect(r.warnings[0]!.message).toMatch(/not valid JSON/);
    expect(r.warnings[1]!.message).toMatch(/array, not a record/);
    expect(r.warnings[2]!.message).toMatch(/no "id"/);
    expect(r.warnings[3]!.message).toMatch(/start_time/);
  });

  it('gives byte offsets that re-read exactly each record, multi-byte text included', () => {
    for (const s of r.spans) {
      const { offset, length } = s.origin!;
      const text = buf.toString('utf8', offset!, offset! + length!);
      expect(JSON.parse(text).id).toBe(s.id);
    }
    expect(r.spans[0]!.origin!.length).toBe(buf.indexOf('\r\n'));
  });

  it('detects the format per record when a file mixes them', () => {
    const native = '{"id":"n1","trace_id":"n1","name":"native","start_time":"2026-11-21T10:00:00Z","end_time":"2026-11-21T10:00:01Z"}';
    const otlp = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [
      { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'otel', startTimeUnixNano: '1795272500000000000', endTimeUnixNano: '1795272501000000000' },
    ] }] }] });
    const mixed = readJsonl(Buffer.from(`${native}\n${otlp}\n{"hello":"world"}\n`), 'mixed.jsonl');
    expect(mixed.format).toBe('native');
    expect(mixed.spans.map((s) => s.name)).toEqual(['native', 'otel']);
    expect(mixed.warnings).toEqual([{ file: 'mixed.jsonl', line: 3, message: 'not a span record of any known format' }]);
  });

  it('exports the line formats for the incremental store', () => {
    expect(LINE_FORMATS.map((f) => f.id)).toEqual(['otlp', 'traceforge-jsonl', 'tracelite-jsonl', 'native']);
  });
});
