import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoMicros } from '../../../src/ingest/store/isoTime';
import {
  INTERN_FIELD, jsMembers, MAX_INTERNED, MAX_MEMBERS, MEMBER_FIELDS, membersModule, needle, newMemberScanner, setKeys,
  TIME_FIELD, TOO_MANY,
} from '../../../src/ingest/store/memberScan';
import { rng } from '../../../bench/gen-native-jsonl';
// @ts-expect-error: a plain .mjs build script, no declarations
import { compileWat, moduleText, OUT } from '../../../scripts/build-wasm.mjs';

setKeys([['id', 1], ['name', 2], ['inputs', 3], ['a', 4], ['sixteen_bytes_ok', 5], ['model', 6, true], ['src', 7, true]]);

const wasm = newMemberScanner('wasm');
const js = newMemberScanner('js');

/** What a scanner reports for `text`, placed at `at` in a buffer of its own. */
function scanned(scanner: typeof wasm, text: Buffer | string, at = 3): { n: number; members: number[][] } {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const buf = Buffer.alloc(bytes.length + at + 5, 0x20);
  bytes.copy(buf, at);
  const n = scanner.scan(buf, at, at + bytes.length);
  const members: number[][] = [];
  for (let m = 0; m < Math.max(n, 0); m++) members.push([...scanner.found.subarray(m * MEMBER_FIELDS, (m + 1) * MEMBER_FIELDS)]);
  return { n, members };
}


const record = {
  id: '01a1fe91-69e4-78ff-9347-000590003909',
  name: 'chat "quoted" \\ naïve 東京 🚀',
  inputs: { messages: [{ role: 'user', content: 'a } b ] c { d [ "e" \\" \\\\ \u0001 \u2028 😀 '.repeat(3) }], n: [[[{ '}': '{' }]]] },
  outputs: { n: [1, -2.5e-3, true, false, null], text: 'x'.repeat(40) },
  cost_usd: 0.002226,
  a: null,
  sixteen_bytes_ok: true,
  sixteen_bytes_ok_: false,
};

