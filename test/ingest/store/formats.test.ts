import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFile } from '../../../src/core/load';
import { LocalRepository } from '../../../src/ingest/store/localRepository';
import { collect, rec, tmpDir } from './helpers';

const seedDir = path.resolve(__dirname, '../../../../shared/fixtures/seed-formats');
const hasSeeds = fs.existsSync(seedDir);
if (!hasSeeds) console.warn(`\n*** SKIPPING seed-format store tests: ${seedDir} is absent ***\n`);

function walk(d: string): string[] {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
}

let dir: string;
let repo: LocalRepository;
beforeEach(() => {
  dir = tmpDir();
  repo = new LocalRepository();
});
afterEach(async () => {
  await repo.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasSeeds)('seed-format files through the store', () => {
  const files = hasSeeds ? walk(seedDir).filter((f) => /\.(jsonl|json|db)$/.test(f)) : [];
  it.each(files.map((f) => [path.relative(seedDir, f), f]))('%s: same spans and traces as loadFile', async (_name, file) => {
    const whole = await loadFile(file);
    const s = await repo.open(file);
    expect(s.format).toBe(whole.format);
    const distinct = new Set(whole.spans.map((x) => `${x.traceId}\u0000${x.id}`));
    expect(s.spanCount).toBe(distinct.size);
    expect(new Set(s.traces.map((t) => t.traceId))).toEqual(new Set(whole.spans.map((x) => x.traceId)));
    for (const t of s.traces) {
      const trace = await repo.getTrace(t.traceId);
      expect(trace!.rows).toHaveLength(t.spanCount);
    }
  });

  it('TraceForge JSONL (no newline after its last line) is read to the end', async () => {
    const file = path.join(seedDir, 'traceforge/traceforge_all.jsonl');
    const text = fs.readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(false);
    const lines = text.split('\n').filter((l) => l.trim()).length;
    const copy = path.join(dir, 'tf.jsonl');
    fs.writeFileSync(copy, text);
    // Just written: the last line is held until the file is quiet or the caller says final.
    const quietRepo = new LocalRepository({ quietMs: 60_000 });
    try {
      expect((await quietRepo.open(copy)).spanCount).toBe(lines - 1);
      expect((await quietRepo.refresh(copy, { final: true }))!.spanCount).toBe(lines);
    } finally {
      await quietRepo.dispose();
    }
  });
});

describe('whole-file formats', () => {
  it('a JSON document (OTLP request) is re-read on refresh, reporting the traces that changed', async () => {
    const file = path.join(dir, 'export.json');
    const span = (traceId: string, spanId: string, name: string) => ({
      traceId, spanId, name, startTimeUnixNano: '1795266723901588000', endTimeUnixNano: '1795266724901588000',
    });
    const doc = (spans: unknown[]) => JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans }] }] }, null, 2);
    const A = '0af7651916cd43dd8448eb211c80319c';
    const B = '1bf7651916cd43dd8448eb211c80319c';
    fs.writeFileSync(file, doc([span(A, 'b7ad6b7169203331', 'one'), span(B, 'c7ad6b7169203331', 'two')]));
    const s = await repo.open(file);
    expect(s.format).toBe('otlp');
    expect(s.spanCount).toBe(2);
    const events = collect((l) => repo.onDidChange(l));
    fs.writeFileSync(file, doc([span(A, 'b7ad6b7169203331', 'one'), span(B, 'c7ad6b7169203331', 'renamed'), span(B, 'd7ad6b7169203331', 'three')]));
    const after = await repo.refresh(file);
    expect(after!.spanCount).toBe(3);
    expect(events).toHaveLength(1);
    expect(events[0].traceIds).toEqual([B]);
  });

  it('a SQLite database written by a live process in WAL mode shows new rows on refresh', async () => {
    const db = path.join(dir, 'spans.db');
    const py = `
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1])
con.execute('PRAGMA journal_mode=WAL')
con.execute('''CREATE TABLE spans(id INTEGER PRIMARY KEY, trace_id TEXT, span_id TEXT UNIQUE, parent_span_id TEXT, name TEXT,
  kind TEXT, service_name TEXT, status_code TEXT, status_description TEXT, start_time_ns INTEGER, end_time_ns INTEGER,
  duration_ns INTEGER, attributes_json TEXT, events_json TEXT, links_json TEXT, resource_json TEXT, created_at REAL)''')
def add(i):
    con.execute('INSERT INTO spans(trace_id, span_id, parent_span_id, name, kind, service_name, status_code, start_time_ns, end_time_ns, duration_ns, attributes_json, events_json, links_json, resource_json, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
      ('a'*32, '%016x' % i, None if i == 1 else '%016x' % 1, 'op%d' % i, 'INTERNAL', 'svc', 'OK', 1795266723901588000 + i, 1795266723901599000 + i, 11000, '{}', '[]', '[]', '{}', time.time()))
    con.commit()
add(1); add(2)
print('ready', flush=True)
sys.stdin.readline()
add(3)
print('added', flush=True)
sys.stdin.readline()
`;
    const { spawn } = await import('node:child_process');
    const child = spawn('python3', ['-c', py, db], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines: string[] = [];
    child.stdout.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)));
    const until = async (word: string) => { while (!lines.includes(word)) await new Promise((r) => setTimeout(r, 20)); };
    try {
      await until('ready');
      const s = await repo.open(db);
      expect(s.format).toBe('tracelite-sqlite');
      expect(s.spanCount).toBe(2);
      child.stdin.write('\n');
      await until('added');
      const after = await repo.refresh(db);
      expect(after!.spanCount).toBe(3);
    } finally {
      child.stdin.end();
      await new Promise((r) => child.on('exit', r));
    }
  }, 30_000);

  it('an empty database file whose pages are all still in its WAL is read as SQLite, through loadFile and the store', async () => {
    // A writer that has not checkpointed: the rows, and page 1 with the schema, are only in
    // the -wal; the main file is then emptied to the state a writer leaves before it first
    // writes it (the store must not take it for an empty JSONL file).
    const db = path.join(dir, 'only-wal.db');
    const py = `
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute('PRAGMA journal_mode=WAL')
con.execute('PRAGMA wal_autocheckpoint=0')
con.execute('''CREATE TABLE spans(id INTEGER PRIMARY KEY, trace_id TEXT, span_id TEXT UNIQUE, parent_span_id TEXT, name TEXT,
  kind TEXT, service_name TEXT, status_code TEXT, status_description TEXT, start_time_ns INTEGER, end_time_ns INTEGER,
  duration_ns INTEGER, attributes_json TEXT, events_json TEXT, links_json TEXT, resource_json TEXT, created_at REAL)''')
for i in (1, 2, 3):
    con.execute('INSERT INTO spans(trace_id, span_id, parent_span_id, name, kind, service_name, status_code, start_time_ns, end_time_ns, duration_ns, attributes_json, events_json, links_json, resource_json, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
      ('b'*32, '%016x' % i, None if i == 1 else '%016x' % 1, 'op%d' % i, 'INTERNAL', 'svc', 'OK', 1795266723901588000 + i, 1795266723901599000 + i, 11000, '{}', '[]', '[]', '{}', 1.0))
os._exit(0)
`;
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync('python3', ['-c', py, db], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    fs.truncateSync(db, 0);
    expect(fs.statSync(`${db}-wal`).size).toBeGreaterThan(0);
    const loaded = await loadFile(db);
    expect(loaded.format).toBe('tracelite-sqlite');
    expect(loaded.spans).toHaveLength(3);
    const s = await repo.open(db);
    expect(s.format).toBe('tracelite-sqlite');
    expect(s.spanCount).toBe(3);
    // an empty file with no WAL beside it is still a JSONL file to be written
    const empty = path.join(dir, 'later.db');
    fs.writeFileSync(empty, '');
    expect((await repo.open(empty)).spanCount).toBe(0);
  });

  it('a JSONL file that starts with a broken line is still tailed', async () => {
    const file = path.join(dir, 't.jsonl');
    fs.writeFileSync(file, `{"oops\n${rec('a1', 'a1')}\n`);
    const s = await repo.open(file);
    expect(s.spanCount).toBe(1);
    expect(s.warnings[0].line).toBe(1);
    fs.appendFileSync(file, `${rec('a2', 'a1')}\n`);
    expect((await repo.refresh(file))!.spanCount).toBe(2);
  });
});
