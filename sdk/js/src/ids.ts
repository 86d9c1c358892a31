/**
 * UUIDv7 (RFC 9562): 48-bit ms timestamp, version 7, a 12-bit counter in rand_a (method 1 of
 * §6.2) so ids made within one millisecond still sort in creation order, then 62 random bits.
 */
import { randomFillSync } from 'node:crypto';

const HEX3: string[] = [];
for (let i = 0; i < 4096; i++) HEX3.push(i.toString(16).padStart(3, '0'));
const VARIANT: Record<string, string> = {};
for (let i = 0; i < 16; i++) VARIANT[i.toString(16)] = '89ab'[i & 3];

// Random hex comes from a pool refilled in bulk: one syscall per ~550 ids.
const POOL_BYTES = 8192;
let pool = '';
let poolAt = 0;
function randomHex(n: number): string {
  if (poolAt + n > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES)).toString('hex');
    poolAt = 0;
  }
  const s = pool.slice(poolAt, poolAt + n);
  poolAt += n;
  return s;
}

let lastMs = -1;
let counter = 0;
let tsPrefix = '';

function setMs(ms: number): void {
  lastMs = ms;
  const h = ms.toString(16).padStart(12, '0');
  tsPrefix = h.slice(0, 8) + '-' + h.slice(8, 12) + '-7';
}

/** A new UUIDv7 whose timestamp is `ms` (or the last one used, if that is later). */
export function uuid7(ms: number): string {
  if (ms > lastMs) {
    setMs(ms);
    // Start low in the counter's range so a burst within one ms rarely overflows it.
    counter = parseInt(randomHex(2), 16);
  } else if (++counter > 0xfff) {
    // Counter exhausted: borrow the next millisecond, keeping order (RFC 9562 §6.2).
    setMs(lastMs + 1);
    counter = 0;
  }
  const r = randomHex(16);
  const id = tsPrefix + HEX3[counter] + '-' + VARIANT[r[0]] + r.slice(1, 4) + '-' + r.slice(4, 16);
  // Flatten the concatenation now: the id is copied into several places of the record.
  id.charCodeAt(0);
  return id;
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
