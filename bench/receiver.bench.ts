/**
 * The OTLP/HTTP receiver under load: 10 concurrent exporters (keep-alive HTTP clients sending
 * protobuf batches of 512 spans, encoded beforehand by OpenTelemetry's own serializer) on
 * loopback for RECEIVER_BENCH_SECONDS (default 20).
 *
 * Baseline, same run, same clients: a bare node:http server in the same kind of child process
 * that reads each body and answers 200 (no decoding, no file). The receiver's throughput is
 * reported as a ratio of it. The server runs in a child process so its RSS is its own.
 * Spans lost = spans in requests answered 200 − spans counted in the files (must be 0).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { OtlpReceiver, type ReceiverStats } from '../src/ingest/receiver';
import { makeSpans, protobufBody } from '../test/ingest/receiver/payloads';

const SECONDS = Number(process.env.RECEIVER_BENCH_SECONDS ?? 20);
const CLIENTS = 10;
const BATCH = 512;
const DISTINCT_BATCHES = 16;

type ToChild = { type: 'sample' } | { type: 'stop' };
type FromChild =
  | { type: 'ready'; port: number }
  | { type: 'sample'; rss: number; maxRss: number; stats?: ReceiverStats }
  | { type: 'stopped' };

/** Child side: `--serve receiver|baseline <dir>`. */
async function serve(kind: string, dir: string): Promise<void> {
  const send = (m: FromChild) => process.send!(m);
  let stats: ReceiverStats | undefined;
  let stop: () => Promise<void>;
  let port: number;
  if (kind === 'receiver') {
    const r = new OtlpReceiver({ port: 0, directory: dir, maxFileBytes: 256 << 20 });
    port = await r.start();
    stats = r.stats;
    stop = () => r.stop();
  } else {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/x-protobuf', 'Content-Length': 0 });
        res.end();
      });
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
    port = (server.address() as { port: number }).port;
    stop = () => new Promise((res) => { server.close(() => res()); server.closeAllConnections(); });
  }
  process.on('message', async (m: ToChild) => {
    if (m.type === 'sample') {
      send({ type: 'sample', rss: process.memoryUsage().rss, maxRss: process.resourceUsage().maxRSS * 1024, stats });
    } else {
      await stop();
      send({ type: 'stopped' });
      process.exit(0);
    }
  });
  send({ type: 'ready', port });
}

function request(child: ChildProcess, m: ToChild, want: FromChild['type']): Promise<FromChild> {
  return new Promise((resolve) => {
    const on = (r: FromChild) => {
      if (r.type !== want) return;
      child.off('message', on);
      resolve(r);
    };
    child.on('message', on);
    child.send(m);
  });
}

interface RunResult {
  acceptedSpans: number;
  requests: number;
  failed: number;
  latenciesMs: number[];
  peakRssMb: number;
  stats?: ReceiverStats;
}

async function run(kind: 'receiver' | 'baseline', dir: string, bodies: Buffer[]): Promise<RunResult> {
  const child = fork(__filename, ['--serve', kind, dir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<FromChild>((resolve) => child.once('message', resolve));
  const port = (ready as { port: number }).port;
  let peakRss = 0;
  const sampler = setInterval(() => {
    void request(child, { type: 'sample' }, 'sample').then((s) => { peakRss = Math.max(peakRss, (s as { rss: number }).rss); });
  }, 250);

  const result: RunResult = { acceptedSpans: 0, requests: 0, failed: 0, latenciesMs: [], peakRssMb: 0 };
  const deadline = performance.now() + SECONDS * 1000;
  const client = async (n: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = n; performance.now() < deadline; i += CLIENTS) {
      const body = bodies[i % bodies.length];
      const t = performance.now();
      const status = await new Promise<number>((resolve) => {
        const req = http.request({
          host: '127.0.0.1', port, path: '/v1/traces', method: 'POST', agent,
          headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': body.length },
        }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', () => resolve(-1));
        req.end(body);
      });
      result.latenciesMs.push(performance.now() - t);
      result.requests++;
      if (status === 200) result.acceptedSpans += BATCH;
      else result.failed++;
    }
    agent.destroy();
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
  clearInterval(sampler);
  const last = (await request(child, { type: 'sample' }, 'sample')) as { rss: number; maxRss: number; stats?: ReceiverStats };
  result.peakRssMb = Math.max(peakRss, last.rss, last.maxRss) / (1 << 20);
  result.stats = last.stats;
  await request(child, { type: 'stop' }, 'stopped');
  return result;
}

/** Spans in the receiver's trace files (otlp-*.jsonl; the folder also holds its .gitignore), each line parsed. */
function countStored(dir: string): number {
  let spans = 0;
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.jsonl')) continue;
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    for (const line of text.split('\n')) {
      if (!line) continue;
      for (const rs of JSON.parse(line).resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) spans += (ss.spans ?? []).length;
    }
  }
  return spans;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? NaN;
};

async function main(): Promise<void> {
  const bodies = Array.from({ length: DISTINCT_BATCHES }, () => protobufBody(makeSpans(BATCH)));
  const dir = path.join(__dirname, `receiver-bench-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`${CLIENTS} clients × protobuf batches of ${BATCH} spans (${(bodies[0].length / 1024).toFixed(0)} KiB each), ${SECONDS} s per server`);

  const base = await run('baseline', dir, bodies);
  const recv = await run('receiver', dir, bodies);
  const stored = countStored(dir);
  const bytes = fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  fs.rmSync(dir, { recursive: true, force: true });

  const rate = (r: RunResult) => r.acceptedSpans / SECONDS;
  const row = (name: string, r: RunResult) => console.log(
    `${name.padEnd(10)} ${Math.round(rate(r)).toLocaleString('en-US').padStart(10)} spans/s  `
    + `${r.requests.toString().padStart(6)} requests (${r.failed} failed)  p50 ${quantile(r.latenciesMs, 0.5).toFixed(1)} ms  p99 ${quantile(r.latenciesMs, 0.99).toFixed(1)} ms  peak RSS ${r.peakRssMb.toFixed(0)} MB`,
  );
  row('baseline', base);
  row('receiver', recv);
  console.log(`receiver / baseline throughput: ${(rate(recv) / rate(base)).toFixed(2)}`);
  console.log(`stored: ${stored} spans in ${(bytes / (1 << 20)).toFixed(0)} MB of OTLP JSON; acknowledged: ${recv.acceptedSpans}; `
    + `receiver counted ${recv.stats?.spansAccepted}`);
  const lost = recv.acceptedSpans - stored;
  console.log(`spans lost: ${lost}`);
  if (lost !== 0 || recv.failed > 0) process.exitCode = 1;
}

if (process.argv[2] === '--serve') void serve(process.argv[3], process.argv[4]);
else void main();
