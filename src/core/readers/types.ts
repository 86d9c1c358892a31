/**
 * Contracts between the format readers, the loader (src/core/load.ts) and the incremental
 * store (src/ingest/). Readers are pure: they get parsed records or bytes, never touch vscode.
 */
import type { FormatId, Span } from '../model';

/** Where a JSONL record sits in its file. */
export interface LineContext {
  file: string;
  /** 1-based */
  line: number;
  /** byte offset of the line's first byte */
  offset: number;
  /** byte length of the line, without its newline */
  length: number;
}

/**
 * A format whose files hold one JSON record per line. Detection is by content: the loader
 * tries each format's `matches` on a file's first records and keeps the first that claims it,
 * falling back to per-record detection for mixed files.
 */
export interface LineFormat {
  id: FormatId;
  matches(record: unknown): boolean;
  /** Spans held by one record (an OTLP line holds many). Throws an Error with a user-facing message for a bad record. */
  toSpans(record: Record<string, unknown>, ctx: LineContext): Span[];
}

/** What a caller holding more than the parsed record can give a format. */
export interface LineReadOptions {
  /** the line's text, for values JSON.parse would round (integers beyond 2^53) */
  text?: string;
  /** a problem with part of the record (one bad span of an OTLP line) that loses no other span */
  warn?: (message: string) => void;
}

/** A LineFormat that reads better with the line's text or with a way to report partial problems. */
export interface DetailedLineFormat extends LineFormat {
  toSpansDetailed(record: Record<string, unknown>, ctx: LineContext, opts: LineReadOptions): Span[];
}

export function isDetailedLineFormat(f: LineFormat): f is DetailedLineFormat {
  return typeof (f as Partial<DetailedLineFormat>).toSpansDetailed === 'function';
}
