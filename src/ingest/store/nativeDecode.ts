/**
 * The native format's common case decoded straight from a line's bytes into the span table's
 * columns: no line string, no record object, no Span object. Light strings are interned from
 * their bytes, ISO times parsed digit by digit, heavy values stepped over (nativeScan.ts).
 *
 * It takes only lines whose meaning it knows exactly as the native reader reads them: our own
 * keys, our own span types and statuses, plain strings, token counts as integers. Anything
 * else (LangSmith fields, unknown keys, escaped ids, odd values) returns false and the line
 * goes to the general path, which ends in the reader itself.
 */
import { errorFromValue } from '../../core/readers/errors';
import { asStringArray } from '../../core/readers/fields';
import { sourceOf } from '../../core/readers/native';
import { toMicros } from '../../core/time';
import { SPAN_TYPES } from '../../core/model';
import { ByteKeys } from './byteKeys';
import { HEAVY_KEYS, holdsAny, MODEL_KEYS, skipString, skipValue, USAGE_KEYS as USAGE_NEEDLES } from './nativeScan';
import { NO_TOKENS, RowValues, TYPE_CODE, USAGE_KEYS, type SpanTable } from './spanTable';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const K_ID = 1, K_TRACE = 2, K_PARENT = 3, K_DOTTED = 4, K_NAME = 5, K_TYPE = 6, K_START = 7, K_END = 8,
  K_STATUS = 9, K_ERROR = 10, K_MODEL = 11, K_PROVIDER = 12, K_USAGE = 13, K_COST = 14, K_SOURCE = 15,
  K_SERVICE = 16, K_TAGS = 17, K_KIND = 18, K_HEAVY = 19, K_MODEL_SOURCE = 20, K_OUTPUTS = 21;

/** A tiny perfect-enough map from a key's bytes to a code; verified byte for byte. */
class KeyTable {
  private readonly keys = new ByteKeys();
  private readonly codes: number[] = [];

  add(name: string, code: number): void {
    const b = Buffer.from(name);
    this.keys.insert(b, 0, b.length);
    this.codes.push(code);
  }

  code(buf: Uint8Array, s: number, e: number): number {
    const entry = this.keys.find(buf, s, e);
    return entry < 0 ? 0 : this.codes[entry];
  }
}


/**
 * Keys by their first two bytes, then one compare that also checks the closing quote: a hash
 * lookup per key was the decoder's largest cost (twenty keys a line).
 */
const KEY_CANDIDATES = new Map<number, { bytes: Buffer; code: number }[]>();
function key(name: string, code: number): void {
  const b = Buffer.from(name);
  const k = b[0] * 256 + b[1];
  const list = KEY_CANDIDATES.get(k) ?? [];
  list.push({ bytes: b, code });
  KEY_CANDIDATES.set(k, list);
}
for (const [name, code] of [
  ['id', K_ID], ['trace_id', K_TRACE], ['parent_id', K_PARENT], ['dotted_order', K_DOTTED], ['name', K_NAME],
  ['span_type', K_TYPE], ['start_time', K_START], ['end_time', K_END], ['status', K_STATUS], ['error', K_ERROR],
  ['model', K_MODEL], ['provider', K_PROVIDER], ['usage', K_USAGE], ['cost_usd', K_COST], ['source', K_SOURCE],
  ['service', K_SERVICE], ['tags', K_TAGS], ['kind', K_KIND],
] as const) key(name, code);
for (const heavy of HEAVY_KEYS) key(heavy, heavy === 'extra' || heavy === 'metadata' ? K_MODEL_SOURCE : heavy === 'outputs' ? K_OUTPUTS : K_HEAVY);
/** end (closing quote) of the key matched by matchKey */
let keyEnd = 0;

