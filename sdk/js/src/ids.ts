/**
 * UUIDv7 (RFC 9562): 48-bit ms timestamp, version 7, a 12-bit counter in rand_a (method 1 of
 * §6.2) so ids made within one millisecond still sort in creation order, then 62 random bits.
 */
import { randomFillSync } from 'node:crypto';

declare module 'node:buffer' {
  interface Buffer {
    /** Node's latin1 decoder without Buffer#toString's argument normalization. */
    latin1Slice(start?: number, end?: number): string;
    /** Node's latin1 encoder without Buffer#write's argument normalization. */
    latin1Write(s: string, offset?: number, length?: number): number;
  }
}

/**
 * A span's id is kept as numbers and written straight into the output buffer; its string is
 * made only when asked for (a span with children, propagation, user code). The random part
 * (the variant digit and the 15 digits after it) is kept as the text itself: four 32-bit
 * words of ASCII hex, taken from a pool that is filled with random bytes and hex-encoded in
 * bulk, so an id costs no per-digit formatting.
 * Layout: ms (48 bits) - 7 + counter (12) - `r0` (variant digit + 3 digits) - `r1..r3` (12 digits).
 */
export interface IdParts { ms: number; seq: number; r0: number; r1: number; r2: number; r3: number }
/** The id `nextId` made last; read it right away (one object, so making an id allocates nothing). */
export const lastId: IdParts = { ms: 0, seq: 0, r0: 0, r1: 0, r2: 0, r3: 0 };

/** Two ASCII hex bytes per byte value. */
const HEX = new Uint8Array(512);
/** The same pair as one little-endian 16-bit word. */
const HEX16 = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  const h = i.toString(16).padStart(2, '0');
  HEX[i * 2] = h.charCodeAt(0);
  HEX[i * 2 + 1] = h.charCodeAt(1);
  HEX16[i] = HEX[i * 2] | (HEX[i * 2 + 1] << 8);
}
/** A random hex digit to the variant digit (binary 10xx: 8, 9, a or b), keeping two random bits. */
const VARIANT = new Uint8Array(256);
for (let d = 0; d < 16; d++) VARIANT[d.toString(16).charCodeAt(0)] = '89ab'.charCodeAt(d & 3);

// 1024 ids' random digits per refill: 8 KiB of random bytes hex-encoded in one native call.
const IDS_PER_FILL = 1024;
const randomBytes = Buffer.alloc(IDS_PER_FILL * 8);
const hexBytes = Buffer.alloc(IDS_PER_FILL * 16);
const hexView = new DataView(hexBytes.buffer, hexBytes.byteOffset, hexBytes.length);
/** random starts for the counter of a new millisecond, one per id */
const counterStarts = new Uint8Array(IDS_PER_FILL);
let hexAt = hexBytes.length;

function refill(): void {
  randomFillSync(randomBytes);
  randomFillSync(counterStarts);
  hexBytes.latin1Write(randomBytes.toString('hex'), 0);
  for (let i = 0; i < hexBytes.length; i += 16) hexBytes[i] = VARIANT[hexBytes[i]];
  hexAt = 0;
}

let lastMs = -1;
let counter = 0;

/** A new UUIDv7 into `lastId`, timestamp `ms` (or the last one used, if that is later). */
export function nextId(ms: number): void {
  if (hexAt === hexBytes.length) refill();
  const at = hexAt;
  hexAt = at + 16;
  if (ms > lastMs) {
    lastMs = ms;
    // Start low in the counter's range so a burst within one ms rarely overflows it.
    counter = counterStarts[at >>> 4];
  } else if (++counter > 0xfff) {
    // Counter exhausted: borrow the next millisecond, keeping order (RFC 9562 §6.2).
    lastMs++;
    counter = 0;
  }
  lastId.ms = lastMs;
  lastId.seq = counter;
  // Little-endian words of ASCII digits, as putUuid2 stores them.
  lastId.r0 = hexView.getInt32(at, true);
  lastId.r1 = hexView.getInt32(at + 4, true);
  lastId.r2 = hexView.getInt32(at + 8, true);
  lastId.r3 = hexView.getInt32(at + 12, true);
}

