import { describe, expect, it } from 'vitest';
import { loadFile } from '../../../src/core/load';
import { traceliteJsonlFormat } from '../../../src/core/readers/tracelite-jsonl';
import { byName, fixture } from './helpers';

describe('TraceLite JSONL', () => {
  it('keeps the order of ns times that JSON.parse would round to the same value', async () => {
    const r = await loadFile(fixture('tracelite-ns.jsonl'));
    expect(r.format).toBe('tracelite-jsonl');
    const second = byName(r.spans, 'second');
    const third = byName(r.spans, 'third');
    const first = byName(r.spans, 'first');
    expect(first.startTime).toBeLessThan(second.startTime);
    expect(second.startTime).toBeLessThan(third.startTime);
    expect(second.parentId).toBe(first.id);
    expect(first.service).toBe('ns-demo');
    expect(first.kind).toBe('internal');

    // without the line text the same records tie: the reason the text is read
    const rec2 = { start_time_ns: 1795272511519888010, end_time_ns: 1795272511519888900, span_id: 'a', trace_id: 'a28f9705a77a57a80e42d0d5c5f81f3a' };
    const rec3 = { ...rec2, start_time_ns: 1795272511519888130, span_id: 'b' };
    const ctx = { file: 'x', line: 1, offset: 0, length: 0 };
    expect(traceliteJsonlFormat.toSpans(rec2, ctx)[0]!.startTime).toBe(traceliteJsonlFormat.toSpans(rec3, ctx)[0]!.startTime);
  });
});

describe('Chrome trace JSON', () => {
  it('nests X and B/E events by time within a lane and reports unmatched ends', async () => {
    const r = await loadFile(fixture('chrome-be.json'));
    expect(r.format).toBe('chrome');
    expect(r.spans).toHaveLength(4);
    const batch = byName(r.spans, 'run_batch');
    const load = byName(r.spans, 'load');
    const embed = byName(r.spans, 'embed');
    const upload = byName(r.spans, 'upload');
    expect(batch.parentId).toBeNull();
    expect(load.parentId).toBe(batch.id);
    expect(embed.parentId).toBe(batch.id);
    expect(upload.parentId).toBeNull();
    expect(embed.startTime).toBe(1220);
    expect(embed.endTime).toBe(1700);
    expect(embed.model).toBe('text-embedding-3-small');
    expect(embed.usage?.input_tokens).toBe(800);
    expect(embed.spanType).toBe('embedding');
    expect(batch.service).toBe('batch-worker');
    expect(batch.metadata).toEqual({ cat: 'job' });
    expect(r.warnings.some((w) => /without a matching begin/.test(w.message))).toBe(true);
    expect(r.warnings.some((w) => /relative times/.test(w.message))).toBe(true);
  });
});