/** The code of the key whose opening quote is at `q`, or 0 for any other key (the line then takes the general path). */
function matchKey(buf: Uint8Array, q: number, end: number): number {
  if (q + 3 > end) return 0;
  const list = KEY_CANDIDATES.get(buf[q + 1] * 256 + buf[q + 2]);
  if (!list) return 0;
  for (let c = 0; c < list.length; c++) {
    const b = list[c].bytes;
    const n = b.length;
    if (buf[q + 1 + n] !== QUOTE) continue;
    let i = 2;
    while (i < n && b[i] === buf[q + 1 + i]) i++;
    if (i === n) {
      keyEnd = q + 1 + n;
      return list[c].code;
    }
  }
  return 0;
}

const TYPES = new KeyTable();
for (const t of SPAN_TYPES) TYPES.add(t, TYPE_CODE.get(t)! + 1);
const STATUS = new KeyTable();
STATUS.add('ok', 1);
STATUS.add('error', 2);
STATUS.add('running', 3);
const USAGE = new KeyTable();
USAGE_KEYS.forEach((k, i) => USAGE.add(k, i + 1));
/** usage keys normalizeUsage reads under other names: their lines take the general path */
for (const k of ['prompt_tokens', 'completion_tokens', 'cache_read_tokens', 'input_token_details', 'prompt_tokens_details',
  'input_tokens_details', 'output_token_details', 'completion_tokens_details', 'output_tokens_details']) USAGE.add(k, -1);

/** Values of a closed vocabulary (span types, statuses), by length and first two bytes, then verified. */
const shape = (len: number, a: number, b: number): number => len * 65536 + a * 256 + b;
const vocabulary = (words: [string, number][]): Map<number, [Buffer, number]> => {
  const m = new Map<number, [Buffer, number]>();
  for (const [w, code] of words) m.set(shape(w.length, w.charCodeAt(0), w.charCodeAt(1)), [Buffer.from(w), code]);
  if (m.size !== words.length) throw new Error('nativeDecode.ts: two words of one vocabulary share a shape');
  return m;
};
const TYPE_BYTES = vocabulary(SPAN_TYPES.map((t) => [t, TYPE_CODE.get(t)! + 1]));
const STATUS_BYTES = vocabulary([['ok', 1], ['error', 2], ['running', 3]]);

function smallCode(fallback: KeyTable, table: Map<number, [Buffer, number]>, buf: Uint8Array, s: number, e: number): number {
  if (e - s < 2) return fallback.code(buf, s, e);
  const hit = table.get(shape(e - s, buf[s], buf[s + 1]));
  if (!hit) return 0;
  const [b, code] = hit;
  if (b.length !== e - s) return 0;
  for (let i = 0; i < b.length; i++) if (b[i] !== buf[s + i]) return 0;
  return code;
}

/** set by lightString: the string held a backslash escape */
let escaped = false;

