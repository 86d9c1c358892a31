/**
 * Byte-level pieces of the native column decoder (nativeDecode.ts): key and vocabulary
 * matching, short strings, ISO times, flat token counts. Each mirrors what the native reader
 * (core/readers/native.ts) does with the same value, or declines.
 */
import { SPAN_TYPES } from '../../core/model';
import { toMicros } from '../../core/time';
import { isoMicros } from './isoTime';
import { setKeys } from './memberScan';
import { HEAVY_KEYS, skipValue } from './nativeScan';
import { NO_TOKENS, TYPE_CODE, USAGE_KEYS } from './spanTable';

export const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export const K_ID = 1, K_TRACE = 2, K_PARENT = 3, K_DOTTED = 4, K_NAME = 5, K_TYPE = 6, K_START = 7, K_END = 8,
  K_STATUS = 9, K_ERROR = 10, K_MODEL = 11, K_PROVIDER = 12, K_USAGE = 13, K_COST = 14, K_SOURCE = 15,
  K_SERVICE = 16, K_TAGS = 17, K_KIND = 18, K_HEAVY = 19, K_MODEL_SOURCE = 20, K_OUTPUTS = 21;

/**
 * A small set of keys by their first two bytes, then verified byte for byte: cheaper than a
 * hash lookup for the handful of keys of a usage object.
 */
class KeyTable {
  private readonly first = new Int16Array(65536).fill(-1);
  private readonly next: number[] = [];
  private readonly bytes: Buffer[] = [];
  private readonly codes: number[] = [];

  add(name: string, code: number): void {
    const b = Buffer.from(name);
    const k = b[0] * 256 + b[1];
    const at = this.bytes.length;
    this.bytes.push(b);
    this.codes.push(code);
    this.next.push(this.first[k]);
    this.first[k] = at;
  }

  code(buf: Uint8Array, s: number, e: number): number {
    if (e - s < 2) return 0;
    const n = e - s;
    for (let c = this.first[buf[s] * 256 + buf[s + 1]]; c >= 0; c = this.next[c]) {
      const b = this.bytes[c];
      if (b.length !== n) continue;
      let i = 2;
      while (i < n && b[i] === buf[s + i]) i++;
      if (i === n) return this.codes[c];
    }
    return 0;
  }
}


/**
 * The format's top-level keys and their codes; the member scan labels each member with one.
 * The values of the third group repeat across a file, and the scan interns them (span types
 * and statuses repeat too, but matching their few bytes costs less than interning them).
 */
export const NATIVE_KEYS: ReadonlyArray<readonly [string, number, boolean?]> = [
  ['id', K_ID], ['trace_id', K_TRACE], ['parent_id', K_PARENT], ['dotted_order', K_DOTTED],
  ['start_time', K_START], ['end_time', K_END], ['error', K_ERROR], ['usage', K_USAGE], ['cost_usd', K_COST],
  ['span_type', K_TYPE], ['status', K_STATUS],
  ...([['name', K_NAME], ['model', K_MODEL], ['provider', K_PROVIDER],
    ['source', K_SOURCE], ['service', K_SERVICE], ['tags', K_TAGS], ['kind', K_KIND]] as const).map(([k, c]) => [k, c, true] as const),
  ...[...HEAVY_KEYS].map((heavy) => [heavy, heavy === 'extra' || heavy === 'metadata' ? K_MODEL_SOURCE : heavy === 'outputs' ? K_OUTPUTS : K_HEAVY] as const),
];
setKeys(NATIVE_KEYS);

/** Side results of the last lightString call, read right after it. */
export const scanned = {
  /** the string lightString walked held a backslash escape */
  escaped: false,
};

const USAGE = new KeyTable();
USAGE_KEYS.forEach((k, i) => USAGE.add(k, i + 1));
/** usage keys normalizeUsage reads under other names: their lines take the general path */
for (const k of ['prompt_tokens', 'completion_tokens', 'cache_read_tokens', 'input_token_details', 'prompt_tokens_details',
  'input_tokens_details', 'output_token_details', 'completion_tokens_details', 'output_tokens_details']) USAGE.add(k, -1);

/** Values of a closed vocabulary (span types, statuses), by length and first two bytes, then verified. */
const shape = (len: number, a: number, b: number): number => len * 65536 + a * 256 + b;
const vocabulary = (words: [string, number][]): Map<number, [Buffer, number]> => {
  const m = new Map<number, [Buffer, number]>();
  for (const [w, code] of words) m.set(shape(w.length, w.charCodeAt(0), w.charCodeAt(1)), [Buffer.from(w), code]);
  if (m.size !== words.length) throw new Error('nativeDecode.ts: two words of one vocabulary share a shape');
  return m;
};
export const TYPE_BYTES = vocabulary(SPAN_TYPES.map((t) => [t, TYPE_CODE.get(t)! + 1]));
export const STATUS_BYTES = vocabulary([['ok', 1], ['error', 2], ['running', 3]]);

