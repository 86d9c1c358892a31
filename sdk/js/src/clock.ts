/**
 * One clock for ids and times: wall-clock epoch microseconds that never go backwards within
 * the process. process.hrtime() is the monotonic clock behind performance.now() without the
 * latter's receiver check (a tenth of a span's cost); it is anchored to the epoch once.
 */
const hrtime = process.hrtime;
const t0 = hrtime();
const originUs = Math.floor((performance.timeOrigin + performance.now()) * 1000) - (t0[0] * 1_000_000 + Math.floor(t0[1] / 1000));

export function nowUs(): number {
  const t = hrtime();
  return originUs + t[0] * 1_000_000 + Math.floor(t[1] / 1000);
}

// Formatting a Date is the slow part; the second-level prefix changes rarely, so cache it.
let isoSec = -1;
let isoPrefix = '';
let dotPrefix = '';

function refresh(sec: number): void {
  isoSec = sec;
  const s = new Date(sec * 1000).toISOString(); // 2026-11-21T14:45:00.000Z
  isoPrefix = s.slice(0, 20);
  dotPrefix = s.slice(0, 4) + s.slice(5, 7) + s.slice(8, 13) + s.slice(14, 16) + s.slice(17, 19);
}

const DIGITS3: string[] = [];
for (let i = 0; i < 1000; i++) DIGITS3.push(String(i).padStart(3, '0'));

/**
 * The microseconds within second `sec`, zero-padded to six digits (two table lookups).
 * Subtraction, not `%`: epoch microseconds are doubles beyond 2^31, where `%` is a slow call.
 */
function frac6(us: number, sec: number): string {
  const f = us - sec * 1_000_000;
  const hi = Math.floor(f / 1000);
  return DIGITS3[hi] + DIGITS3[f - hi * 1000];
}

/** `2026-11-21T14:45:00.123456Z` */
export function isoUs(us: number): string {
  const sec = Math.floor(us / 1_000_000);
  if (sec !== isoSec) refresh(sec);
  return isoPrefix + frac6(us, sec) + 'Z';
}

/** LangSmith's dotted_order stamp: `20261121T144500123456Z` */
export function dottedStamp(us: number): string {
  const sec = Math.floor(us / 1_000_000);
  if (sec !== isoSec) refresh(sec);
  return dotPrefix + frac6(us, sec) + 'Z';
}
