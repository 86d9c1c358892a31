/**
 * The watcher with the real store, real files and chokidar: files are found by name and by
 * content, and appends, partial lines, truncation, atomic replacement and deletion while
 * watched leave exactly the spans on disk in the repository, no duplicates, nothing lost.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectLineFormat } from '../../src/core/readers/jsonl';
import { sniffTraceDatabase } from '../../src/core/readers/sqlite/index';
import { LocalRepository } from '../../src/ingest/store/localRepository';
import type { FileSummary } from '../../src/ingest/types';
import { TraceWatcher } from '../../src/ingest/watch';
import { DEFAULT_EXCLUDE_GLOBS, DEFAULT_FILE_GLOBS } from '../../src/ingest/watch-globs';
import { looksLikeSqlite, makeSniffer } from '../../src/ingest/watch-sniff';
import { traceLines, waitFor } from './watch-helpers';

const shared = path.resolve(__dirname, '../../../shared/fixtures/seed-formats');
const hasShared = fs.existsSync(shared);
if (!hasShared) console.warn(`\n*** ${shared} not found: the seed-format SQLite discovery test is SKIPPED ***\n`);

let dir: string;
let repo: LocalRepository;
let watcher: TraceWatcher;
const problems: string[] = [];

const sniff = makeSniffer({ isTraceDatabase: sniffTraceDatabase, claimsRecord: (r) => detectLineFormat(r) !== undefined });
const p = (...parts: string[]) => path.join(dir, ...parts);
const write = (rel: string, text: string) => { fs.mkdirSync(path.dirname(p(rel)), { recursive: true }); fs.writeFileSync(p(rel), text); };

async function start(): Promise<void> {
  watcher = new TraceWatcher({
    roots: [dir], files: DEFAULT_FILE_GLOBS, exclude: DEFAULT_EXCLUDE_GLOBS, repo, sniff, debounceMs: 40,
    onProblem: (file, message) => problems.push(`${file}: ${message}`),
  });
  await watcher.start();
}

async function summary(rel: string): Promise<FileSummary | undefined> {
  return (await repo.listFiles()).find((f) => f.file === p(rel));
}

/** Every span id the repository holds for a file's traces, sorted, duplicates kept. */
async function spanIds(rel: string): Promise<string[]> {
  const f = await summary(rel);
  const ids: string[] = [];
  for (const t of f?.traces ?? []) ids.push(...((await repo.getTrace(t.traceId))?.rows.map((r) => r.span.id) ?? []));
  return ids.sort();
}

beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'spanscope-watch-')));
  repo = new LocalRepository({ quietMs: 100 });
  problems.length = 0;
});

