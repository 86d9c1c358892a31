/** Errors as the formats write them, turned into `{type, message, stack}`. */
import type { SpanError } from '../model';
import { asString, isObject } from './fields';

/**
 * A string error: `"ValueError: bad"`, LangSmith's `"ValueError('bad')\n\nTraceback ..."`,
 * or free text. The first line is the message; the rest, when present, is the stack.
 */
export function errorFromText(text: string): SpanError {
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  const rest = nl < 0 ? undefined : text.slice(nl + 1).trim() || undefined;
  const type = leadingTypeName(first);
  let message = first;
  if (type) {
    const after = first.slice(type.length);
    if (after.startsWith(': ')) message = after.slice(2);
    else if (after.startsWith('(') && after.endsWith(')')) message = unquote(after.slice(1, -1));
  }
  return { type, message: message || first, stack: rest };
}

/** `Name` or `pkg.Name` at the start, followed by ':' or '(' — otherwise not a type. */
function leadingTypeName(line: string): string | undefined {
  let i = 0;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    const ok = c === 46 || c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!ok) break;
    i++;
  }
  if (i === 0 || i === line.length) return undefined;
  const next = line.charCodeAt(i);
  if (next !== 58 && next !== 40) return undefined;
  const c0 = line.charCodeAt(0);
  return c0 >= 48 && c0 <= 57 ? undefined : line.slice(0, i);
}

function unquote(s: string): string {
  if (s.length >= 2 && (s[0] === "'" || s[0] === '"') && s[s.length - 1] === s[0]) return s.slice(1, -1);
  return s;
}

/** An error field of any shape: object, string, or absent/null. */
export function errorFromValue(v: unknown): SpanError | undefined {
  if (typeof v === 'string') return v.length > 0 ? errorFromText(v) : undefined;
  if (!isObject(v)) return undefined;
  const message = asString(v.message) ?? asString(v.msg) ?? asString(v.description);
  const type = asString(v.type) ?? asString(v.name);
  if (!message && !type) return undefined;
  return { type, message: message ?? type ?? 'error', stack: asString(v.stack) ?? asString(v.stacktrace) };
}

/** OTel exception attributes (`exception.type`, `.message`, `.stacktrace`). */
export function errorFromException(attrs: Record<string, unknown>): SpanError | undefined {
  const type = asString(attrs['exception.type']);
  const message = asString(attrs['exception.message']);
  if (!type && !message) return undefined;
  return { type, message: message ?? type ?? 'exception', stack: asString(attrs['exception.stacktrace']) };
}
