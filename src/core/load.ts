/**
 * One entry point for reading any trace file, by content: the SQLite header, one JSON document
 * (OTLP request, Chrome trace, tracelm exports, an array of records), or JSON Lines.
 * Problems with the file itself throw an Error naming it; problems inside it become warnings.
 */
import fs, { promises as fsp } from 'node:fs';
import type { FormatId, ReadResult, ReadWarning, Span } from './model';
import { chromeEventsOf, readChromeTrace } from './readers/chrome';
import { isObject } from './readers/fields';
import { detectLineFormat, readJsonl } from './readers/jsonl';
import { otlpRequestToSpans, unwrapOtlpRequest } from './readers/otlp';
import { isTracelmChrome, isTracelmTrace, tracelmTraceToSpans } from './readers/tracelm-json';
import { isDetailedLineFormat } from './readers/types';

const SQLITE_HEADER = 'SQLite format 3\0';
/** 2000-01-01T00:00:00Z in µs: no tracer writes dates before it, process clocks do. */
const YEAR_2000_MICROS = 946_684_800_000_000;

export async function loadFile(file: string): Promise<ReadResult> {
  await checkIsFile(file);
  if (await isSqlite(file)) {
    const { readSqliteFile } = await import('./readers/sqlite/index');
    return readSqliteFile(file);
  }
  const buf = await readAll(file);
  const result = readText(buf, file);
  warnRelativeTimes(result, file);
  return result;
}

async function checkIsFile(file: string): Promise<void> {
  let stat;
  try {
    stat = await fsp.stat(file);
  } catch (err) {
    throw fileError(file, err);
  }
  if (stat.isDirectory()) throw new Error(`${file}: is a directory, not a trace file`);
  if (!stat.isFile()) throw new Error(`${file}: not a regular file`);
}

