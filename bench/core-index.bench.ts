/**
 * The index of a large native JSONL file against a naive baseline, in the same run:
 *   (a) read the file and JSON.parse every line (the chunk as one string, split on newlines),
 *       and for information (a') the same with each line decoded from the bytes on its own,
 *       a naive reader that is faster on this file;
 *   (b) LocalRepository.open: every trace with counts, durations, tokens, on one thread (the
 *       default), and (b2) with the second half of the file on a worker thread (opt-in);
 *   (c) append one span and refresh (the index updated from the appended bytes only), wall and
 *       CPU time of each refresh and whether a garbage collection ran during it;
 *   (d) the same file opened through WorkerRepository: the longest stall of this thread.
 * Each phase runs in a child process of its own, so peak RSS (maxRSS) is that phase's alone.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { LocalRepository } from '../src/ingest/store/localRepository';
import { WorkerRepository } from '../src/ingest/worker-client';
import { generateNativeJsonl, NativeTraceWriter } from './gen-native-jsonl';

const SPANS = 300_000;
const outDir = __dirname;
const file = path.join(outDir, `native-${SPANS / 1000}k.jsonl`);
const root = path.resolve(outDir, '../..');

interface PhaseResult {
  ms: number;
  cpuMs: number;
  maxRssMb: number;
  [k: string]: number | string;
}

function measured(started: number, cpu0: NodeJS.CpuUsage, extra: Record<string, number | string>): PhaseResult {
  const cpu = process.cpuUsage(cpu0);
  return {
    ms: performance.now() - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    ...extra,
  };
}

async function baseline(): Promise<PhaseResult> {
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(4 << 20);
  let carry = '';
  let records = 0;
  let pos = 0;
  for (;;) {
    const got = fs.readSync(fd, buf, 0, buf.length, pos);
    if (got <= 0) break;
    pos += got;
    const lines = (carry + buf.toString('utf8', 0, got)).split('\n');
    carry = lines.pop() ?? '';
    for (const l of lines) if (l) { JSON.parse(l); records++; }
  }
  if (carry) { JSON.parse(carry); records++; }
  fs.closeSync(fd);
  return measured(t, cpu0, { records });
}

/** (a'): each line made a string of its own from the bytes, then JSON.parse. */
async function baselineLines(): Promise<PhaseResult> {
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(4 << 20);
  let records = 0;
  let pos = 0;
  let filled = 0;
  for (;;) {
    const got = fs.readSync(fd, buf, filled, buf.length - filled, pos);
    if (got <= 0) break;
    pos += got;
    filled += got;
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0 && nl < filled; nl = buf.indexOf(10, start)) {
      if (nl > start) { JSON.parse(buf.toString('utf8', start, nl)); records++; }
      start = nl + 1;
    }
    buf.copy(buf, 0, start, filled);
    filled -= start;
  }
  if (filled > 0) { JSON.parse(buf.toString('utf8', 0, filled)); records++; }
  fs.closeSync(fd);
  return measured(t, cpu0, { records });
}

const workerPath = path.join(root, 'dist/worker.js');

async function index(): Promise<PhaseResult> {
  return indexWith(new LocalRepository());
}

async function indexSplit(): Promise<PhaseResult> {
  if (!fs.existsSync(workerPath)) return { ms: NaN, cpuMs: NaN, maxRssMb: NaN, note: 'dist/worker.js missing (npm run build)' };
  return indexWith(new LocalRepository({ splitWorker: workerPath }));
}

async function indexWith(repo: LocalRepository): Promise<PhaseResult> {
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const s = await repo.open(file);
  let tokens = 0;
  for (const tr of s.traces) tokens += tr.inputTokens + tr.outputTokens;
  const r = measured(t, cpu0, { spans: s.spanCount, traces: s.traces.length, tokens, warnings: s.warnings.length });
  await repo.dispose();
  return r;
}

