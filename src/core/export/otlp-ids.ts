/**
 * Our ids as OTLP ids. Hex ids of the right length are kept. UUIDs map the way the SDKs'
 * W3C propagation does (trace: the 32 hex digits; span: the last 16), so an exported trace
 * lines up with what services saw on the wire. Anything else is hashed, deterministically.
 */
import { createHash } from 'node:crypto';

function isHexOfLength(s: string, n: number): boolean {
  if (s.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function uuidHex(s: string): string | undefined {
  if (s.length !== 36 || s[8] !== '-' || s[13] !== '-' || s[18] !== '-' || s[23] !== '-') return undefined;
  const hex = s.slice(0, 8) + s.slice(9, 13) + s.slice(14, 18) + s.slice(19, 23) + s.slice(24);
  return isHexOfLength(hex, 32) ? hex.toLowerCase() : undefined;
}

function hashHex(s: string, n: number): string {
  return createHash('sha256').update(s).digest('hex').slice(0, n);
}

export function otlpTraceId(id: string): string {
  if (isHexOfLength(id, 32)) return id.toLowerCase();
  return uuidHex(id) ?? hashHex(`trace:${id}`, 32);
}

export function otlpSpanId(id: string): string {
  if (isHexOfLength(id, 16)) return id.toLowerCase();
  const hex = uuidHex(id);
  return hex ? hex.slice(16) : hashHex(`span:${id}`, 16);
}