describe('member scan', () => {
  it('runs as WebAssembly here (the JS twin is only the fallback)', () => {
    expect(membersModule()).not.toBeNull();
  });

  it('the committed module is what jsonMembers.wat compiles to', async () => {
    const text = moduleText(await compileWat());
    expect(fs.readFileSync(OUT, 'utf8'), `run node scripts/build-wasm.mjs (${path.basename(OUT)} is stale)`).toBe(text);
  });

  it('finds each member: key quotes, value bounds, escapes, key codes', () => {
    const line = ' { "a" : "x\\"y" ,"name":[1,{"b":"]"}], "n":-1.5e3,"id":"plain", "sixteen_bytes_ok":true } ';
    for (const scanner of [wasm, js]) {
      const { n, members } = scanned(scanner, line, 0);
      expect(n).toBe(5);
      const at = (m: number[]) => [line.slice(m[0], m[1] + 1), line.slice(m[2], m[3]), m[4], m[5]];
      expect(members.map(at)).toEqual([
        ['"a"', '"x\\"y"', 1, 4],
        ['"name"', '[1,{"b":"]"}]', 0, 2],
        ['"n"', '-1.5e3', 0, 0],
        ['"id"', '"plain"', 0, 1],
        ['"sixteen_bytes_ok"', 'true', 0, 5],
      ]);
    }
  });

  it('rejects what is not an object of members, and says when there are too many', () => {
    const bad = ['', '{', '}', '[]', '{"a":1,}', '{"a" 1}', '{"a":}', '{a:1}', '{"a":1 "b":2}', '{"a":"x}', '{"a":[1,2}',
      '{"a":tru e}', '{"a":xyz}', '{"a":"x"}}', '{"a":{"b":1}', '{"a":1}x'];
    for (const line of bad) {
      expect(scanned(wasm, line).n, line).toBe(-1);
      expect(scanned(js, line).n, line).toBe(-1);
    }
    expect(scanned(wasm, '{}').n).toBe(0);
    const many = JSON.stringify(Object.fromEntries(Array.from({ length: MAX_MEMBERS + 1 }, (_, i) => [`k${i}`, i])));
    expect(scanned(wasm, many).n).toBe(TOO_MANY);
    expect(scanned(js, many).n).toBe(TOO_MANY);
  });

  it('agrees with its JS twin on thousands of mutated lines', () => {
    const next = rng(7);
    const base = Buffer.from(JSON.stringify(record));
    const noise = [0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x20, 0x09, 0x61, 0x31, 0xc3, 0x00, 0x0d];
    let accepted = 0;
    for (let k = 0; k < 4000; k++) {
      let b = Buffer.from(base);
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * b.length);
        const r = next();
        if (r < 0.4) b[at] = noise[Math.floor(next() * noise.length)];
        else if (r < 0.6) b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
        else if (r < 0.8) b = Buffer.concat([b.subarray(0, at), Buffer.from([noise[Math.floor(next() * noise.length)]]), b.subarray(at)]);
        else b = b.subarray(0, at);
      }
      const at = Math.floor(next() * 20);
      const w = scanned(wasm, b, at);
      const j = scanned(js, b, 0);
      expect(w.n, b.toString()).toBe(j.n);
      if (w.n > 0) {
        accepted++;
        const shift = (ms: number[][], by: number) => ms.map((m) => [...m.slice(0, 4).map((x) => x - by), ...m.slice(4)]);
        expect(shift(w.members, at)).toEqual(j.members);
      }
    }
    // Single-byte edits inside strings keep most lines valid: both paths are exercised.
    expect(accepted).toBeGreaterThan(500);
  });

  it('agrees with its JS twin on random nested values, whole and cut anywhere', () => {
    const next = rng(21);
    const chars = 'ab{}[]",:\\ 0\t\n\u00e9\ud83d\ude80'.split('');
    const str = (): string => {
      let t = '';
      const n = Math.floor(next() * 40);
      for (let i = 0; i < n; i++) t += chars[Math.floor(next() * chars.length)];
      return t;
    };
    const value = (depth: number): unknown => {
      const r = next();
      if (depth > 4 || r < 0.3) return r < 0.1 ? Math.round(next() * 1e6) / 100 : r < 0.2 ? null : str();
      if (r < 0.65) return Array.from({ length: Math.floor(next() * 5) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, () => [str(), value(depth + 1)]));
    };
    let checked = 0;
    for (let k = 0; k < 1500; k++) {
      const line = Buffer.from(JSON.stringify({ id: str(), inputs: value(0), name: value(1), a: value(0) }));
      const cuts = [line.length, Math.floor(next() * line.length), Math.floor(next() * line.length)];
      for (const cut of cuts) {
        const b = cut === line.length ? line : Buffer.concat([line.subarray(0, cut), Buffer.from('}')]);
        const at = Math.floor(next() * 16);
        const w = scanned(wasm, b, at);
        const j = scanned(js, b, 0);
        expect(w.n, b.toString()).toBe(j.n);
        for (let m = 0; m < Math.max(j.n, 0); m++) {
          expect(w.members[m].slice(0, 4).map((x) => x - at)).toEqual(j.members[m].slice(0, 4));
          expect(w.members[m].slice(4)).toEqual(j.members[m].slice(4));
        }
        if (cut === line.length) {
          expect(j.n).toBe(4);
          checked++;
        }
      }
    }
    expect(checked).toBe(1500);
  });

  it('scans lines of every length and offset, strings crossing 16-byte blocks', () => {
    for (let len = 0; len < 70; len++) {
      for (const body of ['x', '\\"', '\\\\']) {
        const text = `{"id":"${body.repeat(len)}","a":[${'"s",'.repeat(len % 7)}"${body.repeat(len)}",{"${body}":[]}]}`;
        for (let at = 0; at < 17; at++) {
          const w = scanned(wasm, text, at);
          expect(w).toEqual(scanned(js, text, at));
          expect(w.n, text).toBe(2);
        }
      }
    }
  });

  it('scans a line where it lies in the module\'s memory, at the very end of the buffer', () => {
    const scanner = newMemberScanner('wasm');
    const line = Buffer.from(JSON.stringify(record));
    const buf = scanner.lineBuffer(line.length, 0);
    // the line fills the buffer to its last byte: the 16-byte loads past it stay in the padding
    const at = buf.length - line.length;
    line.copy(buf, at);
    expect(scanner.scan(buf, at, buf.length)).toBe(8);
    const result = new ArrayBuffer(MAX_MEMBERS * MEMBER_FIELDS * 4);
    const j = jsMembers(line, 0, line.length, new Int32Array(result), new Float64Array(result));
    expect(j).toBe(8);
  });

  it('keeps a buffer\'s bytes when it grows, and scans foreign lines too long for its copy area', () => {
    const scanner = newMemberScanner('wasm');
    let buf = scanner.lineBuffer(4096, 0);
    buf.write('{"id":"kept"}', 0);
    buf = scanner.lineBuffer(16 << 20, 13, buf);
    expect(buf.length).toBeGreaterThanOrEqual(16 << 20);
    expect(buf.toString('utf8', 0, 13)).toBe('{"id":"kept"}');
    expect(scanner.scan(buf, 0, 13)).toBe(1);
    const huge = Buffer.from(JSON.stringify({ id: 'x', name: 'y'.repeat(40 << 20) }));
    expect(scanner.scan(huge, 0, huge.length)).toBe(2);
    expect(scanner.found[MEMBER_FIELDS + 3]).toBe(huge.length - 1);
  });

  it('reads the writers\' times as isoMicros does, and Date.UTC agrees', () => {
    const next = rng(11);
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const texts: string[] = [];
    for (let k = 0; k < 3000; k++) {
      // mostly valid parts, sometimes out of range (month 13, day 32, hour 25, second 61...)
      const y = next() < 0.05 ? Math.floor(next() * 200) : 1970 + Math.floor(next() * 400);
      const mo = Math.floor(next() * 14), d = Math.floor(next() * 33), h = Math.floor(next() * 26);
      const mi = Math.floor(next() * 61), sec = Math.floor(next() * 62), f = Math.floor(next() * 1e6);
      let t = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(sec, 2)}.${pad(f, 6)}Z`;
      if (next() < 0.05) t = t.slice(0, 5) + 'x' + t.slice(6);
      if (next() < 0.05) t = t.replace('T', ' ');
      texts.push(t);
    }
    let valid = 0;
    for (const t of texts) {
      const line = `{"start_time":"${t}","end_time":1}`;
      const buf = Buffer.from(line);
      const expected = isoMicros(buf, 15, 15 + 27);
      for (const scanner of [wasm, js]) {
        expect(scanner.scan(buf, 0, buf.length), line).toBe(2);
        expect(scanner.times[TIME_FIELD], `${t} (${scanner === wasm ? 'wasm' : 'js'})`).toBe(expected);
        expect(scanner.times[MEMBER_FIELDS / 2 + TIME_FIELD]).toBeNaN();
      }
      if (!Number.isNaN(expected)) {
        valid++;
        const [y, mo, d, h, mi, sec] = [t.slice(0, 4), t.slice(5, 7), t.slice(8, 10), t.slice(11, 13), t.slice(14, 16), t.slice(17, 19)].map(Number);
        expect(expected).toBe(Date.UTC(y, mo - 1, d, h, mi, sec) * 1000 + Number(t.slice(20, 26)));
      }
    }
    expect(valid).toBeGreaterThan(1000);
  });

  it('interns the values of interned keys: one id per distinct value, none for escaped or long ones', () => {
    const scanner = newMemberScanner('wasm');
    const idsOf = (line: string): number[] => {
      const buf = Buffer.from(line);
      const n = scanner.scan(buf, 0, buf.length);
      return Array.from({ length: n }, (_, m) => scanner.found[m * MEMBER_FIELDS + INTERN_FIELD]);
    };
    const a = idsOf('{"model":"gpt-4o","src":{"file":"a.ts","line":1},"name":"not interned"}');
    expect(a[0]).toBeGreaterThan(0);
    expect(a[1]).toBeGreaterThan(0);
    expect(a[2]).toBe(0);
    expect(idsOf('{"src":{"file":"a.ts","line":1}, "model" : "gpt-4o"}')).toEqual([a[1], a[0]]);
    // an id stands for the value's bytes, quotes included, whatever the key
    const other = idsOf('{"model":"gpt-4o-mini","src":"gpt-4o","model":{"file":"a.ts","line":1},"src":"{\\"file\\":1}","model":" gpt-4o"}');
    expect(other.slice(1, 3)).toEqual([a[0], a[1]]);
    expect(other[3]).toBe(0);
    expect(new Set([other[0], other[4], a[0], a[1]]).size).toBe(4);
    expect(idsOf(`{"model":"a\\nb","src":"${'x'.repeat(300)}"}`)).toEqual([0, 0]);
    expect(scanner.internRestarted).toBe(false);
  });

  it('starts the intern table over when it is full, and says so for that scan', () => {
    const scanner = newMemberScanner('wasm');
    const generation = scanner.internGeneration;
    const seen = new Map<number, string>();
    let restarts = 0;
    for (let i = 0; i < MAX_INTERNED * 2 + 10; i++) {
      const buf = Buffer.from(`{"model":"model number ${i}","src":"model number ${i - 1}"}`);
      expect(scanner.scan(buf, 0, buf.length)).toBe(2);
      if (scanner.internRestarted) {
        restarts++;
        seen.clear();
        continue;
      }
      const [model, src] = [scanner.found[INTERN_FIELD], scanner.found[MEMBER_FIELDS + INTERN_FIELD]];
      expect(model).toBeGreaterThan(0);
      if (seen.has(model)) expect(seen.get(model)).toBe(`model number ${i}`);
      seen.set(model, `model number ${i}`);
      expect(src).not.toBe(model);
    }
    expect(restarts).toBe(2);
    expect(scanner.internGeneration).toBe(generation + 2);
  });

  it('finds newlines and needles as indexOf does', () => {
    const next = rng(3);
    const n1 = needle('"usage');
    const n2 = needle('ab');
    for (const scanner of [wasm, js]) {
      for (let k = 0; k < 400; k++) {
        const len = Math.floor(next() * 100);
        const buf = scanner.lineBuffer(len + 32, 0);
        for (let i = 0; i < len; i++) buf[i] = '\n"usagebax'.charCodeAt(Math.floor(next() * 10));
        const from = Math.floor(next() * (len + 1));
        const nl = buf.subarray(0, len).indexOf(0x0a, from);
        expect(scanner.newline(buf, from, len)).toBe(nl);
        const s = Math.floor(next() * (len + 1));
        const e = s + Math.floor(next() * (len - s + 1));
        for (const [n, text] of [[n1, '"usage'], [n2, 'ab']] as const) {
          expect(scanner.contains(buf, s, e, n), `${buf.toString('utf8', s, e)} ${text}`).toBe(buf.subarray(s, e).indexOf(text) >= 0);
        }
      }
    }
  });
});