const APPENDS = 100;

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function append(): Promise<PhaseResult> {
  const size = fs.statSync(file).size;
  const repo = new LocalRepository();
  const s = await repo.open(file);
  const w = new NativeTraceWriter(99, Date.UTC(2026, 10, 22) * 1000);
  const gcs: { start: number; end: number }[] = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  obs.observe({ entryTypes: ['gc'] });
  const wall: number[] = [];
  const cpu: number[] = [];
  const windows: { start: number; end: number }[] = [];
  let spans = s.spanCount;
  try {
    for (let i = 0; i < APPENDS; i++) {
      const line = w.trace(2)[0];
      fs.appendFileSync(file, `${line}\n`);
      const c0 = process.cpuUsage();
      const t = performance.now();
      const after = await repo.refresh(file);
      const t1 = performance.now();
      const c = process.cpuUsage(c0);
      wall.push(t1 - t);
      cpu.push((c.user + c.system) / 1000);
      windows.push({ start: t, end: t1 });
      spans = after!.spanCount;
    }
  } finally {
    // Leave the shared file as generated, for the other phases and the next run.
    fs.truncateSync(file, size);
  }
  await new Promise((r) => setTimeout(r, 50)); // gc entries are delivered asynchronously
  obs.disconnect();
  await repo.dispose();
  // Refreshes over 5 ms: with a collection running during them, or without (the thread was
  // waiting for a core: their CPU time stays small).
  let slowGc = 0, slowOther = 0, slowOtherCpuMax = 0;
  for (let i = 0; i < wall.length; i++) {
    if (wall[i] <= 5) continue;
    if (gcs.some((g) => g.end > windows[i].start && g.start < windows[i].end)) slowGc++;
    else { slowOther++; slowOtherCpuMax = Math.max(slowOtherCpuMax, cpu[i]); }
  }
  const ws = wall.slice().sort((a, b) => a - b);
  const cs = cpu.slice().sort((a, b) => a - b);
  return {
    ms: pct(ws, 50), p95Ms: pct(ws, 95), maxMs: ws[ws.length - 1],
    cpuMs: pct(cs, 50), cpuP95Ms: pct(cs, 95), cpuMaxMs: cs[cs.length - 1],
    slowGc, slowOther, slowOtherCpuMax, firstMs: wall[0],
    maxRssMb: process.resourceUsage().maxRSS / 1024, added: spans - s.spanCount,
  };
}

async function worker(): Promise<PhaseResult> {
  if (!fs.existsSync(workerPath)) return { ms: NaN, cpuMs: NaN, maxRssMb: NaN, note: 'dist/worker.js missing (npm run build)' };
  // Control: the same measurement on an idle thread, for what the machine's own scheduling
  // delays look like while other processes run.
  const idle = monitorEventLoopDelay({ resolution: 5 });
  idle.enable();
  await new Promise((r) => setTimeout(r, 3000));
  idle.disable();
  const h = monitorEventLoopDelay({ resolution: 5 });
  const repo = new WorkerRepository({ workerPath });
  h.enable();
  const t = performance.now();
  const s = await repo.open(file);
  const ms = performance.now() - t;
  h.disable();
  await repo.dispose();
  return {
    ms, cpuMs: 0, maxRssMb: process.resourceUsage().maxRSS / 1024, traces: s.traces.length,
    maxStallMs: h.max / 1e6, p99StallMs: h.percentile(99) / 1e6, idleMaxMs: idle.max / 1e6, idleP99Ms: idle.percentile(99) / 1e6,
  };
}

const PHASES: Record<string, () => Promise<PhaseResult>> = { baseline, baselineLines, index, indexSplit, append, worker };

