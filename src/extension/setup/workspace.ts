/**
 * What "Set Up Tracing" changes in a workspace, without vscode: the JS SDK copied into
 * node_modules, the Python SDK on the `.env` PYTHONPATH.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dotEnvWithPythonPath } from './env';

/** Left in a copy we made, so a later set-up may refresh it and never touches the user's own install. */
export const COPY_MARKER = '.spanscope-bundled';

export type JsInstall =
  | { kind: 'installed' | 'updated' | 'current'; dir: string; version: string }
  | { kind: 'kept'; dir: string; version: string };

function versionOf(pkgDir: string): string {
  try {
    return String((JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version?: unknown }).version ?? '?');
  } catch {
    return '?';
  }
}

/**
 * Copies the bundled `spanscope` package into `<workspace>/node_modules/spanscope`. A copy,
 * not a link: the extension's folder changes with every update of the extension.
 * An install of the user's own (no marker) is kept as it is.
 */
export function installJsSdk(bundledJs: string, workspace: string): JsInstall {
  const dir = path.join(workspace, 'node_modules', 'spanscope');
  const version = versionOf(bundledJs);
  const marker = path.join(dir, COPY_MARKER);
  if (fs.existsSync(dir)) {
    if (!fs.existsSync(marker)) return { kind: 'kept', dir, version: versionOf(dir) };
    if (fs.readFileSync(marker, 'utf8').trim() === version && fs.existsSync(path.join(dir, 'dist', 'index.mjs'))) {
      return { kind: 'current', dir, version };
    }
  }
  const existed = fs.existsSync(dir);
  // Copy beside, then swap, so a failed copy never leaves a half package behind.
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.copyFileSync(path.join(bundledJs, 'package.json'), path.join(tmp, 'package.json'));
  const readme = path.join(bundledJs, 'README.md');
  if (fs.existsSync(readme)) fs.copyFileSync(readme, path.join(tmp, 'README.md'));
  fs.cpSync(path.join(bundledJs, 'dist'), path.join(tmp, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.map') });
  fs.writeFileSync(path.join(tmp, COPY_MARKER), version + '\n');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  return { kind: existed ? 'updated' : 'installed', dir, version };
}

/** Adds the bundled Python SDK to PYTHONPATH in `<workspace>/.env`. */
export function addToDotEnv(workspace: string, sdkPython: string, sep: string): 'added' | 'updated' | 'unchanged' {
  const file = path.join(workspace, '.env');
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  const after = dotEnvWithPythonPath(before, sdkPython, sep);
  if (after === undefined) return 'unchanged';
  fs.writeFileSync(file, after);
  return before === undefined ? 'added' : 'updated';
}
