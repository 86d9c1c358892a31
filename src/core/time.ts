/**
 * Time values from every format, turned into epoch microseconds (the model's unit).
 *
 * Epoch numbers come in seconds, ms, µs or ns and are told apart by magnitude. Decimal strings
 * are converted by moving the decimal point in the text itself, so a nanosecond string beyond
 * 2^53 keeps its sub-µs digits as a fraction (rounded once, monotonically) instead of being
 * rounded to the nearest representable ns first.
 */

/** Largest integer-part digit count per unit: < 1e11 s, < 1e14 ms, < 1e17 µs, else ns. */
const MAX_DIGITS_SECONDS = 11;
const MAX_DIGITS_MILLIS = 14;
const MAX_DIGITS_MICROS = 17;

/** Epoch µs from an ISO-8601 string, an epoch number (s/ms/µs/ns) or a decimal string. */
export function toMicros(value: unknown): number | undefined {
  if (typeof value === 'number') return numberToMicros(value);
  if (typeof value === 'string') return stringToMicros(value);
  if (typeof value === 'bigint') return decimalToMicros(value.toString(), -1);
  return undefined;
}

/** µs from a value known to be nanoseconds (OTLP `*UnixNano`), whatever its magnitude. */
export function nanosToMicros(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value / 1000 : undefined;
  if (typeof value === 'bigint') return decimalToMicros(value.toString(), 9);
  if (typeof value === 'string') {
    const s = value.trim();
    return isDecimal(s) ? decimalToMicros(s, 9) : undefined;
  }
  return undefined;
}

/** µs from a value known to be seconds (Python `time.time()`), whatever its magnitude. */
export function secondsToMicros(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1e6 : undefined;
  if (typeof value === 'string') {
    const s = value.trim();
    return isDecimal(s) ? decimalToMicros(s, 0) : undefined;
  }
  return undefined;
}

function numberToMicros(n: number): number | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  if (n < 1e11) return n * 1e6;
  if (n < 1e14) return n * 1e3;
  if (n < 1e17) return n;
  return n / 1e3;
}

function stringToMicros(raw: string): number | undefined {
  const s = raw.trim();
  if (s.length === 0) return undefined;
  if (isDecimal(s)) return decimalToMicros(s, -1);
  return isoToMicros(s);
}

/** Unsigned decimal: digits with at most one '.', at least one digit. */
function isDecimal(s: string): boolean {
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && dots === 0) dots++;
    else return false;
  }
  return digits > 0;
}

/**
 * µs from an unsigned decimal string. `unitDigits` is the unit as a power of ten below one
 * second (0 s, 3 ms, 6 µs, 9 ns); -1 picks it from the integer part's magnitude.
 */
function decimalToMicros(s: string, unitDigits: number): number {
  const dot = s.indexOf('.');
  let intPart = dot < 0 ? s : s.slice(0, dot);
  const fracPart = dot < 0 ? '' : s.slice(dot + 1);
  let start = 0;
  while (start < intPart.length - 1 && intPart.charCodeAt(start) === 48) start++;
  intPart = intPart.slice(start);
  let unit = unitDigits;
  if (unit < 0) {
    const n = intPart.length;
    unit = n <= MAX_DIGITS_SECONDS ? 0 : n <= MAX_DIGITS_MILLIS ? 3 : n <= MAX_DIGITS_MICROS ? 6 : 9;
  }
  const shift = 6 - unit; // >0: multiply (move the point right), <0: divide
  const digits = intPart + fracPart;
  const pointAt = intPart.length + shift;
  if (pointAt <= 0) return Number('0.' + '0'.repeat(-pointAt) + digits);
  if (pointAt >= digits.length) return Number(digits + '0'.repeat(pointAt - digits.length));
  return Number(digits.slice(0, pointAt) + '.' + digits.slice(pointAt));
}

/**
 * ISO-8601 with 'T' or ' ', any number of fraction digits, 'Z', '±HH:MM', '±HHMM' or no zone
 * (read as UTC, as Python's naive `utcnow().isoformat()` writes it). Hand-parsed because it
 * runs twice per span on large files; anything unusual falls back to Date.parse.
 */
function isoToMicros(s: string): number | undefined {
  const fast = parseIsoFast(s);
  if (fast !== undefined) return fast;
  // V8's Date.parse also accepts things like "1" or "12 34" as dates; only date-looking text
  // (ISO variants, RFC 2822) gets that far.
  if (!/^\d{4}-\d\d|[A-Za-z]{3}/.test(s)) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms * 1000;
}

function digitsAt(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function parseIsoFast(s: string): number | undefined {
  if (s.length < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 116 && sep !== 32) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const y = digitsAt(s, 0, 4), mo = digitsAt(s, 5, 2), d = digitsAt(s, 8, 2);
  const h = digitsAt(s, 11, 2), mi = digitsAt(s, 14, 2), sec = digitsAt(s, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 24 || mi < 0 || mi > 59 || sec < 0 || sec > 60) {
    return undefined;
  }
  let i = 19;
  let fracMicros = 0;
  if (i < s.length && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
    i++;
    const from = i;
    let f = 0;
    let n = 0;
    while (i < s.length) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (n < 9) {
        f = f * 10 + c;
        n++;
      }
      i++;
    }
    if (i === from) return undefined;
    fracMicros = n <= 6 ? f * 10 ** (6 - n) : f / 10 ** (n - 6);
  }
  let offsetMinutes = 0;
  if (i < s.length) {
    const z = s.charCodeAt(i);
    if (z === 90 || z === 122) {
      i++;
    } else if (z === 43 || z === 45) {
      const oh = digitsAt(s, i + 1, 2);
      let om = 0;
      let end = i + 3;
      if (s.charCodeAt(end) === 58) {
        om = digitsAt(s, end + 1, 2);
        end += 3;
      } else if (end < s.length) {
        om = digitsAt(s, end, 2);
        end += 2;
      }
      if (oh < 0 || om < 0) return undefined;
      offsetMinutes = (z === 45 ? -1 : 1) * (oh * 60 + om);
      i = end;
    }
    if (i !== s.length) return undefined;
  }
  const seconds = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offsetMinutes * 60;
  return seconds * 1e6 + fracMicros;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm): no Date object per call. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** ISO-8601 UTC with microseconds (`2026-11-21T14:45:00.123456Z`); sub-µs digits are dropped. */
export function microsToIso(us: number): string {
  const whole = Math.floor(us);
  const ms = Math.floor(whole / 1000);
  const micros = whole - ms * 1000;
  const iso = new Date(ms).toISOString(); // ...THH:MM:SS.mmmZ
  return iso.slice(0, iso.length - 1) + String(micros).padStart(3, '0') + 'Z';
}

/** Nanoseconds as a decimal string (OTLP JSON), keeping the sub-µs fraction a ns input had. */
export function microsToNanosString(us: number): string {
  const whole = Math.floor(us);
  const fracNs = Math.round((us - whole) * 1000);
  return (BigInt(whole) * 1000n + BigInt(fracNs)).toString();
}
