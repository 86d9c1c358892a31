/**
 * Real child processes appending to one file, and processes that die mid-run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, it, expect, beforeAll } from 'vitest';
import { bundleSdk, tmpDir, checkFile, readRecords } from './helpers';

let sdk: string;
beforeAll(async () => {
  sdk = await bundleSdk();
});

function run(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-e', script], { env: { ...process.env, SPANSCOPE_SDK: sdk, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

const WRITER = `
const s = require(process.env.SPANSCOPE_SDK);
s.configure({ file: process.env.OUT, service: 'worker-' + process.env.WORKER, flushIntervalMs: 1 });
(async () => {
  for (let t = 0; t < 1000; t++) {
    s.span('request', { spanType: 'agent' }, () => {
      for (let c = 0; c < 9; c++) s.span('step', (sp) => sp.setInputs({ worker: process.env.WORKER, t, c, pad: 'x'.repeat(c * 40) }));
    });
    // Let the writer run often, so the processes' appends interleave in time.
    if (t % 10 === 0) await new Promise((r) => setTimeout(r, 0));
  }
})();
`;

describe('several processes, one file', () => {
  it('4 processes × 10k spans appending to one file give 40k valid, whole lines', async () => {
    const file = path.join(tmpDir(), 'shared.jsonl');
    const results = await Promise.all([0, 1, 2, 3].map((w) => exited(run(WRITER, { OUT: file, WORKER: String(w) }))));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(checkFile(file)).toEqual([]);
    const recs = readRecords(file);
    // Each worker's roots end at once, so only finished records are expected.
    expect(recs).toHaveLength(40_000);
    expect(new Set(recs.map((r) => r.id)).size).toBe(40_000);
    for (let w = 0; w < 4; w++) expect(recs.filter((r) => r.service === `worker-${w}`)).toHaveLength(10_000);
    // Writes from the processes did interleave (else this test proves nothing about appends).
    const services = recs.map((r) => r.service);
    let switches = 0;
    for (let i = 1; i < services.length; i++) if (services[i] !== services[i - 1]) switches++;
    expect(switches).toBeGreaterThan(3);
  }, 120_000);
});

const STEADY = `
const s = require(process.env.SPANSCOPE_SDK);
s.configure({ file: process.env.OUT, flushIntervalMs: 5 });
let made = 0;
(async () => {
  for (;;) {
    s.span('tick', () => { for (let i = 0; i < 50; i++) s.span('work', () => undefined); });
    made += 51;
    await s.flush();
    process.stdout.write('flushed ' + made + '\\n');
  }
})();
`;

describe('crashes', () => {
  it('SIGKILL mid-run loses at most the unflushed batch; only the last line can be cut', async () => {
    const file = path.join(tmpDir(), 'killed.jsonl');
    const child = run(STEADY, { OUT: file });
    const done = exited(child);
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (d: Buffer) => {
        seen += d.toString();
        const counts = [...seen.matchAll(/flushed (\d+)\n/g)];
        if (counts.length > 0 && Number(counts.at(-1)![1]) >= 5000 && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    const r = await done;
    expect(r.signal).toBe('SIGKILL');
    // Everything the child reported as flushed before it died (Node writes to a pipe
    // synchronously on Linux, so the report follows each flush at once).
    const reported = Math.max(...[...r.stdout.matchAll(/flushed (\d+)\n/g)].map((m) => Number(m[1])));
    // A kill that lands inside write(2) can leave that write partly done (Linux stops a
    // regular-file write at a page boundary when a fatal signal is pending), so the LAST line
    // may be cut; every line before it must be whole. The next test shows that a cut last
    // line never hides what a later writer appends.
    const problems = checkFile(file);
    const lineCount = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
    expect(problems.filter((p) => !p.startsWith(`killed.jsonl:${lineCount} `))).toEqual([]);
    const whole = (l: string) => { try { JSON.parse(l); return true; } catch { return false; } };
    const n = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '' && whole(l)).length;
    expect(n).toBeGreaterThanOrEqual(reported);
    // At most the batch between its last report and the kill is unaccounted for.
    expect(n).toBeLessThanOrEqual(reported + 51);
  }, 60_000);

  it('a line cut by an earlier crash does not hide the lines appended after it', async () => {
    const file = path.join(tmpDir(), 'cut.jsonl');
    fs.writeFileSync(file, '{"id":"0190a0a0-0000-7000-8000-000000000001","trace_id":"0190a0a0-00');
    const r = await exited(run(`
      const s = require(process.env.SPANSCOPE_SDK);
      s.configure({ file: process.env.OUT });
      s.span('after the cut', () => s.span('child', () => undefined));
    `, { OUT: file }));
    expect(r.code, r.stderr).toBe(0);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toContain('"trace_id":"0190a0a0-00');
    expect(lines.slice(1).filter(Boolean).map((l) => JSON.parse(l).name).sort()).toEqual(['after the cut', 'child']);
  });

  it('process.exit() in the middle still writes every ended span (synchronous final write) and the running root', async () => {
    const file = path.join(tmpDir(), 'exit.jsonl');
    const r = await exited(run(`
      const s = require(process.env.SPANSCOPE_SDK);
      s.configure({ file: process.env.OUT });
      s.span('job', { spanType: 'agent' }, () => {
        for (let i = 0; i < 5000; i++) s.span('item', () => undefined);
        process.exit(3);
      });
    `, { OUT: file }));
    expect(r.code).toBe(3);
    expect(checkFile(file)).toEqual([]);
    const recs = readRecords(file);
    expect(recs.filter((x) => x.name === 'item')).toHaveLength(5000);
    expect(recs.find((x) => x.name === 'job')).toMatchObject({ status: 'running' });
  });

  it('SIGTERM without a handler of the program: spans are written, the process still dies of SIGTERM', async () => {
    const file = path.join(tmpDir(), 'term.jsonl');
    const child = run(`
      const s = require(process.env.SPANSCOPE_SDK);
      s.configure({ file: process.env.OUT, flushIntervalMs: 60000 });
      for (let i = 0; i < 100; i++) s.span('before term', () => undefined);
      process.stdout.write('ready\\n');
      setInterval(() => {}, 1000);
    `, { OUT: file });
    const done = exited(child);
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    child.kill('SIGTERM');
    const r = await done;
    expect(r.signal).toBe('SIGTERM');
    expect(readRecords(file).filter((x) => x.name === 'before term')).toHaveLength(100);
  });
});
