/**
 * A consistent copy of a database that another process may be writing, taken without locks
 * (SQLite's locks are advisory and live in the writer's process; we only read files).
 *
 * WAL mode: the main file is read first, then the WAL. A checkpoint only ever copies frames
 * that are in the WAL into the main file, and the WAL keeps them until it restarts, so a main
 * file copied before or during a checkpoint is completed by the WAL copied after it, however
 * many commits were appended meanwhile. Only a restart loses frames (it rewrites the WAL from
 * its start under a new header, after a full checkpoint that our main copy may have missed),
 * so the WAL header is read before the main file and again after the WAL copy: all three
 * must agree. (An earlier order, WAL first, needed every append during the main copy to
 * count as a change, and a fast writer's appends kept large files from ever settling.)
 *
 * Rollback-journal mode (tracelm, TraceForge): a commit creates a `-journal` holding the old
 * pages, rewrites pages of the main file in place in page order (page 1, with the change
 * counter it bumps, first), then deletes the journal. A copy is kept only if the counter read
 * from disk before it, the counter in it, and the counter on disk after it agree, and no
 * journal was active just before or after. Any commit whose page writes overlap the copy
 * then shows: either its journal is seen, or page 1 changed between two of the three
 * counter reads. (A commit that begins after the first counter read writes page 1 after it.)
 *
 * After 16 tries (~300 ms) the last read is used and flagged `unstable`. A journal left by a
 * writer that died mid-commit is not rolled back here: such a file reads as unstable.
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

/**
 * A rollback-journal writer that commits every few ms overlaps many reads; 16 tries make a
 * read that never settles rare. The pause is jittered so the retries do not fall into step
 * with a writer's period.
 */
const ATTEMPTS = 16;
const pauseMs = (): number => 10 + Math.random() * 20;

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

/**
 * A rollback journal in use. PERSIST and TRUNCATE journal modes leave the file behind with a
 * zeroed or empty header between transactions, so existence alone does not mean a commit.
 */
function journalActive(file: string): boolean {
  const head = readHead(`${file}-journal`, 8);
  return head !== undefined && head.length === 8 && head.some((b) => b !== 0);
}

function sameBytes(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.equals(b);
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
    // The order matters (see the top comment).
    const counterBefore = changeCounter(readHead(file, 28));
    const journalBefore = journalActive(file);
    const walHeadBefore = readHead(walFile, 32);
    const main = readMain(file, mainLimit);
    const wal = readIfExists(walFile);
    const walHeadAfter = readHead(walFile, 32);
    const counter = changeCounter(main);
    const walHead = wal?.subarray(0, 32);
    const stable = !journalBefore && !journalActive(file)
      && counterBefore === counter && changeCounter(readHead(file, 28)) === counter
      && sameBytes(walHeadBefore, walHead) && sameBytes(walHeadAfter, walHead);
    if (!stable && attempt < ATTEMPTS) {
      await new Promise((resolve) => setTimeout(resolve, pauseMs()));
      continue;
    }
    const applied = wal ? applyWal(main, wal, mainLimit) : undefined;
    return {
      bytes: markRollbackJournal(applied?.image ?? main),
      walFrames: applied?.framesApplied ?? 0,
      walProblem: applied?.skippedReason,
      unstable: stable ? undefined : true,
    };
  }
}
