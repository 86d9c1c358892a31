/**
 * Is a candidate file a trace file? Decided by content, never by name alone: a SQLite file
 * must hold a known trace schema, a JSONL file's first record must be claimed by a reader.
 * The checks themselves come from the core (passed in), so this stays a thin, testable rule.
 */
import fs from 'node:fs';

/** true / false, or 'empty' when there is nothing to judge yet (look again after the next write). */
export type SniffResult = boolean | 'empty';

export interface SniffDeps {
  /**
   * SQLite check: the core's schema check (sniffTraceDatabase), or `looksLikeSqlite` where the
   * schema is left to the repository's open, which rejects a database of an unknown schema.
   */
  isTraceDatabase(file: string): Promise<boolean>;
  /** does any reader claim this parsed record? */
  claimsRecord(record: unknown): boolean;
}

const SQLITE_EXT = /\.(db|sqlite3?)$/i;
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * A SQLite file by its header, or an empty main file beside a `-wal` (a fresh WAL writer's
 * rows live there). Reads 16 bytes: cheap enough for the extension host, where opening the
 * database itself (sql.js) would hold the thread for 100 ms and more.
 */
export async function looksLikeSqlite(file: string): Promise<boolean> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await fh.read(head, 0, 16, 0);
    if (bytesRead === 0) return fs.existsSync(`${file}-wal`);
    return bytesRead === 16 && head.equals(SQLITE_HEADER);
  } finally {
    await fh.close();
  }
}
const HEAD_BYTES = 256 * 1024;

/** The first complete, non-blank line of a file, or undefined when none is complete yet. */
export async function firstLine(file: string, maxBytes = HEAD_BYTES): Promise<string | undefined> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(maxBytes);
    const { bytesRead } = await fh.read(buf, 0, maxBytes, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8');
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) {
        // A first record longer than the head we read is still judged on what we have.
        const rest = text.slice(start).trim();
        return bytesRead === maxBytes && rest ? rest : undefined;
      }
      const line = text.slice(start, nl).trim();
      if (line) return line;
      start = nl + 1;
    }
  } finally {
    await fh.close();
  }
}

export function makeSniffer(deps: SniffDeps): (file: string) => Promise<SniffResult> {
  return async (file) => {
    if (SQLITE_EXT.test(file)) {
      const st = await fs.promises.stat(file);
      if (st.size === 0 && !fs.existsSync(`${file}-wal`)) return 'empty';
      return deps.isTraceDatabase(file);
    }
    const line = await firstLine(file);
    if (line === undefined) return 'empty';
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      // A head cut inside a long record cannot be parsed; judge by its opening keys then.
      return line.length >= HEAD_BYTES - 1 && /^\{\s*"(id|trace_id|resourceSpans|run_id|span_id)"/.test(line);
    }
    return deps.claimsRecord(record);
  };
}
