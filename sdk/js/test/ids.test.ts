import { describe, it, expect } from 'vitest';
import { nextId, lastId, uuidString, putUuid2, uuid7 } from '../src/ids';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function make(ms: number): string {
  nextId(ms);
  return uuidString(lastId.ms, lastId.seq, lastId.r0, lastId.r1, lastId.r2, lastId.r3);
}

describe('UUIDv7 ids', () => {
  it('are well formed, unique and in creation order across pool refills and milliseconds', () => {
    const base = Date.UTC(2026, 10, 21, 12);
    const ids: string[] = [];
    // 5000 ids cross several refills of the 1024-id random pool; several per millisecond.
    for (let i = 0; i < 5000; i++) ids.push(make(base + Math.floor(i / 7)));
    for (const id of ids) expect(id).toMatch(V7);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // The timestamp reads back from the first 12 digits.
    expect(parseInt(ids[0].slice(0, 8) + ids[0].slice(9, 13), 16)).toBe(base);
  });

  it('carry random digits: every variant digit and every hex digit at each random position', () => {
    const seen = Array.from({ length: 36 }, () => new Set<string>());
    for (let i = 0; i < 3000; i++) {
      const id = make(Date.now());
      for (let k = 0; k < 36; k++) seen[k].add(id[k]);
    }
    expect([...seen[19]].sort().join('')).toBe('89ab');
    for (const k of [20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35]) expect(seen[k].size).toBe(16);
  });

  it('are written twice into a buffer exactly as their string', () => {
    nextId(Date.now());
    const text = uuidString(lastId.ms, lastId.seq, lastId.r0, lastId.r1, lastId.r2, lastId.r3);
    const buf = Buffer.alloc(100, 0x20);
    // Odd offsets: the stores are unaligned.
    putUuid2(new DataView(buf.buffer, buf.byteOffset, buf.length), 3, 51, lastId.ms, lastId.seq, lastId.r0, lastId.r1, lastId.r2, lastId.r3);
    expect(buf.toString('latin1', 3, 39)).toBe(text);
    expect(buf.toString('latin1', 51, 87)).toBe(text);
    expect(buf.toString('latin1', 39, 51).trim()).toBe('');
  });

  it('keep order when the clock steps back (the last millisecond is reused)', () => {
    const later = Date.now() + 60_000;
    const a = uuid7(later);
    const b = uuid7(later - 5_000);
    expect(b > a).toBe(true);
    expect(b.slice(0, 13)).toBe(a.slice(0, 13));
  });
});
