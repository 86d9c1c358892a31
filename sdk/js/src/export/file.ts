/**
 * Appends lines to a JSONL file. The file is opened with O_APPEND and each batch goes out in
 * ONE write of at most MAX_WRITE_BYTES (a longer single record is written alone): the kernel
 * appends a regular-file write whole, so several processes appending to one file never
 * interleave their lines. Failures are counted, reported once on stderr, and written into the
 * file as a `spanscope.dropped` record as soon as a write succeeds again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { nowUs, isoUs, dottedStamp } from '../clock';
import { uuid7 } from '../ids';
import { reportOnce } from '../serialize';
import type { Exporter } from './exporter';

export const MAX_WRITE_BYTES = 1024 * 1024;
const NEWLINE = Buffer.from('\n');
const EMPTY = new Uint8Array(0);

export class FileExporter implements Exporter {
  private fd = -1;
  private dropped = 0;
  private lastError = '';
  /** the file's last byte was not a newline (a writer killed mid-line): start on a fresh line */
  private needsNewline = false;
  written = 0;

  constructor(readonly file: string, private readonly service?: string) {}

  private open(): boolean {
    if (this.fd >= 0) return true;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.fd = fs.openSync(this.file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o644);
      this.needsNewline = endsMidLine(this.file);
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  private fail(err: unknown): void {
    this.lastError = err instanceof Error ? err.message : String(err);
    reportOnce(`cannot write traces to ${this.file}`, err);
  }

  export(bytes: Uint8Array, count: number): void {
    if (count === 0 && this.dropped === 0) return;
    if (!this.open()) {
      this.dropped += count;
      return;
    }
    // Earlier losses are reported in the file ahead of this batch; if the report itself
    // cannot be written, the count is carried again.
    if (this.dropped > 0) {
      const carried = this.dropped;
      this.dropped = 0;
      const report = Buffer.from((this.needsNewline ? '\n' : '') + droppedLine(carried, this.lastError, this.service));
      if (!this.write(report)) {
        this.dropped += carried;
        this.dropped += count;
        return;
      }
    } else if (this.needsNewline && !this.write(NEWLINE)) {
      this.dropped += count;
      return;
    }
    if (count === 0) return;
    if (this.write(bytes)) this.written += count;
    else this.dropped += count;
  }

  /** One write(2) of the whole batch (the writer keeps batches within MAX_WRITE_BYTES). */
  private write(bytes: Uint8Array): boolean {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeSync(this.fd, bytes, 0, bytes.length);
        this.needsNewline = false;
        return true;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // Someone closed our descriptor (or the file went away): reopen once and retry.
        if (attempt === 0 && (code === 'EBADF' || code === 'ESTALE')) {
          this.fd = -1;
          if (this.open()) continue;
        }
        this.fail(err);
        // A partial write may have left half a line: the next write starts on a new line.
        this.needsNewline = true;
        return false;
      }
    }
    return false;
  }

  get droppedCount(): number {
    return this.dropped;
  }

  /** `final`: the process is ending, so a loss that could not be recorded goes to stderr. */
  flushSync(final = false): void {
    if (this.dropped > 0) this.export(EMPTY, 0);
    if (final && this.dropped > 0) {
      try {
        process.stderr.write(`spanscope: ${this.dropped} span records could not be written to ${this.file} (${this.lastError})\n`);
      } catch { /* stderr gone */ }
    }
  }

  async flush(): Promise<void> {
    this.flushSync();
  }

  async shutdown(): Promise<void> {
    this.flushSync(true);
    if (this.fd >= 0) {
      try {
        fs.closeSync(this.fd);
      } catch { /* already closed */ }
      this.fd = -1;
    }
  }
}

function endsMidLine(file: string): boolean {
  let fd = -1;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (size === 0) return false;
    const b = Buffer.alloc(1);
    fs.readSync(fd, b, 0, 1, size - 1);
    return b[0] !== 0x0a;
  } catch {
    return false;
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}

/** The record that makes a loss visible in the viewer (sdk/format/README.md). */
export function droppedLine(count: number, reason: string, service?: string): string {
  const us = nowUs();
  const id = uuid7(Math.floor(us / 1000));
  const t = isoUs(us);
  return JSON.stringify({
    id, trace_id: id, parent_id: null, dotted_order: dottedStamp(us) + id,
    name: 'spanscope.dropped', span_type: 'custom', start_time: t, end_time: t, status: 'error',
    error: { type: 'SpanscopeDropped', message: `${count} span records could not be written${reason ? ` (${reason})` : ''}` },
    metadata: { 'spanscope.dropped': count, reason },
    service,
  }) + '\n';
}
