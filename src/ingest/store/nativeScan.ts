/**
 * Fast path for the native JSONL format: reads a line's top-level keys straight from the
 * bytes and parses only the small fields. The heavy values (prompts, completions, metadata,
 * events) are stepped over without building strings or objects, which is where a full
 * JSON.parse spends its time and memory on a large trace file.
 *
 * The caller hands the returned light record to the native LineFormat, so both paths share
 * one normalisation. Anything unusual (escaped keys, broken structure, a value the light
 * parse rejects) returns undefined and the caller falls back to JSON.parse of the whole line.
 */

/** Top-level keys whose values are left out of the index and loaded lazily. */
export const HEAVY_KEYS: ReadonlySet<string> = new Set([
  'inputs', 'outputs', 'metadata', 'events', 'extra', 'serialized', 'attachments',
]);

import { normalizeUsage } from '../../core/readers/usage';

/**
 * LangSmith-style runs keep model and provider in `extra`/`metadata` and token counts in
 * `outputs`; the native reader looks there when the top-level field is missing. A skipped
 * value holding one of these keys sends the line to the full parse.
 */
export const MODEL_KEYS = ['"ls_model_name"', '"ls_provider"', '"invocation_params"'].map((k) => Buffer.from(k));
/** `"usage` covers `"usage"` and `"usage_metadata"`: one search less per span with outputs. */
export const USAGE_KEYS = ['"usage', '"llm_output"'].map((k) => Buffer.from(k));

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

/** Bytes allowed outside strings inside a skipped value: JSON punctuation, numbers, literals. */
const BARE = new Uint8Array(256);
for (const c of ' \t\r{}[],:0123456789-+.eEtruefalsn') BARE[c.charCodeAt(0)] = 1;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

/**
 * Index of the closing quote of the string whose opening quote is at `pos`, or -1.
 * Short strings are walked byte by byte (a native indexOf call costs more than a few bytes of
 * loop); long ones jump from quote to quote and check the backslashes before each.
 */
export function skipString(buf: Uint8Array, pos: number, end: number): number {
  let i = pos + 1;
  const walkEnd = Math.min(end, i + 24);
  while (i < walkEnd) {
    const c = buf[i];
    if (c === QUOTE) return i;
    if (c === BACKSLASH) i += 2;
    else i++;
  }
  if (i >= end) return -1;
  for (;;) {
    const q = (buf as Buffer).indexOf(QUOTE, i);
    if (q < 0 || q >= end) return -1;
    let b = q - 1;
    while (buf[b] === BACKSLASH) b--;
    // An odd run of backslashes escapes this quote.
    if (((q - 1 - b) & 1) === 0) return q;
    i = q + 1;
  }
}

/** End (exclusive) of the JSON value starting at `pos`, or -1 when it is not well formed. */
export function skipValue(buf: Uint8Array, pos: number, end: number): number {
  const first = buf[pos];
  if (first === QUOTE) {
    const q = skipString(buf, pos, end);
    return q < 0 ? -1 : q + 1;
  }
  if (first !== LBRACE && first !== LBRACKET) {
    let i = pos;
    while (i < end) {
      const c = buf[i];
      if (c === COMMA || c === RBRACE || c === RBRACKET || isSpace(c)) break;
      if (BARE[c] === 0) return -1;
      i++;
    }
    return i === pos ? -1 : i;
  }
  // Nested object or array: brackets are counted, not matched by kind; the light parse or
  // the lazy full load reports a mismatch, and an unbalanced line falls back here.
  let depth = 0;
  let i = pos;
  while (i < end) {
    const c = buf[i];
    if (c === QUOTE) {
      const q = skipString(buf, i, end);
      if (q < 0) return -1;
      i = q + 1;
      continue;
    }
    if (c === LBRACE || c === LBRACKET) depth++;
    else if (c === RBRACE || c === RBRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    } else if (BARE[c] === 0) return -1;
    i++;
  }
  return -1;
}

