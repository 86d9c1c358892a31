/**
 * The native format's common case decoded straight from a line's bytes into the span table's
 * columns: no line string, no record object, no Span object. Light strings are interned from
 * their bytes, ISO times parsed digit by digit, heavy values never looked at: the member scan
 * (memberScan.ts) says where each value lies.
 *
 * It takes only lines whose meaning it knows exactly as the native reader reads them: our own
 * keys, our own span types and statuses, plain strings, token counts as integers. Anything
 * else (LangSmith fields, unknown keys, escaped ids, odd values) returns false and the line
 * goes to the general path, which ends in the reader itself.
 */
import { errorFromValue } from '../../core/readers/errors';
import { asStringArray } from '../../core/readers/fields';
import { sourceOf } from '../../core/readers/native';
import { ByteKeys } from './byteKeys';
import {
  INTERN_FIELD, MAX_INTERNED, MEMBER_FIELDS, memberScanner, needle, TIME_FIELD, type MemberScanner,
} from './memberScan';
import {
  flatUsage, jsonAt, K_COST, K_DOTTED, K_END, K_ERROR, K_ID, K_KIND, K_MODEL, K_MODEL_SOURCE, K_NAME,
  K_OUTPUTS, K_PARENT, K_PROVIDER, K_SERVICE, K_SOURCE, K_START, K_STATUS, K_TAGS, K_TRACE, K_TYPE, K_USAGE,
  plainDecimal, QUOTE, smallCode, STATUS_BYTES, timeAt, TYPE_BYTES,
} from './nativeFields';
import { MODEL_KEYS, USAGE_KEYS as USAGE_NEEDLES } from './nativeScan';
import { RowValues, type SpanTable } from './spanTable';

const MODEL_NEEDLES = MODEL_KEYS.map((k) => needle(k.toString()));
const USAGE_NEEDLE_IDS = USAGE_NEEDLES.map((k) => needle(k.toString()));

/** Whether `buf[s, e)` holds one of the needles; false for no range (s < 0). */
function holds(scanner: MemberScanner, buf: Buffer, s: number, e: number, ids: number[]): boolean {
  if (s < 0) return false;
  for (const n of ids) if (scanner.contains(buf, s, e, n)) return true;
  return false;
}

/**
 * The last value seen of one field and its pooled ref: consecutive records of a trace repeat
 * their trace id and parent id, and a byte compare is cheaper than a lookup.
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

/**
 * What this file's decoder made of each interned value (see memberScan.ts), by intern id:
 * a pooled string, a span type or status code, a source, a tag list. Cleared when the scan's
 * intern generation changes.
 */
class InternedValues {
  generation = -1;
  /** pool ref + 1 of a plain string value; 0: not yet made */
  readonly poolRef = new Int32Array(MAX_INTERNED + 1);
  /** smallCode of a span type / status; 0: not yet made or not one */
  readonly typeCode = new Int8Array(MAX_INTERNED + 1);
  readonly statusCode = new Int8Array(MAX_INTERNED + 1);
  /** source ref + 1 */
  readonly sourceRef = new Int32Array(MAX_INTERNED + 1);
  /** a tag list, null for a value that gives none; undefined: not yet made */
  readonly tags: (string[] | null | undefined)[] = [];

  /** Ready for ids of `generation`. */
  sync(generation: number): void {
    if (generation === this.generation) return;
    this.generation = generation;
    this.poolRef.fill(0);
    this.typeCode.fill(0);
    this.statusCode.fill(0);
    this.sourceRef.fill(0);
    this.tags.length = 0;
  }
}

/** The pool ref of an interned plain string, made once per id. */
function pooled(interned: InternedValues, id: number, pool: SpanTable['pool'], buf: Buffer, s: number, e: number): number {
  const known = interned.poolRef[id];
  if (known !== 0) return known - 1;
  const ref = pool.addBytes(buf, s, e);
  interned.poolRef[id] = ref + 1;
  return ref;
}

/** What decoding one file's lines keeps between lines. */
export class DecodeState {
  readonly row = new RowValues();
  readonly trace = new RecentRef();
  readonly parent = new RecentRef();
  readonly interned = new InternedValues();
  /** tag lists by their JSON bytes: a writer repeats the same few */
  readonly tagBytes = new ByteKeys();
  readonly tagLists: (string[] | undefined)[] = [];

