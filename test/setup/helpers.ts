/** Shared by the setup tests: an extension-like folder with the bundled SDKs, child processes, records. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { bundledSdks, type BundledSdks } from '../../src/extension/setup/paths';

export const REPO = path.resolve(__dirname, '../..');

export function tmpDir(prefix = 'spanscope-setup-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A folder laid out like the installed extension: sdk/python is the repository's (it needs no
 * build), sdk/js is built here (SDK bundles + the autotrace preload), as the .vsix holds them.
 */
export async function fakeExtension(): Promise<{ root: string; sdks: BundledSdks }> {
  // A space in the path, as in many install folders: NODE_OPTIONS quoting must hold.
  const root = tmpDir('spanscope ext-');
  fs.mkdirSync(path.join(root, 'sdk'), { recursive: true });
  fs.symlinkSync(path.join(REPO, 'sdk/python'), path.join(root, 'sdk/python'), 'dir');
  const js = path.join(root, 'sdk/js');
  const dist = path.join(js, 'dist');
  fs.mkdirSync(dist, { recursive: true });
  fs.copyFileSync(path.join(REPO, 'sdk/js/package.json'), path.join(js, 'package.json'));
  const common = { entryPoints: [path.join(REPO, 'sdk/js/src/index.ts')], bundle: true, platform: 'node' as const, target: 'node18', logLevel: 'warning' as const };
  await Promise.all([
    esbuild.build({ ...common, format: 'esm', outfile: path.join(dist, 'index.mjs') }),
    esbuild.build({ ...common, format: 'cjs', outfile: path.join(dist, 'index.cjs') }),
  ]);
  execFileSync(process.execPath, [path.join(REPO, 'sdk/js/build-autotrace.mjs'), dist], { stdio: 'pipe' });
  return { root, sdks: bundledSdks(root) };
}

export interface Ran { status: number | null; stdout: string; stderr: string }

export function run(command: string, args: string[], cwd: string, env: Record<string, string | undefined>): Ran {
  const full: NodeJS.ProcessEnv = { ...process.env };
  // The test runner's own variables must not leak into the program's start-up.
  delete full.NODE_OPTIONS;
  delete full.PYTHONPATH;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) full[k] = v;
  const r = spawnSync(command, args, { cwd, env: full, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export type Rec = Record<string, any>;

/** The finished records (a running record is replaced by its finished one), in file order. */
export function finished(file: string): Rec[] {
  if (!fs.existsSync(file)) return [];
  const byId = new Map<string, Rec>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as Rec;
    if (r.id) byId.set(r.id, r);
  }
  return [...byId.values()].filter((r) => r.status !== 'running');
}

export function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}
