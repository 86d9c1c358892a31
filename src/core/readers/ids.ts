/** Trace and span ids as OTel writes them: hex (any case) or, from some JSON encoders, base64. */

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function isAllZero(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== 48) return false;
  return true;
}

/**
 * Lower-case hex for 16/32-hex ids, hex for base64 ids of 8/16 bytes, other strings as they
 * are; undefined for empty or all-zero ids (OTLP's "no parent").
 */
export function normalizeId(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length === 0) return undefined;
  if ((v.length === 16 || v.length === 32) && isHex(v)) return isAllZero(v) ? undefined : v.toLowerCase();
  if ((v.length === 12 || v.length === 24) && isBase64(v)) {
    const hex = Buffer.from(v, 'base64').toString('hex');
    if (hex.length === 16 || hex.length === 32) return isAllZero(hex) ? undefined : hex;
  }
  return v;
}

function isBase64(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61;
    if (!ok) return false;
  }
  return true;
}
