/**
 * Parameter names of a function, read once from its source text, so captured inputs read
 * `{query, k}` rather than `{args: [...]}`. Destructured or otherwise unusual parameter lists
 * give null and inputs fall back to `{args}`.
 */
const IDENT = /^(\.\.\.)?([A-Za-z_$][\w$]*)\s*(?:=[\s\S]*)?$/;

export function paramNames(fn: Function): { names: string[]; rest: boolean } | null {
  let src: string;
  try {
    src = Function.prototype.toString.call(fn);
  } catch {
    return null;
  }
  if (src.includes('[native code]')) return null;
  let list: string;
  const open = src.indexOf('(');
  const arrow = src.indexOf('=>');
  if (arrow >= 0 && (open < 0 || open > arrow)) {
    // `x => …` or `async x => …`
    list = src.slice(0, arrow).replace(/^async\s+/, '').trim();
  } else {
    if (open < 0) return null;
    let depth = 0;
    let close = -1;
    for (let i = open; i < src.length; i++) {
      const ch = src[i];
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') {
        depth--;
        if (depth === 0) { close = i; break; }
      }
    }
    if (close < 0) return null;
    list = src.slice(open + 1, close);
  }
  const parts = splitTop(list.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ''));
  const names: string[] = [];
  let rest = false;
  for (const p of parts) {
    const m = IDENT.exec(p.trim());
    if (!m) return null;
    if (m[1]) rest = true;
    names.push(m[2]);
  }
  return { names, rest };
}

function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  if (s.slice(start).trim() !== '') out.push(s.slice(start));
  return out;
}

export function argsObject(params: { names: string[]; rest: boolean } | null, args: unknown[]): Record<string, unknown> {
  if (params === null) return { args };
  const out: Record<string, unknown> = {};
  const { names, rest } = params;
  const fixed = rest ? names.length - 1 : names.length;
  for (let i = 0; i < fixed; i++) out[names[i]] = args[i];
  if (rest) out[names[names.length - 1]] = args.slice(fixed);
  else if (args.length > fixed) out.args = args.slice(fixed);
  return out;
}
