/**
 * Row access shared by the SQLite readers: streaming statements (no whole-table copies) and
 * defensive parsing of the JSON text columns the seed tracers store.
 */
import type { ReadWarning } from '../../model';
import type { Database } from './database';

export type Row = Record<string, unknown>;

/**
 * Calls `each` for every row of the query, as a column → value object. Built from `get()`
 * with the column names read once: sql.js's `getAsObject` asks SQLite for every column name
 * on every row, which made it 3-4x slower on 100k-row tables.
 */
export function eachRow(db: Database, sql: string, each: (row: Row) => void): void {
  const stmt = db.prepare(sql);
  try {
    let columns: string[] | undefined;
    while (stmt.step()) {
      columns ??= stmt.getColumnNames();
      const values = stmt.get();
      const row: Row = {};
      for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
      each(row);
    }
  } finally {
    stmt.free();
  }
}

/** Where a row's problems are reported: the file and the row id (shown as the "line"). */
export interface RowContext {
  file: string;
  rowid: number | undefined;
  warnings: ReadWarning[];
}

/**
 * A JSON text column. NULL and empty text are `undefined`. Text that is not JSON is kept as
 * the raw string (it is still what the program stored) and reported, so one bad cell costs
 * neither the span nor the rest of the file.
 */
export function jsonColumn(value: unknown, column: string, ctx: RowContext): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') return value;
  // The seed tracers' column defaults: most cells of a large table are one of these.
  if (value === '{}') return {};
  if (value === '[]') return [];
  if (value.trim() === '') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch (err) {
    ctx.warnings.push({
      file: ctx.file,
      line: ctx.rowid,
      message: `column ${column} is not valid JSON (${(err as Error).message}); kept as text`,
    });
    return value;
  }
}

/** A JSON column expected to hold an object; anything else is reported and dropped. */
export function jsonObjectColumn(
  value: unknown, column: string, ctx: RowContext,
): Record<string, unknown> | undefined {
  const parsed = jsonColumn(value, column, ctx);
  if (parsed === undefined) return undefined;
  if (isRecord(parsed)) return parsed;
  if (typeof value === 'string' && parsed === value) return undefined; // already reported
  ctx.warnings.push({ file: ctx.file, line: ctx.rowid, message: `column ${column} is not a JSON object` });
  return undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return undefined;
}

/** A finite number from a numeric cell or numeric text; undefined otherwise. */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Drops empty objects so spans do not carry `{}` noise. */
export function nonEmpty<T extends Record<string, unknown>>(o: T | undefined): T | undefined {
  return o && Object.keys(o).length > 0 ? o : undefined;
}
