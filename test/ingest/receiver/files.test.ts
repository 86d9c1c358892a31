/**
 * The receiver's files on disk: rotation by size (whole batches, never a split line), a
 * restart appending where the last run stopped, retention by age and by total size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFile } from '../../../src/core/load';
import { OtlpFileSink } from '../../../src/ingest/receiver/file-sink';
import { applyRetention } from '../../../src/ingest/receiver/retention';
import { post, startReceiver, storedFiles, type Running } from './helpers';
import { makeSpans, protobufBody } from './payloads';

let running: Running | undefined;
const temps: string[] = [];
afterEach(async () => {
  await running?.stop();
  running = undefined;
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'spanscope-files-'));
  temps.push(d);
  return d;
}

describe('rotation', () => {
  it('starts a new numbered file when the next batch would pass the size limit; every span is read back', async () => {
    running = await startReceiver({ maxFileBytes: 64 << 10 });
    const bodies = Array.from({ length: 30 }, () => protobufBody(makeSpans(40)));
    // concurrent posts: batches are serialised by the sink, so no line is ever split
    await Promise.all(bodies.map((body) => post(`${running!.url}/v1/traces`, { 'Content-Type': 'application/x-protobuf' }, body)
      .then((reply) => expect(reply.status).toBe(200))));
    await running.receiver.sink.flush();
    const files = storedFiles(running);
    expect(files.length).toBeGreaterThan(3);
    const names = files.map((f) => path.basename(f));
    const date = /^otlp-(\d{4}-\d{2}-\d{2})/.exec(names[0])![1];
    expect(names).toContain(`otlp-${date}.jsonl`);
    expect(names).toContain(`otlp-${date}.1.jsonl`);
    expect(names).toContain(`otlp-${date}.2.jsonl`);
    const ids = new Set<string>();
    for (const f of files) {
      expect(fs.statSync(f).size).toBeLessThanOrEqual(64 << 10);
      const read = await loadFile(f);
      expect(read.warnings).toEqual([]);
      for (const sp of read.spans) ids.add(sp.id);
    }
    expect(ids.size).toBe(1200);
  });

  it('a batch bigger than the limit gets a file of its own rather than being split', async () => {
    const dir = tempDir();
    const sink = new OtlpFileSink({ directory: dir, maxFileBytes: 100 });
    await sink.append([{ resourceSpans: [], pad: 'x'.repeat(50) }]);
    await sink.append([{ resourceSpans: [], pad: 'y'.repeat(500) }]);
    await sink.append([{ resourceSpans: [], pad: 'z' }]);
    const names = fs.readdirSync(dir).sort();
    expect(names).toHaveLength(3);
    for (const n of names) expect(fs.readFileSync(path.join(dir, n), 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('a new sink (a restart) continues in the highest numbered file of the day', async () => {
    const dir = tempDir();
    const now = () => Date.UTC(2026, 10, 21, 12);
    fs.writeFileSync(path.join(dir, 'otlp-2026-11-21.jsonl'), '{"resourceSpans":[]}\n');
    fs.writeFileSync(path.join(dir, 'otlp-2026-11-21.3.jsonl'), '{"resourceSpans":[]}\n');
    const sink = new OtlpFileSink({ directory: dir, maxFileBytes: 1 << 20, now });
    expect(await sink.append([{ resourceSpans: [] }])).toBe(path.join(dir, 'otlp-2026-11-21.3.jsonl'));
    expect(fs.readFileSync(path.join(dir, 'otlp-2026-11-21.3.jsonl'), 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('a folder the sink creates gets a .gitignore; an existing one is left as it is', async () => {
    const dir = tempDir();
    const fresh = path.join(dir, 'new', '.spanscope');
    await new OtlpFileSink({ directory: fresh, maxFileBytes: 1 << 20 }).append([{ resourceSpans: [] }]);
    expect(fs.readFileSync(path.join(fresh, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    await new OtlpFileSink({ directory: dir, maxFileBytes: 1 << 20 }).append([{ resourceSpans: [] }]);
    expect(fs.existsSync(path.join(dir, '.gitignore'))).toBe(false);
  });

  it('the date in the name follows the clock (UTC) across midnight', async () => {
    const dir = tempDir();
    let t = Date.UTC(2026, 10, 21, 23, 59, 59);
    const sink = new OtlpFileSink({ directory: dir, maxFileBytes: 1 << 20, now: () => t });
    await sink.append([{ resourceSpans: [] }]);
    t += 2000;
    await sink.append([{ resourceSpans: [] }]);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()).toEqual(['otlp-2026-11-21.jsonl', 'otlp-2026-11-22.jsonl']);
  });

  it('a file deleted while the receiver runs is recreated by the next batch', async () => {
    running = await startReceiver();
    const body = protobufBody(makeSpans(5));
    await post(`${running.url}/v1/traces`, { 'Content-Type': 'application/x-protobuf' }, body);
    const [file] = storedFiles(running);
    fs.rmSync(file);
    await post(`${running.url}/v1/traces`, { 'Content-Type': 'application/x-protobuf' }, body);
    expect((await loadFile(file)).spans).toHaveLength(5);
  });
});

describe('retention', () => {
  const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
  const now = Date.UTC(2026, 10, 21, 8);

  function fill(dir: string, files: Record<string, number>): void {
    for (const [name, size] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), Buffer.alloc(size, 0x20));
  }

  it('deletes files dated more than N days ago, and only the receiver\'s own files', async () => {
    const dir = tempDir();
    fill(dir, {
      [`otlp-${day(10)}.jsonl`]: 10, [`otlp-${day(10)}.1.jsonl`]: 10, [`otlp-${day(13)}.jsonl`]: 10,
      [`otlp-${day(14)}.jsonl`]: 10, [`otlp-${day(21)}.jsonl`]: 10,
      'traces.jsonl': 10, [`otlp-${day(1)}.jsonl.bak`]: 10, [`my-otlp-${day(1)}.jsonl`]: 10,
    });
    const deleted = (await applyRetention(dir, { retentionDays: 7, maxTotalBytes: 0, now })).map((f) => path.basename(f)).sort();
    expect(deleted).toEqual([`otlp-${day(10)}.1.jsonl`, `otlp-${day(10)}.jsonl`, `otlp-${day(13)}.jsonl`]);
    expect(fs.readdirSync(dir).sort()).toEqual([
      `my-otlp-${day(1)}.jsonl`, `otlp-${day(1)}.jsonl.bak`, `otlp-${day(14)}.jsonl`, `otlp-${day(21)}.jsonl`, 'traces.jsonl',
    ]);
  });

  it('deletes the oldest files until the total fits, never the one being written', async () => {
    const dir = tempDir();
    fill(dir, {
      [`otlp-${day(18)}.jsonl`]: 400, [`otlp-${day(19)}.jsonl`]: 400, [`otlp-${day(19)}.1.jsonl`]: 400,
      [`otlp-${day(20)}.jsonl`]: 400, [`otlp-${day(21)}.jsonl`]: 400,
    });
    const keep = path.join(dir, `otlp-${day(18)}.jsonl`);
    const deleted = (await applyRetention(dir, { retentionDays: 0, maxTotalBytes: 1000, now, keep })).map((f) => path.basename(f));
    expect(deleted).toEqual([`otlp-${day(19)}.jsonl`, `otlp-${day(19)}.1.jsonl`, `otlp-${day(20)}.jsonl`]);
    expect(fs.readdirSync(dir).sort()).toEqual([`otlp-${day(18)}.jsonl`, `otlp-${day(21)}.jsonl`]);
  });

  it('runs when the receiver starts', async () => {
    const dir = tempDir();
    const store = path.join(dir, '.spanscope');
    fs.mkdirSync(store);
    fill(store, { 'otlp-2001-01-01.jsonl': 10 });
    running = await startReceiver({ directory: store, retentionDays: 30 });
    await running.receiver.prune();
    expect(fs.readdirSync(store)).toEqual([]);
  });
});
