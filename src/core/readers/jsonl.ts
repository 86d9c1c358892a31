/**
 * JSON Lines of any line format: split by bytes (so each record's byte offset is known for
 * lazy loading), detect the format by content, replace earlier records by later ones with the
 * same id, and report every bad line with its file and line number while keeping the rest.
 */
import type { FormatId, ReadWarning, Span } from '../model';
import { isObject } from './fields';
import { nativeFormat } from './native';
import { otlpLineFormat } from './otlp';
import { traceforgeJsonlFormat } from './traceforge-jsonl';
import { traceliteJsonlFormat } from './tracelite-jsonl';
import { isDetailedLineFormat, type LineContext, type LineFormat } from './types';

/** Most specific first: each later format's `matches` would also accept some earlier ones' records. */
export const LINE_FORMATS: readonly LineFormat[] = [
  otlpLineFormat,
  traceforgeJsonlFormat,
  traceliteJsonlFormat,
  nativeFormat,
];

export function detectLineFormat(record: unknown): LineFormat | undefined {
  for (const f of LINE_FORMATS) if (f.matches(record)) return f;
  return undefined;
}

/** Past this many, one summary warning stands for the rest: a wrong file must not flood the UI. */
const MAX_WARNINGS = 1000;

export interface JsonlResult {
  /** the format of the first recognised record; undefined when none was */
  format: FormatId | undefined;
  spans: Span[];
  warnings: ReadWarning[];
  /** lines holding a JSON value (blank lines excluded) */
  records: number;
}

export function readJsonl(buf: Uint8Array, file: string): JsonlResult {
  const reader = new JsonlReader(file);
  const bytes = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 1;
  while (pos < bytes.length) {
    const nl = bytes.indexOf(10, pos);
    const next = nl < 0 ? bytes.length : nl + 1;
    let end = nl < 0 ? bytes.length : nl;
    if (end > pos && bytes[end - 1] === 13) end--;
    if (!isBlank(bytes, pos, end)) {
      reader.line(bytes.toString('utf8', pos, end), { file, line, offset: pos, length: end - pos });
    }
    pos = next;
    line++;
  }
  return reader.result();
}

function isBlank(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = buf[i];
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Line-by-line state: the detected format, the spans by id for replacement, the warnings. */
class JsonlReader {
  private primary: LineFormat | undefined;
  private readonly spans: Span[] = [];
  private readonly index = new Map<string, number>();
  private readonly warnings: ReadWarning[] = [];
  private dropped = 0;
  private records = 0;

  constructor(private readonly file: string) {}

  line(text: string, ctx: LineContext): void {
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (err) {
      this.warn(ctx.line, `not valid JSON (${(err as Error).message})`);
      return;
    }
    this.records++;
    if (!isObject(record)) {
      this.warn(ctx.line, `a JSON ${Array.isArray(record) ? 'array' : typeof record}, not a record`);
      return;
    }
    const format = this.primary?.matches(record) ? this.primary : detectLineFormat(record);
    if (!format) {
      this.warn(ctx.line, 'not a span record of any known format');
      return;
    }
    try {
      const spans = isDetailedLineFormat(format)
        ? format.toSpansDetailed(record, ctx, { text, warn: (m) => this.warn(ctx.line, m) })
        : format.toSpans(record, ctx);
      // Only a record that gave spans settles the file's format: a log file whose lines merely
      // look like ours stays unrecognised, and the loader says so.
      if (spans.length > 0) this.primary ??= format;
      for (const s of spans) this.add(s);
    } catch (err) {
      this.warn(ctx.line, (err as Error).message);
    }
  }

  /**
   * A later record replaces an earlier one with the same id in the same trace, unless it would
   * un-finish it. Keyed by id alone (ids rarely repeat across traces); a clash across traces
   * falls back to a key with the trace id.
   */
  private add(span: Span): void {
    let key = span.id;
    let at = this.index.get(key);
    if (at !== undefined && this.spans[at]!.traceId !== span.traceId) {
      key = span.traceId + '\u0000' + span.id;
      at = this.index.get(key);
    }
    if (at === undefined) {
      this.index.set(key, this.spans.length);
      this.spans.push(span);
      return;
    }
    const earlier = this.spans[at]!;
    if (span.status === 'running' && earlier.status !== 'running') return;
    this.spans[at] = mergeReplacement(earlier, span);
  }

  private warn(line: number, message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push({ file: this.file, line, message });
    else this.dropped++;
  }

  result(): JsonlResult {
    const warnings = this.warnings;
    if (this.dropped > 0) warnings.push({ file: this.file, message: `${this.dropped} more problems not listed` });
    return { format: this.primary?.id, spans: this.spans, warnings, records: this.records };
  }
}

/** The later record wins; fields only the start record had (inputs, source...) are kept. */
export function mergeReplacement(earlier: Span, later: Span): Span {
  const merged: Span = { ...later };
  for (const key of ['inputs', 'metadata', 'tags', 'source', 'model', 'provider', 'dottedOrder', 'service'] as const) {
    if (merged[key] === undefined && earlier[key] !== undefined) (merged as unknown as Record<string, unknown>)[key] = earlier[key];
  }
  return merged;
}
