/**
 * The index of a large native JSONL file against a naive baseline, in the same run:
 *   (a) read the file and JSON.parse every line;
 *   (b) LocalRepository.open: every trace with counts, durations, tokens;
 *   (c) append one span and refresh (the index updated from the appended bytes only);
 *   (d) the same file opened through WorkerRepository: the longest stall of this thread.
 * Each phase runs in a child process of its own, so peak RSS (maxRSS) is that phase's alone.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
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

async function index(): Promise<PhaseResult> {
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const repo = new LocalRepository();
  const s = await repo.open(file);
  let tokens = 0;
  for (const tr of s.traces) tokens += tr.inputTokens + tr.outputTokens;
  const r = measured(t, cpu0, { spans: s.spanCount, traces: s.traces.length, tokens, warnings: s.warnings.length });
  await repo.dispose();
  return r;
}

async function append(): Promise<PhaseResult> {
  const size = fs.statSync(file).size;
  const repo = new LocalRepository();
  const s = await repo.open(file);
  const w = new NativeTraceWriter(99, Date.UTC(2026, 10, 22) * 1000);
  const times: number[] = [];
  let spans = s.spanCount;
  try {
    for (let i = 0; i < 30; i++) {
      const line = w.trace(2)[0];
      fs.appendFileSync(file, `${line}\n`);
      const t = performance.now();
      const after = await repo.refresh(file);
      times.push(performance.now() - t);
      spans = after!.spanCount;
    }
  } finally {
    // Leave the shared file as generated, for the other phases and the next run.
    fs.truncateSync(file, size);
  }
  await repo.dispose();
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], maxMs: times[times.length - 1], cpuMs: 0, maxRssMb: process.resourceUsage().maxRSS / 1024, added: spans - s.spanCount };
}

async function worker(): Promise<PhaseResult> {
  const workerPath = path.join(root, 'dist/worker.js');
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

const PHASES: Record<string, () => Promise<PhaseResult>> = { baseline, index, append, worker };

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
  const a = runPhase('baseline');
  const b = runPhase('index');
  const c = runPhase('append');
  const d = runPhase('worker');
  console.log(`file: ${path.relative(root, file)}, ${f1(sizeMb)} MiB, ${b.spans} spans in ${b.traces} traces (${b.warnings} warnings)`);
  console.log(`(a) baseline read + JSON.parse every line: ${f0(a.ms)} ms (cpu ${f0(a.cpuMs)} ms), peak RSS ${f0(a.maxRssMb)} MiB`);
  console.log(`(b) Spanscope index (LocalRepository.open): ${f0(b.ms)} ms (cpu ${f0(b.cpuMs)} ms), peak RSS ${f0(b.maxRssMb)} MiB`);
  console.log(`    (b)/(a) time: ${(b.ms / a.ms).toFixed(2)} (cpu ${(b.cpuMs / a.cpuMs).toFixed(2)})   target <= 0.5`);
  console.log(`    peak RSS / file size: ${(b.maxRssMb / sizeMb).toFixed(2)}   target <= 0.5`);
  console.log(`(c) append one span + refresh: median ${f1(c.ms)} ms, max ${f1(Number(c.maxMs))} ms over 30 appends (${c.added} spans added)   target <= 20 ms`);
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
