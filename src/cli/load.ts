/**
 * Loading for the CLI. Inspect and stats go through the same incremental store the extension
 * uses (light spans, heavy fields left on disk), so a 250 MB file inspects in the time and
 * memory the store was built for. Export and diff need every field, so they read whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadFile } from '../core/load';
import { BUNDLED_PRICING, costEstimator } from '../core/pricing';
import type { ReadWarning, Span } from '../core/model';
import type { Trace } from '../core/trace';
import { buildTraces } from '../core/tree';
import { LocalRepository } from '../ingest/store/localRepository';
import type { FlatTrace } from '../ingest/types';

/** An error the CLI prints as one line and exits 2 on. */
export class InputError extends Error {}

export function checkInputs(files: string[]): string[] {
  if (files.length === 0) throw new InputError('no trace file given');
  return files.map((f) => {
    const abs = path.resolve(f);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new InputError(`${f}: no such file`);
    }
    if (st.isDirectory()) throw new InputError(`${f}: is a directory (give the trace files inside it)`);
    try {
      fs.accessSync(abs, fs.constants.R_OK);
    } catch {
      throw new InputError(`${f}: not readable`);
    }
    return abs;
  });
}

export interface LightLoad {
  /** newest first, each trace once even when its spans span several files */
  traces: FlatTrace[];
  warnings: ReadWarning[];
}

export async function loadLight(files: string[]): Promise<LightLoad> {
  const repo = new LocalRepository();
  try {
    const warnings: ReadWarning[] = [];
    for (const file of checkInputs(files)) {
      try {
        await repo.open(file);
        // A CLI run sees the file as it is now: read an unterminated last line too.
        const summary = await repo.refresh(file, { final: true });
        if (summary) warnings.push(...summary.warnings);
      } catch (err) {
        throw new InputError(err instanceof Error ? err.message : String(err));
      }
    }
    const ids = new Map<string, number>();
    for (const f of await repo.listFiles()) for (const t of f.traces) ids.set(t.traceId, t.startTime);
    const traces: FlatTrace[] = [];
    for (const id of [...ids.keys()].sort((a, b) => ids.get(b)! - ids.get(a)!)) {
      const t = await repo.getTrace(id);
      if (t) traces.push(t);
    }
    return { traces, warnings };
  } finally {
    await repo.dispose();
  }
}

export interface FullLoad {
  spans: Span[];
  traces: Trace[];
  warnings: ReadWarning[];
}

export async function loadFull(files: string[]): Promise<FullLoad> {
  const spans: Span[] = [];
  const warnings: ReadWarning[] = [];
  for (const file of checkInputs(files)) {
    try {
      const r = await loadFile(file);
      for (const s of r.spans) spans.push(s);
      warnings.push(...r.warnings);
    } catch (err) {
      throw new InputError(err instanceof Error ? err.message : String(err));
    }
  }
  // The same bundled prices the store's summaries use (inspect, stats), so export and diff
  // estimate a missing cost the same way.
  return { spans, traces: buildTraces(spans, { estimateCost: costEstimator(BUNDLED_PRICING) }), warnings };
}

export function printWarnings(warnings: ReadWarning[], out: NodeJS.WritableStream = process.stderr): void {
  for (const w of warnings) out.write(`warning: ${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}\n`);
}
