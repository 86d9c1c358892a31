import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll } from 'vitest';
import { validate } from './schema-validator';
import { FORMAT_DIR, schema, checkFile, readRecords, latest, tmpDir } from './helpers';
import { observe, span, currentSpan, configure, flush, startSpan } from '../src/index';

const fixtures = path.join(FORMAT_DIR, 'fixtures');

describe('format contract fixtures', () => {
  const valid = fs.readdirSync(fixtures).filter((f) => f.endsWith('.jsonl'));

  it('has the valid fixtures the contract names', () => {
    expect(valid.sort()).toEqual(['dropped-report.jsonl', 'error-span.jsonl', 'llm-tool-calls.jsonl', 'rag-trace.jsonl']);
  });

  it.each(valid)('%s: every line conforms', (f) => {
    expect(checkFile(path.join(fixtures, f))).toEqual([]);
  });

  it('rag-trace: the root is written running first, then finished, and every span is in one tree', () => {
    const recs = readRecords(path.join(fixtures, 'rag-trace.jsonl'));
    const root = recs.filter((r) => r.parent_id === null);
    expect(root.map((r) => r.status)).toEqual(['running', 'ok']);
    const byId = latest(recs);
    for (const r of byId.values()) {
      expect(r.trace_id).toBe(root[0].id);
      if (r.parent_id) expect(r.dotted_order.startsWith(byId.get(r.parent_id)!.dotted_order + '.')).toBe(true);
    }
  });

  const reasons = JSON.parse(fs.readFileSync(path.join(fixtures, 'invalid/reasons.json'), 'utf8')) as Record<string, { line: number; path: string; reason: string }[]>;

  it('every invalid record is rejected at the field its reason names, and only there', () => {
    const lines = fs.readFileSync(path.join(fixtures, 'invalid/records.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBe(reasons['records.jsonl'].length);
    lines.forEach((line, i) => {
      const expected = reasons['records.jsonl'][i];
      const errors = validate(JSON.parse(line), schema);
      expect(errors.map((e) => e.path), `line ${i + 1}: ${expected.reason}`).toEqual([expected.path]);
    });
  });

  it('broken-lines: the bad lines are the ones listed, the rest are valid records', () => {
    const lines = fs.readFileSync(path.join(fixtures, 'invalid/broken-lines.jsonl'), 'utf8').split('\n');
    const bad = new Set(reasons['broken-lines.jsonl'].map((r) => r.line));
    lines.forEach((line, i) => {
      if (line === '' || bad.has(i + 1)) {
        if (bad.has(i + 1)) expect(() => JSON.parse(line)).toThrow();
        return;
      }
      expect(validate(JSON.parse(line), schema)).toEqual([]);
    });
  });

  it('the validator refuses keywords outside the subset rather than ignoring them', () => {
    expect(() => validate('x', { type: 'string', format: 'uuid' })).toThrow(/outside the subset/);
  });
});

describe('files the SDK writes conform to the schema', () => {
  let file: string;
  beforeAll(async () => {
    file = path.join(tmpDir(), 'traces.jsonl');
    configure({ file, service: 'conformance' });
    // Bundlers rename a function expression that shares its variable's name, so they differ here.
    const retrieveDocs = observe(async function retrieve(query: string, k: number) {
      currentSpan().addEvent('searched', { k }).setMetadata({ index: 'docs' }).addTags('rag');
      return [{ id: 'd1', text: `about ${query}` }];
    }, { spanType: 'retriever' });
    const tokenStream = observe(function* tokens(text: string) { yield* text.split(' '); }, { spanType: 'llm' });
    const cyclic: Record<string, unknown> = { big: 10n };
    cyclic.self = cyclic;
    await span('answer', { spanType: 'agent', inputs: { question: 'q?' } }, async () => {
      await retrieveDocs('refunds', 3);
      span('generate', { spanType: 'llm' }, (s) => {
        s.setModel('gpt-4o-mini', 'openai').setUsage({ input_tokens: 10, output_tokens: 5, total_tokens: 15 }).setCost(0.0000045);
        s.setInputs({ messages: [{ role: 'user', content: 'hi ✓' }] }).setOutputs({ messages: [{ role: 'assistant', content: 'héllo' }] });
      });
      [...tokenStream('a b c')];
      span('odd values', (s) => s.setInputs(cyclic).setOutputs(Symbol('s')));
      try {
        span('fails', () => { throw new RangeError('out of range'); });
      } catch { /* recorded */ }
      const manual = startSpan('manual', { spanType: 'tool' });
      manual.end();
    });
    // A root left running: only its start record exists.
    startSpan('still running', { spanType: 'chain' });
    await flush();
  });

  it('every line validates', () => {
    expect(checkFile(file)).toEqual([]);
    expect(readRecords(file).length).toBeGreaterThanOrEqual(8);
  });

  it('covers the fields: usage, cost, model, events, tags, metadata, error, source, service, a running record', () => {
    const recs = readRecords(file);
    const by = (n: string) => recs.filter((r) => r.name === n).at(-1)!;
    expect(by('generate')).toMatchObject({ model: 'gpt-4o-mini', provider: 'openai', cost_usd: 0.0000045, usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 } });
    expect(by('retrieve')).toMatchObject({ span_type: 'retriever', inputs: { query: 'refunds', k: 3 }, tags: ['rag'], metadata: { index: 'docs' } });
    expect(by('retrieve').events?.[0]).toMatchObject({ name: 'searched', attributes: { k: 3 } });
    expect(by('retrieve').source).toMatchObject({ file: __filename, function: 'retrieve' });
    expect(by('fails')).toMatchObject({ status: 'error', error: { type: 'RangeError', message: 'out of range' } });
    expect(by('fails').error?.stack).toContain('conformance.test.ts');
    expect(by('fails').source?.file).toBe(__filename);
    expect(by('odd values').inputs).toEqual({ big: '10n', self: '[Circular]' });
    expect(by('tokens').outputs).toEqual({ output: 'abc' });
    expect(by('still running').status).toBe('running');
    expect(recs.every((r) => r.service === 'conformance')).toBe(true);
  });
});
