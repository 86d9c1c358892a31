/**
 * The member scan in JS: where WebAssembly cannot run, and the reference the module is tested
 * against (jsonMembers.wat's `members` must accept and reject the same lines).
 */
import { isoMicros } from './isoTime';
import { INTERN_FIELD, MAX_KEY, MAX_MEMBERS, MEMBER_BYTES, MEMBER_FIELDS, TIME_FIELD, TOO_MANY, type MemberScanner } from './memberLayout';
import { keyCodes, needles } from './memberRegistry';
import { skipString, skipValue } from './nativeScan';

/** The same scan in JS: where WebAssembly is unavailable, and as the module's reference. */
export class JsScanner implements MemberScanner {
  private readonly result = new ArrayBuffer(MAX_MEMBERS * MEMBER_BYTES);
  readonly found = new Int32Array(this.result);
  readonly times = new Float64Array(this.result);
  /** The JS scan interns nothing: every id is 0. */
  readonly internGeneration = 0;
  readonly internRestarted = false;

  scan(buf: Uint8Array, start: number, end: number): number {
    return jsMembers(buf, start, end, this.found, this.times);
  }

  lineBuffer(size: number, keep: number, previous?: Buffer): Buffer {
    return heapBuffer(size, keep, previous);
  }

  newline(buf: Buffer, from: number, end: number): number {
    return indexIn(buf, 0x0a, from, end);
  }

  contains(buf: Buffer, start: number, end: number, n: number): boolean {
    return buf.subarray(start, end).indexOf(needles[n]) >= 0;
  }
}

export function indexIn(buf: Buffer, byte: number, from: number, end: number): number {
  const i = buf.indexOf(byte, from);
  return i < end ? i : -1;
}

export function heapBuffer(size: number, keep: number, previous?: Buffer): Buffer {
  if (previous && previous.length >= size) return previous;
  const b = Buffer.allocUnsafe(size);
  if (previous && keep > 0) previous.copy(b, 0, 0, keep);
  return b;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

/** The code of the key between the quotes at `ks` and `ke`, or 0. */
function jsKeyCode(buf: Uint8Array, ks: number, ke: number): number {
  if (ke - ks - 1 > MAX_KEY) return 0;
  let name = '';
  for (let i = ks + 1; i < ke; i++) name += String.fromCharCode(buf[i]);
  return keyCodes.get(name) ?? 0;
}

/**
 * jsonMembers.wat's `members`, in JS: the same members, the same rejections. `out` and
 * `times` view the same bytes, as the module's result does.
 */
export function jsMembers(buf: Uint8Array, start: number, end: number, out: Int32Array, times: Float64Array): number {
  let i = start;
  while (i < end && isSpace(buf[i])) i++;
  let close = end;
  while (close > i && isSpace(buf[close - 1])) close--;
  if (close - i < 2 || buf[i] !== 0x7b || buf[close - 1] !== 0x7d) return -1;
  close--;
  i++;
  while (i < close && isSpace(buf[i])) i++;
  if (i >= close) return 0;
  let n = 0;
  for (;;) {
    if (buf[i] !== 0x22) return -1;
    const ks = i;
    const ke = skipString(buf, i, close);
    if (ke < 0) return -1;
    i = ke + 1;
    while (i < close && isSpace(buf[i])) i++;
    if (i >= close || buf[i] !== 0x3a) return -1;
    i++;
    while (i < close && isSpace(buf[i])) i++;
    if (i >= close) return -1;
    const vs = i;
    const ve = skipValue(buf, vs, close);
    if (ve < 0) return -1;
    if (n === MAX_MEMBERS) return TOO_MANY;
    const o = n * MEMBER_FIELDS;
    out[o] = ks;
    out[o + 1] = ke;
    out[o + 2] = vs;
    out[o + 3] = ve;
    out[o + 4] = buf[vs] === 0x22 && hasBackslash(buf, vs + 1, ve - 1) ? 1 : 0;
    out[o + 5] = jsKeyCode(buf, ks, ke);
    out[o + INTERN_FIELD] = 0;
    times[o / 2 + TIME_FIELD] = buf[vs] === 0x22 && ve - vs === 29 ? isoMicros(buf, vs + 1, ve - 1) : NaN;
    n++;
    i = ve;
    while (i < close && isSpace(buf[i])) i++;
    if (i >= close) return n;
    if (buf[i] !== 0x2c) return -1;
    i++;
    while (i < close && isSpace(buf[i])) i++;
    if (i >= close) return -1;
  }
}

function hasBackslash(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (buf[i] === 0x5c) return true;
  return false;
}
