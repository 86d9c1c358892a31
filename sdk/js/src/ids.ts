/**
 * UUIDv7 (RFC 9562): 48-bit ms timestamp, version 7, a 12-bit counter in rand_a (method 1 of
 * §6.2) so ids made within one millisecond still sort in creation order, then 62 random bits.
 */
import { randomFillSync } from 'node:crypto';

/**
 * A span's id is kept as numbers and written as hex straight into the output buffer; its
 * string is made only when asked for (a span with children, propagation, user code).
 * Layout: ms (48 bits) - 7 + counter (12) - variant 10 + `ra` (14 random) - `rb` (48 random).
 */
export interface IdParts { ms: number; seq: number; ra: number; rb: number }
/** The id `nextId` made last; read it right away (one object, so making an id allocates nothing). */
export const lastId: IdParts = { ms: 0, seq: 0, ra: 0, rb: 0 };

// Random words come from a pool refilled in bulk: one syscall per 1024 ids.
const pool = new Uint32Array(2048);
let poolAt = pool.length;
function word(): number {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  return pool[poolAt++];
}

let lastMs = -1;
let counter = 0;

/** A new UUIDv7 into `lastId`, timestamp `ms` (or the last one used, if that is later). */
export function nextId(ms: number): void {
  if (ms > lastMs) {
    lastMs = ms;
    // Start low in the counter's range so a burst within one ms rarely overflows it.
    counter = word() & 0xff;
  } else if (++counter > 0xfff) {
    // Counter exhausted: borrow the next millisecond, keeping order (RFC 9562 §6.2).
    lastMs++;
    counter = 0;
  }
  const w = word();
  lastId.ms = lastMs;
  lastId.seq = counter;
  lastId.ra = w & 0x3fff;
  lastId.rb = ((w >>> 14) & 0xffff) * 0x1_0000_0000 + word();
}

/** Two ASCII hex bytes per byte value. */
const HEX = new Uint8Array(512);
for (let i = 0; i < 256; i++) {
  const h = i.toString(16).padStart(2, '0');
  HEX[i * 2] = h.charCodeAt(0);
  HEX[i * 2 + 1] = h.charCodeAt(1);
}

function put2(buf: Uint8Array, at: number, byte: number): void {
  buf[at] = HEX[byte * 2];
  buf[at + 1] = HEX[byte * 2 + 1];
}

/** Writes the 36 ASCII characters of the id at `at`. */
export function putUuid(buf: Uint8Array, at: number, ms: number, seq: number, ra: number, rb: number): void {
  const msHi = Math.floor(ms / 0x10000); // 32 bits
  put2(buf, at, msHi >>> 24);
  put2(buf, at + 2, (msHi >>> 16) & 0xff);
  put2(buf, at + 4, (msHi >>> 8) & 0xff);
  put2(buf, at + 6, msHi & 0xff);
  buf[at + 8] = 45;
  put2(buf, at + 9, (ms >>> 8) & 0xff);
  put2(buf, at + 11, ms & 0xff);
  buf[at + 13] = 45;
  put2(buf, at + 14, 0x70 | (seq >>> 8));
  put2(buf, at + 16, seq & 0xff);
  buf[at + 18] = 45;
  put2(buf, at + 19, 0x80 | (ra >>> 8));
  put2(buf, at + 21, ra & 0xff);
  buf[at + 23] = 45;
  const hi = Math.floor(rb / 0x1_0000_0000); // 16 bits
  const lo = rb - hi * 0x1_0000_0000;
  put2(buf, at + 24, hi >>> 8);
  put2(buf, at + 26, hi & 0xff);
  put2(buf, at + 28, lo >>> 24);
  put2(buf, at + 30, (lo >>> 16) & 0xff);
  put2(buf, at + 32, (lo >>> 8) & 0xff);
  put2(buf, at + 34, lo & 0xff);
}

declare module 'node:buffer' {
  interface Buffer {
    /** Node's latin1 decoder without Buffer#toString's argument normalization. */
    latin1Slice(start?: number, end?: number): string;
  }
}

const scratch = Buffer.allocUnsafe(36);
export function uuidString(ms: number, seq: number, ra: number, rb: number): string {
  putUuid(scratch, 0, ms, seq, ra, rb);
  return scratch.latin1Slice(0, 36);
}

/** A new UUIDv7 string whose timestamp is `ms` (or the last one used, if that is later). */
export function uuid7(ms: number): string {
  nextId(ms);
  return uuidString(lastId.ms, lastId.seq, lastId.ra, lastId.rb);
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