afterEach(async () => {
  await watcher?.dispose();
  await repo.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('TraceWatcher', () => {
  it('finds trace files by name and by content, and leaves the rest alone', async () => {
    write('traces.jsonl', traceLines('a').text);
    write('runs/nightly.traces.jsonl', traceLines('b').text);
    write('.spanscope/2026/run.jsonl', traceLines('c').text);
    write('generic/spans.jsonl', traceLines('d').text); // claimed by the native reader
    write('logs/app.jsonl', '{"level":"info","msg":"hello"}\n'); // nobody claims it
    write('node_modules/pkg/traces.jsonl', traceLines('e').text); // excluded
    write('.venv/lib/traces.jsonl', traceLines('f').text); // excluded
    write('data/cache.db', 'not a database at all');
    await start();
    expect(watcher.files().map((f) => path.relative(dir, f)).sort()).toEqual([
      '.spanscope/2026/run.jsonl', 'generic/spans.jsonl', 'runs/nightly.traces.jsonl', 'traces.jsonl',
    ]);
    expect((await repo.listFiles()).map((f) => f.traces[0].name).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  // Rows held only in a -wal file are covered by the live-writer test below; the shared
  // TraceLite store is a WAL-mode database whose rows are checkpointed into its main file.
  it.skipIf(!hasShared)('finds trace databases by schema: a WAL-mode TraceLite store and a TraceForge store under another extension', async () => {
    fs.mkdirSync(p('db'), { recursive: true });
    for (const f of ['tracelite_spans.db', 'tracelite_spans.db-wal', 'tracelite_spans.db-shm']) {
      const from = path.join(shared, 'tracelite', f);
      if (fs.existsSync(from)) fs.copyFileSync(from, p('db', f));
    }
    fs.copyFileSync(path.join(shared, 'traceforge', 'traceforge.db'), p('db', 'forge.sqlite'));
    await start();
    expect(watcher.files().map((f) => path.relative(dir, f)).sort()).toEqual(['db/forge.sqlite', 'db/tracelite_spans.db']);
    expect((await summary('db/tracelite_spans.db'))!.spanCount).toBeGreaterThan(0);
  });

  it('with the header-only SQLite check the extension uses, a database of another schema is reported once and left alone', async () => {
    const { execFileSync } = await import('node:child_process');
    fs.mkdirSync(p('data'), { recursive: true });
    execFileSync('python3', ['-c', 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("create table users(id integer, name text)"); c.commit()', p('data', 'app.db')]);
    write('data/notes.sqlite', 'plain text, no SQLite header');
    write('traces.jsonl', traceLines('t').text);
    watcher = new TraceWatcher({
      roots: [dir], files: DEFAULT_FILE_GLOBS, exclude: DEFAULT_EXCLUDE_GLOBS, repo, debounceMs: 40,
      sniff: makeSniffer({ isTraceDatabase: looksLikeSqlite, claimsRecord: (r) => detectLineFormat(r) !== undefined }),
      onProblem: (file, message) => problems.push(`${path.basename(file)}: ${message}`),
    });
    await watcher.start();
    expect(watcher.files()).toEqual([p('traces.jsonl')]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^app\.db: .*unknown trace schema/);
    execFileSync('python3', ['-c', 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("insert into users values (1, \'a\')"); c.commit()', p('data', 'app.db')]);
    await new Promise((r) => setTimeout(r, 300));
    await watcher.idle();
    expect(problems).toHaveLength(1);
  });

  it('reads appends, including a line written in two parts, without duplicates', async () => {
    const first = traceLines('first', 4);
    write('traces.jsonl', first.text);
    await start();
    expect(await spanIds('traces.jsonl')).toEqual([...first.ids].sort());

    const second = traceLines('second', 5);
    fs.appendFileSync(p('traces.jsonl'), second.text);
    await waitFor('the appended trace', async () => (await summary('traces.jsonl'))?.traces.length === 2);

    const third = traceLines('third', 3);
    const cut = Math.floor(third.text.length / 2);
    fs.appendFileSync(p('traces.jsonl'), third.text.slice(0, cut));
    await new Promise((r) => setTimeout(r, 120));
    fs.appendFileSync(p('traces.jsonl'), third.text.slice(cut));
    const all = [...first.ids, ...second.ids, ...third.ids].sort();
    await waitFor('all three traces', async () => (await spanIds('traces.jsonl')).length === all.length);
    expect(await spanIds('traces.jsonl')).toEqual(all);
    expect(problems).toEqual([]);
  });

  it('keeps every span of a burst of small appends', async () => {
    write('traces.jsonl', '');
    await start();
    const traces = Array.from({ length: 40 }, (_, i) => traceLines(`burst${i}`, 3));
    for (const t of traces) fs.appendFileSync(p('traces.jsonl'), t.text);
    const all = traces.flatMap((t) => t.ids).sort();
    await waitFor('the burst', async () => (await spanIds('traces.jsonl')).length >= all.length);
    expect(await spanIds('traces.jsonl')).toEqual(all);
  });

  it('reads a truncated file again from the start', async () => {
    write('traces.jsonl', traceLines('old1').text + traceLines('old2').text);
    await start();
    const fresh = traceLines('fresh', 2);
    fs.truncateSync(p('traces.jsonl'), 0);
    fs.appendFileSync(p('traces.jsonl'), fresh.text);
    await waitFor('only the new trace', async () => (await summary('traces.jsonl'))?.traces.map((t) => t.name).join() === 'fresh');
    expect(await spanIds('traces.jsonl')).toEqual([...fresh.ids].sort());
  });

  it('reads a file replaced by rename (atomic save) as the new file', async () => {
    write('traces.jsonl', traceLines('before').text);
    await start();
    const after = traceLines('after', 6);
    write('traces.jsonl.tmp', after.text + traceLines('after2', 2).text);
    fs.renameSync(p('traces.jsonl.tmp'), p('traces.jsonl'));
    await waitFor('the replacement', async () => (await summary('traces.jsonl'))?.traces.map((t) => t.name).sort().join() === 'after,after2');
    expect((await spanIds('traces.jsonl')).length).toBe(8);
  });

  it('picks up files created later, and a generic file once its first record arrives', async () => {
    await start();
    expect(watcher.files()).toEqual([]);
    write('new/traces.jsonl', traceLines('late').text);
    await waitFor('the new file', () => watcher.files().includes(p('new/traces.jsonl')));
    write('out-of-band.jsonl', '');
    await new Promise((r) => setTimeout(r, 150));
    expect(watcher.files()).not.toContain(p('out-of-band.jsonl'));
    fs.appendFileSync(p('out-of-band.jsonl'), traceLines('generic').text);
    await waitFor('the generic file', async () => (await summary('out-of-band.jsonl'))?.traces[0]?.name === 'generic');
  });

  it('closes a deleted file', async () => {
    write('traces.jsonl', traceLines('gone').text);
    const events: string[] = [];
    watcher = new TraceWatcher({
      roots: [dir], files: DEFAULT_FILE_GLOBS, exclude: DEFAULT_EXCLUDE_GLOBS, repo, sniff, debounceMs: 40,
      onTracked: (f, on) => events.push(`${on ? '+' : '-'}${path.basename(f)}`),
    });
    await watcher.start();
    fs.rmSync(p('traces.jsonl'));
    await waitFor('the close', async () => (await repo.listFiles()).length === 0);
    expect(events).toEqual(['+traces.jsonl', '-traces.jsonl']);
    expect(watcher.files()).toEqual([]);
  });
});

describe('TraceWatcher with a live SQLite writer', () => {
  it('reads rows committed to the -wal file while the writer keeps its connection open', async () => {
    const { spawn } = await import('node:child_process');
    const db = p('live', 'spans.db');
    fs.mkdirSync(path.dirname(db), { recursive: true });
    const py = spawn('python3', [path.join(__dirname, 'sqlite-writer.py'), db], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    py.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    const said = (text: string) => waitFor(`writer: ${text}`, () => out.includes(text), 10_000);
    try {
      await said('ready');
      py.stdin.write('trace first\n');
      await said('wrote first');
      expect(fs.statSync(`${db}-wal`).size).toBeGreaterThan(0);
      await start();
      expect(watcher.files()).toEqual([db]);
      expect((await summary('live/spans.db'))!.traces.map((t) => t.name)).toEqual(['first']);
      py.stdin.write('trace second\n');
      await said('wrote second');
      await waitFor('the second trace', async () => (await summary('live/spans.db'))?.traces.length === 2);
      expect((await summary('live/spans.db'))!.spanCount).toBe(6);
    } finally {
      py.stdin.end('quit\n');
      await new Promise((r) => py.once('exit', r));
    }
  });
});
