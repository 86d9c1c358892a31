/**
 * Measures how long the extension host's event loop is held while trace files load, so a
 * regression (parsing creeping back onto the host thread) shows in the log and in the e2e suite.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export class HostLag {
  private readonly h: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly w: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;

  constructor() {
    this.h.enable();
  }

  /** Runs `work`, and reports the longest the event loop was held from its start to its end (ms). */
  async measure<T>(work: () => Promise<T>, report: (maxMs: number, tookMs: number) => void): Promise<T> {
    if (this.inFlight++ === 0) this.h.reset();
    const t0 = Date.now();
    try {
      return await work();
    } finally {
      this.inFlight--;
      // The histogram holds the loop's delays beyond the 10 ms sampling interval.
      report(Math.max(0, this.h.max / 1e6 - 10), Date.now() - t0);
    }
  }

  /**
   * Every second, says in the log when the event loop was held longer than `limitMs` in it:
   * tree updates and message decoding count too, not only the calls `measure` wraps.
   */
  watch(limitMs: number, warn: (heldMs: number) => void): void {
    this.w.enable();
    this.timer = setInterval(() => {
      const held = Math.max(0, this.w.max / 1e6 - 10);
      this.w.reset();
      if (held > limitMs) warn(held);
    }, 1000);
    this.timer.unref();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.h.disable();
    this.w.disable();
  }
}
