/**
 * The WAL applier against WAL files written by the real SQLite (python3's sqlite3), left
 * un-checkpointed by leaving the process with os._exit, then damaged the ways a crash or a
 * concurrent read leaves them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/readers/sqlite/database';
import { python, tempDir } from './python';
import { walLayout as walFrames } from './wal-layout';

/**
 * Writes `txns` transactions of `rows` rows each into table t and exits without closing, so
 * every commit stays in the -wal file. Rows are ~600 bytes so a transaction spans pages.
 */
const WRITE_WAL = `
import os, sqlite3, sys
db, txns, rows, page = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
c = sqlite3.connect(db, isolation_level=None)
c.execute(f'PRAGMA page_size={page}')
c.execute('PRAGMA journal_mode=WAL')
c.execute('PRAGMA wal_autocheckpoint=0')
c.execute('CREATE TABLE t(id INTEGER PRIMARY KEY, txn INTEGER, body TEXT)')
for txn in range(txns):
    c.execute('BEGIN')
    for i in range(rows):
        c.execute('INSERT INTO t(txn, body) VALUES (?, ?)', (txn, f'{txn}:{i}:' + 'ü→漢' * 150))
    c.execute('COMMIT')
os._exit(0)
`;

function writeWalDb(dir: string, txns: number, rows: number, page = 4096): string {
  const db = path.join(dir, 'w.db');
  python(WRITE_WAL, db, String(txns), String(rows), String(page));
  return db;
}

/** Row count per transaction number, as our reader sees the database. */
async function countsByTxn(db: string): Promise<{ counts: Record<number, number>; walFrames: number }> {
  const { db: sql, image } = await openDatabase(db);
  try {
    const counts: Record<number, number> = {};
    const res = sql.exec('SELECT txn, count(*) FROM t GROUP BY txn ORDER BY txn');
    for (const [txn, n] of res[0]?.values ?? []) counts[Number(txn)] = Number(n);
    return { counts, walFrames: image.walFrames };
  } finally {
    sql.close();
  }
}

const full = (txns: number, rows: number) =>
  Object.fromEntries(Array.from({ length: txns }, (_, i) => [i, rows]));

