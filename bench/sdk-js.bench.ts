/**
 * Per-span cost of the JS SDK, including serialization and the file write, against
 * OpenTelemetry JS (BasicTracerProvider + BatchSpanProcessor + a no-op exporter) measured in
 * the same run. Goal: ≤ 1 µs/span and ≤ 0.25× OpenTelemetry.
 *
 * Each case creates N child spans under one root in a tight loop, then flushes; the time
 * covers creation, ending, serialization and handing the lines to the file (or to the
 * exporter, for OpenTelemetry). Spans written are counted in the file / the exporter.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { span, startSpan, configure, flush, shutdown, observe } from '../sdk/js/src/index';
import { currentWriter } from '../sdk/js/src/tracer';
import type { Exporter } from '../sdk/js/src/export/exporter';

const N = Number(process.env.SPANSCOPE_BENCH_SPANS ?? 200_000);
const ROUNDS = Number(process.env.SPANSCOPE_BENCH_ROUNDS ?? 5);
/**
 * Spans come in bursts of BURST with a turn of the event loop between them, as in a program
 * that awaits I/O: each side's background work (OpenTelemetry's batch export, our writes) gets
 * to run, so neither drops nor hoards spans because the loop never yields.
 */
const BURST = 1000;
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanscope-bench-'));

interface Result { name: string; usPerSpan: number; sysPerSpan: number; written: number; created: number }
const results: Result[] = [];

/**
 * Finished child records in the file (the root and its running record are not counted), read
 * through a small buffer: one string of the whole file would leave ~100 MB of garbage for the
 * collector to reclaim during a later case's timing.
 */
function countChildren(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const needle = Buffer.from('"name":"child');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = fs.openSync(file, 'r');
  let n = 0;
  let keep = 0;
  try {
    for (;;) {
      const got = fs.readSync(fd, buf, keep, buf.length - keep, null);
      const end = keep + got;
      const view = buf.subarray(0, end);
      for (let i = view.indexOf(needle); i >= 0; i = view.indexOf(needle, i + 1)) n++;
      if (got === 0) break;
      // Carry the last few bytes over, so a match across two reads is found once.
      keep = Math.min(needle.length - 1, end);
      buf.copy(buf, 0, end - keep, end);
    }
  } finally {
    fs.closeSync(fd);
  }
  return n;
}

/** Receives the batches and discards them, like the no-op exporter on the OpenTelemetry side. */
class DiscardExporter implements Exporter {
  records = 0;
  export(_bytes: Uint8Array, count: number): void {
    this.records += count;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs one round; returns how to count what was written (called outside the timing). */
type Body = (round: number) => Promise<() => { written: number; created: number }>;
const cases: { name: string; body: Body }[] = [];

/** Registers a case; `runAll` interleaves the cases round by round, so a busy machine hurts each alike. */
function measure(name: string, body: Body): Promise<void> {
  cases.push({ name, body });
  return Promise.resolve();
}

/** CPU time (user + system, all threads: GC and the writer count), median over rounds. */
async function runAll(): Promise<void> {
  const times = new Map<string, number[]>();
  const sys = new Map<string, number[]>();
  const last = new Map<string, { written: number; created: number }>();
  for (let r = -1; r < ROUNDS; r++) {
    for (const c of cases) {
      if (global.gc) global.gc();
      const c0 = process.cpuUsage();
      const count = await c.body(r);
      const used = process.cpuUsage(c0);
      const out = count();
      if (r < 0) continue; // warm-up
      const list = times.get(c.name) ?? [];
      list.push((used.user + used.system) / N);
      times.set(c.name, list);
      sys.set(c.name, [...(sys.get(c.name) ?? []), used.system / N]);
      last.set(c.name, out);
    }
  }
  for (const c of cases) results.push({ name: c.name, usPerSpan: median(times.get(c.name)!), sysPerSpan: median(sys.get(c.name)!), ...last.get(c.name)! });
}

interface CaseOptions { captureSource?: boolean; serializeAt?: 'end' | 'writer'; sampleRate?: number; discard?: boolean }

function spanscopeCase(label: string, opts: CaseOptions, make: (i: number) => void): Promise<void> {
  return measure(label, async (round) => {
    const file = path.join(dir, `${label.replace(/\W+/g, '-')}-${round}.jsonl`);
    const discard = new DiscardExporter();
    configure({
      file: opts.discard ? null : file, exporters: opts.discard ? [discard] : [],
      captureSource: opts.captureSource ?? true, serializeAt: opts.serializeAt ?? 'end', sampleRate: opts.sampleRate ?? 1, service: 'bench',
    });
    await span('root', async () => {
      for (let i = 0; i < N; i++) {
        make(i);
        if (i % BURST === BURST - 1) await turn();
      }
    });
    await flush();
    // The root's record (and its running record, if a write happened while it ran) is not a child.
    const w = currentWriter();
    return () => {
      // Close the file before it is removed, outside the timing: otherwise the next case's
      // configure() closes it, and the kernel frees the removed file's pages in that case's time.
      void shutdown();
      const written = opts.discard ? Math.max(0, discard.records - 1 - (w?.startRecords ?? 0)) : countChildren(file);
      const created = Math.max(0, (w?.created ?? 0) - 1);
      fs.rmSync(file, { force: true });
      return { written, created };
    };
  });
}

class NoopExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (r: { code: number }) => void): void {
    this.exported += spans.length;
    done({ code: 0 });
  }
  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}

