/**
 * SQLite trace stores: picks the reader by the tables and columns a database holds (never by
 * file name), after database.ts has applied any committed `-wal` frames.
 */
import fs from 'node:fs';
import type { FormatId, ReadResult } from '../../model';
import { hasSqliteHeader, openDatabase, type Database } from './database';
import { eachRow, str } from './rows';
import { readTraceForge } from './traceforge';
import { readTraceLite } from './tracelite';
import { readTracelm } from './tracelm';
import type { SqliteReadOutput } from './types';

interface SchemaReader {
  format: FormatId;
  /** table → columns that must all be present */
  requires: Record<string, string[]>;
  read(db: Database, file: string): SqliteReadOutput;
}

const READERS: SchemaReader[] = [
  { format: 'tracelm-sqlite', requires: { traces: ['trace_id', 'timestamp', 'data'] }, read: readTracelm },
  {
    format: 'traceforge-sqlite',
    requires: {
      runs: ['run_id', 'run_name', 'started_at'],
      steps: ['step_id', 'run_id', 'parent_step_id', 'step_name', 'started_at'],
    },
    read: readTraceForge,
  },
  {
    format: 'tracelite-sqlite',
    requires: { spans: ['trace_id', 'span_id', 'parent_span_id', 'name', 'start_time_ns'] },
    read: readTraceLite,
  },
];

/** Table name → its column names, user tables only. */
function tablesOf(db: Database): Map<string, Set<string>> {
  const tables = new Map<string, Set<string>>();
  eachRow(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", (row) => {
    const name = str(row.name);
    if (name) tables.set(name, new Set());
  });
  for (const [name, columns] of tables) {
    eachRow(db, `PRAGMA table_info("${name.replace(/"/g, '""')}")`, (row) => {
      const col = str(row.name);
      if (col) columns.add(col);
    });
  }
  return tables;
}

function pickReader(tables: Map<string, Set<string>>): SchemaReader | undefined {
  return READERS.find((r) => Object.entries(r.requires).every(([table, cols]) => {
    const have = tables.get(table);
    return have !== undefined && cols.every((c) => have.has(c));
  }));
}

function describeTables(tables: Map<string, Set<string>>): string {
  return tables.size === 0 ? 'no tables' : `tables: ${[...tables.keys()].join(', ')}`;
}

/**
 * Reads every committed span of a SQLite trace store. Throws an Error naming the file when it
 * is not a database or not a schema we know; a bad row becomes a warning, never a lost file.
 */
export async function readSqliteFile(file: string): Promise<ReadResult> {
  let opened: Awaited<ReturnType<typeof openDatabase>>;
  try {
    opened = await openDatabase(file);
  } catch (err) {
    throw new Error(`${file}: cannot open as SQLite: ${(err as Error).message}`);
  }
  const { db, image } = opened;
  // A copy taken while a writer kept committing can mix pages of two commits.
  const busy = image.unstable ? ' while another process kept writing it; read it again' : '';
  try {
    let tables: Map<string, Set<string>>;
    try {
      tables = tablesOf(db);
    } catch (err) {
      throw new Error(`${file}: not a readable SQLite database (${(err as Error).message})${busy}`);
    }
    const reader = pickReader(tables);
    if (!reader) {
      throw new Error(`${file}: SQLite database of an unknown trace schema (${describeTables(tables)})`);
    }
    let out: SqliteReadOutput;
    try {
      out = reader.read(db, file);
    } catch (err) {
      // sql.js reports a damaged page as "database disk image is malformed", without a file.
      throw new Error(`${file}: cannot read the ${reader.format} tables (${(err as Error).message})${busy}`);
    }
    if (image.walProblem) {
      out.warnings.unshift({ file: `${file}-wal`, message: `write-ahead log ignored: ${image.walProblem}` });
    }
    if (image.unstable) {
      out.warnings.unshift({ file, message: 'the database kept changing while it was read (commits in progress, or a journal left by a writer that stopped mid-commit); this read may mix two states' });
    }
    return { format: reader.format, spans: out.spans, warnings: out.warnings };
  } finally {
    db.close();
  }
}

/** The start of the main file that a sniff reads: the schema lives on the first pages. */
const SNIFF_BYTES = 256 * 1024;
/** Above this, a schema that does not fit in SNIFF_BYTES is not worth loading the file for. */
const SNIFF_FULL_READ_MAX = 256 * 1024 * 1024;

/**
 * Cheap check for file discovery: a SQLite file (or an empty main file beside a WAL, as a
 * fresh writer leaves it) whose schema one of our readers knows. Reads the header, then only
 * the start of the main file (plus the WAL), so a large unrelated database costs little.
 * Never throws.
 */
export async function sniffTraceDatabase(file: string): Promise<boolean> {
  try {
    const head = Buffer.alloc(16);
    const fd = fs.openSync(file, 'r');
    let n: number;
    try {
      n = fs.readSync(fd, head, 0, 16, 0);
    } finally {
      fs.closeSync(fd);
    }
    if (!hasSqliteHeader(head.subarray(0, n)) && !(n === 0 && fs.existsSync(`${file}-wal`))) return false;
    const fromStart = await knownSchema(file, SNIFF_BYTES);
    if (fromStart !== undefined) return fromStart;
    return fs.statSync(file).size <= SNIFF_FULL_READ_MAX && (await knownSchema(file, undefined)) === true;
  } catch {
    return false;
  }
}

/** Whether the schema is one we read; undefined when the (partial) image could not tell. */
async function knownSchema(file: string, mainLimit: number | undefined): Promise<boolean | undefined> {
  const { db } = await openDatabase(file, mainLimit);
  try {
    return pickReader(tablesOf(db)) !== undefined;
  } catch {
    // A schema reaching past the bytes read looks damaged: ask again with the whole file.
    return mainLimit === undefined ? false : undefined;
  } finally {
    db.close();
  }
}
