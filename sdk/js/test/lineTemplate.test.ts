import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { SpanImpl } from '../src/span';
import { spanLine } from '../src/record';
import { writeTemplated, templated } from '../src/lineTemplate';
import { nextId, lastId } from '../src/ids';
import { span, configure, flush } from '../src/index';
import { checkLine, tmpDir } from './helpers';

const SEC = 1_800_000_000 * 1_000_000;

function child(parent: SpanImpl, name: string, startUs: number, endUs: number): SpanImpl {
  nextId(Math.floor(startUs / 1000));
  const s = new SpanImpl(lastId, parent.traceId, parent.id, parent, name, 'tool', startUs, null);
  s.endUs = endUs;
  s.ended = true;
  return s;
}

const view = (b: Buffer): DataView => new DataView(b.buffer, b.byteOffset, b.length);

/** The templated bytes of a span, as text. */
function fast(s: SpanImpl, service: string | null): string {
  const buf = Buffer.alloc(4096);
  const n = writeTemplated(s, service, buf, view(buf), 0, buf.length);
  expect(n).toBeGreaterThan(0);
  return buf.subarray(0, n).toString('utf8');
}

describe('templated lines', () => {
  nextId(SEC / 1000);
  const root = new SpanImpl(lastId, null, null, null, 'root', 'chain', SEC, null);

  it('equal the general serializer byte for byte, across second boundaries and for non-ASCII names', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'résumé ✓', 'a'];
    const source = '{"file":"/tmp/x.ts","line":3}';
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      // Starts and ends step over whole seconds at different points, so templates go stale.
      const start = SEC + i * 7_919 + Math.floor(i / 50) * 1_000_000;
      const end = start + (i % 3 === 0 ? 999_999 : i % 7);
      const s = child(root, names[i % names.length], start, end);
      // Every third span carries user data, non-ASCII and odd values included.
      if (i % 3 === 1) s.setInputs({ q: `question ${i} – naïve ✓`, n: i }).setOutputs(i % 2 ? 'answer 😀' : [1, 2n]).setUsage({ input_tokens: i }).addTags('t');
      for (const [src, svc] of [[null, null], [source, '"svc"']] as const) {
        s.sourceJson = src;
        const line = fast(s, svc);
        expect(line).toBe(spanLine(s, false, svc));
        expect(checkLine(line.trimEnd())).toEqual([]);
        s.sourceJson = null;
        checked++;
      }
    }
    expect(checked).toBe(800);
  });

  it('refuse a line past the limit (data measured exactly), and failed spans or ones with no local parent', () => {
    const s = child(root, 'a', SEC + 5, SEC + 9);
    const small = Buffer.alloc(100);
    expect(writeTemplated(s, null, small, view(small), 0, 100)).toBe(-1);
    expect(templated(s)).toBe(true);
    expect(templated(root)).toBe(false);
    expect(templated(child(root, 'a', SEC, SEC).setInputs({ q: 1 }) as SpanImpl)).toBe(true);
    expect(templated(child(root, 'a', SEC, SEC).recordError(new Error('x')) as SpanImpl)).toBe(false);
    // Data of 3-byte characters fills the buffer exactly: the 3x bound fails, the exact length fits.
    const d = child(root, 'a', SEC + 5, SEC + 9).setInputs({ q: '✓'.repeat(100) }) as SpanImpl;
    const exact = Buffer.byteLength(spanLine(d, false, null));
    const buf = Buffer.alloc(exact);
    expect(writeTemplated(d, null, buf, view(buf), 0, exact)).toBe(exact);
    expect(buf.toString('utf8')).toBe(spanLine(d, false, null));
    expect(writeTemplated(d, null, buf, view(buf), 1, exact)).toBe(-1);
  });

  it('files mixing templated and general records keep every span, each line valid', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 't.jsonl');
    configure({ file, captureSource: true, sampleRate: 1, service: 'svc' });
    await span('root', async () => {
      for (let i = 0; i < 3000; i++) {
        if (i % 5 === 0) span('with data', { inputs: { i } }, () => i);
        else span(`name ${i % 6}`, () => undefined);
        if (i % 500 === 0) await new Promise((r) => setImmediate(r));
      }
    });
    await flush();
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const finished = lines.map((l) => JSON.parse(l) as { id: string; status: string; source?: unknown });
    expect(lines.flatMap((l) => checkLine(l))).toEqual([]);
    expect(new Set(finished.filter((r) => r.status !== 'running').map((r) => r.id)).size).toBe(3001);
    expect(finished.every((r) => r.source !== undefined)).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
