/**
 * The queue between finished spans and the exporters. Ending a span only appends its line
 * (or the span, see `serializeAt`) to an array; a timer (unref'd, so it never keeps the
 * process alive) hands batches to the exporters. Bounds:
 * - beyond SOFT_BYTES queued, the full buffers are written at the next turn of the event loop
 *   (the one being filled waits for the timer or the next burst);
 * - beyond `maxQueueBytes` (64 MiB by default) the queue is written synchronously, right
 *   away, in the caller: back-pressure instead of loss;
 * - `beforeExit` flushes (and waits for network exporters), `exit` writes synchronously.
 */
import { renderSpan } from './record';
import { templated, writeTemplated } from './lineTemplate';
import type { SpanImpl } from './span';
import type { Exporter } from './export/exporter';
import { MAX_WRITE_BYTES } from './export/file';
import type { RedactHook } from './config';

const SOFT_BYTES = 1024 * 1024;
/** What a span costs in the queue before it is serialized (for the bound in deferred mode). */
const DEFERRED_SPAN_BYTES = 512;

export interface WriterOptions {
  exporters: Exporter[];
  service: string | undefined;
  redact: RedactHook | undefined;
  flushIntervalMs: number;
  maxQueueBytes: number;
  /** 'end': serialize when a span ends (default); 'writer': keep spans, serialize per batch */
  serializeAt: 'end' | 'writer';
}

interface Chunk { buf: Buffer; len: number; count: number }
/** lines joined and encoded together */
const GROUP = 128;

declare module 'node:buffer' {
  interface Buffer {
    /** Node's encoder without Buffer#write's argument normalization (stable since Node 0.x). */
    utf8Write(s: string, offset?: number, length?: number): number;
  }
}

/**
 * Lines are encoded straight into 1 MiB buffers as spans end: the strings die young (cheap
 * to collect) and queued data lives off the JS heap. Each sealed buffer is one write.
 */
export class Writer {
  private chunks: Chunk[] = [];
  private buf: Buffer = Buffer.allocUnsafe(MAX_WRITE_BYTES);
  /** `buf` as a DataView, for the templated path's word stores */
  private view: DataView = viewOf(this.buf);
  private pos = 0;
  private count = 0;
  private spare: Buffer[] = [];
  private lines: string[] = [];
  private linesChars = 0;
  private deferred: SpanImpl[] = [];
  private queuedBytes = 0;
  /** local roots still running whose start record has not been written yet */
  private pendingRoots = new Set<SpanImpl>();
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private readonly serviceJson: string | null;
  /** span records produced, and start records of running roots written (the benchmark counts them) */
  created = 0;
  startRecords = 0;

  constructor(readonly opts: WriterOptions) {
    this.serviceJson = opts.service === undefined ? null : JSON.stringify(opts.service);
    hookProcess(this);
  }

  rootStarted(span: SpanImpl): void {
    this.pendingRoots.add(span);
    this.schedule();
  }

  spanEnded(span: SpanImpl): void {
    this.created++;
    if (span.isRoot) this.pendingRoots.delete(span);
    if (this.opts.serializeAt === 'writer') {
      this.deferred.push(span);
      this.queuedBytes += DEFERRED_SPAN_BYTES;
    } else if (!this.writeFast(span)) {
      const line = this.render(span, false);
      if (line !== null) this.append(line);
    }
    if (this.queuedBytes >= this.opts.maxQueueBytes) this.flushSync();
    else if (this.queuedBytes >= SOFT_BYTES) this.scheduleSoon();
    else this.schedule();
  }

  /**
   * Lines gather in a short array and are joined and encoded together: one flat copy and one
   * encode call per group instead of per line, and the strings still die young.
   */
  private append(line: string): void {
    this.lines.push(line);
    this.linesChars += line.length;
    this.queuedBytes += line.length;
    if (this.lines.length >= GROUP) this.drain();
  }

  private drain(): void {
    if (this.lines.length === 0) return;
    const lines = this.lines;
    const chars = this.linesChars;
    this.lines = [];
    this.linesChars = 0;
    if (this.pos + chars * 3 <= MAX_WRITE_BYTES) {
      this.pos += this.buf.utf8Write(lines.join(''), this.pos);
      this.count += lines.length;
      return;
    }
    for (const line of lines) this.encode(line);
  }

  private encode(line: string): void {
    // A UTF-16 code unit is at most 3 UTF-8 bytes: measure exactly only near the end.
    if (this.pos + line.length * 3 > MAX_WRITE_BYTES) {
      const need = Buffer.byteLength(line);
      if (this.pos + need > MAX_WRITE_BYTES) {
        this.seal();
        if (need > MAX_WRITE_BYTES) {
          // A record larger than a batch is written alone, in one write.
          this.chunks.push({ buf: Buffer.from(line), len: need, count: 1 });
          return;
        }
      }
    }
    this.pos += this.buf.utf8Write(line, this.pos);
    this.count++;
  }

  private seal(): void {
    if (this.count === 0) return;
    this.chunks.push({ buf: this.buf, len: this.pos, count: this.count });
    this.buf = this.spare.pop() ?? Buffer.allocUnsafe(MAX_WRITE_BYTES);
    this.view = viewOf(this.buf);
    this.pos = 0;
    this.count = 0;
  }

