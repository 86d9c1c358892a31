/**
 * Where each top-level member of a JSON object line lies: key quotes, value bounds, and
 * whether a string value holds an escape. The native decoder reads the light values at these
 * positions and never walks the heavy ones itself.
 *
 * The scan runs in WebAssembly (jsonMembers.wat), 16 bytes at a time inside strings: stepping
 * over prompts and completions byte by byte in JS cost more than the rest of the index put
 * together. It reads the line where it lies when the line is in the module's memory (the tail
 * reader reads into it: lineBuffer), or from a copy. Where WebAssembly cannot run, jsMembers
 * does the same in JS, with the same answers.
 */
import { isoMicros } from './isoTime';
import { JSON_MEMBERS_WASM } from './jsonMembersWasm';
import { skipString, skipValue } from './nativeScan';

/**
 * Each member takes 40 bytes of the result: in `found` (ten i32) the key quote, key closing
 * quote, value start, value end, whether a string value holds an escape (1/0), the key's code
 * (see setKeys; 0: another key) and, at INTERN_FIELD, the value's intern id; in `times` (five
 * f64), at index TIME_FIELD, the value as epoch microseconds when it is a time string of the
 * native writers' shape, else NaN.
 *
 * Intern ids: the values of keys registered as interned (names, types, models, sources: the
 * few values a file repeats) get a small number per distinct value, 1 and up (0: none), so a
 * decoder can keep what it made of a value by number instead of hashing and comparing its
 * bytes again. Ids hold within one `internGeneration`; a scan that started a new one
 * (`internRestarted`) gave out ids of both, which mean nothing.
 */
export const MEMBER_FIELDS = 10;
export const INTERN_FIELD = 6;
/** `times[m / 2 + TIME_FIELD]` for the member at `found[m]`. */
export const TIME_FIELD = 4;
const MEMBER_BYTES = 40;
/** The most values interned in one generation (jsonMembers.wat's table). */
export const MAX_INTERNED = 3071;
export const MAX_MEMBERS = 64;
/** A line with more members than MAX_MEMBERS. */
export const TOO_MANY = -2;

/** Where the module's result lies, and where the buffers it hands out start. */
const RESULT_AT = 256;
const KEYS_AT = 4096;
const INTERN_FLAGS_AT = 6144;
/** intern generation (i32), whether the last scan started one (i32) */
const INTERN_STATE_AT = 6208;
/** Key codes index a 64-byte table of intern flags. */
const MAX_CODE = 63;
const KEY_SLOTS = 64;
const KEY_SLOT_BYTES = 32;
/** Keys are compared 16 bytes at a time: longer ones are never registered. */
const MAX_KEY = 16;
const BUFFERS_AT = 327680;
/** Room after each buffer for the scanner's 16-byte loads past a line's end. */
const PAD = 64;
const PAGE = 65536;
/** The copy area for lines that are not in the module's memory, when nothing bigger is there. */
const SCRATCH = 1 << 20;
/** Buffers bigger than this are not taken from the module's memory, which never shrinks. */
const MAX_MODULE_BUFFER = 64 << 20;

/** Where `contains` finds its needles. */
const NEEDLES_AT = RESULT_AT + MAX_MEMBERS * MEMBER_BYTES;
const NEEDLES_END = 4096;

interface Exports {
  memory: WebAssembly.Memory;
  members(start: number, end: number, base: number): number;
  newline(from: number, end: number): number;
  contains(start: number, end: number, needle: number, length: number): number;
}

/** Byte strings `contains` looks for, registered once per thread: see `needle`. */
const needles: Buffer[] = [];

/** The registered keys: name -> code, and the codes whose values are interned. */
const keyCodes = new Map<string, number>();
const internedCodes = new Set<number>();
/** bumped by every setKeys, so scanners write their tables again */
let keysVersion = 0;

/**
 * Registers the keys whose members the scan labels with a code (1 to 63), and whether their
 * values are interned. Every key given must be ASCII, 1 to 16 bytes; a key registered again
 * must keep its code.
 */
export function setKeys(keys: ReadonlyArray<readonly [string, number, boolean?]>): void {
  for (const [name, code, interned] of keys) {
    if (name.length === 0 || name.length > MAX_KEY || !/^[\x20-\x7e]+$/.test(name) || name.includes('"') || name.includes('\\')) {
      throw new Error(`key "${name}" cannot be registered for the member scan`);
    }
    if (code < 1 || code > MAX_CODE) throw new Error(`key "${name}": codes are 1 to ${MAX_CODE}`);
    if (interned) internedCodes.add(code);
    const had = keyCodes.get(name);
    if (had !== undefined && had !== code) throw new Error(`key "${name}" is registered with code ${had}`);
    keyCodes.set(name, code);
  }
  if (keyCodes.size > (KEY_SLOTS * 3) / 4) throw new Error('too many keys for the member scan');
  keysVersion++;
}

