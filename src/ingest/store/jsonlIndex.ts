/**
 * A JSON Lines trace file, read incrementally. Native-format lines take the byte-level fast
 * path (nativeScan.ts); every other line, and any native line the fast path declines, goes
 * through JSON.parse and the core's line formats. Heavy fields stay in the file and are read
 * back by byte range when a span is opened.
 */
import fs from 'node:fs';
import type { FormatId, ReadWarning, Span, SpanOrigin } from '../../core/model';
import { nativeFormat } from '../../core/readers/native';
import type { LineContext, LineFormat } from '../../core/readers/types';
import { MAX_WARNINGS, type FileIndex, type ReadOptions, type ReadOutcome } from './fileIndex';
import { loadMerged, spansOfLine } from './lineRecords';
import { scanNativeLine } from './nativeScan';
import { memberScanner } from './memberScan';
import { decodedId, decodeNativeLine, DecodeState } from './nativeDecode';
import { startRange, type RangeResult } from './rangeIndex';
import { SpanTable } from './spanTable';
import { importRows } from './tableTransfer';
import { TailReader, type LineSink } from './tailReader';

export interface SplitOptions {
  /** the bundled parse worker (dist/worker.js), which indexes one half of a large file */
  workerPath: string;
  /** files at least this big (bytes) are read in two halves at once */
  minBytes: number;
}

export class JsonlIndex implements FileIndex, LineSink {
  table = new SpanTable();
  private primary: LineFormat | undefined;
  private warningList: ReadWarning[] = [];
  private dropped = 0;
  private readonly tail: TailReader;
  private touched = new Set<string>();
  /** trace ref of the last line put, already in `touched`: consecutive lines share a trace */
  private lastTouched = 0;
  private decode = new DecodeState(this.table);
  /** rows reserved from an estimate made on the first lines (sampleLines, sampleBytes) */
  private sized = false;
  private sampleLines = 0;
  private sampleBytes = 0;
  /** bytes this index reads when it reads a range of the file, for the row estimate */
  private rangeBytes: number | undefined;

  constructor(readonly file: string, private readonly split?: SplitOptions) {
    // Lines are read into the member scanner's memory, where it scans them without a copy.
    const scanner = memberScanner();
    this.tail = new TailReader(file, {
      get: (size, keep, previous) => scanner.lineBuffer(size, keep, previous),
      newline: (buf, from, end) => scanner.newline(buf, from, end),
    });
  }

  get format(): FormatId | undefined {
    return this.primary?.id;
  }

  get size(): number {
    return this.tail.bytesConsumed;
  }

  warnings(): ReadWarning[] {
    const list = this.warningList.slice();
    if (this.dropped > 0) list.push({ file: this.file, message: `${this.dropped} more problems not listed` });
    return list;
  }

  async read(opts: ReadOptions): Promise<ReadOutcome> {
    this.touched = new Set();
    this.lastTouched = 0;
    if (this.split && this.tail.bytesConsumed === 0 && this.table.length === 0) await this.readInHalves(this.split, opts);
    const r = this.tail.read(this, { final: opts.final, quietMs: opts.quietMs, onProgress: opts.onProgress });
    const touched = this.touched;
    this.touched = new Set();
    this.lastTouched = 0;
    return { touched, reset: r.reset, held: r.held, mtimeMs: r.mtimeMs };
  }

  /**
   * The first read of a large native file: the second half is indexed by a worker thread while
   * this thread reads the first, then its rows are put after these. Anything unexpected (not the
   * native format, no worker, a file changing under the read) leaves the rest to the ordinary
   * read, which goes on from wherever this one stopped.
   */
  private async readInHalves(split: SplitOptions, opts: ReadOptions): Promise<void> {
    let size: number;
    try {
      size = fs.statSync(this.file).size;
    } catch {
      return;
    }
    if (size < split.minBytes) return;
    const mid = lineStartAfter(this.file, Math.floor(size / 2));
    if (mid <= 0 || mid >= size) return;
    const job = startRange(split.workerPath, { file: this.file, start: mid, end: size });
    let got: RangeResult;
    try {
      const r = this.tail.read(this, { final: false, limit: mid, onProgress: opts.onProgress });
      if (r.reset || this.primary !== nativeFormat || this.tail.bytesConsumed !== mid) {
        job.cancel();
        return;
      }
      got = await job.result;
    } catch {
      job.cancel();
      return;
    }
    const lineBase = this.tail.linesConsumed;
    const touched = importRows(this.table, got.rows, lineBase, (records) => this.replay(records));
    for (const t of touched) this.touched.add(t);
    for (const w of got.warnings) this.warn((w.line ?? 0) + lineBase, w.message);
    this.dropped += got.dropped;
    this.tail.skipTo(got.consumed, lineBase + got.lines);
    opts.onProgress?.(got.consumed, size);
  }

