/** How to run a file with tracing: which program, which arguments, which variables. */
import path from 'node:path';
import type { BundledSdks } from './paths';
import { nodeRunEnv, pythonRunEnv, type Env } from './env';

export type Language = 'python' | 'javascript' | 'typescript';

export function languageOf(file: string): Language | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.py' || ext === '.pyw') return 'python';
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return 'javascript';
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return 'typescript';
  return undefined;
}

/** Node versions that run TypeScript by stripping types (22.6 added the flag). */
export function canStripTypes(nodeVersion: string): boolean {
  const m = /^v?(\d+)\.(\d+)/.exec(nodeVersion.trim());
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major > 22 || (major === 22 && minor >= 6);
}

export interface PlanInput {
  file: string;
  cwd: string;
  tracesFile: string;
  sdks: BundledSdks;
  base: Env;
  sep: string;
  /** the Python interpreter (selected in the Python extension, else python3) */
  python: string;
  /** arguments the interpreter needs before the file (e.g. `conda run -n env python`) */
  pythonArgs?: string[];
  /** `node --version` of the node on PATH, if any */
  nodeVersion?: string;
  /** tsx's CLI script installed in the workspace, if any */
  tsxCli?: string;
}

export type RunPlan =
  | { ok: true; command: string; args: string[]; env: Env; cwd: string; label: string }
  | { ok: false; message: string };

export function planRun(i: PlanInput): RunPlan {
  const lang = languageOf(i.file);
  const envIn = { sdks: i.sdks, file: i.file, tracesFile: i.tracesFile, base: i.base, sep: i.sep };
  const label = path.basename(i.file);
  if (lang === 'python') {
    return { ok: true, command: i.python, args: [...(i.pythonArgs ?? []), i.file], env: pythonRunEnv(envIn), cwd: i.cwd, label };
  }
  if (lang === undefined) {
    return { ok: false, message: `${label}: only Python, JavaScript and TypeScript files can be run with tracing.` };
  }
  if (!i.nodeVersion) {
    return { ok: false, message: `${label}: no \`node\` found on PATH. Install Node.js (18.19 or later) to run it with tracing.` };
  }
  const env = nodeRunEnv(envIn);
  if (lang === 'javascript') return { ok: true, command: 'node', args: [i.file], env, cwd: i.cwd, label };
  if (i.tsxCli) return { ok: true, command: 'node', args: [i.tsxCli, i.file], env, cwd: i.cwd, label };
  if (canStripTypes(i.nodeVersion)) {
    return { ok: true, command: 'node', args: ['--experimental-strip-types', i.file], env, cwd: i.cwd, label };
  }
  return {
    ok: false,
    message: `${label}: running TypeScript needs tsx in the workspace (\`npm install --save-dev tsx\`) or Node.js 22.6 or later (this is ${i.nodeVersion.trim()}).`,
  };
}