/** The first slot probed for a key: the module's $keyCode computes the same. */
function keySlot(name: string): number {
  return (name.charCodeAt(0) * 7 + name.charCodeAt(name.length - 1) * 3 + name.length) & (KEY_SLOTS - 1);
}

/** A needle's number for MemberScanner.contains. */
export function needle(text: string): number {
  const b = Buffer.from(text);
  if (b.length < 2) throw new Error(`needle "${text}" is shorter than two bytes`);
  needles.push(b);
  return needles.length - 1;
}

export interface MemberScanner {
  /**
   * Scans the object on `buf[start, end)`: the member count (results in `found`, positions
   * indexing `buf`), -1 when the line is not a well-formed object of this shape, TOO_MANY.
   */
  scan(buf: Uint8Array, start: number, end: number): number;
  /** The result of the last scan, MEMBER_FIELDS numbers per member. */
  readonly found: Int32Array;
  /** The same result seen as f64, for the time field. */
  readonly times: Float64Array;
  /** Which intern ids hold now (see MEMBER_FIELDS). */
  readonly internGeneration: number;
  /** The last scan started a new intern generation: its ids are not to be used. */
  readonly internRestarted: boolean;
  /**
   * A buffer of at least `size` bytes for the tail reader, whose first `keep` bytes are those of
   * the buffer it last returned. Lines read into it are scanned where they lie.
   */
  lineBuffer(size: number, keep: number, previous?: Buffer): Buffer;
  /** The first newline in `buf[from, end)`, or -1. */
  newline(buf: Buffer, from: number, end: number): number;
  /** Whether `buf[start, end)` holds the needle numbered `n` (see `needle`). */
  contains(buf: Buffer, start: number, end: number, n: number): boolean;
}

class WasmScanner implements MemberScanner {
  private readonly exports: Exports;
  private bytes!: Uint8Array;
  private results!: Int32Array;
  private resultTimes!: Float64Array;
  private state!: Int32Array;
  /** bytes handed out to the tail reader at BUFFERS_AT */
  private lineCapacity = 0;
  /** address and length of each needle copied into the module's memory so far */
  private readonly needleAt: number[] = [];
  private readonly needleLength: number[] = [];
  private needlesEnd = NEEDLES_AT;
  /** the keysVersion the module's key table holds */
  private keysWritten = 0;

  constructor(module: WebAssembly.Module) {
    this.exports = new WebAssembly.Instance(module).exports as unknown as Exports;
    this.ensure(BUFFERS_AT + SCRATCH + PAD);
  }

  newline(buf: Buffer, from: number, end: number): number {
    if (buf.buffer !== this.bytes.buffer) return indexIn(buf, 0x0a, from, end);
    const at = buf.byteOffset;
    const nl = this.exports.newline(at + from, at + end);
    return nl < 0 ? -1 : nl - at;
  }

  contains(buf: Buffer, start: number, end: number, n: number): boolean {
    if (buf.buffer !== this.bytes.buffer) return buf.subarray(start, end).indexOf(needles[n]) >= 0;
    while (this.needleAt.length <= n) {
      const b = needles[this.needleAt.length];
      if (this.needlesEnd + b.length > NEEDLES_END) return buf.subarray(start, end).indexOf(needles[n]) >= 0;
      this.bytes.set(b, this.needlesEnd);
      this.needleAt.push(this.needlesEnd);
      this.needleLength.push(b.length);
      this.needlesEnd += b.length;
    }
    const at = buf.byteOffset;
    return this.exports.contains(at + start, at + end, this.needleAt[n], this.needleLength[n]) !== 0;
  }

  get found(): Int32Array {
    return this.results;
  }

  get times(): Float64Array {
    return this.resultTimes;
  }

  get internGeneration(): number {
    return this.state[0];
  }

  get internRestarted(): boolean {
    return this.state[1] !== 0;
  }

