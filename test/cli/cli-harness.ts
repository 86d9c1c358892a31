/** Builds the CLI once into a temp folder and runs it as a real child process. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';

export const repoRoot = path.resolve(__dirname, '../..');
export const sharedFixtures = path.resolve(repoRoot, '../shared/fixtures/seed-formats');

let cliPath: string | undefined;

export async function buildCli(): Promise<string> {
  if (cliPath) return cliPath;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanscope-cli-'));
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'src/cli/main.ts')],
    bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    outfile: path.join(dir, 'cli.js'), logLevel: 'error',
  });
  fs.copyFileSync(path.join(repoRoot, 'node_modules/sql.js/dist/sql-wasm.wasm'), path.join(dir, 'sql-wasm.wasm'));
  cliPath = path.join(dir, 'cli.js');
  return cliPath;
}

export interface CliResult { code: number; stdout: string; stderr: string }

export function runCli(args: string[], cwd = repoRoot): CliResult {
  if (!cliPath) throw new Error('buildCli() first');
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'spanscope-cli-test-'));
}

const iso = (us: number) => new Date(us / 1000).toISOString().replace('Z', '') + String(us % 1000).padStart(3, '0') + 'Z';
let seq = 0;
const uuid = (n: number) => `0193a000-0000-7000-8000-${(n + seq * 1000).toString(16).padStart(12, '0')}`;

export interface SpanSpec {
  name: string;
  type?: string;
  children?: SpanSpec[];
  /** µs after the parent's start */
  at?: number;
  dur: number;
  status?: 'ok' | 'error';
  model?: string;
  tokens?: [number, number];
  cost?: number;
  source?: { file: string; line: number; function?: string };
}

/** Native JSONL lines for one trace, children written before parents as the SDKs do. */
export function nativeTrace(root: SpanSpec, t0: number): string[] {
  seq++;
  let n = 0;
  const lines: string[] = [];
  const walk = (s: SpanSpec, parent: { id: string; dotted: string } | null, start: number, traceId: string | null): void => {
    const id = uuid(n++);
    const trace = traceId ?? id;
    const stamp = iso(start).replace(/[-:.]/g, '');
    const dotted = (parent ? parent.dotted + '.' : '') + stamp + id;
    for (const c of s.children ?? []) walk(c, { id, dotted }, start + (c.at ?? 0), trace);
    lines.push(JSON.stringify({
      id, trace_id: trace, parent_id: parent?.id ?? null, dotted_order: dotted, name: s.name,
      span_type: s.type ?? 'chain', start_time: iso(start), end_time: iso(start + s.dur),
      status: s.status ?? 'ok', error: s.status === 'error' ? { type: 'ValueError', message: 'bad thing' } : null,
      inputs: { q: `input of ${s.name}` }, outputs: { a: `output of ${s.name}` },
      ...(s.model ? { model: s.model } : {}),
      ...(s.tokens ? { usage: { input_tokens: s.tokens[0], output_tokens: s.tokens[1], total_tokens: s.tokens[0] + s.tokens[1] } } : {}),
      ...(s.cost !== undefined ? { cost_usd: s.cost } : {}),
      ...(s.source ? { source: s.source } : {}),
    }));
  };
  walk(root, null, t0, null);
  return lines;
}
