import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalRepository } from '../../../src/ingest/store/localRepository';
import { tmpDir } from './helpers';

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A real writer process appends records in pieces that cut lines anywhere (as a buffered
 * writer flushing on size does), and truncates nothing; the store refreshes as fast as it can.
 */
const WRITER = `
const fs = require('fs');
const [file, count] = [process.argv[1], Number(process.argv[2])];
const fd = fs.openSync(file, 'a');
let pending = '';
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
for (let i = 0; i < count; i++) {
  const trace = 't' + Math.floor(i / 10);
  const rec = { id: 's' + i, trace_id: trace, parent_id: i % 10 === 0 ? null : trace, name: 'n' + i,
    span_type: 'tool', start_time: 1795266723901588 + i, end_time: 1795266723901600 + i, status: 'ok',
    inputs: { text: 'x'.repeat(Math.floor(rand() * 3000)) } };
  pending += JSON.stringify(rec) + '\\n';
  while (pending.length > 0 && rand() < 0.7) {
    const cut = 1 + Math.floor(rand() * pending.length);
    fs.writeSync(fd, pending.slice(0, cut));
    pending = pending.slice(cut);
    if (rand() < 0.05) { const until = Date.now() + 2; while (Date.now() < until); }
  }
}
fs.writeSync(fd, pending);
fs.closeSync(fd);
`;

describe('concurrent appends by another process', () => {
  it('while refreshing: every record once, none lost, no warnings', async () => {
    dir = tmpDir();
    const file = path.join(dir, 'live.jsonl');
    fs.writeFileSync(file, '');
    const repo = new LocalRepository({ quietMs: 60_000 });
    try {
      await repo.open(file);
      const count = 3000;
      const child = spawn(process.execPath, ['-e', WRITER, file, String(count)], { stdio: 'inherit' });
      const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
      let done = false;
      void exited.then(() => { done = true; });
      let refreshes = 0;
      const seen: number[] = [];
      while (!done) {
        const s = await repo.refresh(file);
        expect(s!.warnings).toEqual([]);
        seen.push(s!.spanCount);
        refreshes++;
        await new Promise((r) => setTimeout(r, 1));
      }
      expect(await exited).toBe(0);
      const s = (await repo.refresh(file))!;
      expect(s.warnings).toEqual([]);
      expect(s.spanCount).toBe(count);
      expect(s.traces).toHaveLength(count / 10);
      for (const t of s.traces) expect(t.spanCount).toBe(10);
      // The counts only grew: nothing was read twice or dropped along the way.
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
      expect(refreshes).toBeGreaterThan(3);
      const trace = await repo.getTrace('t7');
      expect(trace!.rows.map((r) => r.span.id)).toEqual(['s70', 's71', 's72', 's73', 's74', 's75', 's76', 's77', 's78', 's79']);
      expect((await repo.getSpan('t7', 's75'))!.inputs).toBeDefined();
    } finally {
      await repo.dispose();
    }
  }, 60_000);
});