/** Four hex digits of a 16-bit value, as a little-endian 32-bit word. */
function hex4(v: number): number {
  return HEX16[v >>> 8] | (HEX16[v & 0xff] << 16);
}

// The id's first 15 characters ("xxxxxxxx-xxxx-7") change with the millisecond only: their
// words are kept for the last millisecond seen.
let wordsMs = -1;
let w0 = 0;
let w1 = 0;
let w2 = 0;
let w3 = 0;

/**
 * Writes the 36 ASCII characters of the id at `a` and again at `b` (a record holds its id
 * twice), as nine 32-bit stores each: a DataView stores unaligned words, where byte stores
 * and per-digit table lookups cost several times as much.
 */
export function putUuid2(dv: DataView, a: number, b: number, ms: number, seq: number, r0: number, r1: number, r2: number, r3: number): void {
  if (ms !== wordsMs) {
    wordsMs = ms;
    const msHi = Math.floor(ms / 0x10000); // 32 bits
    const lo = ms - msHi * 0x10000;
    w0 = hex4(msHi >>> 16);
    w1 = hex4(msHi & 0xffff);
    w2 = 45 | (HEX16[lo >>> 8] << 8) | (HEX[(lo & 0xff) * 2] << 24);
    w3 = HEX[(lo & 0xff) * 2 + 1] | (45 << 8) | (0x37 << 16);
  }
  const x3 = w3 | (HEX[(seq >>> 8) * 2 + 1] << 24);
  const x4 = HEX16[seq & 0xff] | (45 << 16) | ((r0 & 0xff) << 24);
  const x5 = (r0 >>> 8) | (45 << 24);
  dv.setInt32(a, w0, true);
  dv.setInt32(a + 4, w1, true);
  dv.setInt32(a + 8, w2, true);
  dv.setInt32(a + 12, x3, true);
  dv.setInt32(a + 16, x4, true);
  dv.setInt32(a + 20, x5, true);
  dv.setInt32(a + 24, r1, true);
  dv.setInt32(a + 28, r2, true);
  dv.setInt32(a + 32, r3, true);
  dv.setInt32(b, w0, true);
  dv.setInt32(b + 4, w1, true);
  dv.setInt32(b + 8, w2, true);
  dv.setInt32(b + 12, x3, true);
  dv.setInt32(b + 16, x4, true);
  dv.setInt32(b + 20, x5, true);
  dv.setInt32(b + 24, r1, true);
  dv.setInt32(b + 28, r2, true);
  dv.setInt32(b + 32, r3, true);
}

const scratch = Buffer.allocUnsafe(36);
const scratchView = new DataView(scratch.buffer, scratch.byteOffset, 36);
export function uuidString(ms: number, seq: number, r0: number, r1: number, r2: number, r3: number): string {
  putUuid2(scratchView, 0, 0, ms, seq, r0, r1, r2, r3);
  return scratch.latin1Slice(0, 36);
}

/** A new UUIDv7 string whose timestamp is `ms` (or the last one used, if that is later). */
export function uuid7(ms: number): string {
  nextId(ms);
  return uuidString(lastId.ms, lastId.seq, lastId.r0, lastId.r1, lastId.r2, lastId.r3);
}

/** 32 random hex digits formatted as a UUID: for W3C trace ids that are not ours. */
export function hexToUuid(hex32: string): string {
  return `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-${hex32.slice(12, 16)}-${hex32.slice(16, 20)}-${hex32.slice(20, 32)}`;
}

export function uuidToHex(uuid: string): string {
  return uuid.replace(/-/g, '');
}

/** The W3C span id (8 bytes) we derive from a span id: its last 16 hex digits (random bits). */
export function w3cSpanId(uuid: string): string {
  return uuid.slice(19, 23) + uuid.slice(24);
}
