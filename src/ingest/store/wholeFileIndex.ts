/**
 * A file read as a whole by the core loader: SQLite databases (with their -wal), JSON
 * documents (OTLP requests, Chrome traces, tracelm exports). A refresh reads it again when its
 * size or modification time changed and reports the traces whose spans differ.
 */
import fs from 'node:fs';
import { loadFile } from '../../core/load';
import type { FormatId, ReadWarning, Span } from '../../core/model';
import type { FileIndex, ReadOptions, ReadOutcome } from './fileIndex';
import { SpanTable } from './spanTable';

function stamp(file: string): string {
  const parts: string[] = [];
  for (const f of [file, `${file}-wal`]) {
    try {
      const st = fs.statSync(f);
      parts.push(`${st.ino}:${st.size}:${st.mtimeMs}`);
    } catch {
      parts.push('-');
    }
  }
  return parts.join('|');
}

export class WholeFileIndex implements FileIndex {
  table = new SpanTable();
  format: FormatId | undefined;
  size = 0;
  private warningList: ReadWarning[] = [];
  private lastStamp = '';
  /** per trace: a digest of its spans, to tell which traces a re-read changed */
  private digests = new Map<string, string>();

  constructor(readonly file: string) {}

  warnings(): ReadWarning[] {
    return this.warningList.slice();
  }

  async read(opts: ReadOptions): Promise<ReadOutcome> {
    const before = stamp(this.file);
    if (before === this.lastStamp) return { touched: new Set(), reset: false, held: 0, mtimeMs: 0 };
    const result = await loadFile(this.file);
    const total = fs.statSync(this.file).size;
    opts.onProgress?.(total, total);
    const table = new SpanTable(result.spans.length);
    for (const s of result.spans) table.put(s);
    const digests = new Map<string, string>();
    for (const t of table.traceIds()) digests.set(t, digestOf(table.rowsOf(t).map((r) => table.span(r, this.file))));
    const touched = new Set<string>();
    for (const [t, d] of digests) if (this.digests.get(t) !== d) touched.add(t);
    for (const t of this.digests.keys()) if (!digests.has(t)) touched.add(t);
    this.table = table;
    this.digests = digests;
    this.format = result.format;
    this.warningList = result.warnings;
    this.size = total;
    this.lastStamp = before;
    return { touched, reset: false, held: 0, mtimeMs: 0 };
  }

  async loadFull(row: number): Promise<Span> {
    return this.table.span(row, this.file);
  }
}

function digestOf(spans: Span[]): string {
  return JSON.stringify(spans);
}
