/**
 * Head sampling of new traces: probabilistic on the trace id (so every process that sees the
 * same trace id decides alike), then a token bucket capping kept traces per second. Children
 * follow their parent, remote parents included (the W3C `sampled` flag).
 */
export class Sampler {
  private readonly threshold: number;
  private tokens: number;
  private lastRefill = 0;

  constructor(readonly rate: number, readonly maxPerSecond: number) {
    this.threshold = Math.floor(Math.min(1, Math.max(0, rate)) * 0x1_0000_0000);
    this.tokens = maxPerSecond;
  }

  /** The last 8 hex digits of a UUID are random in v7 and in W3C ids alike. */
  keep(traceId: string, nowMs: number): boolean {
    if (this.threshold < 0x1_0000_0000 && parseInt(traceId.slice(-8), 16) >= this.threshold) return false;
    if (this.maxPerSecond <= 0) return true;
    if (nowMs - this.lastRefill >= 1000) {
      this.tokens = this.maxPerSecond;
      this.lastRefill = nowMs;
    }
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }
}
