/**
 * Retention of the receiver's files: those dated more than `retentionDays` ago go, then the
 * oldest go until the total fits `maxTotalBytes`. Only files named as the receiver names them
 * are ever touched, and never the one being written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FILE_PATTERN, utcDate } from './file-sink';

export interface RetentionOptions {
  /** 0 keeps files whatever their age */
  retentionDays: number;
  /** 0 sets no limit */
  maxTotalBytes: number;
  now?: number;
  /** never deleted (the file currently appended to) */
  keep?: string;
}

interface Entry {
  file: string;
  date: string;
  index: number;
  size: number;
}

const DAY_MS = 86_400_000;

export async function applyRetention(directory: string, opts: RetentionOptions): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(directory);
  } catch {
    return [];
  }
  const entries: Entry[] = [];
  for (const name of names) {
    const m = FILE_PATTERN.exec(name);
    if (!m) continue;
    const file = path.join(directory, name);
    try {
      entries.push({ file, date: m[1], index: Number(m[2] ?? 0), size: (await fs.promises.stat(file)).size });
    } catch {
      // gone meanwhile
    }
  }
  entries.sort((a, b) => (a.date === b.date ? a.index - b.index : a.date < b.date ? -1 : 1));
  const keep = opts.keep ? path.resolve(opts.keep) : undefined;
  const deleted: string[] = [];
  const remove = async (e: Entry) => {
    if (keep && path.resolve(e.file) === keep) return false;
    try {
      await fs.promises.unlink(e.file);
    } catch {
      return false;
    }
    deleted.push(e.file);
    return true;
  };

  const now = opts.now ?? Date.now();
  let remaining = entries;
  if (opts.retentionDays > 0) {
    const oldestKept = utcDate(now - opts.retentionDays * DAY_MS);
    remaining = [];
    for (const e of entries) if (!(e.date < oldestKept && (await remove(e)))) remaining.push(e);
  }
  if (opts.maxTotalBytes > 0) {
    let total = remaining.reduce((n, e) => n + e.size, 0);
    for (const e of remaining) {
      if (total <= opts.maxTotalBytes) break;
      if (await remove(e)) total -= e.size;
    }
  }
  return deleted;
}
