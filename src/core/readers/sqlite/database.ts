/**
 * Opens SQLite files with sql.js (SQLite compiled to WebAssembly). No native module, so the
 * same code runs in every VS Code build, on every platform, in remote hosts and in the CLI.
 *
 * sql.js works on an in-memory copy of the file. We read the main file and its `-wal`
 * ourselves, apply the WAL's committed frames (wal.ts), and hand sql.js the result: a
 * snapshot of every committed row, even while another process is writing.
 */
import fs from 'node:fs';
import path from 'node:path';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import { applyWal, markRollbackJournal } from './wal';

export type { Database };

let sqlJs: Promise<SqlJsStatic> | undefined;

/**
 * The WebAssembly binary: beside the running bundle (the build copies it to dist/), else from
 * the sql.js package (tests and the CLI run from source). Read here and passed as bytes, so
 * sql.js never has to guess a path of its own inside a bundle.
 */
function wasmPath(): string {
  const here = typeof __dirname === 'string' ? path.join(__dirname, 'sql-wasm.wasm') : undefined;
  if (here && fs.existsSync(here)) return here;
  // A computed specifier: bundlers leave it to Node at run time instead of warning about it.
  const fromPackage = ['sql.js', 'dist', 'sql-wasm.wasm'].join('/');
  return require.resolve(fromPackage);
}

/** sql.js, initialised once on first use and shared after. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  if (!sqlJs) {
    const wasmBinary = fs.readFileSync(wasmPath());
    sqlJs = initSqlJs({ wasmBinary: wasmBinary.buffer.slice(
      wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer });
    // A failed load must not be cached forever: the next call tries again.
    sqlJs.catch(() => { sqlJs = undefined; });
  }
  return sqlJs;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/** True when the bytes start with SQLite's 16-byte file header. */
export function hasSqliteHeader(bytes: Uint8Array): boolean {
  if (bytes.length < 16) return false;
  return Buffer.from(bytes.buffer, bytes.byteOffset, 16).toString('latin1') === SQLITE_MAGIC;
}

function readIfExists(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The first 32 bytes (header with salts and checkpoint sequence) and size of a WAL file. */
function walFingerprint(walFile: string): string {
  let fd: number;
  try {
    fd = fs.openSync(walFile, 'r');
  } catch {
    return 'absent';
  }
  try {
    const buf = Buffer.alloc(32);
    const n = fs.readSync(fd, buf, 0, 32, 0);
    return `${fs.fstatSync(fd).size}:${buf.subarray(0, n).toString('hex')}`;
  } finally {
    fs.closeSync(fd);
  }
}

export interface DatabaseImage {
  bytes: Uint8Array;
  /** committed WAL frames applied onto the main file */
  walFrames: number;
  /** why a present WAL was ignored, for a warning */
  walProblem?: string;
}

/** The whole file, or only its first `limit` bytes. */
function readMain(file: string, limit: number | undefined): Buffer {
  if (limit === undefined) return fs.readFileSync(file);
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(limit, fs.fstatSync(fd).size));
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A consistent image of the database: main file plus committed WAL frames.
 *
 * A writer may checkpoint between our read of the WAL and of the main file, copying frames
 * we have not seen into the main file, or restart the WAL. So the WAL is read first, then the
 * main file, then the WAL's size and header are checked again; if they moved, read again.
 *
 * `mainLimit` reads only the start of the main file: enough for the schema (sqlite_master
 * starts on page 1), so deciding whether a big database holds traces does not load it whole.
 */
export function readDatabaseImage(file: string, mainLimit?: number): DatabaseImage {
  const walFile = `${file}-wal`;
  for (let attempt = 0; ; attempt++) {
    const before = walFingerprint(walFile);
    const wal = before === 'absent' ? undefined : readIfExists(walFile);
    const main = readMain(file, mainLimit);
    if (wal && walFingerprint(walFile) !== before && attempt < 5) continue;
    if (!wal) return { bytes: markRollbackJournal(main), walFrames: 0 };
    const applied = applyWal(main, wal);
    const bytes = applied.image === main ? main : applied.image;
    return {
      bytes: markRollbackJournal(bytes),
      walFrames: applied.framesApplied,
      walProblem: applied.skippedReason,
    };
  }
}

/** Opens the file's committed contents in sql.js. The caller closes the database. */
export async function openDatabase(
  file: string, mainLimit?: number,
): Promise<{ db: Database; image: DatabaseImage }> {
  const SQL = await loadSqlJs();
  const image = readDatabaseImage(file, mainLimit);
  return { db: new SQL.Database(image.bytes), image };
}