  constructor(readonly table: SpanTable, readonly scanner: MemberScanner = memberScanner()) {}
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
  const scanner = state.scanner;
  const count = scanner.scan(buf, start, end);
  if (count < 0) return false;
  const found = scanner.found;
  const times = scanner.times;
  const interned = state.interned;
  interned.sync(scanner.internGeneration);
  // A scan that started a new intern generation gave out ids of two: none are used.
  const useIds = !scanner.internRestarted;
  let idS = -1, idE = -1;
  let haveStart = false, haveName = false, haveType = false, ended = false, usageSet = false;
  let rawStatus = 0;
  // skipped values the native reader may derive light fields from (start, end; -1: none)
  let extraS = -1, extraE = -1, metaS = -1, metaE = -1, outS = -1, outE = -1;
  for (let m = 0; m < count * MEMBER_FIELDS; m += MEMBER_FIELDS) {
    const code = found[m + 5];
    if (code === 0) return false;
    const keyFirst = buf[found[m] + 1];
    const vs = found[m + 2];
    const ve = found[m + 3];
    const c = buf[vs];
    if (code === K_START || code === K_END) {
      // The writers' own time format, read by the scan.
      const t = times[(m >> 1) + TIME_FIELD];
      if (!Number.isNaN(t)) {
        if (code === K_START) { v.start = t; haveStart = true; } else { v.end = t; ended = true; }
        continue;
      }
    }
    const isNull = c === 0x6e && buf[vs + 1] === 0x75 && buf[vs + 2] === 0x6c && buf[vs + 3] === 0x6c;
    const str = c === QUOTE;
    // content of a string value, and whether it is usable as raw bytes
    const ss = vs + 1, se = ve - 1;
    const escaped = found[m + 4] !== 0;
    const plain = str && !escaped && se > ss;
    const id = useIds ? found[m + INTERN_FIELD] : 0;
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
        v.nameRef = id !== 0 ? pooled(interned, id, pool, buf, ss, se) : pool.addBytes(buf, ss, se);
        haveName = true;
        break;
      case K_TYPE: {
        let t = interned.typeCode[id];
        if (t === 0) {
          t = str ? smallCode(TYPE_BYTES, buf, ss, se) : 0;
          if (id !== 0) interned.typeCode[id] = t;
        }
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
        rawStatus = interned.statusCode[id];
        if (rawStatus === 0) {
          rawStatus = str ? smallCode(STATUS_BYTES, buf, ss, se) : 0;
          if (id !== 0) interned.statusCode[id] = rawStatus;
        }
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
        if (plain) ref = id !== 0 ? pooled(interned, id, pool, buf, ss, se) : pool.addBytes(buf, ss, se);
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
        let n = plainDecimal(buf, vs, ve);
        if (Number.isNaN(n)) n = Number(buf.toString('latin1', vs, ve));
        if (!Number.isFinite(n)) return false;
        v.cost = n;
        break;
      }
      case K_SOURCE: {
        if (isNull) { v.sourceRef = 0; break; }
        if (c !== 0x7b) return false;
        const known = interned.sourceRef[id];
        if (known !== 0) { v.sourceRef = known - 1; break; }
        const h = ByteKeys.hash(buf, vs, ve);
        const entry = table.sourceBytes.find(buf, vs, ve, h);
        if (entry >= 0) v.sourceRef = table.sourceOfBytes[entry];
        else {
          v.sourceRef = table.sourceRefOf(sourceOf(jsonAt(buf, vs, ve)));
          table.sourceBytes.insert(buf, vs, ve, true, h);
          table.sourceOfBytes.push(v.sourceRef);
        }
        if (id !== 0) interned.sourceRef[id] = v.sourceRef + 1;
        break;
      }
      case K_TAGS: {
        if (isNull) { v.tags = undefined; break; }
        const known = interned.tags[id];
        if (id !== 0 && known !== undefined) { v.tags = known ?? undefined; break; }
        const h = ByteKeys.hash(buf, vs, ve);
        const entry = state.tagBytes.find(buf, vs, ve, h);
        if (entry >= 0) v.tags = state.tagLists[entry];
        else if (state.tagLists.length < 4096) {
          v.tags = asStringArray(jsonAt(buf, vs, ve));
          state.tagBytes.insert(buf, vs, ve, true, h);
          state.tagLists.push(v.tags);
        } else v.tags = asStringArray(jsonAt(buf, vs, ve));
        if (id !== 0) interned.tags[id] = v.tags ?? null;
        break;
      }
      case K_MODEL_SOURCE:
        // A key given twice is left to JSON.parse, which keeps the last.
        if (keyFirst === 0x65 /* extra, else metadata */) {
          if (extraS >= 0) return false;
          extraS = vs; extraE = ve;
        } else {
          if (metaS >= 0) return false;
          metaS = vs; metaE = ve;
        }
        break;
      case K_OUTPUTS:
        if (outS >= 0) return false;
        outS = vs; outE = ve;
        break;
      default:
        break;
    }
  }
  if (idS < 0 || v.traceRef === 0 || !haveStart || !haveName || !haveType) return false;
  // Where the native reader would look into skipped values (LangSmith runs), let it.
  if ((extraS >= 0 || metaS >= 0) && (v.modelRef === 0 || v.providerRef === 0)
    && (holds(scanner, buf, extraS, extraE, MODEL_NEEDLES) || holds(scanner, buf, metaS, metaE, MODEL_NEEDLES))) return false;
  if (outS >= 0 && !usageSet && holds(scanner, buf, outS, outE, USAGE_NEEDLE_IDS)) return false;
  // statusOf in the native reader
  if (rawStatus === 3) v.statusCode = 2;
  else if (rawStatus === 2 || v.error) v.statusCode = 1;
  else if (rawStatus === 1) v.statusCode = 0;
  else v.statusCode = ended ? 0 : 2;
  decodedId.start = idS;
  decodedId.end = idE;
  return true;
}
