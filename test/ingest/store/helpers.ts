import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RepositoryChange } from '../../../src/ingest/types';

export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'spanscope-store-'));
}

let clock = Date.UTC(2026, 10, 21, 14, 45) * 1000;

function iso(us: number): string {
  const d = new Date(Math.floor(us / 1000)).toISOString();
  return `${d.slice(0, 19)}.${String(us % 1_000_000).padStart(6, '0')}Z`;
}

export interface RecOpts {
  parent?: string | null;
  name?: string;
  running?: boolean;
  extra?: Record<string, unknown>;
}

/** One native-format record line (no newline). */
export function rec(id: string, traceId: string, opts: RecOpts = {}): string {
  const start = (clock += 1000);
  const r: Record<string, unknown> = {
    id,
    trace_id: traceId,
    parent_id: opts.parent === undefined ? (id === traceId ? null : traceId) : opts.parent,
    name: opts.name ?? `span ${id}`,
    span_type: id === traceId ? 'chain' : 'llm',
    start_time: iso(start),
    status: opts.running ? 'running' : 'ok',
    model: id === traceId ? undefined : 'gpt-4o-mini',
    usage: id === traceId ? undefined : { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
    inputs: { messages: [{ role: 'user', content: `question for ${id}` }] },
    ...opts.extra,
  };
  if (!opts.running) r.end_time = iso(start + 500);
  return JSON.stringify(r);
}

export function collect(on: (l: (e: RepositoryChange) => void) => () => void): RepositoryChange[] {
  const events: RepositoryChange[] = [];
  on((e) => events.push(e));
  return events;
}

export function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (check()) resolve();
      else if (Date.now() - start > timeoutMs) reject(new Error('timed out waiting'));
      else setTimeout(tick, 20);
    };
    tick();
  });
}
