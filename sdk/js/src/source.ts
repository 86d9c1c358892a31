/**
 * Where a span was opened. `observe` resolves its location once, when a function is wrapped.
 * `span()` only captures a one-frame V8 stack (cheap: no formatting); the frame is formatted
 * and parsed when the record is serialized, and parses are cached per frame text.
 */
import { fileURLToPath } from 'node:url';
import type { SourceLocation } from './types';

export interface StackHolder { stack?: string }

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