function decodeKey(buf: Uint8Array, start: number, end: number): string | undefined {
  // Keys are ASCII in this format; anything else (escapes, non-ASCII) takes the slow path.
  let s = '';
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === BACKSLASH || c >= 0x80) return undefined;
    s += String.fromCharCode(c);
  }
  return s;
}

export interface LightRecord {
  record: Record<string, unknown>;
  /** some heavy value was left out */
  skipped: boolean;
}

/**
 * Scans the object on `buf[start, end)` (one line, no newline). Returns the record without
 * its heavy values, or undefined when the line needs the full JSON.parse.
 */
export function scanNativeLine(buf: Buffer, start: number, end: number): LightRecord | undefined {
  let i = start;
  while (i < end && isSpace(buf[i])) i++;
  let last = end;
  while (last > i && isSpace(buf[last - 1])) last--;
  if (buf[i] !== LBRACE || buf[last - 1] !== RBRACE) return undefined;
  i++;
  const close = last - 1;
  // Byte ranges of light `"key":value` members, merged when adjacent, so the light text is
  // a few slices of the line rather than one string per field.
  const ranges: number[] = [];
  let skipped = false;
  /** skipped values the native reader may derive light fields from: start, end pairs */
  let modelSources: number[] | undefined;
  let usageSource: number[] | undefined;
  let first = true;
  for (;;) {
    while (i < close && isSpace(buf[i])) i++;
    if (i >= close) break;
    if (!first) {
      if (buf[i] !== COMMA) return undefined;
      i++;
      while (i < close && isSpace(buf[i])) i++;
    }
    first = false;
    if (buf[i] !== QUOTE) return undefined;
    const memberStart = i;
    const keyEnd = skipString(buf, i, close);
    if (keyEnd < 0) return undefined;
    const key = decodeKey(buf, i + 1, keyEnd);
    if (key === undefined) return undefined;
    i = keyEnd + 1;
    while (i < close && isSpace(buf[i])) i++;
    if (buf[i] !== COLON) return undefined;
    i++;
    while (i < close && isSpace(buf[i])) i++;
    const valueEnd = skipValue(buf, i, close);
    if (valueEnd < 0) return undefined;
    if (HEAVY_KEYS.has(key)) {
      skipped = true;
      if (key === 'extra' || key === 'metadata') (modelSources ??= []).push(i, valueEnd);
      else if (key === 'outputs') (usageSource ??= []).push(i, valueEnd);
    }
    else {
      const n = ranges.length;
      if (n > 0 && isJoinable(buf, ranges[n - 1], memberStart)) ranges[n - 1] = valueEnd;
      else ranges.push(memberStart, valueEnd);
    }
    i = valueEnd;
  }
  let text = '{';
  for (let r = 0; r < ranges.length; r += 2) {
    if (r > 0) text += ',';
    text += buf.toString('utf8', ranges[r], ranges[r + 1]);
  }
  text += '}';
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return undefined;
  }
  const rec = record as Record<string, unknown>;
  if (modelSources && !(isText(rec.model) && isText(rec.provider)) && holdsAny(buf, modelSources, MODEL_KEYS)) return undefined;
  if (usageSource && normalizeUsage(rec.usage) === undefined && holdsAny(buf, usageSource, USAGE_KEYS)) return undefined;
  return { record: rec, skipped };
}

function isText(v: unknown): boolean {
  return typeof v === 'string' && v.length > 0;
}

export function holdsAny(buf: Buffer, ranges: number[], needles: Buffer[]): boolean {
  for (let r = 0; r < ranges.length; r += 2) {
    const slice = buf.subarray(ranges[r], ranges[r + 1]);
    for (const n of needles) if (slice.indexOf(n) >= 0) return true;
  }
  return false;
}

/** Only a comma and whitespace between two members: one slice can hold both. */
function isJoinable(buf: Uint8Array, prevEnd: number, nextStart: number): boolean {
  let commas = 0;
  for (let i = prevEnd; i < nextStart; i++) {
    const c = buf[i];
    if (c === COMMA) commas++;
    else if (!isSpace(c)) return false;
  }
  return commas === 1;
}
