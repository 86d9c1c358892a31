/**
 * The model behind the collapsible JSON tree: what a value looks like collapsed, and its
 * children one page at a time, so a 50k-item array or a 5 MB string never lands in the DOM
 * at once.
 */

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'undefined';

export interface JsonNodeInfo {
  kind: JsonKind;
  /** one line, shown next to the key when collapsed */
  preview: string;
  expandable: boolean;
  /** keys or items */
  size: number;
}

export interface JsonEntry {
  key: string;
  value: unknown;
}

export interface JsonPage {
  entries: JsonEntry[];
  total: number;
  /** offset of the next page, or undefined when this was the last */
  next?: number;
}

/** Children per page; the view shows a "show more" row for the rest. */
export const PAGE_SIZE = 100;
/** Strings longer than this are cut, with a control to show the whole. */
export const STRING_CUT = 2000;
const PREVIEW_CHARS = 80;

export function kindOf(v: unknown): JsonKind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string': return 'string';
    case 'number': case 'bigint': return 'number';
    case 'boolean': return 'boolean';
    case 'object': return 'object';
    case 'undefined': return 'undefined';
    default: return 'string';
  }
}

export function describe(v: unknown): JsonNodeInfo {
  const kind = kindOf(v);
  switch (kind) {
    case 'array': {
      const a = v as unknown[];
      return { kind, preview: a.length === 0 ? '[]' : `[${inlinePreview(a)}] ${a.length} item${a.length === 1 ? '' : 's'}`, expandable: a.length > 0, size: a.length };
    }
    case 'object': {
      const keys = Object.keys(v as object);
      return { kind, preview: keys.length === 0 ? '{}' : `{${cut(keys.join(', '), PREVIEW_CHARS)}}`, expandable: keys.length > 0, size: keys.length };
    }
    case 'string': {
      const s = v as string;
      return { kind, preview: JSON.stringify(cut(s, PREVIEW_CHARS)), expandable: false, size: s.length };
    }
    default:
      return { kind, preview: String(v), expandable: false, size: 0 };
  }
}

/** Children of an object or array from `offset`, at most `limit` of them. */
export function childPage(v: unknown, offset = 0, limit = PAGE_SIZE): JsonPage {
  if (Array.isArray(v)) {
    const end = Math.min(v.length, offset + limit);
    const entries: JsonEntry[] = [];
    for (let i = offset; i < end; i++) entries.push({ key: String(i), value: v[i] });
    return { entries, total: v.length, next: end < v.length ? end : undefined };
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    const end = Math.min(keys.length, offset + limit);
    const entries: JsonEntry[] = [];
    for (let i = offset; i < end; i++) entries.push({ key: keys[i], value: (v as Record<string, unknown>)[keys[i]] });
    return { entries, total: keys.length, next: end < keys.length ? end : undefined };
  }
  return { entries: [], total: 0 };
}

/** A string value as displayed: cut at STRING_CUT unless `full`. */
export function displayString(s: string, full = false): { text: string; hidden: number } {
  if (full || s.length <= STRING_CUT) return { text: s, hidden: 0 };
  return { text: s.slice(0, STRING_CUT), hidden: s.length - STRING_CUT };
}

/** Whether a node starts expanded: small containers near the top, so the common case needs no click. */
export function startsExpanded(v: unknown, depth: number): boolean {
  const info = describe(v);
  if (!info.expandable) return false;
  if (depth === 0) return info.size <= 50;
  return depth < 2 && info.size <= 8;
}

function inlinePreview(a: unknown[]): string {
  const parts: string[] = [];
  let len = 0;
  for (const item of a) {
    const k = kindOf(item);
    const p = k === 'object' ? '{…}' : k === 'array' ? '[…]' : k === 'string' ? JSON.stringify(cut(item as string, 20)) : String(item);
    len += p.length + 2;
    if (len > PREVIEW_CHARS) { parts.push('…'); break; }
    parts.push(p);
  }
  return parts.join(', ');
}

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
