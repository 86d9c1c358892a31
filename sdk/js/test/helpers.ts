/** Shared by the SDK tests: temp files, reading records back, the schema, a bundled SDK for child processes. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { expect } from 'vitest';
import { validate, type SchemaError } from './schema-validator';
import type { SpanRecord } from '../src/types';

export const SDK_ROOT = path.resolve(__dirname, '..');
export const FORMAT_DIR = path.resolve(SDK_ROOT, '../format');
export const schema = JSON.parse(fs.readFileSync(path.join(FORMAT_DIR, 'trace.schema.json'), 'utf8')) as Record<string, unknown>;

export function tmpDir(prefix = 'spanscope-sdk-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function readRecords(file: string): SpanRecord[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as SpanRecord);
}

/** The latest record per id (a running record is replaced by the finished one). */
export function latest(records: SpanRecord[]): Map<string, SpanRecord> {
  const m = new Map<string, SpanRecord>();
  for (const r of records) m.set(r.id, r);
  return m;
}

/** Schema errors and the rules the schema subset cannot state, per line. */
export function checkLine(line: string): SchemaError[] {
  let rec: unknown;
  try {
    rec = JSON.parse(line);
  } catch (err) {
    return [{ path: '', message: `not JSON: ${(err as Error).message}` }];
  }
  const errors = validate(rec, schema);
  const r = rec as SpanRecord;
  if (errors.length === 0) {
    if (r.status === 'running' && r.end_time !== undefined) errors.push({ path: '/end_time', message: 'running record with end_time' });
    if (r.status !== 'running' && r.end_time === undefined) errors.push({ path: '/end_time', message: 'finished record without end_time' });
    if (!r.dotted_order?.endsWith(r.id)) errors.push({ path: '/dotted_order', message: 'dotted_order does not end with the span id' });
    if (r.parent_id === null && r.trace_id !== r.id) errors.push({ path: '/trace_id', message: 'a root must be its own trace' });
  }
  return errors;
}

export function checkFile(file: string): string[] {
  const out: string[] = [];
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (line === '') return;
    for (const e of checkLine(line)) out.push(`${path.basename(file)}:${i + 1} ${e.path} ${e.message}`);
  });
  return out;
}

let bundled: string | undefined;
/** The SDK bundled as one CommonJS file, for child processes to require. */
export async function bundleSdk(): Promise<string> {
  if (bundled) return bundled;
  const out = path.join(tmpDir('spanscope-bundle-'), 'spanscope.cjs');
  await esbuild.build({
    entryPoints: [path.join(SDK_ROOT, 'src/index.ts')], bundle: true, platform: 'node', format: 'cjs',
    target: 'node20', outfile: out, logLevel: 'error',
  });
  return (bundled = out);
}

/** The llm records of a file, the whole file checked against the schema first. */
export function llmRecordsIn(file: string): SpanRecord[] {
  expect(checkFile(file)).toEqual([]);
  return readRecords(file).filter((r) => r.span_type === 'llm');
}
