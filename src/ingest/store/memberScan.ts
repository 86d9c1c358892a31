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
import { JSON_MEMBERS_WASM } from './jsonMembersWasm';
import { KEY_SLOTS, MAX_CODE, MAX_MEMBERS, MEMBER_BYTES, MEMBER_FIELDS, type MemberScanner } from './memberLayout';
import { internedCodes, keyCodes, keySlot, keysVersion, needles } from './memberRegistry';
import { heapBuffer, indexIn, JsScanner, jsMembers } from './memberScanJs';

export * from './memberLayout';
export { needle, setKeys } from './memberRegistry';
export { jsMembers } from './memberScanJs';

/** Where the module's result lies, and where the buffers it hands out start. */
const RESULT_AT = 256;
const KEYS_AT = 4096;
const INTERN_FLAGS_AT = 6144;
/** intern generation (i32), whether the last scan started one (i32) */
const INTERN_STATE_AT = 6208;
const KEY_SLOT_BYTES = 32;
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
    if (this.keysWritten !== keysVersion()) this.writeKeys();
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
    this.keysWritten = keysVersion();
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