/** The SQLite header, read alone, so that a database is not read twice. */
async function isSqlite(file: string): Promise<boolean> {
  let head: Buffer;
  try {
    const fh = await fsp.open(file, 'r');
    try {
      head = Buffer.alloc(16);
      const { bytesRead } = await fh.read(head, 0, 16, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw fileError(file, err);
  }
  return head.length === 16 ? head.toString('latin1') === SQLITE_HEADER : head.length === 0 && hasWalBeside(file);
}

/**
 * An empty file with a WAL beside it is a database whose writer has not checkpointed yet:
 * every page, the header's too, is still in `<file>-wal`. Decided by the WAL's magic number.
 */
export function hasWalBeside(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(`${file}-wal`, 'r');
  } catch {
    return false;
  }
  try {
    const magic = Buffer.alloc(4);
    if (fs.readSync(fd, magic, 0, 4, 0) !== 4) return false;
    const m = magic.readUInt32BE(0);
    return m === 0x377f0682 || m === 0x377f0683;
  } finally {
    fs.closeSync(fd);
  }
}

async function readAll(file: string): Promise<Buffer> {
  try {
    return await fsp.readFile(file);
  } catch (err) {
    throw fileError(file, err);
  }
}

function fileError(file: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new Error(`${file}: no such file`);
  if (code === 'EACCES' || code === 'EPERM') return new Error(`${file}: cannot read it (permission denied)`);
  if (code === 'EISDIR') return new Error(`${file}: is a directory, not a trace file`);
  return new Error(`${file}: cannot read it (${(err as Error).message})`);
}

function readText(buf: Buffer, file: string): ReadResult {
  const doc = wholeDocument(buf);
  if (doc !== undefined) {
    const fromDoc = readDocument(doc.value, file);
    if (fromDoc) return fromDoc;
  }
  const lines = readJsonl(buf, file);
  if (lines.format) return { format: lines.format, spans: lines.spans, warnings: lines.warnings };
  if (lines.records === 0 && lines.warnings.length === 0) return { format: 'native', spans: [], warnings: [] };
  const first = lines.warnings[0];
  const detail = first ? ` (line ${first.line}: ${first.message})` : '';
  throw new Error(`${file}: not a trace format Spanscope reads${detail}`);
}

/**
 * The parsed file when it is one JSON document rather than JSON Lines. A file whose first
 * line is a complete JSON value followed by more content is JSON Lines, and is not parsed
 * whole (a large trace file would be parsed twice for nothing).
 */
function wholeDocument(buf: Buffer): { value: unknown } | undefined {
  let i = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb ? 3 : 0;
  while (i < buf.length && (buf[i] === 32 || buf[i] === 9 || buf[i] === 10 || buf[i] === 13)) i++;
  if (i >= buf.length || (buf[i] !== 0x7b && buf[i] !== 0x5b)) return undefined;
  const nl = buf.indexOf(10, i);
  if (nl >= 0 && hasContentAfter(buf, nl) && parses(buf.toString('utf8', i, nl))) return undefined;
  try {
    return { value: JSON.parse(buf.toString('utf8', i)) };
  } catch {
    return undefined;
  }
}

function hasContentAfter(buf: Buffer, from: number): boolean {
  for (let i = from; i < buf.length; i++) {
    const c = buf[i];
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return true;
  }
  return false;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A result for a whole-document format, or undefined to read the file as JSON Lines. */
function readDocument(doc: unknown, file: string): ReadResult | undefined {
  const warnings: ReadWarning[] = [];
  const otlp = unwrapOtlpRequest(doc);
  if (otlp) {
    const spans = otlpRequestToSpans(otlp, { file }, (message) => warnings.push({ file, message }));
    return { format: 'otlp', spans, warnings };
  }
  if (chromeEventsOf(doc)) {
    const read = readChromeTrace(doc, file);
    return { format: isTracelmChrome(doc) ? 'tracelm-chrome' : 'chrome', ...read };
  }
  if (isTracelmTrace(doc)) {
    return { format: 'tracelm-json', spans: tracelmTraceToSpans(doc, file), warnings };
  }
  if (Array.isArray(doc)) return readRecordArray(doc, file);
  if (isObject(doc) && detectLineFormat(doc)) return undefined;
  throw new Error(`${file}: a JSON document Spanscope does not read (not OTLP, a Chrome trace, a tracelm trace or span records)`);
}

/** A JSON array of span records (LangSmith run exports, native records). */
function readRecordArray(doc: unknown[], file: string): ReadResult {
  const warnings: ReadWarning[] = [];
  const spans: Span[] = [];
  let format: FormatId | undefined;
  doc.forEach((rec, i) => {
    const f = detectLineFormat(rec);
    if (!f || !isObject(rec)) {
      warnings.push({ file, message: `item ${i}: not a span record of any known format` });
      return;
    }
    format ??= f.id;
    const ctx = { file, line: i + 1, offset: 0, length: 0 };
    try {
      const got = isDetailedLineFormat(f)
        ? f.toSpansDetailed(rec, ctx, { warn: (message) => warnings.push({ file, message: `item ${i}: ${message}` }) })
        : f.toSpans(rec, ctx);
      for (const s of got) {
        s.origin = { file };
        spans.push(s);
      }
    } catch (err) {
      warnings.push({ file, message: `item ${i}: ${(err as Error).message}` });
    }
  });
  if (!format) throw new Error(`${file}: a JSON array without span records of a known format`);
  return { format, spans, warnings };
}

function warnRelativeTimes(result: ReadResult, file: string): void {
  let relative = 0;
  for (const s of result.spans) if (s.startTime < YEAR_2000_MICROS) relative++;
  if (relative === 0) return;
  result.warnings.push({
    file,
    message:
      `${relative} of ${result.spans.length} spans have times before the year 2000: they are relative times ` +
      `(a process clock such as perf_counter, or offsets from the trace start), not dates; they are shown as they are`,
  });
}

/** The span with every field, re-read from its record's bytes when the reader left some out. */
export async function loadFullSpan(span: Span): Promise<Span> {
  const o = span.origin;
  if (!span.partial || !o || o.offset === undefined || o.length === undefined) return span;
  const where = `${o.file}${o.line !== undefined ? `:${o.line}` : ''}`;
  let text: string;
  try {
    const fh = await fsp.open(o.file, 'r');
    try {
      const buf = Buffer.alloc(o.length);
      const { bytesRead } = await fh.read(buf, 0, o.length, o.offset);
      text = buf.toString('utf8', 0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw fileError(o.file, err);
  }
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    throw new Error(`${where}: the record changed since it was indexed (no longer valid JSON)`);
  }
  const format = detectLineFormat(record);
  if (!format || !isObject(record)) throw new Error(`${where}: the record changed since it was indexed`);
  const ctx = { file: o.file, line: o.line ?? 0, offset: o.offset, length: o.length };
  const spans = isDetailedLineFormat(format) ? format.toSpansDetailed(record, ctx, { text }) : format.toSpans(record, ctx);
  const full = spans.find((s) => s.id === span.id && s.traceId === span.traceId) ?? spans.find((s) => s.id === span.id);
  if (!full) throw new Error(`${where}: span ${span.id} is no longer in this record`);
  return full;
}
