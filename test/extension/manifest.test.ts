import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXCLUDE_GLOBS, DEFAULT_FILE_GLOBS } from '../../src/ingest/watch-globs';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Command ids the code registers: `reg('id'` in commands.ts, `registerCommand('id'` anywhere. */
function registeredInCode(): Set<string> {
  const ids = new Set<string>();
  for (const file of sources(path.join(root, 'src/extension'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:reg|registerCommand)\(\s*'(spanscope\.[\w.]+)'/g)) ids.add(m[1]);
    // `registerCommand(SOME_COMMAND, ...)` with `const SOME_COMMAND = 'spanscope.x'` in the same file
    for (const m of text.matchAll(/\b(?:reg|registerCommand)\(\s*([A-Z_]+)\s*,/g)) {
      const c = text.match(new RegExp(`\\b${m[1]}\\s*=\\s*'(spanscope\\.[\\w.]+)'`));
      if (c) ids.add(c[1]);
    }
    // `reg(COMMANDS.key, ...)` with `key: 'spanscope.x'` in an object of the same file
    for (const m of text.matchAll(/\b(?:reg|registerCommand)\(\s*[A-Za-z_]\w*\.(\w+)\s*,/g)) {
      const c = text.match(new RegExp(`\\b${m[1]}\\s*:\\s*'(spanscope\\.[\\w.]+)'`));
      if (c) ids.add(c[1]);
    }
  }
  return ids;
}

describe('package.json contributions', () => {
  const declared: { command: string; title: string; category?: string }[] = pkg.contributes.commands;
  const declaredIds = new Set(declared.map((c) => c.command));

  it('declares every command the code registers, and the code registers every declared command', () => {
    const inCode = registeredInCode();
    expect(inCode.size).toBeGreaterThan(5);
    expect([...inCode].filter((id) => !declaredIds.has(id))).toEqual([]);
    expect([...declaredIds].filter((id) => !inCode.has(id))).toEqual([]);
  });

  it('puts every command in the Spanscope category', () => {
    expect(declared.filter((c) => c.category !== 'Spanscope').map((c) => c.command)).toEqual([]);
  });

  it('names only declared commands in menus and welcome views, with when clauses', () => {
    for (const [menu, entries] of Object.entries(pkg.contributes.menus as Record<string, { command: string; when?: string }[]>)) {
      for (const e of entries) {
        expect(declaredIds.has(e.command), `${menu}: ${e.command}`).toBe(true);
        expect(e.when, `${menu}: ${e.command} has no when clause`).toBeTruthy();
      }
    }
    for (const w of pkg.contributes.viewsWelcome as { contents: string }[]) {
      for (const m of w.contents.matchAll(/command:(spanscope\.[\w.]+)/g)) expect(declaredIds.has(m[1]), m[1]).toBe(true);
    }
  });

  it('hides tree-only commands from the palette', () => {
    const palette = new Map((pkg.contributes.menus.commandPalette as { command: string; when: string }[]).map((e) => [e.command, e.when]));
    for (const id of ['spanscope.spanClicked', 'spanscope.revealSource', 'spanscope.copySpanId']) expect(palette.get(id)).toBe('false');
  });

  it('keeps the settings defaults equal to the watcher defaults', () => {
    const props = pkg.contributes.configuration.properties;
    expect(props['spanscope.files'].default).toEqual(DEFAULT_FILE_GLOBS);
    expect(props['spanscope.exclude'].default).toEqual(DEFAULT_EXCLUDE_GLOBS);
  });

  it('has an entry point and an icon that exist after a build', () => {
    expect(pkg.main).toBe('./dist/extension.js');
    expect(fs.existsSync(path.join(root, pkg.icon))).toBe(true);
    expect(pkg.contributes.views.explorer.map((v: { id: string }) => v.id)).toContain('spanscope.traces');
  });
});
