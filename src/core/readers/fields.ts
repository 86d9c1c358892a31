/** Small, allocation-free accessors for untyped JSON records. */

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObject(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

/** A non-empty string, or undefined. */
export function asString(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** A finite number; numeric strings count (OTLP intValue, exporters that quote numbers). */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.length > 0) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function asStringArray(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: string[] = [];
  for (const x of v) if (typeof x === 'string') out.push(x);
  return out.length > 0 ? out : undefined;
}

/** The first defined, non-null value among the candidates. */
export function firstOf(...values: unknown[]): unknown {
  for (const v of values) if (v !== undefined && v !== null) return v;
  return undefined;
}

/** JSON text parsed when it looks like an object or array; the text itself otherwise. */
export function maybeJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const c = v.charCodeAt(0);
  if (c !== 123 && c !== 91) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/**
 * A copy without undefined values, or undefined when nothing is left. Copies rather than
 * deletes: `delete` turns an object into a slow dictionary-mode one.
 */
export function compact<T extends object>(o: T): T | undefined {
  let out: Record<string, unknown> | undefined;
  for (const k in o) {
    const v = o[k];
    if (v !== undefined) (out ??= {})[k] = v;
  }
  return out as T | undefined;
}