async function otelCase(label: string, active: boolean): Promise<void> {
  await measure(label, async () => {
    const exporter = new NoopExporter();
    // Defaults but a queue holding one burst, so OpenTelemetry drops nothing between turns.
    const provider = new BasicTracerProvider({
      spanProcessors: [new BatchSpanProcessor(exporter, { maxQueueSize: 2 * BURST, maxExportBatchSize: 512 })],
    });
    const tracer = provider.getTracer('bench');
    const root = tracer.startSpan('root');
    const ctx = trace.setSpan(context.active(), root);
    for (let i = 0; i < N; i++) {
      if (active) tracer.startActiveSpan('child', {}, ctx, (s) => s.end());
      else tracer.startSpan('child', {}, ctx).end();
      if (i % BURST === BURST - 1) await turn();
    }
    root.end();
    await provider.forceFlush();
    await provider.shutdown();
    return () => ({ written: exporter.exported - 1, created: N });
  });
}

const child = observe(function child(i: number) { return i; }, { name: 'child' });

// No top-level await: the bench runner may bundle this as CommonJS.
async function main(): Promise<void> {
  await otelCase('OpenTelemetry startActiveSpan (no-op context manager)', true);
  await otelCase('OpenTelemetry startSpan/end', false);
  await spanscopeCase('spanscope span(name, fn), no-op exporter', { captureSource: false, discard: true }, () => span('child', () => undefined));
  await spanscopeCase('spanscope startSpan/end, no-op exporter', { captureSource: false, discard: true }, () => startSpan('child').end());
  await spanscopeCase('spanscope span(name, fn), call-site source', {}, () => span('child', () => undefined));
  await spanscopeCase('spanscope span(name, fn), no source', { captureSource: false }, () => span('child', () => undefined));
  // Worst case for call sites: every span has a name never seen before, so each captures and
  // parses its own stack (the per-name memory never helps).
  await spanscopeCase('spanscope span(), source captured per span', {}, (i) => span(`child ${i}`, () => undefined));
  await spanscopeCase('spanscope startSpan/end (using-style)', { captureSource: false }, () => startSpan('child').end());
  await spanscopeCase('spanscope observe(fn) with inputs/outputs', {}, (i) => child(i));
  await spanscopeCase('spanscope span(), serialized in writer', { captureSource: false, serializeAt: 'writer' }, () => span('child', () => undefined));
  await spanscopeCase('spanscope span(), trace sampled out', { sampleRate: 0 }, () => span('child', () => undefined));

  await runAll();
  const otel = results.find((r) => r.name.startsWith('OpenTelemetry startSpan'))!.usPerSpan;
  const otelActive = results.find((r) => r.name.startsWith('OpenTelemetry startActive'))!.usPerSpan;
  console.log(`\nJS SDK per-span CPU cost, ${N} spans × ${ROUNDS} interleaved rounds (median), node ${process.version}`);
  console.log('case'.padEnd(58), 'µs/span', ' ×OTel', ' (sys)', '  written/created');
  for (const r of results) {
    const base = r.name.includes('span(') || r.name.includes('observe') ? otelActive : otel;
    console.log(r.name.padEnd(58), r.usPerSpan.toFixed(3).padStart(7), (r.usPerSpan / base).toFixed(2).padStart(6), r.sysPerSpan.toFixed(3).padStart(6), `  ${r.written}/${r.created}`);
  }
  console.log('(×OTel: callback forms against startActiveSpan, manual forms against startSpan/end; sys: the kernel\'s share, mostly file writes)');
  const main = results.find((r) => r.name.includes('span(name, fn), no source'))!;
  console.log(`goal ≤ 1 µs/span: ${main.usPerSpan <= 1 ? 'met' : 'NOT met'} (${main.usPerSpan.toFixed(3)}); ≤ 0.25× OTel: ${main.usPerSpan / otelActive <= 0.25 ? 'met' : 'NOT met'} (${(main.usPerSpan / otelActive).toFixed(2)})`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
