/**
 * OTLP JSON attribute values (`AnyValue`) to plain values, and the attribute bag that format
 * mappers (GenAI, OpenInference, code.*) take keys from, so whatever none of them claims is
 * left for `metadata`.
 */
import { asObject, isObject, type JsonObject } from './fields';

/** `{stringValue}`, `{intValue}` (int64 may be a string), arrays, kvlists, bytes. */
export function anyValue(v: unknown): unknown {
  if (!isObject(v)) return v;
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return intOf(v.intValue);
  if ('doubleValue' in v) return typeof v.doubleValue === 'string' ? Number(v.doubleValue) : v.doubleValue;
  if ('boolValue' in v) return v.boolValue;
  if ('arrayValue' in v) {
    const values = asObject(v.arrayValue)?.values;
    return Array.isArray(values) ? values.map(anyValue) : [];
  }
  if ('kvlistValue' in v) return attributesToObject(asObject(v.kvlistValue)?.values);
  if ('bytesValue' in v) return v.bytesValue;
  // snake_case keys, as protobuf's JSON printer writes them with preserving_proto_field_name
  if ('string_value' in v) return v.string_value;
  if ('int_value' in v) return intOf(v.int_value);
  if ('double_value' in v) return v.double_value;
  if ('bool_value' in v) return v.bool_value;
  return undefined;
}

/** int64 as JSON strings: a number when exact, else the digits as they are. */
function intOf(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

/** `[{key, value}]` to an object; an object passes through (some writers skip the list form). */
export function attributesToObject(list: unknown): JsonObject {
  if (isObject(list)) return list;
  const out: JsonObject = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (isObject(kv) && typeof kv.key === 'string') out[kv.key] = anyValue(kv.value);
  }
  return out;
}

/** Attributes with a record of which keys a mapper has used. */
export class AttributeBag {
  private readonly used = new Set<string>();
  private namespaces: Set<string> | undefined;
  constructor(readonly attrs: JsonObject) {}

  /**
   * Whether some key starts with `ns.` (or is `ns`): lets a mapper skip its dozens of lookups
   * on spans that carry none of its attributes.
   */
  hasNamespace(...names: string[]): boolean {
    if (!this.namespaces) {
      this.namespaces = new Set();
      for (const k in this.attrs) {
        const dot = k.indexOf('.');
        this.namespaces.add(dot < 0 ? k : k.slice(0, dot));
      }
    }
    for (const n of names) if (this.namespaces.has(n)) return true;
    return false;
  }

  has(key: string): boolean {
    return this.attrs[key] !== undefined && this.attrs[key] !== null;
  }

  /** The value, marking the key as used. */
  take(key: string): unknown {
    const v = this.attrs[key];
    if (v !== undefined) this.used.add(key);
    return v;
  }

  /** The first present value among several names (current and deprecated), marking all of them used. */
  takeFirst(...keys: string[]): unknown {
    let found: unknown;
    for (const k of keys) {
      const v = this.take(k);
      if (found === undefined && v !== undefined && v !== null && v !== '') found = v;
    }
    return found;
  }

  /** Every key under `prefix` (which ends with '.'), marked used, with the prefix removed. */
  takePrefix(prefix: string): JsonObject | undefined {
    let out: JsonObject | undefined;
    for (const k in this.attrs) {
      if (k.startsWith(prefix)) {
        (out ??= {})[k.slice(prefix.length)] = this.attrs[k];
        this.used.add(k);
      }
    }
    return out;
  }

  /** What no mapper took. */
  rest(): JsonObject | undefined {
    let out: JsonObject | undefined;
    for (const k in this.attrs) {
      if (!this.used.has(k) && this.attrs[k] !== undefined) (out ??= {})[k] = this.attrs[k];
    }
    return out;
  }
}

/**
 * `{"0.message.role": "user", "0.message.content": "hi"}` to `[{message: {role, content}}]`:
 * dotted keys become nested objects, objects whose keys are all indices become arrays.
 */
export function unflatten(flat: JsonObject): unknown {
  const root: JsonObject = {};
  for (const key in flat) {
    let node = root;
    let start = 0;
    for (;;) {
      const dot = key.indexOf('.', start);
      if (dot < 0) {
        node[key.slice(start)] = flat[key];
        break;
      }
      const part = key.slice(start, dot);
      const next = node[part];
      node = isObject(next) ? next : (node[part] = {}) as JsonObject;
      start = dot + 1;
    }
  }
  return arraysOf(root);
}

function arraysOf(v: unknown): unknown {
  if (!isObject(v)) return v;
  const keys = Object.keys(v);
  for (const k of keys) v[k] = arraysOf(v[k]);
  if (keys.length > 0 && keys.every(isIndex)) {
    const arr: unknown[] = [];
    for (const k of keys.sort((a, b) => Number(a) - Number(b))) arr.push(v[k]);
    return arr;
  }
  return v;
}

function isIndex(k: string): boolean {
  if (k.length === 0 || k.length > 6) return false;
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
