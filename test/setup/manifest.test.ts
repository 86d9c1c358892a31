/**
 * The manifest pieces: contributes.json (handed over for merging) against the code that
 * registers the commands, and the repository's .vscodeignore against `vsce ls` on this tree.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TASK_TYPE } from '../../src/extension/setup/ids';
import { REPO } from './helpers';

const SETUP = path.join(REPO, 'src/extension/setup');
const contributes = JSON.parse(fs.readFileSync(path.join(SETUP, 'contributes.json'), 'utf8'));

describe('contributes.json', () => {
  const commands: { command: string; title: string; category: string; icon?: string }[] = contributes.commands;
  const ids = new Set(commands.map((c) => c.command));

  it('declares exactly the commands register.ts registers, in the Spanscope category', () => {
    const code = fs.readFileSync(path.join(SETUP, 'register.ts'), 'utf8');
    const registered = [...code.matchAll(/registerCommand\(\s*'(spanscope\.[\w.]+)'/g)].map((m) => m[1]);
    expect(new Set(registered)).toEqual(ids);
    expect(commands.map((c) => [c.title, c.category])).toEqual([
      ['Set Up Tracing in This Workspace', 'Spanscope'],
      ['Run File with Tracing', 'Spanscope'],
    ]);
  });

  it('offers the run command only for Python / JS / TS files: palette, editor title button with an icon, explorer', () => {
    const menus = contributes.menus as Record<string, { command: string; when: string; group?: string }[]>;
    for (const [menu, entries] of Object.entries(menus)) {
      for (const e of entries) {
        expect(ids.has(e.command), `${menu}: ${e.command}`).toBe(true);
        expect(e.when, `${menu}: ${e.command}`).toBeTruthy();
      }
    }
    const title = menus['editor/title']!.find((e) => e.command === 'spanscope.runFileWithTracing')!;
    expect(title.group).toMatch(/^navigation/);
    expect(commands.find((c) => c.command === title.command)!.icon).toMatch(/^\$\([\w-]+\)$/);
    expect(menus['explorer/context']!.some((e) => e.command === 'spanscope.runFileWithTracing')).toBe(true);
    // the when clauses' extension pattern, tried on names the way VS Code would
    const when = title.when;
    const re = new RegExp(/resourceExtname =~ \/(.+)\/$/.exec(when)![1]!);
    expect(['.py', '.mjs', '.cjs', '.js', '.ts', '.mts'].every((e) => re.test(e))).toBe(true);
    expect(['.md', '.json', '.pyc', '.tsx'].some((e) => re.test(e))).toBe(false);
  });

  it('declares the task type the runs use', () => {
    expect(contributes.taskDefinitions.map((t: { type: string }) => t.type)).toEqual([TASK_TYPE]);
  });
});

describe('.vscodeignore', () => {
  it('ships both SDKs and the bootstraps, without maps, caches or tests (vsce ls on this tree)', () => {
    // A cache beside the bootstrap (own folder) must stay out of the package.
    const cache = path.join(REPO, 'sdk/python/spanscope/autotrace/__pycache__');
    fs.mkdirSync(cache, { recursive: true });
    fs.writeFileSync(path.join(cache, 'sitecustomize.cpython-311.pyc'), '');
    let listed: string[];
    try {
      const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      listed = r.stdout.split('\n').filter(Boolean);
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
    const sdk = listed.filter((f) => f.startsWith('sdk/'));
    for (const f of ['sdk/js/package.json', 'sdk/python/spanscope/__init__.py', 'sdk/python/spanscope/auto.py',
      'sdk/python/spanscope/autotrace/sitecustomize.py', 'sdk/python/spanscope/llm/pricing.json']) {
      expect(sdk, f).toContain(f);
    }
    // sdk/js/dist is rebuilt by other runs at any time, so its files are checked against the
    // rules (single-star rules only: enough for the dist/ lines), not against a listing.
    const rules = fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8').split('\n');
    const shipped = (f: string) => rules.some((r) => r.startsWith('!sdk/js/dist/') && !r.includes('**')
      && new RegExp(`^${r.slice(1).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(f));
    for (const f of ['index.cjs', 'index.mjs', 'index.d.ts', 'autotrace.cjs', 'autotrace-hooks.mjs', 'autotrace-runtime.mjs']) {
      expect(shipped(`sdk/js/dist/${f}`), f).toBe(true);
    }
    expect(shipped('sdk/js/dist/index.cjs.map')).toBe(false);
    expect(sdk.filter((f) => /\.(map|pyc)$|__pycache__|\/tests?\/|\/src\/|build/.test(f))).toEqual([]);
  });
});
