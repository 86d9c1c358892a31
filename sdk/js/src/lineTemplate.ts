/**
 * The fast path for the common record: a finished, successful child of a local parent.
 * Siblings of one name share every byte of their line but the id, the dotted_order stamp,
 * the two times and their user data (inputs, outputs, usage...), so the line is kept once per
 * (parent, name, type, source, service, second) as UTF-8 bytes, in two parts around where the
 * data goes. Each span copies the parts into the write buffer, patches those fixed places and
 * encodes only its data between them. Building, flattening and encoding a whole string per
 * line was most of a span's cost.
 */
import { isoUs, dottedStamp } from './clock';
import { spanLine, sourceOf, dataPart } from './record';
import { putUuid } from './ids';
import type { SpanImpl } from './span';

declare module 'node:buffer' {
  interface Buffer {
    /** Node's latin1 encoder without Buffer#write's argument normalization. */
    latin1Write(s: string, offset?: number, length?: number): number;
  }
}

export interface LineTemplate {
  /** the record up to its status, and from its source (or service) to the newline */
  head: Buffer;
  tail: Buffer;
  name: string;
  type: string;
  source: string | null;
  service: string | null;
  /** the seconds the start-time (and stamp) prefix and the end-time prefix hold */
  sec: number;
  endSec: number;
  /** byte offsets: the id's second copy (in dotted_order), stamp digits, start and end times */
  id2: number;
  stampDigits: number;
  start: number;
  end: number;
}

const DIGITS = new Uint8Array(3000);
for (let i = 0; i < 1000; i++) {
  DIGITS[i * 3] = 48 + Math.floor(i / 100);
  DIGITS[i * 3 + 1] = 48 + (Math.floor(i / 10) % 10);
  DIGITS[i * 3 + 2] = 48 + (i % 10);
}

/** `f`, the microseconds within the second, as six ASCII digits at `at`. */
function put6(buf: Buffer, at: number, f: number): void {
  const hi = Math.floor(f / 1000);
  let d = hi * 3;
  buf[at] = DIGITS[d];
  buf[at + 1] = DIGITS[d + 1];
  buf[at + 2] = DIGITS[d + 2];
  d = (f - hi * 1000) * 3;
  buf[at + 3] = DIGITS[d];
  buf[at + 4] = DIGITS[d + 1];
  buf[at + 5] = DIGITS[d + 2];
}

const TEMPLATES_PER_PARENT = 4;

function build(s: SpanImpl, source: string | null, service: string | null, sec: number): LineTemplate {
  const line = spanLine(s, false, service, false);
  const stamp = dottedStamp(s.startUs);
  const start = '","start_time":"';
  const end = '","end_time":"';
  const status = '","status":"ok"';
  // Offsets are found in the string (ASCII before the name) and turned into byte offsets.
  const idAt = line.indexOf(stamp + s.id) + stamp.length;
  const startAt = line.indexOf(start, idAt) + start.length;
  const endAt = line.indexOf(end, startAt) + end.length;
  const dataAt = line.indexOf(status, endAt) + status.length;
  const bytesBefore = (i: number): number => Buffer.byteLength(line.slice(0, i));
  return {
    head: Buffer.from(line.slice(0, dataAt)), tail: Buffer.from(line.slice(dataAt)),
    name: s.name, type: s.spanType, source, service, sec, endSec: Math.floor(s.endUs / 1_000_000),
    id2: idAt, stampDigits: idAt - 7, start: bytesBefore(startAt), end: bytesBefore(endAt),
  };
}

/** Whether the span's record is of the templated kind. */
export function templated(s: SpanImpl): boolean {
  return s.parent !== null && !s.failed;
}

/**
 * Writes the line of a `templated` span into `buf` at `pos` and returns its length, or -1
 * when it would pass `limit` (the caller then seals the buffer and tries again).
 */
export function writeTemplated(s: SpanImpl, service: string | null, buf: Buffer, pos: number, limit: number): number {
  const parent = s.parent!;
  const source = sourceOf(s);
  const startUs = s.startUs;
  const sec = Math.floor(startUs / 1_000_000);
  let list = parent.templates;
  let t: LineTemplate | undefined;
  if (list !== undefined) {
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (c.name === s.name && c.type === s.spanType && c.source === source && c.service === service) {
        t = c;
        if (c.sec !== sec) list[i] = t = build(s, source, service, sec);
        break;
      }
    }
  }
  if (t === undefined) {
    t = build(s, source, service, sec);
    if (list === undefined) parent.templates = list = [];
    if (list.length >= TEMPLATES_PER_PARENT) list.shift();
    list.push(t);
  }
  const head = t.head;
  const tail = t.tail;
  const data = s.x === undefined ? '' : dataPart(s.x, false);
  // A UTF-16 code unit is at most 3 UTF-8 bytes: measure exactly only near the limit.
  let room = head.length + tail.length + data.length * 3;
  if (pos + room > limit) {
    room = head.length + tail.length + Buffer.byteLength(data);
    if (pos + room > limit) return -1;
  }
  buf.set(head, pos);
  // Twice in JS beats one write and a copyWithin (a C++ builtin with a costly entry).
  putUuid(buf, pos + 7, s.idMs, s.idSeq, s.idRa, s.idRb);
  putUuid(buf, pos + t.id2, s.idMs, s.idSeq, s.idRa, s.idRb);
  // Subtraction, not `%`: these are doubles beyond 2^31, where `%` is a slow call.
  const f = startUs - sec * 1_000_000;
  put6(buf, pos + t.stampDigits, f);
  put6(buf, pos + t.start + 20, f);
  const endUs = s.endUs;
  const endSec = Math.floor(endUs / 1_000_000);
  if (endSec !== t.endSec) buf.latin1Write(isoUs(endUs), pos + t.end);
  else put6(buf, pos + t.end + 20, endUs - endSec * 1_000_000);
  let at = pos + head.length;
  if (data.length > 0) at += buf.utf8Write(data, at);
  buf.set(tail, at);
  return at + tail.length - pos;
}
