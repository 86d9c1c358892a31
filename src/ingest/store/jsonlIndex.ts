/**
 * A JSON Lines trace file, read incrementally. Native-format lines take the byte-level fast
 * path (nativeScan.ts); every other line, and any native line the fast path declines, goes
 * through JSON.parse and the core's line formats. Heavy fields stay in the file and are read
 * back by byte range when a span is opened.
 */
import fs from 'node:fs';
import type { FormatId, ReadWarning, Span } from '../../core/model';
import { nativeFormat } from '../../core/readers/native';
import type { LineContext, LineFormat } from '../../core/readers/types';
import { MAX_WARNINGS, type FileIndex, type ReadOptions, type ReadOutcome } from './fileIndex';
import { loadMerged, spansOfLine } from './lineRecords';
import { scanNativeLine } from './nativeScan';
import { decodedId, decodeNativeLine, DecodeState } from './nativeDecode';
import { SpanTable } from './spanTable';
import { TailReader, type LineSink } from './tailReader';

export class JsonlIndex implements FileIndex, LineSink {
  table = new SpanTable();
  private primary: LineFormat | undefined;
  private warningList: ReadWarning[] = [];
  private dropped = 0;
  private readonly tail: TailReader;
  private touched = new Set<string>();
  private decode = new DecodeState(this.table);
  /** rows reserved from an estimate made on the first lines (sampleLines, sampleBytes) */
  private sized = false;
  private sampleLines = 0;
  private sampleBytes = 0;

  constructor(readonly file: string) {
    this.tail = new TailReader(file);
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
    const r = this.tail.read(this, { final: opts.final, quietMs: opts.quietMs, onProgress: opts.onProgress });
    const touched = this.touched;
    this.touched = new Set();
    return { touched, reset: r.reset, held: r.held, mtimeMs: r.mtimeMs };
  }

  reset(): void {
    for (const t of this.table.traceIds()) this.touched.add(t);
    this.table = new SpanTable();
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
      if (decodeNativeLine(buf, s, end, this.decode)) {
        const v = this.decode.row;
        v.offset = offset + (s - start);
        v.length = end - s;
        v.line = line;
        if (this.table.putValues(v, buf, decodedId.start, decodedId.end)) this.touched.add(this.table.pool.get(v.traceRef)!);
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
    let total = 0;
    try {
      total = fs.statSync(this.file).size;
    } catch {
      return;
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