/** Closing quote of the short string opening at `pos`, walking bytes; -1 if unterminated. */
function lightString(buf: Uint8Array, pos: number, end: number): number {
  escaped = false;
  let i = pos + 1;
  while (i < end) {
    const c = buf[i];
    if (c === QUOTE) return i;
    if (c === BACKSLASH) { escaped = true; i += 2; } else i++;
  }
  return -1;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

function digits(buf: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** "YYYY-MM-DDTHH" of the last time parsed and its epoch ms: spans of a file share their hours. */
const lastHour = new Uint8Array(13);
let lastHourMs = NaN;

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ` as the native writers emit it, else NaN (the caller asks toMicros). */
function isoMicros(buf: Uint8Array, s: number, e: number): number {
  if (e - s !== 27 || buf[s + 4] !== 0x2d || buf[s + 7] !== 0x2d || buf[s + 10] !== 0x54 || buf[s + 13] !== 0x3a
    || buf[s + 16] !== 0x3a || buf[s + 19] !== 0x2e || buf[s + 26] !== 0x5a) return NaN;
  const mi = digits(buf, s + 14, 2), sec = digits(buf, s + 17, 2), f = digits(buf, s + 20, 6);
  if (mi < 0 || mi > 59 || sec < 0 || sec > 60 || f < 0) return NaN;
  let same = !Number.isNaN(lastHourMs);
  for (let i = 0; same && i < 13; i++) same = lastHour[i] === buf[s + i];
  if (!same) {
    const y = digits(buf, s, 4), mo = digits(buf, s + 5, 2), d = digits(buf, s + 8, 2), h = digits(buf, s + 11, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 24) return NaN;
    // Date.UTC is linear in minutes and seconds (it carries overflow), so the hour's ms plus
    // the rest equals the reader's Date.UTC(y, mo - 1, d, h, mi, sec).
    lastHourMs = Date.UTC(y, mo - 1, d, h);
    for (let i = 0; i < 13; i++) lastHour[i] = buf[s + i];
  }
  return (lastHourMs + mi * 60000 + sec * 1000) * 1000 + f;
}

function jsonAt(buf: Buffer, s: number, e: number): unknown {
  return JSON.parse(buf.toString('utf8', s, e));
}

/** A time value: a string (ISO or decimal) or an epoch number, as toMicros reads them. */
function timeAt(buf: Buffer, s: number, e: number): number | undefined {
  if (buf[s] === QUOTE) {
    const fast = isoMicros(buf, s + 1, e - 1);
    if (!Number.isNaN(fast)) return fast;
  }
  return toMicros(jsonAt(buf, s, e));
}

/**
 * `{"input_tokens": n, ...}` with integer counts, read into `tokens`. False for anything the
 * reader's normalizeUsage would read differently (other names, strings, fractions).
 */
function flatUsage(buf: Uint8Array, s: number, e: number, tokens: Int32Array): boolean {
  let i = s + 1;
  let any = false;
  for (;;) {
    while (i < e && isSpace(buf[i])) i++;
    if (buf[i] === 0x7d) break;
    if (buf[i] !== QUOTE) return false;
    const ke = lightString(buf, i, e);
    if (ke < 0 || escaped) return false;
    const code = USAGE.code(buf, i + 1, ke);
    if (code < 0) return false;
    i = ke + 1;
    while (i < e && isSpace(buf[i])) i++;
    if (buf[i] !== 0x3a) return false;
    i++;
    while (i < e && isSpace(buf[i])) i++;
    const vs = i;
    let n = 0;
    while (i < e && buf[i] >= 0x30 && buf[i] <= 0x39) { n = n * 10 + buf[i] - 0x30; i++; }
    if (i === vs || i - vs > 9) {
      // Keys it does not read are ignored by normalizeUsage whatever they hold, as long as
      // they are plain numbers here.
      if (code !== 0) return false;
      const ve = skipValue(buf, vs, e);
      if (ve < 0 || buf[vs] === QUOTE || buf[vs] === 0x7b || buf[vs] === 0x5b) return false;
      i = ve;
    } else if (buf[i] === 0x2e || buf[i] === 0x65 || buf[i] === 0x45) {
      return false;
    } else if (code > 0) {
      tokens[code - 1] = n;
      any = true;
    }
    while (i < e && isSpace(buf[i])) i++;
    if (buf[i] === 0x2c) { i++; continue; }
    if (buf[i] === 0x7d) break;
    return false;
  }
  if (!any) return false;
  // withTotal: a missing total is input + output.
  if (tokens[2] === NO_TOKENS && (tokens[0] !== NO_TOKENS || tokens[1] !== NO_TOKENS)) {
    const total = Math.max(tokens[0], 0) + Math.max(tokens[1], 0);
    if (total >= 0x7fffffff) return false;
    tokens[2] = total;
  }
  return true;
}

/**
 * The last value seen of one field and its pooled ref: consecutive records of a trace repeat
 * their trace id, parent id, model and service, and a byte compare is cheaper than a lookup.
 */
class RecentRef {
  private bytes = Buffer.alloc(64);
  private len = -1;
  private ref = 0;

  lookup(pool: SpanTable['pool'], buf: Buffer, s: number, e: number): number {
    const n = e - s;
    if (n === this.len) {
      const b = this.bytes;
      let i = 0;
      while (i < n && b[i] === buf[s + i]) i++;
      if (i === n) return this.ref;
    }
    this.ref = pool.addBytes(buf, s, e);
    if (n <= this.bytes.length) {
      const b = this.bytes;
      for (let i = 0; i < n; i++) b[i] = buf[s + i];
      this.len = n;
    } else this.len = -1;
    return this.ref;
  }
}

/** What decoding one file's lines keeps between lines. */
export class DecodeState {
  readonly row = new RowValues();
  readonly trace = new RecentRef();
  readonly parent = new RecentRef();
  readonly model = new RecentRef();
  readonly provider = new RecentRef();
  readonly service = new RecentRef();

  constructor(readonly table: SpanTable) {}
}

/** Bytes of the decoded span's id in the line, valid after a successful decode. */
export const decodedId = { start: 0, end: 0 };

/**
 * Fills `v` from the native record on `buf[start, end)`. Returns false when the line needs
 * the general path; `v` is then garbage.
 */
export function decodeNativeLine(buf: Buffer, start: number, end: number, state: DecodeState): boolean {
  const table = state.table;
  const v = state.row;
  v.clear();
  const pool = table.pool;
  let i = start;
  while (i < end && isSpace(buf[i])) i++;
  let last = end;
  while (last > i && isSpace(buf[last - 1])) last--;
  if (buf[i] !== 0x7b || buf[last - 1] !== 0x7d) return false;
  const close = last - 1;
  i++;
  let idS = -1, idE = -1;
  let haveStart = false, haveName = false, haveType = false, ended = false, usageSet = false;
  let rawStatus = 0;
  let modelSources: number[] | undefined;
  let usageSource: number[] | undefined;
  let first = true;
  for (;;) {
    while (i < close && isSpace(buf[i])) i++;
    if (i >= close) break;
    if (!first) {
      if (buf[i] !== 0x2c) return false;
      i++;
      while (i < close && isSpace(buf[i])) i++;
    }
    first = false;
    if (buf[i] !== QUOTE) return false;
    const code = matchKey(buf, i, close);
    if (code === 0) return false;
    i = keyEnd + 1;
    while (i < close && isSpace(buf[i])) i++;
    if (buf[i] !== 0x3a) return false;
    i++;
    while (i < close && isSpace(buf[i])) i++;
    const vs = i;
    const c = buf[vs];
    const isNull = c === 0x6e && buf[vs + 1] === 0x75 && buf[vs + 2] === 0x6c && buf[vs + 3] === 0x6c;
    let ve: number;
    if (c === QUOTE && code === K_DOTTED) {
      const q = skipString(buf, vs, close);
      if (q < 0) return false;
      ve = q + 1;
      escaped = false;
    } else if (c === QUOTE && code < K_HEAVY) {
      const q = lightString(buf, vs, close);
      if (q < 0) return false;
      ve = q + 1;
    } else {
      ve = skipValue(buf, vs, close);
      if (ve < 0) return false;
    }
    const str = c === QUOTE;
    // content of a string value, and whether it is usable as raw bytes
    const ss = vs + 1, se = ve - 1;
    const plain = str && !escaped && se > ss;
    switch (code) {
      case K_ID:
        if (!plain) return false;
        idS = ss; idE = se;
        break;
      case K_TRACE:
        if (!plain) return false;
        v.traceRef = state.trace.lookup(pool, buf, ss, se);
        break;
      case K_PARENT:
        if (isNull || (str && se === ss)) v.parentRef = 0;
        else if (plain) v.parentRef = state.parent.lookup(pool, buf, ss, se);
        else return false;
        break;
      case K_DOTTED:
        // Not kept: trees link by parent id, and the full record still has it.
        if (!str && !isNull) return false;
        break;
      case K_NAME:
        if (!plain) return false;
        v.nameRef = pool.addBytes(buf, ss, se);
        haveName = true;
        break;
      case K_TYPE: {
        const t = str ? smallCode(TYPES, TYPE_BYTES, buf, ss, se) : 0;
        if (t === 0) return false;
        v.typeCode = t - 1;
        haveType = true;
        break;
      }
      case K_START: {
        const t = str || !isNull ? timeAt(buf, vs, ve) : undefined;
        if (t === undefined) return false;
        v.start = t;
        haveStart = true;
        break;
      }
      case K_END: {
        const t = isNull ? undefined : timeAt(buf, vs, ve);
        v.end = t ?? NaN;
        ended = t !== undefined;
        break;
      }
      case K_STATUS:
        rawStatus = str ? smallCode(STATUS, STATUS_BYTES, buf, ss, se) : 0;
        if (rawStatus === 0) return false;
        break;
      case K_ERROR:
        v.error = isNull ? undefined : errorFromValue(jsonAt(buf, vs, ve));
        break;
      case K_MODEL:
      case K_PROVIDER:
      case K_SERVICE:
      case K_KIND: {
        let ref = 0;
        if (plain) {
          ref = code === K_MODEL ? state.model.lookup(pool, buf, ss, se)
            : code === K_PROVIDER ? state.provider.lookup(pool, buf, ss, se)
              : code === K_SERVICE ? state.service.lookup(pool, buf, ss, se) : pool.addBytes(buf, ss, se);
        }
        else if (str && escaped) ref = pool.add(jsonAt(buf, vs, ve) as string);
        else if (!isNull && !(str && se === ss)) return false;
        if (code === K_MODEL) v.modelRef = ref;
        else if (code === K_PROVIDER) v.providerRef = ref;
        else if (code === K_SERVICE) v.serviceRef = ref;
        else v.kindRef = ref;
        break;
      }
      case K_USAGE:
        if (isNull) break;
        if (c !== 0x7b || !flatUsage(buf, vs, ve, v.tokens)) return false;
        usageSet = true;
        break;
      case K_COST: {
        if (isNull) { v.cost = NaN; break; }
        if (str || c === 0x7b || c === 0x5b) return false;
        const n = Number(buf.toString('latin1', vs, ve));
        if (!Number.isFinite(n)) return false;
        v.cost = n;
        break;
      }
      case K_SOURCE: {
        if (isNull) { v.sourceRef = 0; break; }
        if (c !== 0x7b) return false;
        const h = ByteKeys.hash(buf, vs, ve);
        const entry = table.sourceBytes.find(buf, vs, ve, h);
        if (entry >= 0) v.sourceRef = table.sourceOfBytes[entry];
        else {
          v.sourceRef = table.sourceRefOf(sourceOf(jsonAt(buf, vs, ve)));
          table.sourceBytes.insert(buf, vs, ve, true, h);
          table.sourceOfBytes.push(v.sourceRef);
        }
        break;
      }
      case K_TAGS:
        v.tags = isNull ? undefined : asStringArray(jsonAt(buf, vs, ve));
        break;
      case K_MODEL_SOURCE:
        (modelSources ??= []).push(vs, ve);
        break;
      case K_OUTPUTS:
        (usageSource ??= []).push(vs, ve);
        break;
      default:
        break;
    }
    i = ve;
  }
  if (idS < 0 || v.traceRef === 0 || !haveStart || !haveName || !haveType) return false;
  // Where the native reader would look into skipped values (LangSmith runs), let it.
  if (modelSources && (v.modelRef === 0 || v.providerRef === 0) && holdsAny(buf, modelSources, MODEL_KEYS)) return false;
  if (usageSource && !usageSet && holdsAny(buf, usageSource, USAGE_NEEDLES)) return false;
  // statusOf in the native reader
  if (rawStatus === 3) v.statusCode = 2;
  else if (rawStatus === 2 || v.error) v.statusCode = 1;
  else if (rawStatus === 1) v.statusCode = 0;
  else v.statusCode = ended ? 0 : 2;
  decodedId.start = idS;
  decodedId.end = idE;
  return true;
}
