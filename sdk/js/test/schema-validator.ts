/**
 * A dependency-free checker for the subset of JSON Schema that sdk/format/trace.schema.json
 * keeps to: type, required, properties, additionalProperties, enum, pattern, items, anyOf,
 * oneOf, minimum and local $ref. Anything else in a schema is an error, so the schema cannot
 * silently outgrow the validators.
 */
export interface SchemaError { path: string; message: string }
type Schema = Record<string, unknown>;

const KNOWN = new Set(['$schema', '$id', '$defs', 'title', 'description', 'type', 'required', 'properties',
  'additionalProperties', 'enum', 'pattern', 'items', 'anyOf', 'oneOf', 'minimum', '$ref']);
const patterns = new Map<string, RegExp>();

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

export function validate(value: unknown, root: Schema): SchemaError[] {
  const errors: SchemaError[] = [];
  check(value, root, root, '', errors);
  return errors;
}

function check(v: unknown, s: Schema, root: Schema, path: string, out: SchemaError[]): void {
  for (const k of Object.keys(s)) if (!KNOWN.has(k)) throw new Error(`schema keyword outside the subset: ${k} at ${path}`);
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace(/^#\/\$defs\//, '');
    const target = (root.$defs as Record<string, Schema> | undefined)?.[name];
    if (!target) throw new Error(`unresolved $ref ${s.$ref}`);
    check(v, target, root, path, out);
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => typeMatches(v, t))) {
      out.push({ path, message: `expected ${types.join(' or ')}, got ${typeOf(v)}` });
      return;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.includes(v)) out.push({ path, message: `${JSON.stringify(v)} is not one of ${s.enum.join(', ')}` });
  if (typeof s.pattern === 'string' && typeof v === 'string') {
    let re = patterns.get(s.pattern);
    if (!re) patterns.set(s.pattern, (re = new RegExp(s.pattern, 'u')));
    if (!re.test(v)) out.push({ path, message: `${JSON.stringify(v)} does not match ${s.pattern}` });
  }
  if (typeof s.minimum === 'number' && typeof v === 'number' && v < s.minimum) out.push({ path, message: `${v} is below ${s.minimum}` });
  for (const key of ['anyOf', 'oneOf'] as const) {
    const alts = s[key] as Schema[] | undefined;
    if (!alts) continue;
    const results = alts.map((alt) => { const e: SchemaError[] = []; check(v, alt, root, path, e); return e; });
    const passing = results.filter((e) => e.length === 0).length;
    if (key === 'anyOf' ? passing === 0 : passing !== 1) {
      // Report the alternative that got furthest (fewest errors): it is the likely intent.
      const best = results.reduce((a, b) => (b.length < a.length ? b : a));
      out.push(...(passing === 0 ? best : [{ path, message: `matches ${passing} alternatives of oneOf` }]));
    }
  }
  if (typeOf(v) === 'object') {
    const obj = v as Record<string, unknown>;
    for (const r of (s.required as string[] | undefined) ?? []) {
      if (!(r in obj)) out.push({ path: `${path}/${r}`, message: `missing required field ${r}` });
    }
    const props = (s.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, child] of Object.entries(obj)) {
      if (props[k]) check(child, props[k], root, `${path}/${k}`, out);
      else if (s.additionalProperties === false) out.push({ path: `${path}/${k}`, message: `unknown field ${k}` });
      else if (typeof s.additionalProperties === 'object' && s.additionalProperties) {
        check(child, s.additionalProperties as Schema, root, `${path}/${k}`, out);
      }
    }
  }
  if (Array.isArray(v) && s.items) v.forEach((item, i) => check(item, s.items as Schema, root, `${path}/${i}`, out));
}
