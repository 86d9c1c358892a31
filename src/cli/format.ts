/** Human-readable numbers for the terminal. */

export function formatDuration(us: number): string {
  if (!Number.isFinite(us)) return '?';
  if (us < 1000) return `${Math.round(us)}µs`;
  const ms = us / 1000;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${Math.round(s - m * 60)}s`;
}

export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export function formatTime(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** Pads to a width, counting code points (names may hold non-ASCII). */
export function pad(s: string, width: number, right = false): string {
  const len = [...s].length;
  if (len >= width) return s;
  const fill = ' '.repeat(width - len);
  return right ? fill + s : s + fill;
}

/** Colour only when writing to a terminal and NO_COLOR is unset (no-color.org). */
export function colours(enabled: boolean) {
  const wrap = (code: string) => (s: string) => (enabled ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { red: wrap('31'), dim: wrap('2'), bold: wrap('1'), yellow: wrap('33'), green: wrap('32'), cyan: wrap('36') };
}
export type Colours = ReturnType<typeof colours>;
