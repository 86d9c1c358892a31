import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalRepository } from '../../../src/ingest/store/localRepository';
import { collect, rec, tmpDir, waitFor } from './helpers';

let dir: string;
let file: string;
let repo: LocalRepository;

beforeEach(() => {
  dir = tmpDir();
  file = path.join(dir, 'traces.jsonl');
  // A long quiet period: tests that want a held line read say so explicitly.
  repo = new LocalRepository({ quietMs: 60_000 });
});

afterEach(async () => {
  await repo.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ids = async (traceId: string): Promise<string[]> =>
  ((await repo.getTrace(traceId))?.rows ?? []).map((r) => r.span.id).sort();

describe('incremental JSONL store', () => {
  it('reads only appended lines and reports the traces they touch', async () => {
    fs.writeFileSync(file, `${rec('a1', 'a1')}\n${rec('a2', 'a1')}\n`);
    const first = await repo.open(file);
    expect(first.spanCount).toBe(2);
    expect(first.format).toBe('native');
    const events = collect((l) => repo.onDidChange(l));
    fs.appendFileSync(file, `${rec('b1', 'b1')}\n${rec('a3', 'a1')}\n`);
    const after = await repo.refresh(file);
    expect(after!.spanCount).toBe(4);
    expect(after!.size).toBe(fs.statSync(file).size);
    expect(events).toHaveLength(1);
    expect(events[0].reset).toBe(false);
    expect(events[0].traceIds.sort()).toEqual(['a1', 'b1']);
    expect(await ids('a1')).toEqual(['a1', 'a2', 'a3']);
    // Nothing new: no event, same spans.
    await repo.refresh(file);
    expect(events).toHaveLength(1);
  });

  it('after many small refreshes the summary is the one a fresh open gives (order kept up to date)', async () => {
    fs.writeFileSync(file, `${rec('r0', 'r0')}\n`);
    await repo.open(file);
    let seed = 3;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (let round = 0; round < 40; round++) {
      const lines: string[] = [];
      for (let k = rand(4); k >= 0; k--) {
        const trace = `r${rand(12)}`;
        // roots now and then re-written (running then ended), children added to older traces
        lines.push(rand(3) === 0 ? rec(trace, trace, { running: rand(2) === 0 }) : rec(`${trace}-c${round}-${k}`, trace));
      }
      fs.appendFileSync(file, `${lines.join('\n')}\n`);
      await repo.refresh(file);
    }
    const fresh = new LocalRepository();
    try {
      expect(await repo.listFiles()).toEqual(await fresh.open(file).then((s) => [s]));
    } finally {
      await fresh.dispose();
    }
  });

  it('holds back a line written in two halves until its newline arrives', async () => {
    fs.writeFileSync(file, `${rec('a1', 'a1')}\n`);
    await repo.open(file);
    const line = rec('a2', 'a1');
    fs.appendFileSync(file, line.slice(0, 40));
    expect((await repo.refresh(file))!.spanCount).toBe(1);
    expect((await repo.refresh(file))!.warnings).toEqual([]);
    fs.appendFileSync(file, `${line.slice(40)}\n`);
    const s = await repo.refresh(file);
    expect(s!.spanCount).toBe(2);
    expect(s!.warnings).toEqual([]);
    expect(await ids('a1')).toEqual(['a1', 'a2']);
  });

  it('reads a last line without newline on an explicit final refresh, and again if it grows', async () => {
    fs.writeFileSync(file, `${rec('a1', 'a1')}\n${rec('a2', 'a1')}`);
    expect((await repo.open(file)).spanCount).toBe(1);
    expect((await repo.refresh(file, { final: true }))!.spanCount).toBe(2);
    // The writer did go on: its newline and another record arrive.
    fs.appendFileSync(file, `\n${rec('a3', 'a1')}\n`);
    const s = await repo.refresh(file);
    expect(s!.spanCount).toBe(3);
    expect(s!.warnings).toEqual([]);
    expect(await ids('a1')).toEqual(['a1', 'a2', 'a3']);
  });

  it('a half-written last line taken as final is warned about, then read whole once completed', async () => {
    fs.writeFileSync(file, `${rec('a1', 'a1')}\n`);
    await repo.open(file);
    const line = rec('a2', 'a1');
    fs.appendFileSync(file, line.slice(0, 30));
    const early = await repo.refresh(file, { final: true });
    expect(early!.warnings).toHaveLength(1);
    expect(early!.warnings[0]).toMatchObject({ file, line: 2 });
    fs.appendFileSync(file, `${line.slice(30)}\n`);
    const s = await repo.refresh(file);
    expect(s!.warnings).toEqual([]);
    expect(s!.spanCount).toBe(2);
  });

  it('reads a last line without newline by itself once the file has been quiet', async () => {
    const quiet = new LocalRepository({ quietMs: 200 });
    try {
      fs.writeFileSync(file, `${rec('a1', 'a1')}\n`);
      await quiet.open(file);
      const events = collect((l) => quiet.onDidChange(l));
      fs.appendFileSync(file, rec('a2', 'a1'));
      expect((await quiet.refresh(file))!.spanCount).toBe(1);
      await waitFor(() => events.length > 0);
      expect(events[0].traceIds).toEqual(['a1']);
      expect((await quiet.listFiles())[0].spanCount).toBe(2);
    } finally {
      await quiet.dispose();
    }
  });

  it('opens a file whose writer left the last line unterminated long ago (TraceForge style) whole', async () => {
    fs.writeFileSync(file, `${rec('a1', 'a1')}\n${rec('a2', 'a1')}`);
    const old = new Date(Date.now() - 120_000);
    fs.utimesSync(file, old, old);
    const quiet = new LocalRepository({ quietMs: 1000 });
    try {
      expect((await quiet.open(file)).spanCount).toBe(2);
    } finally {
      await quiet.dispose();
    }
  });

  it('notices truncation and reads the file again from the start', async () => {
    fs.writeFileSync(file, `${rec('a1', 'a1')}\n${rec('a2', 'a1')}\n`);
    await repo.open(file);
    const events = collect((l) => repo.onDidChange(l));
    fs.writeFileSync(file, `${rec('c1', 'c1')}\n`);
    const s = await repo.refresh(file);
    expect(s!.spanCount).toBe(1);
    expect(s!.traces.map((t) => t.traceId)).toEqual(['c1']);
    expect(events).toHaveLength(1);
    expect(events[0].reset).toBe(true);
    expect(events[0].traceIds.sort()).toEqual(['a1', 'c1']);
    expect(await repo.getTrace('a1')).toBeUndefined();
  });

  it('notices a file replaced by rename, even a longer one', async () => {
    fs.writeFileSync(file, `${rec('a1', 'a1')}\n`);
    await repo.open(file);
    const events = collect((l) => repo.onDidChange(l));
    const next = path.join(dir, 'next.jsonl');
    fs.writeFileSync(next, `${rec('d1', 'd1')}\n${rec('d2', 'd1')}\n${rec('d3', 'd1')}\n`);
    fs.renameSync(next, file);
    const s = await repo.refresh(file);
    expect(s!.traces.map((t) => t.traceId)).toEqual(['d1']);
    expect(s!.spanCount).toBe(3);
    expect(events[0].reset).toBe(true);
  });

  it('notices a file rewritten in place (same inode, longer, different first bytes)', async () => {
    fs.writeFileSync(file, `${rec('a1', 'a1')}\n`);
    await repo.open(file);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, `${rec('e1', 'e1')}\n${rec('e2', 'e1')}\n${rec('e3', 'e1')}\n`, 0);
    fs.closeSync(fd);
    const s = await repo.refresh(file);
    expect(s!.traces.map((t) => t.traceId)).toEqual(['e1']);
    expect(s!.spanCount).toBe(3);
  });

  it('notices a file rewritten in place with the same first records and different ones after them', async () => {
    // the first 256 bytes and more stay the same; only what follows them changed
    const head = [rec('a1', 'a1'), rec('a2', 'a1'), rec('a3', 'a1')];
    expect(head.join('\n').length).toBeGreaterThan(256);
    fs.writeFileSync(file, `${[...head, rec('a4', 'a1'), rec('b1', 'b1')].join('\n')}\n`);
    await repo.open(file);
    const events = collect((fn) => repo.onDidChange(fn));
    const ino = fs.statSync(file).ino;
    fs.writeFileSync(file, `${[...head, rec('c1', 'c1'), rec('c2', 'c1'), rec('c3', 'c1'), rec('c4', 'c1')].join('\n')}\n`);
    expect(fs.statSync(file).ino).toBe(ino);
    const s = await repo.refresh(file);
    expect(s!.traces.map((t) => t.traceId).sort()).toEqual(['a1', 'c1']);
    expect(s!.spanCount).toBe(7);
    expect(await ids('a1')).toEqual(['a1', 'a2', 'a3']);
    await waitFor(() => events.length > 0);
    expect(events[0].reset).toBe(true);
    // a plain append after that is still an append
    fs.appendFileSync(file, `${rec('c5', 'c1')}\n`);
    const s2 = await repo.refresh(file);
    expect(s2!.spanCount).toBe(8);
    expect(events.filter((e) => e.reset)).toHaveLength(1);
  });

  it('a later record of the same span replaces the earlier one (running, then ended)', async () => {
    fs.writeFileSync(file, `${rec('a1', 'a1', { running: true, extra: { inputs: { question: 'why?' }, tags: ['start'] } })}\n`);
    let s = await repo.open(file);
    expect(s.traces[0].running).toBe(true);
    fs.appendFileSync(file, `${rec('a2', 'a1')}\n${rec('a1', 'a1', { extra: { inputs: undefined, outputs: { answer: 42 } } })}\n`);
    s = (await repo.refresh(file))!;
    expect(s.spanCount).toBe(2);
    expect(s.traces[0].running).toBe(false);
    const trace = await repo.getTrace('a1');
    expect(trace!.rows.map((r) => r.span.id)).toEqual(['a1', 'a2']);
    expect(trace!.rows[0].span.status).toBe('ok');
    expect(trace!.rows[0].span.tags).toEqual(['start']);
    // The full span: outputs from the end record, inputs kept from the start record.
    const full = await repo.getSpan('a1', 'a1');
    expect(full!.outputs).toEqual({ answer: 42 });
    expect(full!.inputs).toEqual({ question: 'why?' });
    expect(full!.endTime).toBeDefined();
    // A running record never un-finishes a span.
    fs.appendFileSync(file, `${rec('a1', 'a1', { running: true })}\n`);
    s = (await repo.refresh(file))!;
    expect(s.traces[0].running).toBe(false);
  });

  it('warns with file and line about malformed lines in the middle and keeps every good span', async () => {
    fs.writeFileSync(file, [
      rec('a1', 'a1'),
      '{"id": "broken", "trace_id": ',
      rec('a2', 'a1'),
      '[1, 2, 3]',
      '',
      '{"id":"x","trace_id":"a1","start_time":"not a time"}',
      rec('a3', 'a1'),
    ].join('\n') + '\n');
    const s = await repo.open(file);
    expect(s.spanCount).toBe(3);
    expect(s.warnings.map((w) => [w.file, w.line])).toEqual([[file, 2], [file, 4], [file, 6]]);
    expect(s.warnings[0].message).toMatch(/JSON/);
    expect(await ids('a1')).toEqual(['a1', 'a2', 'a3']);
  });

  it('rejects a missing file or a directory with one clear message', async () => {
    await expect(repo.open(path.join(dir, 'nope.jsonl'))).rejects.toThrow(/nope\.jsonl: no such file/);
    await expect(repo.open(dir)).rejects.toThrow(/is a directory/);
  });

  it('merges a trace spread over two files and closes one', async () => {
    const other = path.join(dir, 'other.jsonl');
    fs.writeFileSync(file, `${rec('m1', 'm1')}\n`);
    fs.writeFileSync(other, `${rec('m2', 'm1')}\n`);
    await repo.open(file);
    const s = await repo.open(other);
    expect(s.traces[0].spanCount).toBe(2);
    expect(s.traces[0].files.sort()).toEqual([file, other].sort());
    expect(await ids('m1')).toEqual(['m1', 'm2']);
    await repo.close(other);
    expect(await ids('m1')).toEqual(['m1']);
    expect((await repo.listFiles())[0].traces[0].spanCount).toBe(1);
  });
});
