/**
 * Appends received requests as OTLP/JSON lines to `<dir>/otlp-<YYYY-MM-DD>.jsonl` (UTC date),
 * rotating to `otlp-<date>.1.jsonl`, `.2`, ... when a file would pass the size limit.
 *
 * Each batch is one write of whole lines, and batches are written one after another, so lines
 * never interleave and the tailing reader never sees half a request except while a write is
 * in flight. The file is opened per batch rather than held open: a file the user deletes or
 * moves is recreated by the next batch instead of swallowing spans into an unlinked inode.
 */
import fs from 'node:fs';
import path from 'node:path';

export const FILE_PATTERN = /^otlp-(\d{4}-\d{2}-\d{2})(?:\.(\d+))?\.jsonl$/;

export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function fileName(date: string, index: number): string {
  return index === 0 ? `otlp-${date}.jsonl` : `otlp-${date}.${index}.jsonl`;
}

export interface FileSinkOptions {
  directory: string;
  /** a file is not grown past this (a single larger batch still goes to a file of its own) */
  maxFileBytes: number;
  now?: () => number;
}

export class OtlpFileSink {
  private queue: Promise<unknown> = Promise.resolve();
  private date = '';
  private index = 0;
  private readonly now: () => number;

  constructor(private readonly opts: FileSinkOptions) {
    this.now = opts.now ?? Date.now;
  }

  get directory(): string {
    return this.opts.directory;
  }

  /** The file the next batch goes to (or went to), for status and retention. */
  currentFile(): string | undefined {
    return this.date ? path.join(this.opts.directory, fileName(this.date, this.index)) : undefined;
  }

  /** Appends the records, one JSON line each; resolves once they are written. */
  append(records: readonly unknown[]): Promise<string> {
    const data = Buffer.from(records.map((r) => JSON.stringify(r) + '\n').join(''), 'utf8');
    const write = this.queue.then(() => this.write(data));
    this.queue = write.catch(() => undefined);
    return write;
  }

  /** Resolves when every append so far has been written. */
  flush(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  private async write(data: Buffer): Promise<string> {
    const today = utcDate(this.now());
    if (today !== this.date) {
      const created = await fs.promises.mkdir(this.opts.directory, { recursive: true });
      // Like .pytest_cache: a folder of received traces should not end up in a commit by accident.
      if (created !== undefined) await fs.promises.writeFile(path.join(this.opts.directory, '.gitignore'), '# traces received by Spanscope\n*\n');
      this.date = today;
      this.index = await this.lastIndex(today);
    }
    for (;;) {
      const file = path.join(this.opts.directory, fileName(this.date, this.index));
      const fh = await fs.promises.open(file, 'a');
      try {
        const { size } = await fh.stat();
        if (size > 0 && size + data.length > this.opts.maxFileBytes) {
          this.index++;
          continue;
        }
        let off = 0;
        while (off < data.length) off += (await fh.write(data, off, data.length - off)).bytesWritten;
        return file;
      } finally {
        await fh.close();
      }
    }
  }

  /** The highest rotation index already on disk for the date, so a restart appends where it left off. */
  private async lastIndex(date: string): Promise<number> {
    let max = 0;
    for (const name of await fs.promises.readdir(this.opts.directory)) {
      const m = FILE_PATTERN.exec(name);
      if (m && m[1] === date) max = Math.max(max, Number(m[2] ?? 0));
    }
    return max;
  }
}
