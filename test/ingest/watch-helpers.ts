/** Native-format trace lines and polling helpers for the watcher's integration tests. */
import { randomUUID } from 'node:crypto';

let clock = Date.UTC(2026, 10, 21, 12, 0, 0) * 1000;

/** A trace of `n` spans (root + children), each a native record line ending in `\n`. */
export function traceLines(name: string, n = 3): { traceId: string; text: string; ids: string[] } {
  const start = (clock += 10_000_000);
  const root = randomUUID();
  const ids = [root];
  const iso = (us: number) => new Date(us / 1000).toISOString();
  const rec = (id: string, parent: string | null, i: number) => JSON.stringify({
    id, trace_id: root, parent_id: parent, name: i === 0 ? name : `${name}.step${i}`, span_type: i === 0 ? 'chain' : 'llm',
    start_time: iso(start + i * 1000), end_time: iso(start + 500_000 - i), status: 'ok',
  });
  const lines: string[] = [];
  for (let i = 1; i < n; i++) {
    const id = randomUUID();
    ids.push(id);
    lines.push(rec(id, root, i));
  }
  lines.push(rec(root, null, 0));
  return { traceId: root, text: lines.map((l) => `${l}\n`).join(''), ids };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
