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
import { putUuid2 } from './ids';
import type { SpanImpl } from './span';

export interface LineTemplate {
  /** the record up to its status, and from its source (or service) to the newline */
  head: Buffer;
  tail: Buffer;
  /** head and tail together: the whole line of a span without data, copied in one call */
  line: Buffer;
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

/** Two ASCII digits of 0..99 as one little-endian 16-bit word. */
const DIGITS2 = new Uint16Array(100);
for (let i = 0; i < 100; i++) DIGITS2[i] = (48 + Math.floor(i / 10)) | ((48 + (i % 10)) << 8);

/**
 * `f`, the microseconds within the second, as six ASCII digits at `at` (three 16-bit stores).
 * `| 0` makes the arithmetic 32-bit integer, where dividing by a constant is a multiplication:
 * as doubles, the divisions cost more than the stores.
 */
function put6(dv: DataView, at: number, f: number): void {
  const fi = f | 0;
  const a = (fi / 10000) | 0;
  const r = fi - a * 10000;
  const b = (r / 100) | 0;
  dv.setUint16(at, DIGITS2[a], true);
  dv.setUint16(at + 2, DIGITS2[b], true);
  dv.setUint16(at + 4, DIGITS2[r - b * 100], true);
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
    head: Buffer.from(line.slice(0, dataAt)), tail: Buffer.from(line.slice(dataAt)), line: Buffer.from(line),
    name: s.name, type: s.spanType, source, service, sec, endSec: Math.floor(s.endUs / 1_000_000),
    id2: idAt, stampDigits: idAt - 7, start: bytesBefore(startAt), end: bytesBefore(endAt),
  };
}

/** Whether the span's record is of the templated kind. */
export function templated(s: SpanImpl): boolean {
  return s.parent !== null && !s.failed;
}

/**
 * Writes the line of a `templated` span into `buf` (`dv` views the same bytes) at `pos` and
 * returns its length, or -1 when it would pass `limit` (the caller then seals the buffer and
 * tries again).
 */
export function writeTemplated(s: SpanImpl, service: string | null, buf: Buffer, dv: DataView, pos: number, limit: number): number {
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
  let at: number;
  if (data.length === 0) {
    if (pos + t.line.length > limit) return -1;
    buf.set(t.line, pos);
    at = pos + head.length;
  } else {
    // A UTF-16 code unit is at most 3 UTF-8 bytes: measure exactly only near the limit.
    let room = head.length + tail.length + data.length * 3;
    if (pos + room > limit) {
      room = head.length + tail.length + Buffer.byteLength(data);
      if (pos + room > limit) return -1;
    }
    buf.set(head, pos);
    at = pos + head.length;
    at += buf.utf8Write(data, at);
    buf.set(tail, at);
  }
  putUuid2(dv, pos + 7, pos + t.id2, s.idMs, s.idSeq, s.idR0, s.idR1, s.idR2, s.idR3);
  // Subtraction, not `%`: these are doubles beyond 2^31, where `%` is a slow call.
  const f = startUs - sec * 1_000_000;
  put6(dv, pos + t.stampDigits, f);
  put6(dv, pos + t.start + 20, f);
  const endUs = s.endUs;
  const endSec = Math.floor(endUs / 1_000_000);
  if (endSec !== t.endSec) buf.latin1Write(isoUs(endUs), pos + t.end);
  else put6(dv, pos + t.end + 20, endUs - endSec * 1_000_000);
  return at + tail.length - pos;
}
