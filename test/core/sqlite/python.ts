/**
 * Fixture databases are written by the real SQLite library through python3's sqlite3 module,
 * so the files these tests read are byte for byte what a Python tracer would leave on disk.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Runs a python3 script with arguments; returns its stdout; throws with its stderr. */
export function python(script: string, ...args: string[]): string {
  const r = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Runs python3 and parses the JSON its stdout holds. */
export function pythonJson<T>(script: string, ...args: string[]): T {
  return JSON.parse(python(script, ...args)) as T;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `spanscope-${prefix}-`));
}