describe('WAL applied onto the main file', () => {
  it('reads every committed row when they exist only in the WAL (1 KiB pages)', async () => {
    const db = writeWalDb(tempDir('wal'), 4, 30, 1024);
    expect(fs.statSync(`${db}-wal`).size).toBeGreaterThan(50 * 1024);
    // The main file never saw a checkpoint: it holds at most the header page.
    expect(fs.statSync(db).size).toBeLessThanOrEqual(1024);
    const { counts, walFrames: applied } = await countsByTxn(db);
    expect(counts).toEqual(full(4, 30));
    expect(applied).toBeGreaterThan(50);
  });

  it('without the WAL the same file shows no rows: the WAL is what holds them', async () => {
    const db = writeWalDb(tempDir('wal'), 2, 10);
    fs.renameSync(`${db}-wal`, `${db}-wal.moved`);
    const { db: sql } = await openDatabase(db);
    try {
      expect(() => sql.exec('SELECT count(*) FROM t')).toThrow(/no such table/);
    } finally {
      sql.close();
    }
  });

  it('a WAL cut in the middle of the last frame keeps every earlier transaction', async () => {
    const db = writeWalDb(tempDir('wal'), 5, 20);
    const wal = fs.readFileSync(`${db}-wal`);
    const { pageSize } = walFrames(wal);
    fs.truncateSync(`${db}-wal`, wal.length - Math.floor(pageSize / 2));
    expect((await countsByTxn(db)).counts).toEqual(full(4, 20));
  });

  it('a flipped byte in the last frame loses only the last transaction', async () => {
    const db = writeWalDb(tempDir('wal'), 5, 20);
    const wal = fs.readFileSync(`${db}-wal`);
    const { offsets, pageSize } = walFrames(wal);
    const last = offsets[offsets.length - 1]!;
    wal[last + 24 + Math.floor(pageSize / 3)] ^= 0x5a;
    fs.writeFileSync(`${db}-wal`, wal);
    expect((await countsByTxn(db)).counts).toEqual(full(4, 20));
  });

  it('a flipped byte inside the third transaction keeps only the two before it', async () => {
    const db = writeWalDb(tempDir('wal'), 5, 20);
    const wal = fs.readFileSync(`${db}-wal`);
    const { offsets, commits } = walFrames(wal);
    // commits[0] is CREATE TABLE's own transaction; the frame after commits[2] (the end of
    // the second insert transaction) is the first of the third.
    const victim = offsets[commits[2]! + 1]!;
    wal[victim + 24 + 100] ^= 0xff;
    fs.writeFileSync(`${db}-wal`, wal);
    expect((await countsByTxn(db)).counts).toEqual(full(2, 20));
  });

  it('a torn frame header (salt) ends the log there', async () => {
    const db = writeWalDb(tempDir('wal'), 3, 20);
    const wal = fs.readFileSync(`${db}-wal`);
    const { offsets, commits } = walFrames(wal);
    const victim = offsets[commits[2]! + 1]!;
    wal.writeUInt32BE((wal.readUInt32BE(victim + 8) ^ 1) >>> 0, victim + 8);
    fs.writeFileSync(`${db}-wal`, wal);
    expect((await countsByTxn(db)).counts).toEqual(full(2, 20));
  });

  it('a restarted WAL: stale frames of an older generation after the new ones are not applied', async () => {
    const dir = tempDir('wal');
    const db = path.join(dir, 'r.db');
    // Generation 1: many frames, then a checkpoint copies them into the main file. The next
    // write restarts the WAL from its start with new salts; the file is not truncated, so
    // generation-1 frames still follow. Generation 2 rewrites every row.
    python(`
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA wal_autocheckpoint=0')
c.execute('CREATE TABLE t(id INTEGER PRIMARY KEY, txn INTEGER, body TEXT)')
for txn in range(4):
    c.execute('BEGIN')
    for i in range(40): c.execute('INSERT INTO t(txn, body) VALUES (?, ?)', (txn, 'old' * 200))
    c.execute('COMMIT')
c.execute('PRAGMA wal_checkpoint(PASSIVE)')
c.execute("UPDATE t SET txn = 9, body = 'new'")
os._exit(0)
`, db);
    const wal = fs.readFileSync(`${db}-wal`);
    const frames = walFrames(wal);
    const salt1 = wal.readUInt32BE(16);
    const stale = frames.offsets.filter((o) => wal.readUInt32BE(o + 8) !== salt1);
    expect(stale.length).toBeGreaterThan(0); // the situation really is on disk
    const { counts } = await countsByTxn(db);
    expect(counts).toEqual({ 9: 160 });
  });

  it('reads a WAL whose checksums are big-endian (magic 0x377f0683), as SQLite itself does', async () => {
    const db = writeWalDb(tempDir('wal'), 3, 15);
    const wal = fs.readFileSync(`${db}-wal`);
    expect(wal.readUInt32BE(0)).toBe(0x377f0682); // written on a little-endian machine
    fs.writeFileSync(`${db}-wal`, toBigEndianChecksums(wal));
    // SQLite is the judge that the converted log is valid: it must read every row from it.
    const copy = path.join(tempDir('wal-be'), 'copy.db');
    fs.copyFileSync(db, copy);
    fs.copyFileSync(`${db}-wal`, `${copy}-wal`);
    const sqliteSees = python(`
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM t').fetchone()[0])
`, copy).trim();
    expect(sqliteSees).toBe('45');
    expect((await countsByTxn(db)).counts).toEqual(full(3, 15));
  });

  it('ignores a WAL with a broken header and reads the main file alone', async () => {
    const db = writeWalDb(tempDir('wal'), 2, 10);
    const wal = fs.readFileSync(`${db}-wal`);
    wal[4] ^= 1; // the version word, covered by the header checksum
    fs.writeFileSync(`${db}-wal`, wal);
    const { db: sql, image } = await openDatabase(db);
    sql.close();
    expect(image.walFrames).toBe(0);
    expect(image.walProblem).toMatch(/header checksum/);
  });
});

/** Re-signs a little-endian-checksummed WAL with big-endian checksums (SQLite's algorithm). */
function toBigEndianChecksums(wal: Buffer): Buffer {
  const out = Buffer.from(wal);
  const sum = (from: number, to: number, s: [number, number]): [number, number] => {
    let [s0, s1] = s;
    for (let i = from; i < to; i += 8) {
      s0 = (s0 + out.readUInt32BE(i) + s1) >>> 0;
      s1 = (s1 + out.readUInt32BE(i + 4) + s0) >>> 0;
    }
    return [s0, s1];
  };
  out.writeUInt32BE(0x377f0683, 0);
  let s = sum(0, 24, [0, 0]);
  out.writeUInt32BE(s[0], 24);
  out.writeUInt32BE(s[1], 28);
  const { pageSize, offsets } = walFrames(out);
  for (const off of offsets) {
    s = sum(off, off + 8, s);
    s = sum(off + 24, off + 24 + pageSize, s);
    out.writeUInt32BE(s[0], off + 16);
    out.writeUInt32BE(s[1], off + 20);
  }
  return out;
}
