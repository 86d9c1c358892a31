/**
 * Environment for a traced run and for terminals, as pure functions of the current
 * environment: nothing of the user's PYTHONPATH / NODE_OPTIONS is lost, ours goes first.
 */
import path from 'node:path';
import type { BundledSdks } from './paths';

export type Env = Record<string, string | undefined>;

/** `entries` first, then what `existing` already held, without duplicates or empty parts. */
export function prependPathList(entries: string[], existing: string | undefined, sep: string): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of [...entries, ...(existing ?? '').split(sep)]) {
    if (p === '' || seen.has(p)) continue;
    seen.add(p);
    out.push(p);
  }
  return out.join(sep);
}

/**
 * One NODE_OPTIONS argument. Node splits NODE_OPTIONS on spaces except inside double quotes,
 * where a backslash escapes the next character (so Windows paths need doubled backslashes).
 */
export function nodeOptionArg(value: string): string {
  if (!/[\s"\\]/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** NODE_OPTIONS with `--require <register>` appended once (after the user's own options). */
export function nodeOptionsWithRegister(existing: string | undefined, register: string): string {
  const arg = `--require ${nodeOptionArg(register)}`;
  const cur = (existing ?? '').trim();
  if (cur.includes(arg)) return cur;
  return cur ? `${cur} ${arg}` : arg;
}

/** The service name of a run: the file's name without its extension. */
export function serviceName(file: string): string {
  const base = path.basename(file);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

export interface RunEnvInput {
  sdks: BundledSdks;
  /** the program's file */
  file: string;
  /** where spans go */
  tracesFile: string;
  /** the environment the run would inherit */
  base: Env;
  /** path.delimiter of the platform the program runs on */
  sep: string;
}

/** Variables to add for "Run File with Tracing" of a Python program. */
export function pythonRunEnv(i: RunEnvInput): Env {
  return {
    SPANSCOPE_FILE: i.tracesFile,
    SPANSCOPE_SERVICE: serviceName(i.file),
    PYTHONPATH: prependPathList([i.sdks.pythonBootstrap, i.sdks.python], i.base.PYTHONPATH, i.sep),
  };
}

/** Variables to add for "Run File with Tracing" of a JavaScript / TypeScript program. */
export function nodeRunEnv(i: RunEnvInput): Env {
  return {
    SPANSCOPE_FILE: i.tracesFile,
    SPANSCOPE_SERVICE: serviceName(i.file),
    NODE_OPTIONS: nodeOptionsWithRegister(i.base.NODE_OPTIONS, i.sdks.jsRegister),
  };
}

/**
 * `.env` text (read by the Python extension for runs, debugging and tests) with the bundled
 * SDK on PYTHONPATH. An existing PYTHONPATH line keeps its entries; other lines are untouched.
 * Returns undefined when nothing needs to change.
 */
export function dotEnvWithPythonPath(text: string | undefined, sdkPython: string, sep: string): string | undefined {
  const lines = (text ?? '').split(/\r?\n/);
  const eol = text?.includes('\r\n') ? '\r\n' : '\n';
  const i = lines.findIndex((l) => /^\s*(export\s+)?PYTHONPATH\s*=/.test(l));
  if (i < 0) {
    const body = (text ?? '').replace(/(\r?\n)*$/, '');
    const line = `PYTHONPATH=${sdkPython}`;
    return (body ? body + eol : '') + line + eol;
  }
  const m = /^(\s*(?:export\s+)?PYTHONPATH\s*=\s*)(.*)$/.exec(lines[i]!)!;
  let value = m[2]!.trim();
  const quote = /^(["'])(.*)\1$/.exec(value);
  if (quote) value = quote[2]!;
  if (value.split(sep).includes(sdkPython)) return undefined;
  lines[i] = `${m[1]}${prependPathList([sdkPython], value, sep)}`;
  return lines.join(eol);
}