export function smallCode(table: Map<number, [Buffer, number]>, buf: Uint8Array, s: number, e: number): number {
  if (e - s < 2) return 0;
  const hit = table.get(shape(e - s, buf[s], buf[s + 1]));
  if (!hit) return 0;
  const [b, code] = hit;
  if (b.length !== e - s) return 0;
  for (let i = 0; i < b.length; i++) if (b[i] !== buf[s + i]) return 0;
  return code;
}

/** Closing quote of the short string opening at `pos`, walking bytes; -1 if unterminated. */
export function lightString(buf: Uint8Array, pos: number, end: number): number {
  scanned.escaped = false;
  let i = pos + 1;
  while (i < end) {
    const c = buf[i];
    if (c === QUOTE) return i;
    if (c === BACKSLASH) { scanned.escaped = true; i += 2; } else i++;
  }
  return -1;
}

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

export function jsonAt(buf: Buffer, s: number, e: number): unknown {
  return JSON.parse(buf.toString('utf8', s, e));
}

/** A time value: a string (ISO or decimal) or an epoch number, as toMicros reads them. */
export function timeAt(buf: Buffer, s: number, e: number): number | undefined {
  if (buf[s] === QUOTE) {
    const fast = isoMicros(buf, s + 1, e - 1);
    if (!Number.isNaN(fast)) return fast;
  }
  return toMicros(jsonAt(buf, s, e));
}

/**
 * `{"input_tokens": n, ...}` with integer counts, read into `tokens`. False for anything the
 * reader's normalizeUsage would read differently (other names, strings, fractions).
 */
export function flatUsage(buf: Uint8Array, s: number, e: number, tokens: Int32Array): boolean {
  let i = s + 1;
  let any = false;
  for (;;) {
    while (i < e && isSpace(buf[i])) i++;
    if (buf[i] === 0x7d) break;
    if (buf[i] !== QUOTE) return false;
    const ke = lightString(buf, i, e);
    if (ke < 0 || scanned.escaped) return false;
    const code = USAGE.code(buf, i + 1, ke);
    if (code < 0) return false;
    i = ke + 1;
    while (i < e && isSpace(buf[i])) i++;
    if (buf[i] !== 0x3a) return false;
    i++;
    while (i < e && isSpace(buf[i])) i++;
    const vs = i;
    let n = 0;
    while (i < e && buf[i] >= 0x30 && buf[i] <= 0x39) { n = n * 10 + buf[i] - 0x30; i++; }
    if (i === vs || i - vs > 9) {
      // Keys it does not read are ignored by normalizeUsage whatever they hold, as long as
      // they are plain numbers here.
      if (code !== 0) return false;
      const ve = skipValue(buf, vs, e);
      if (ve < 0 || buf[vs] === QUOTE || buf[vs] === 0x7b || buf[vs] === 0x5b) return false;
      i = ve;
    } else if (buf[i] === 0x2e || buf[i] === 0x65 || buf[i] === 0x45) {
      return false;
    } else if (code > 0) {
      tokens[code - 1] = n;
      any = true;
    }
    while (i < e && isSpace(buf[i])) i++;
    if (buf[i] === 0x2c) { i++; continue; }
    if (buf[i] === 0x7d) break;
    return false;
  }
  if (!any) return false;
  // withTotal: a missing total is input + output.
  if (tokens[2] === NO_TOKENS && (tokens[0] !== NO_TOKENS || tokens[1] !== NO_TOKENS)) {
    const total = Math.max(tokens[0], 0) + Math.max(tokens[1], 0);
    if (total >= 0x7fffffff) return false;
    tokens[2] = total;
  }
  return true;
}


const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * `-?digits[.digits]` with at most 15 significant digits, as a number; NaN for anything else.
 * An integer below 2^53 divided by an exact power of ten is one correctly rounded operation,
 * so this equals Number(text) (the fast path of every correct strtod), without the string.
 */
export function plainDecimal(buf: Uint8Array, s: number, e: number): number {
  let i = s;
  const negative = buf[i] === 0x2d;
  if (negative) i++;
  let mantissa = 0;
  let digitCount = 0;
  let fraction = -1;
  for (; i < e; i++) {
    const c = buf[i];
    if (c >= 0x30 && c <= 0x39) {
      if (mantissa !== 0 || c !== 0x30) digitCount++;
      mantissa = mantissa * 10 + (c - 0x30);
      if (fraction >= 0) fraction++;
    } else if (c === 0x2e && fraction < 0) fraction = 0;
    else return NaN;
  }
  if (i === s || digitCount > 15 || fraction === 0) return NaN;
  const v = fraction > 0 ? mantissa / POW10[fraction] : mantissa;
  if (fraction > 22) return NaN;
  return negative ? -v : v;
}
