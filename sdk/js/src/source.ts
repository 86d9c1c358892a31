/**
 * Where a span was opened. `observe` resolves its location once, when a function is wrapped.
 * At `span()` call sites a one-frame V8 stack capture (formatted and parsed lazily, when the
 * record is written) still costs ~2 µs of CPU, more than the rest of a span. So call sites
 * are remembered per span name: the first VERIFY_FIRST spans of a name capture their stack;
 * if they agree, later spans of that name reuse the location, re-checked every
 * VERIFY_EVERY-th span. A name opened from two places is marked ambiguous and every span of
 * it captures its own stack from then on.
 */
import { fileURLToPath } from 'node:url';
import type { SourceLocation } from './types';

/** `key`: the span name whose call site this capture verifies, if any */
export interface StackHolder { stack?: string; key?: string }

// eslint-disable-next-line @typescript-eslint/ban-types
export function captureCallSite(above: Function): StackHolder {
  const holder: StackHolder = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  Error.captureStackTrace(holder, above);
  Error.stackTraceLimit = limit;
  return holder;
}

const FRAME = /^\s*at (?:async )?(?:(.*?) \()?(.*?):(\d+):\d+\)?\s*$/;
const cache = new Map<string, string | null>();

function parseFrame(frame: string): SourceLocation | null {
  const m = FRAME.exec(frame);
  if (!m) return null;
  let file = m[2];
  if (file.startsWith('file://')) {
    try {
      file = fileURLToPath(file);
    } catch {
      // keep the URL as written
    }
  }
  const loc: SourceLocation = { file, line: Number(m[3]) };
  const fn = m[1]?.replace(/^new /, '');
  if (fn && fn !== '<anonymous>') loc.function = fn;
  return loc;
}

/** The first frame of a captured stack as a `source` JSON string (cached), or null. */
export function sourceJsonFromStack(holder: StackHolder): string | null {
  const stack = holder.stack;
  if (!stack) return null;
  const nl = stack.indexOf('\n');
  if (nl < 0) return null;
  const end = stack.indexOf('\n', nl + 1);
  const frame = stack.slice(nl + 1, end < 0 ? undefined : end);
  let json = cache.get(frame);
  if (json === undefined) {
    const loc = parseFrame(frame);
    json = loc ? JSON.stringify(loc) : null;
    if (cache.size > 10_000) cache.clear();
    cache.set(frame, json);
  }
  return json;
}

/** The location of whoever called `above`, resolved now (used once per wrapped function). */
// eslint-disable-next-line @typescript-eslint/ban-types
export function callerLocation(above: Function): SourceLocation | null {
  const holder = captureCallSite(above);
  const json = sourceJsonFromStack(holder);
  return json ? (JSON.parse(json) as SourceLocation) : null;
}

const VERIFY_FIRST = 4;
const VERIFY_EVERY = 1024;
const MAX_NAMES = 10_000;

interface Site { json: string | null | undefined; captures: number; calls: number; ambiguous: boolean }
const sites = new Map<string, Site>();

/** A known location for spans of `name`, or undefined when this span must capture its own. */
export function knownSite(name: string): string | null | undefined {
  const site = sites.get(name);
  if (site === undefined || site.ambiguous || site.captures < VERIFY_FIRST || (++site.calls & (VERIFY_EVERY - 1)) === 0) {
    if (site === undefined) {
      if (sites.size >= MAX_NAMES) sites.clear();
      sites.set(name, { json: undefined, captures: 1, calls: 0, ambiguous: false });
    } else site.captures++;
    return undefined;
  }
  return site.json;
}

/** Resolves a captured stack and checks it against the remembered site. */
export function resolveSite(holder: StackHolder): string | null {
  const json = sourceJsonFromStack(holder);
  const site = holder.key === undefined ? undefined : sites.get(holder.key);
  if (site !== undefined) {
    if (site.json === undefined) site.json = json;
    else if (site.json !== json) site.ambiguous = true;
  }
  return json;
}
