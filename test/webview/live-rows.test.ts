/**
 * The trace view's data path on a real file: a native JSONL trace read by the real store,
 * turned into the snapshot the panel posts, then grown by appended lines (as a running program
 * writes them) and sent as patches. What the view holds after the patches must be exactly what
 * a fresh snapshot would give.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalRepository } from '../../src/ingest/store/localRepository';
import { diffRows, toColumns, toViewRows } from '../../src/extension/panels/trace-rows';
import { patchColumns } from '../../webview/trace/columns';
import { TraceModel } from '../../webview/trace/rows';

const T0 = Date.UTC(2026, 10, 21, 14, 45, 0);
const TRACE = '0193a1b2-0000-7000-8000-000000000000';

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

function stamp(ms: number): string {
  return iso(ms).replace(/[-:.]/g, '');
}

interface Rec { id: string; parent?: Rec; start: number; end?: number; name: string; type: string }

function line(r: Rec, extra: Record<string, unknown> = {}): string {
  const chain: Rec[] = [];
  for (let x: Rec | undefined = r; x; x = x.parent) chain.unshift(x);
  return `${JSON.stringify({
    id: r.id, trace_id: TRACE, parent_id: r.parent?.id ?? null,
    dotted_order: chain.map((c) => `${stamp(c.start)}${c.id}`).join('.'),
    name: r.name, span_type: r.type, start_time: iso(r.start), ...(r.end !== undefined ? { end_time: iso(r.end) } : {}),
    status: r.end === undefined ? 'running' : 'ok',
    inputs: { q: `${r.name} <script>alert(1)</script>` }, outputs: r.end === undefined ? undefined : { ok: true },
    source: { file: '/srv/app/agent.py', line: 12 },
    ...extra,
  })}\n`;
}

const uuid = (n: number) => `0193a1b2-0000-7000-8000-${String(n).padStart(12, '0')}`;

describe('live trace rows from a real file', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

  it('turns appended spans into patches that rebuild exactly the new snapshot', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanscope-live-rows-'));
    dirs.push(dir);
    const file = path.join(dir, 'traces.jsonl');
    const root: Rec = { id: TRACE, start: T0, name: 'agent', type: 'agent' };
    fs.writeFileSync(file, line(root));
    const kids: Rec[] = [];
    for (let i = 1; i <= 5; i++) kids.push({ id: uuid(i), parent: root, start: T0 + i * 100, end: T0 + i * 100 + 80, name: `step ${i}`, type: i % 2 ? 'llm' : 'tool' });
    fs.appendFileSync(file, kids.slice(0, 3).map((k) => line(k)).join(''));

    const repo = new LocalRepository({ quietMs: 0 });
    try {
      await repo.open(file);
      const first = (await repo.getTrace(TRACE))!;
      expect(first.rows.map((r) => r.span.name)).toEqual(['agent', 'step 1', 'step 2', 'step 3']);
      let sent = toViewRows(first);
      let view = new TraceModel(toColumns(sent));
      expect(view.row(0).status).toBe('running');

      // The program goes on: two more steps, one of them with a child, then the root ends.
      const grandchild: Rec = { id: uuid(6), parent: kids[4], start: T0 + 510, end: T0 + 560, name: 'lookup', type: 'retriever' };
      fs.appendFileSync(file, line(kids[3]) + line(grandchild) + line(kids[4]));
      await repo.refresh(file);
      let next = toViewRows((await repo.getTrace(TRACE))!);
      let patches = diffRows(sent, next);
      // appended rows at the end, plus the running root whose duration grew
      expect(patches.map((p) => p.index)).toEqual([0, 4, 5, 6]);
      let applied = patchColumns(view.cols, view.ids, view.names, patches, next.length)!;
      view = new TraceModel(applied.cols, applied.ids, applied.names);
      expect(Array.from({ length: view.n }, (_, i) => view.row(i))).toEqual(next);
      sent = next;

      fs.appendFileSync(file, line({ ...root, end: T0 + 700 }));
      await repo.refresh(file);
      next = toViewRows((await repo.getTrace(TRACE))!);
      patches = diffRows(sent, next);
      applied = patchColumns(view.cols, view.ids, view.names, patches, next.length)!;
      view = new TraceModel(applied.cols, applied.ids, applied.names);
      expect(Array.from({ length: view.n }, (_, i) => view.row(i))).toEqual(next);
      expect(view.row(0).status).toBe('ok');
      expect(view.names).toEqual(['agent', 'step 1', 'step 2', 'step 3', 'step 4', 'step 5', 'lookup']);
      expect(view.row(6)).toMatchObject({ depth: 2, parent: 5, type: 'retriever', hasSource: true });

      // The details pane's request: the full span, inputs included, as text-bearing data.
      const full = await repo.getSpan(TRACE, uuid(6));
      expect(full?.inputs).toEqual({ q: 'lookup <script>alert(1)</script>' });
    } finally {
      await repo.dispose();
    }
  });
});