function runPhase(name: string): PhaseResult {
  const r = spawnSync(process.execPath, [__filename, '--phase', name], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`phase ${name} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as PhaseResult;
}

const f1 = (n: number): string => n.toFixed(1);
const f0 = (n: number): string => n.toFixed(0);

async function main(): Promise<void> {
  const at = process.argv.indexOf('--phase');
  if (at >= 0) {
    const r = await PHASES[process.argv[at + 1]]();
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  if (!fs.existsSync(file)) {
    const t = performance.now();
    const g = generateNativeJsonl(`${file}.tmp`, { spans: SPANS });
    fs.renameSync(`${file}.tmp`, file);
    console.log(`generated ${file}: ${g.lines} records, ${f1(g.bytes / 1e6)} MB in ${f0((performance.now() - t) / 1000)} s`);
  }
  const sizeMb = fs.statSync(file).size / (1024 * 1024);
  // Warm the page cache so neither phase pays for the first read from disk.
  runPhase('baseline');
  const load0 = fs.readFileSync('/proc/loadavg', 'utf8').trim();
  const a = runPhase('baseline');
  const b = runPhase('index');
  const b2 = runPhase('indexSplit');
  const a2 = runPhase('baseline');
  const aLines = runPhase('baselineLines');
  const c = runPhase('append');
  const d = runPhase('worker');
  const load1 = fs.readFileSync('/proc/loadavg', 'utf8').trim();
  // The baseline ran before and after the index phases: the ratios use the faster of the two,
  // so a burst of load elsewhere during one baseline run cannot flatter them.
  const base = { ms: Math.min(a.ms, a2.ms), cpuMs: Math.min(a.cpuMs, a2.cpuMs) };
  const ratio = (x: PhaseResult): string => `wall ${(x.ms / base.ms).toFixed(2)}, cpu ${(x.cpuMs / base.cpuMs).toFixed(2)}`;
  console.log(`machine: ${os.cpus().length} cores, load average before ${load0}, after ${load1}`);
  console.log(`file: ${path.relative(root, file)}, ${f1(sizeMb)} MiB, ${b.spans} spans in ${b.traces} traces (${b.warnings} warnings)`);
  console.log(`(a) baseline read + JSON.parse every line: ${f0(a.ms)} / ${f0(a2.ms)} ms wall (cpu ${f0(a.cpuMs)} / ${f0(a2.cpuMs)} ms), before / after the index phases; peak RSS ${f0(a.maxRssMb)} MiB`);
  console.log(`(b) Spanscope index, one thread (LocalRepository.open, the default): ${f0(b.ms)} ms wall, cpu ${f0(b.cpuMs)} ms, peak RSS ${f0(b.maxRssMb)} MiB = ${(b.maxRssMb / sizeMb).toFixed(2)} x file`);
  console.log(`    (b)/(a): ${ratio(b)}   target <= 0.5`);
  console.log(`(a') for information, a faster naive reader (each line decoded on its own, then JSON.parse): ${f0(aLines.ms)} ms wall, cpu ${f0(aLines.cpuMs)} ms; (b)/(a'): wall ${(b.ms / aLines.ms).toFixed(2)}, cpu ${(b.cpuMs / aLines.cpuMs).toFixed(2)}`);
  if (Number.isNaN(b2.ms)) console.log(`(b2) two halves at once: skipped, ${b2.note}`);
  else {
    console.log(`(b2) Spanscope index, second half on a worker thread (opt-in splitWorker): ${f0(b2.ms)} ms wall, cpu ${f0(b2.cpuMs)} ms (both threads), peak RSS ${f0(b2.maxRssMb)} MiB = ${(b2.maxRssMb / sizeMb).toFixed(2)} x file (both threads)`);
    console.log(`    (b2)/(a): ${ratio(b2)}   target <= 0.5`);
    if (b2.spans !== b.spans || b2.traces !== b.traces || b2.tokens !== b.tokens) console.log('    MISMATCH: (b2) and (b) disagree on spans, traces or tokens');
  }
  console.log(`    peak RSS / file size target <= 0.5`);
  console.log(`(c) append one span + refresh, ${APPENDS} times: wall median ${f1(c.ms)} ms, p95 ${f1(Number(c.p95Ms))} ms, max ${f1(Number(c.maxMs))} ms (first ${f1(Number(c.firstMs))} ms); cpu median ${f1(c.cpuMs)} ms, p95 ${f1(Number(c.cpuP95Ms))} ms, max ${f1(Number(c.cpuMaxMs))} ms   target <= 20 ms`);
  console.log(`    refreshes over 5 ms: ${c.slowGc} with a garbage collection during them, ${c.slowOther} without (their cpu at most ${f1(Number(c.slowOtherCpuMax))} ms: waiting for a core); ${c.added} spans added`);
  if (Number.isNaN(d.ms)) console.log(`(d) WorkerRepository: skipped, ${d.note}`);
  else {
    console.log(`(d) WorkerRepository.open (the extension's way): ${f0(d.ms)} ms; longest stall of the calling thread ${f1(Number(d.maxStallMs))} ms (p99 ${f1(Number(d.p99StallMs))} ms)   target <= 50 ms`);
    console.log(`    control, same thread idle for 3 s before: longest stall ${f1(Number(d.idleMaxMs))} ms (p99 ${f1(Number(d.idleP99Ms))} ms)`);
    console.log(`    peak RSS of that process (idle main thread + parse worker): ${f0(d.maxRssMb)} MiB = ${(d.maxRssMb / sizeMb).toFixed(2)} x file size`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
