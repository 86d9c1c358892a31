/**
 * Content fingerprints for matching repeated steps and telling whether inputs or outputs
 * differ. Keys are sorted so that two writers serializing the same object in a different
 * key order still compare equal.
 */

export function canonicalJson(value: unknown): string {
  const seen = new Set<object>();
  const walk = (v: unknown): string => {
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'number' && !Number.isFinite(v)) return JSON.stringify(String(v));
      return v === undefined ? 'null' : JSON.stringify(v) ?? 'null';
    }
    if (seen.has(v)) return '"[cycle]"';
    seen.add(v);
    let out: string;
    if (Array.isArray(v)) {
      out = `[${v.map(walk).join(',')}]`;
    } else {
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
      out = `{${keys.map((k) => `${JSON.stringify(k)}:${walk(obj[k])}`).join(',')}}`;
    }
    seen.delete(v);
    return out;
  };
  return walk(value);
}

/** cyrb53: a fast 53-bit string hash; collisions only cost a mismatched fingerprint. */
export function hashString(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Short contents stand for themselves (cheaper than hashing them); long ones are hashed. */
export function contentHash(value: unknown): string {
  if (value === undefined) return '';
  const json = canonicalJson(value);
  return json.length <= 48 ? `=${json}` : `#${hashString(json)}`;
}
