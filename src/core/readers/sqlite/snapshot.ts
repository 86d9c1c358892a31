/**
 * A consistent copy of a database that another process may be writing, taken without locks
 * (SQLite's locks are advisory and live in the writer's process; we only read files).
 *
 * WAL mode: the WAL is read first, then the main file, then the WAL's size and header are
 * checked again. A checkpoint in between may have copied frames we have not seen into the
 * main file, or restarted the WAL; then we read again. A WAL that only grew is harmless (our
 * copy is a committed prefix) but cannot be told from a checkpoint by these checks.
 *
 * Rollback-journal mode (tracelm, TraceForge): a commit creates a `-journal` holding the old
 * pages, rewrites pages of the main file in place in page order (page 1, with the change
 * counter it bumps, first), then deletes the journal. A copy is kept only if the counter read
 * from disk before it, the counter in it, and the counter on disk after it agree, and no
 * journal was active just before or after. Any commit whose page writes overlap the copy
 * then shows: either its journal is seen, or page 1 changed between two of the three
 * counter reads. (A commit that begins after the first counter read writes page 1 after it.)
 *
 * After a few tries over ~200 ms the last read is used and flagged `unstable`.
 */
import fs from 'node:fs';
import { applyWal, markRollbackJournal } from './wal';

export interface DatabaseImage {
  bytes: Uint8Array;
  /** committed WAL frames applied onto the main file */
  walFrames: number;
  /** why a present WAL was ignored, for a warning */
  walProblem?: string;
  /** the file kept changing while read: this copy may mix two commits */
  unstable?: boolean;
}

const ATTEMPTS = 8;
const PAUSE_MS = 25;

function readIfExists(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The first `length` bytes of a file (fewer if it is shorter), or undefined if absent. */
function readHead(file: string, length: number): Buffer | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const buf = Buffer.alloc(length);
    return buf.subarray(0, fs.readSync(fd, buf, 0, length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** The WAL's size and 32-byte header (salts, checkpoint sequence). */
function walFingerprint(walFile: string): string {
  const head = readHead(walFile, 32);
  if (head === undefined) return 'absent';
  let size = -1;
  try {
    size = fs.statSync(walFile).size;
  } catch { /* deleted in between: the fingerprint differs anyway */ }
  return `${size}:${head.toString('hex')}`;
}

/**
 * A rollback journal in use. PERSIST and TRUNCATE journal modes leave the file behind with a
 * zeroed or empty header between transactions, so existence alone does not mean a commit.
 */
function journalActive(file: string): boolean {
  const head = readHead(`${file}-journal`, 8);
  return head !== undefined && head.length === 8 && head.some((b) => b !== 0);
}

/** The file change counter, header bytes 24-27. */
function changeCounter(bytes: Uint8Array | undefined): number | undefined {
  if (!bytes || bytes.length < 28) return undefined;
  return ((bytes[24]! << 24) | (bytes[25]! << 16) | (bytes[26]! << 8) | bytes[27]!) >>> 0;
}

/** The whole file, or only its first `limit` bytes. */
function readMain(file: string, limit: number | undefined): Buffer {
  if (limit === undefined) return fs.readFileSync(file);
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(limit, fs.fstatSync(fd).size));
    return buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The database's committed contents as one image for sql.js. `mainLimit` reads only the start
 * of the main file: enough for the schema (sqlite_master starts on page 1), so deciding
 * whether a big database holds traces does not load it whole.
 */
export async function readDatabaseImage(file: string, mainLimit?: number): Promise<DatabaseImage> {
  const walFile = `${file}-wal`;
  for (let attempt = 1; ; attempt++) {
    // The order matters: counter, journal, copy, journal, counter (see the top comment).
    const counterBefore = changeCounter(readHead(file, 28));
    const journalBefore = journalActive(file);
    const walBefore = walFingerprint(walFile);
    const wal = walBefore === 'absent' ? undefined : readIfExists(walFile);
    const main = readMain(file, mainLimit);
    const counter = changeCounter(main);
    const stable = !journalBefore && !journalActive(file)
      && counterBefore === counter && changeCounter(readHead(file, 28)) === counter
      && (wal === undefined || walFingerprint(walFile) === walBefore);
    if (!stable && attempt < ATTEMPTS) {
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      continue;
    }
    const applied = wal ? applyWal(main, wal) : undefined;
    return {
      bytes: markRollbackJournal(applied?.image ?? main),
      walFrames: applied?.framesApplied ?? 0,
      walProblem: applied?.skippedReason,
      unstable: stable ? undefined : true,
    };
  }
}
