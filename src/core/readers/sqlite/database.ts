/**
 * Opens SQLite files with sql.js (SQLite compiled to WebAssembly). No native module, so the
 * same code runs in every VS Code build, on every platform, in remote hosts and in the CLI.
 *
 * sql.js works on an in-memory copy of the file. snapshot.ts reads the main file and its
 * `-wal` and applies the WAL's committed frames (wal.ts); sql.js gets the result: every
 * committed row, even while another process is writing.
 */
import fs from 'node:fs';
import path from 'node:path';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import { readDatabaseImage, type DatabaseImage } from './snapshot';

export type { Database, DatabaseImage };

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

/** Opens the file's committed contents in sql.js. The caller closes the database. */
export async function openDatabase(
  file: string, mainLimit?: number,
): Promise<{ db: Database; image: DatabaseImage }> {
  const SQL = await loadSqlJs();
  const image = await readDatabaseImage(file, mainLimit);
  return { db: new SQL.Database(image.bytes), image };
}