  /** The common record straight into the buffer from its template; false: use `render`. */
  private writeFast(span: SpanImpl): boolean {
    if (this.opts.redact !== undefined || !templated(span)) return false;
    try {
      // Lines still gathering go first, so the file keeps the order spans ended in.
      if (this.lines.length > 0) this.drain();
      let n = writeTemplated(span, this.serviceJson, this.buf, this.view, this.pos, MAX_WRITE_BYTES);
      if (n < 0) {
        this.seal();
        n = writeTemplated(span, this.serviceJson, this.buf, this.view, this.pos, MAX_WRITE_BYTES);
        if (n < 0) return false;
      }
      this.pos += n;
      this.count++;
      this.queuedBytes += n;
      return true;
    } catch {
      return false;
    }
  }

  private render(span: SpanImpl, running: boolean): string | null {
    try {
      return renderSpan(span, running, this.opts.service, this.serviceJson, this.opts.redact);
    } catch {
      // renderSpan stringifies every odd value; reaching here means a bug, not user data.
      return null;
    }
  }

  private schedule(): void {
    if (this.timer === undefined && this.immediate === undefined) {
      this.timer = setTimeout(() => this.flushSync(), this.opts.flushIntervalMs);
      this.timer.unref();
    }
  }

  private scheduleSoon(): void {
    if (this.immediate === undefined) {
      this.immediate = setImmediate(() => this.writeFull());
      this.immediate.unref();
    }
  }

  /**
   * The write a burst asks for: full buffers only. The one being filled waits for the next
   * burst to fill it or for the timer, so a steady stream reaches the file in whole
   * MAX_WRITE_BYTES writes: fewer writes, and page-aligned ones, which cost the kernel less
   * per byte than a full buffer plus a short tail each time.
   */
  private writeFull(): void {
    this.immediate = undefined;
    if (this.deferred.length > 0) this.serializeDeferred();
    const full = this.chunks;
    this.chunks = [];
    for (const c of full) this.queuedBytes -= c.len;
    if (this.queuedBytes < 0) this.queuedBytes = 0;
    this.exportChunks(full);
    this.schedule();
  }

  private serializeDeferred(): void {
    const deferred = this.deferred;
    this.deferred = [];
    this.queuedBytes -= deferred.length * DEFERRED_SPAN_BYTES;
    for (const span of deferred) {
      if (this.writeFast(span)) continue;
      const line = this.render(span, false);
      if (line !== null) this.append(line);
    }
  }

  private exportChunks(batch: Chunk[]): void {
    for (const c of batch) {
      const bytes = c.buf.subarray(0, c.len);
      for (const ex of this.opts.exporters) {
        try {
          ex.export(bytes, c.count);
        } catch {
          // exporters must not throw; one that does only loses its own batch
        }
      }
      if (c.buf.length === MAX_WRITE_BYTES && this.spare.length < 2) this.spare.push(c.buf);
    }
  }

  /** Hands everything queued to the exporters, now. */
  flushSync(final = false): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    // Start records of roots still running go first, then the spans that ended.
    this.drain();
    const ended = this.chunks;
    this.chunks = [];
    this.seal();
    const tail = this.chunks;
    this.chunks = [];
    for (const root of this.pendingRoots) {
      const line = this.render(root, true);
      if (line !== null) {
        this.append(line);
        this.startRecords++;
      }
    }
    this.pendingRoots.clear();
    this.serializeDeferred();
    this.drain();
    this.seal();
    const batch = [...this.chunks, ...ended, ...tail];
    this.chunks = [];
    this.queuedBytes = 0;
    this.exportChunks(batch);
    if (final) {
      for (const ex of this.opts.exporters) {
        try {
          ex.flushSync?.(true);
        } catch { /* as above */ }
      }
    }
  }

  async flush(): Promise<void> {
    this.flushSync();
    await Promise.all(this.opts.exporters.map((ex) => ex.flush?.().catch(() => undefined)));
  }

  async shutdown(): Promise<void> {
    this.flushSync(true);
    await Promise.all(this.opts.exporters.map((ex) => ex.shutdown?.().catch(() => undefined)));
    unhookProcess(this);
  }

  get pending(): number {
    return this.chunks.length + this.count + this.lines.length + this.deferred.length + this.pendingRoots.size;
  }
}

function viewOf(buf: Buffer): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.length);
}

// One set of process hooks for whichever writer is current.
let current: Writer | undefined;
let hooked = false;

function hookProcess(w: Writer): void {
  current = w;
  if (hooked) return;
  hooked = true;
  process.on('beforeExit', () => {
    // Only when there is work: an async flush here would otherwise re-emit beforeExit forever.
    if (current && (current.pending > 0)) void current.flush();
  });
  process.on('exit', () => current?.flushSync(true));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      current?.flushSync(true);
      // Keep the default behaviour (terminate by this signal) unless the program handles it.
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

function unhookProcess(w: Writer): void {
  if (current === w) current = undefined;
}
