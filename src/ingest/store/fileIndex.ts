/** What the repository needs of one tracked file, whatever its format. */
import type { FormatId, ReadWarning, Span } from '../../core/model';
import type { SpanTable } from './spanTable';

export interface ReadOptions {
  /** take an unterminated last line as complete */
  final: boolean;
  /** ...or when the file has not been modified for this long (ms) */
  quietMs?: number;
  onProgress?: (bytesRead: number, total: number) => void;
}

export interface ReadOutcome {
  /** trace ids whose spans were added, replaced or removed by this read */
  touched: Set<string>;
  /** the file was truncated or replaced and read again from the start */
  reset: boolean;
  /** bytes of an unterminated last line held back */
  held: number;
  mtimeMs: number;
}

export interface FileIndex {
  readonly file: string;
  readonly table: SpanTable;
  readonly format: FormatId | undefined;
  /** bytes read so far */
  readonly size: number;
  warnings(): ReadWarning[];
  read(opts: ReadOptions): Promise<ReadOutcome>;
  /** The span at `row` with its heavy fields. */
  loadFull(row: number): Promise<Span>;
}

/** Past this many, one summary warning stands for the rest (as core/readers/jsonl.ts does). */
export const MAX_WARNINGS = 1000;
