/** Short human labels for durations, token counts and costs, shared by every webview. */

/** µs → "850 µs", "12.3 ms", "1.24 s", "2m 05s", "1h 02m". */
export function formatDuration(us: number): string {
  if (!Number.isFinite(us)) return '—';
  const a = Math.abs(us);
  const sign = us < 0 ? '-' : '';
  if (a < 1000) return `${sign}${round(a, a < 10 ? 1 : 0)} µs`;
  if (a < 1e6) return `${sign}${round(a / 1000, a < 1e4 ? 2 : a < 1e5 ? 1 : 0)} ms`;
  if (a < 60e6) return `${sign}${round(a / 1e6, a < 1e7 ? 2 : 1)} s`;
  const totalS = Math.floor(a / 1e6);
  if (totalS < 3600) return `${sign}${Math.floor(totalS / 60)}m ${pad2(totalS % 60)}s`;
  return `${sign}${Math.floor(totalS / 3600)}h ${pad2(Math.floor(totalS / 60) % 60)}m`;
}

/** Token counts: 950, 12.3k, 1.2M. */
export function formatTokens(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (n < 1000) return String(Math.round(n));
  if (n < 1e6) return `${round(n / 1000, n < 1e4 ? 1 : 0)}k`;
  return `${round(n / 1e6, n < 1e7 ? 1 : 0)}M`;
}

/** USD with enough digits to tell small LLM costs apart: $0.00042, $0.013, $1.27. */
export function formatCost(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  if (usd === 0) return '$0';
  const a = Math.abs(usd);
  if (a >= 1) return `$${usd.toFixed(2)}`;
  if (a >= 0.01) return `$${usd.toFixed(3)}`;
  return `$${usd.toPrecision(2)}`;
}

/** Byte sizes for "large value" notices. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${round(n / 1024, 1)} KB`;
  return `${round(n / 1024 / 1024, 1)} MB`;
}

/** Epoch µs → local date and time with milliseconds. */
export function formatTimestamp(us: number): string {
  const d = new Date(us / 1000);
  if (Number.isNaN(d.getTime())) return '—';
  const p = (x: number, w = 2) => String(x).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

function round(x: number, digits: number): string {
  // toFixed, then drop trailing zeros so "1.50 s" reads "1.5 s".
  const s = x.toFixed(digits);
  return digits > 0 ? s.replace(/\.?0+$/, '') : s;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
