/** Plain values as OTLP JSON `AnyValue`s and `KeyValue` lists. */

export type AnyValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } };

export interface KeyValue {
  key: string;
  value: AnyValue;
}

/** undefined for null/undefined/functions: OTLP has no null attribute. */
export function toAnyValue(v: unknown): AnyValue | undefined {
  switch (typeof v) {
    case 'string':
      return { stringValue: v };
    case 'boolean':
      return { boolValue: v };
    case 'number':
      if (!Number.isFinite(v)) return { stringValue: String(v) };
      // int64 travels as a decimal string in OTLP JSON
      return Number.isSafeInteger(v) ? { intValue: String(v) } : { doubleValue: v };
    case 'bigint':
      return { intValue: v.toString() };
    case 'object': {
      if (v === null) return undefined;
      if (Array.isArray(v)) {
        const values: AnyValue[] = [];
        for (const x of v) values.push(toAnyValue(x) ?? { stringValue: 'null' });
        return { arrayValue: { values } };
      }
      return { kvlistValue: { values: toKeyValues(v as Record<string, unknown>) } };
    }
    default:
      return undefined;
  }
}

export function toKeyValues(o: Record<string, unknown> | Map<string, unknown>): KeyValue[] {
  const out: KeyValue[] = [];
  const entries = o instanceof Map ? o.entries() : Object.entries(o);
  for (const [key, raw] of entries) {
    const value = toAnyValue(raw);
    if (value) out.push({ key, value });
  }
  return out;
}