  scan(buf: Uint8Array, start: number, end: number): number {
    if (this.keysWritten !== keysVersion) this.writeKeys();
    if (buf.buffer === this.bytes.buffer) {
      const at = buf.byteOffset;
      return this.exports.members(at + start, at + end, at);
    }
    // A line from elsewhere (a re-read record, a test): copied after the tail reader's buffer.
    // The module's memory is not grown for it, since that would detach the tail reader's view.
    const at = BUFFERS_AT + this.lineCapacity + PAD;
    const n = end - start;
    if (at + n + PAD > this.bytes.length) return jsMembers(buf, start, end, this.results, this.resultTimes);
    this.bytes.set(buf.subarray(start, end), at);
    return this.exports.members(at, at + n, at - start);
  }

  lineBuffer(size: number, keep: number, previous?: Buffer): Buffer {
    if (size > MAX_MODULE_BUFFER) return heapBuffer(size, keep, previous);
    if (size > this.lineCapacity) {
      // In place: the first `keep` bytes are already where they were.
      if (previous && keep > 0 && previous.buffer !== this.bytes.buffer) {
        this.ensure(BUFFERS_AT + size + PAD + SCRATCH);
        this.bytes.set(previous.subarray(0, keep), BUFFERS_AT);
      } else this.ensure(BUFFERS_AT + size + PAD + SCRATCH);
      this.lineCapacity = size;
    } else if (previous && keep > 0 && previous.buffer !== this.bytes.buffer) {
      this.bytes.set(previous.subarray(0, keep), BUFFERS_AT);
    }
    return Buffer.from(this.bytes.buffer, BUFFERS_AT, this.lineCapacity);
  }

  private writeKeys(): void {
    const table = this.bytes.subarray(KEYS_AT, KEYS_AT + KEY_SLOTS * KEY_SLOT_BYTES);
    table.fill(0);
    const words = new DataView(table.buffer, table.byteOffset, table.length);
    for (const [name, code] of keyCodes) {
      let slot = keySlot(name);
      while (words.getInt32(slot * KEY_SLOT_BYTES + 20, true) !== 0) slot = (slot + 1) & (KEY_SLOTS - 1);
      const at = slot * KEY_SLOT_BYTES;
      for (let i = 0; i < name.length; i++) table[at + i] = name.charCodeAt(i);
      words.setInt32(at + 16, name.length, true);
      words.setInt32(at + 20, code, true);
    }
    const flags = this.bytes.subarray(INTERN_FLAGS_AT, INTERN_FLAGS_AT + MAX_CODE + 1);
    flags.fill(0);
    for (const code of internedCodes) flags[code] = 1;
    this.keysWritten = keysVersion;
  }

  private ensure(bytes: number): void {
    const memory = this.exports.memory;
    const have = memory.buffer.byteLength;
    if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE));
    this.bytes = new Uint8Array(memory.buffer);
    this.results = new Int32Array(memory.buffer, RESULT_AT, MAX_MEMBERS * MEMBER_FIELDS);
    this.resultTimes = new Float64Array(memory.buffer, RESULT_AT, (MAX_MEMBERS * MEMBER_BYTES) / 8);
    this.state = new Int32Array(memory.buffer, INTERN_STATE_AT, 2);
  }
}

/** The same scan in JS: where WebAssembly is unavailable, and as the module's reference. */
class JsScanner implements MemberScanner {
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

function indexIn(buf: Buffer, byte: number, from: number, end: number): number {
  const i = buf.indexOf(byte, from);
  return i < end ? i : -1;
}

function heapBuffer(size: number, keep: number, previous?: Buffer): Buffer {
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

let wasmModule: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly (with SIMD) is not available. */
export function membersModule(): WebAssembly.Module | null {
  if (wasmModule === undefined) {
    try {
      wasmModule = new WebAssembly.Module(Buffer.from(JSON_MEMBERS_WASM, 'base64'));
    } catch {
      wasmModule = null;
    }
  }
  return wasmModule;
}

let shared: MemberScanner | undefined;

/**
 * This thread's scanner. One serves every file: reads of this thread run one at a time, and
 * no buffer it hands out is kept from one read to the next.
 */
export function memberScanner(): MemberScanner {
  if (!shared) {
    const mod = membersModule();
    shared = mod ? new WasmScanner(mod) : new JsScanner();
  }
  return shared;
}

/** A scanner of its own, WebAssembly or JS (tests compare the two). */
export function newMemberScanner(kind: 'wasm' | 'js'): MemberScanner {
  const mod = kind === 'wasm' ? membersModule() : null;
  if (kind === 'wasm' && !mod) throw new Error('WebAssembly is not available');
  return mod ? new WasmScanner(mod) : new JsScanner();
}
