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