  /** Records of one span read again from the file, in order (see importRows). */
  private replay(records: SpanOrigin[]): void {
    const fd = fs.openSync(this.file, 'r');
    try {
      for (const o of records) {
        const buf = Buffer.allocUnsafe(o.length ?? 0);
        const n = fs.readSync(fd, buf, 0, buf.length, o.offset ?? 0);
        this.line(buf, 0, n, o.line ?? 0, o.offset ?? 0);
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Indexes the lines of `[start, end)` (start a line start) for another thread: see rangeIndex.ts. */
  readRange(start: number, end: number): RangeResult {
    this.primary = nativeFormat;
    this.rangeBytes = end - start;
    this.tail.skipTo(start, 0);
    this.tail.read(this, { final: false, limit: end });
    return {
      rows: this.table.exportRows(),
      warnings: this.warningList,
      dropped: this.dropped,
      lines: this.tail.linesConsumed,
      consumed: this.tail.bytesConsumed,
    };
  }

  reset(): void {
    for (const t of this.table.traceIds()) this.touched.add(t);
    this.table = new SpanTable();
    this.lastTouched = 0;
    this.decode = new DecodeState(this.table);
    this.primary = undefined;
    this.warningList = [];
    this.dropped = 0;
    this.sized = false;
    this.sampleLines = 0;
    this.sampleBytes = 0;
  }

  retract(fromLine: number): void {
    this.warningList = this.warningList.filter((w) => (w.line ?? 0) < fromLine);
  }

  line(buf: Buffer, start: number, end: number, line: number, offset: number): void {
    let s = start;
    // A byte-order mark before the first record.
    if (offset === 0 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
    if (!this.sized) this.estimateRows(end - start + 1);
    if (this.primary === nativeFormat) {
      if (decodes(buf, s, end, this.decode)) {
        const v = this.decode.row;
        v.offset = offset + (s - start);
        v.length = end - s;
        v.line = line;
        if (this.table.putValues(v, buf, decodedId.start, decodedId.end) && v.traceRef !== this.lastTouched) {
          this.touched.add(this.table.pool.get(v.traceRef)!);
          this.lastTouched = v.traceRef;
        }
        return;
      }
    }
    const ctx: LineContext = { file: this.file, line, offset: offset + (s - start), length: end - s };
    if (this.primary === nativeFormat) {
      const light = scanNativeLine(buf, s, end);
      if (light && nativeFormat.matches(light.record)) {
        let span: Span;
        try {
          span = nativeFormat.toSpans(light.record, ctx)[0];
        } catch (err) {
          this.warn(line, (err as Error).message);
          return;
        }
        this.add(span);
        return;
      }
    }
    const parsed = spansOfLine(buf.toString('utf8', s, end), ctx, this.primary);
    if (parsed.format) this.primary ??= parsed.format;
    for (const p of parsed.problems) this.warn(line, p);
    for (const span of parsed.spans) this.add(span);
  }

  /** Sizes the table once from the first lines: growing it step by step would copy it each time. */
  private estimateRows(lineBytes: number): void {
    this.sampleLines++;
    this.sampleBytes += lineBytes;
    if (this.sampleLines < 200) return;
    this.sized = true;
    let total = this.rangeBytes ?? 0;
    if (this.rangeBytes === undefined) {
      try {
        total = fs.statSync(this.file).size;
      } catch {
        return;
      }
    }
    // 10% slack: one more 1.5x growth step on a big file would cost more than it saves.
    this.table.reserve(Math.ceil((total / (this.sampleBytes / this.sampleLines)) * 1.1));
  }

  private add(span: Span): void {
    if (this.table.put(span)) this.touched.add(span.traceId);
  }

  private warn(line: number, message: string): void {
    if (this.warningList.length < MAX_WARNINGS) this.warningList.push({ file: this.file, line, message });
    else this.dropped++;
  }

  async loadFull(row: number): Promise<Span> {
    const light = this.table.span(row, this.file);
    if (!light.partial || !light.origin) return light;
    const earlier = this.table.earlierOriginsOf(row).map((o) => ({ ...o, file: this.file }));
    const full = await loadMerged(light.origin, earlier, light.traceId, light.id);
    return full ?? light;
  }
}

/**
 * decodeNativeLine, false when it throws: a small value it parses (error, tags, source) may be
 * malformed, and the general path then reports the line with its number.
 */
function decodes(buf: Buffer, s: number, end: number, state: DecodeState): boolean {
  try {
    return decodeNativeLine(buf, s, end, state);
  } catch {
    return false;
  }
}

/** Offset of the first line that starts at or after `at`, or -1 (no newline in the next MiB). */
function lineStartAfter(file: string, at: number): number {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    const n = fs.readSync(fd, buf, 0, buf.length, Math.max(0, at - 1));
    const nl = buf.subarray(0, n).indexOf(0x0a);
    return nl < 0 ? -1 : Math.max(0, at - 1) + nl + 1;
  } finally {
    fs.closeSync(fd);
  }
}
