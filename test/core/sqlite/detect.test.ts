/** Schema detection, the cheap sniff for file discovery, and files that are not trace stores. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSqliteFile, sniffTraceDatabase } from '../../../src/core/readers/sqlite/index';
import { python, tempDir } from './python';
import { PY_PRELUDE, TRACEFORGE_SCHEMA, TRACELITE_SCHEMA, TRACELM_SCHEMA } from './schemas';

const dir = tempDir('detect');
const make = (name: string, schema: string): string => {
  const file = path.join(dir, name);
  python(PY_PRELUDE + 'make(sys.argv[1], sys.argv[2]).close()', file, schema);
  return file;
};

describe('SQLite schema detection', () => {
  it('claims the three known schemas, even when empty', async () => {
    for (const [name, schema, format] of [
      ['lm.db', TRACELM_SCHEMA, 'tracelm-sqlite'],
      ['forge.db', TRACEFORGE_SCHEMA, 'traceforge-sqlite'],
      ['lite.sqlite', TRACELITE_SCHEMA, 'tracelite-sqlite'],
    ] as const) {
      const file = make(name, schema);
      expect(await sniffTraceDatabase(file)).toBe(true);
      const r = await readSqliteFile(file);
      expect(r).toEqual({ format, spans: [], warnings: [] });
    }
  });

  it('an unknown schema: an error naming the file and its tables', async () => {
    const file = make('other.db', 'CREATE TABLE users(id, name); CREATE TABLE orders(id, user_id);');
    expect(await sniffTraceDatabase(file)).toBe(false);
    await expect(readSqliteFile(file)).rejects.toThrow(`${file}: SQLite database of an unknown trace schema (tables: orders, users)`);
  });

  it('a table of a known name with other columns is not claimed', async () => {
    const file = make('spans-other.db', 'CREATE TABLE spans(id, payload);');
    expect(await sniffTraceDatabase(file)).toBe(false);
    await expect(readSqliteFile(file)).rejects.toThrow(/unknown trace schema \(tables: spans\)/);
  });

  it('an empty database says it has no tables', async () => {
    const file = make('empty.db', '');
    await expect(readSqliteFile(file)).rejects.toThrow(`${file}: SQLite database of an unknown trace schema (no tables)`);
  });

  it('a file that is not SQLite, or a damaged one, is an error naming it, never a crash', async () => {
    const text = path.join(dir, 'notes.db');
    fs.writeFileSync(text, 'just some text, not a database\n'.repeat(200));
    expect(await sniffTraceDatabase(text)).toBe(false);
    await expect(readSqliteFile(text)).rejects.toThrow(text);

    const damaged = make('damaged.db', TRACELITE_SCHEMA);
    const bytes = fs.readFileSync(damaged);
    bytes.fill(0xab, 100, bytes.length); // header intact, every page garbage
    fs.writeFileSync(damaged, bytes);
    await expect(readSqliteFile(damaged)).rejects.toThrow(damaged);
    expect(await sniffTraceDatabase(damaged)).toBe(false);

    expect(await sniffTraceDatabase(path.join(dir, 'missing.db'))).toBe(false);
    await expect(readSqliteFile(path.join(dir, 'missing.db'))).rejects.toThrow(/missing\.db/);
  });
});

describe('sniffing a large database reads only its start', () => {
  it('tells a big unrelated database from a big trace store, and finds a schema spread far into the file', async () => {
    const big = (name: string, script: string): string => {
      const file = path.join(dir, name);
      python(PY_PRELUDE + script, file, TRACELITE_SCHEMA);
      return file;
    };
    const unrelated = big('app.db', `
c = make(sys.argv[1], 'CREATE TABLE blobs(id INTEGER PRIMARY KEY, b BLOB)')
c.execute('BEGIN')
for i in range(2000): c.execute('INSERT INTO blobs(b) VALUES (?)', (os.urandom(4000),))
c.execute('COMMIT')
`);
    expect(fs.statSync(unrelated).size).toBeGreaterThan(4 * 1024 * 1024);
    expect(await sniffTraceDatabase(unrelated)).toBe(false);

    // sqlite_master grows page by page as tables are created between big inserts, so the
    // spans table's entry lands far past the bytes a sniff reads first.
    const spread = big('spread.db', `
c = make(sys.argv[1], '')
for t in range(40):
    cols = ', '.join(f'column_with_a_long_name_{k} TEXT' for k in range(60))
    c.execute(f'CREATE TABLE filler_{t}(id INTEGER PRIMARY KEY, {cols})')
    c.execute('BEGIN')
    for i in range(30): c.execute(f'INSERT INTO filler_{t}(id) VALUES (?)', (i,))
    c.execute(f"INSERT INTO filler_{t}(column_with_a_long_name_0) VALUES (?)", ('x' * 100000,))
    c.execute('COMMIT')
c.executescript(sys.argv[2])
`);
    expect(fs.statSync(spread).size).toBeGreaterThan(2 * 1024 * 1024);
    const rootpages = python(`
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'spans'").fetchone()[0])
`, spread).trim();
    expect(Number(rootpages) * 4096).toBeGreaterThan(256 * 1024);
    expect(await sniffTraceDatabase(spread)).toBe(true);
  });

  it('a big database whose pages are all still in its WAL', async () => {
    const file = path.join(dir, 'wal-only.db');
    python(PY_PRELUDE + `
c = make(sys.argv[1], sys.argv[2], wal=True)
c.execute('PRAGMA wal_autocheckpoint=0')
c.execute('BEGIN')
for i in range(1500):
    c.execute("INSERT INTO spans(trace_id, span_id, name, kind, start_time_ns, attributes_json) VALUES ('t', ?, 'n', 'INTERNAL', 1, ?)",
              (f'{i:016x}', json.dumps({'pad': 'x' * 3000})))
c.execute('COMMIT')
os._exit(0)
`, file, TRACELITE_SCHEMA);
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(4 * 1024 * 1024);
    expect(fs.statSync(file).size).toBeLessThanOrEqual(4096);
    expect(await sniffTraceDatabase(file)).toBe(true);
    expect((await readSqliteFile(file)).spans).toHaveLength(1500);
  });
});
