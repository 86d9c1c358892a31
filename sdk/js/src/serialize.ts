/**
 * JSON for arbitrary user values that never throws: the fast path is JSON.stringify; only
 * when it fails (cycles, BigInt, a throwing toJSON) is the value rebuilt into something
 * JSON can hold, with every odd value stringified.
 */
let warned = false;

/** Reports a tracing failure once per process; user code never sees it thrown. */
export function reportOnce(what: string, err: unknown): void {
  if (warned) return;
  warned = true;
  try {
    process.stderr.write(`spanscope: ${what}: ${err instanceof Error ? err.message : String(err)} (further errors are not reported)\n`);
  } catch {
    // stderr itself is gone: nothing left to tell
  }
}

export function toJson(value: unknown): string {
  try {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  } catch {
    try {
      return JSON.stringify(sanitize(value, new Set(), 0)) ?? 'null';
    } catch (err) {
      reportOnce('a value could not be serialized', err);
      return JSON.stringify(String(value));
    }
  }
}

const MAX_DEPTH = 64;

/** A JSON-safe copy: cycles → "[Circular]", BigInt → "123n", functions/symbols → text. */
export function sanitize(v: unknown, seen: Set<object>, depth: number): unknown {
  switch (typeof v) {
    case 'bigint': return `${v}n`;
    case 'function': return `[Function ${(v as { name?: string }).name || 'anonymous'}]`;
    case 'symbol': return v.toString();
    case 'undefined': return null;
    case 'number': return Number.isFinite(v) ? v : String(v);
    case 'object': break;
    default: return v;
  }
  if (v === null) return null;
  const obj = v as Record<string, unknown>;
  if (seen.has(obj)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[MaxDepth]';
  if (v instanceof Error) return { name: v.name, message: v.message, stack: v.stack };
  if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') {
    try {
      return sanitize((obj as { toJSON: () => unknown }).toJSON(), seen, depth + 1);
    } catch {
      return safeString(v);
    }
  }
  seen.add(obj);
  try {
    if (Array.isArray(v)) return v.map((x) => sanitize(x, seen, depth + 1));
    if (v instanceof Map) return sanitize(Object.fromEntries(v), seen, depth + 1);
    if (v instanceof Set) return sanitize([...v], seen, depth + 1);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(obj)) {
      let x: unknown;
      try {
        x = obj[k];
      } catch (err) {
        x = `[Getter threw: ${safeString(err)}]`;
      }
      if (typeof x !== 'function' && x !== undefined) out[k] = sanitize(x, seen, depth + 1);
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return '[Unprintable]';
  }
}

/** Inputs/outputs are objects in the format; other values are wrapped. */
export function asObject(v: unknown, key: string): Record<string, unknown> {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) return v as Record<string, unknown>;
  }
  return { [key]: v };
}
