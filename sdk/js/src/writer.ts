/**
 * The queue between finished spans and the exporters. Ending a span only appends its line
 * (or the span, see `serializeAt`) to an array; a timer (unref'd, so it never keeps the
 * process alive) hands batches to the exporters. Bounds:
 * - beyond SOFT_BYTES queued, a write is scheduled for the next turn of the event loop;
 * - beyond `maxQueueBytes` (64 MiB by default) the queue is written synchronously, right
 *   away, in the caller: back-pressure instead of loss;
 * - `beforeExit` flushes (and waits for network exporters), `exit` writes synchronously.
 */
import { renderSpan } from './record';
import type { SpanImpl } from './span';
import type { Exporter } from './export/exporter';
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

export class Writer {
  private queue: (string | SpanImpl)[] = [];
  private queuedBytes = 0;
  /** local roots still running whose start record has not been written yet */
  private pendingRoots = new Set<SpanImpl>();
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private readonly serviceJson: string | null;
  /** spans handed to the writer, and lines handed to the exporters */
  created = 0;
  handedOut = 0;

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
      this.queue.push(span);
      this.queuedBytes += DEFERRED_SPAN_BYTES;
    } else {
      const line = this.render(span, false);
      if (line === null) return;
      this.queue.push(line);
      this.queuedBytes += line.length;
    }
    if (this.queuedBytes >= this.opts.maxQueueBytes) this.flushSync();
    else if (this.queuedBytes >= SOFT_BYTES) this.scheduleSoon();
    else this.schedule();
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
      this.immediate = setImmediate(() => this.flushSync());
      this.immediate.unref();
    }
  }

  /** Hands everything queued to the exporters, now. */
  flushSync(final = false): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    const lines: string[] = [];
    for (const root of this.pendingRoots) {
      const line = this.render(root, true);
      if (line !== null) lines.push(line);
    }
    this.pendingRoots.clear();
    const queue = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    for (const item of queue) {
      if (typeof item === 'string') lines.push(item);
      else {
        const line = this.render(item, false);
        if (line !== null) lines.push(line);
      }
    }
    this.handedOut += lines.length;
    for (const ex of this.opts.exporters) {
      try {
        if (lines.length > 0) ex.export(lines);
        if (final) ex.flushSync?.(true);
      } catch {
        // exporters must not throw; one that does only loses its own batch
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
    return this.queue.length + this.pendingRoots.size;
  }
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
