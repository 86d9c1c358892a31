/**
 * The manifest entries handed over for package.json agree with what register.ts registers and
 * with the explorer tree's view id and item context values.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const contributes = JSON.parse(fs.readFileSync(path.join(root, 'src/extension/compare/contributes.json'), 'utf8'));
const commandsSource = fs.readFileSync(path.join(root, 'src/extension/compare/commands.ts'), 'utf8');
const treeSource = fs.readFileSync(path.join(root, 'src/extension/tree/trace-tree.ts'), 'utf8');
const extensionSource = fs.readFileSync(path.join(root, 'src/extension/extension.ts'), 'utf8');

describe('contributes snippet', () => {
  const declared: string[] = contributes.commands.map((c: { command: string }) => c.command);
  const registered = [...commandsSource.matchAll(/^\s+\w+: '(spanscope\.[\w.]+)',$/gm)].map((m) => m[1]);

  it('declares exactly the commands it registers, each with the Spanscope category and an icon', () => {
    expect(registered.length).toBeGreaterThan(0);
    expect([...declared].sort()).toEqual([...registered].sort());
    for (const c of contributes.commands) {
      expect(c.category).toBe('Spanscope');
      expect(c.icon).toMatch(/^\$\([\w-]+\)$/);
    }
  });

  it('puts menus only on the tree view and its trace and file items, with palette when clauses', () => {
    const viewId = /createTreeView\('([\w.]+)'/.exec(extensionSource)![1];
    const contextValues = new Set([...treeSource.matchAll(/contextValue = '([\w.]+)'/g)].map((m) => m[1]));
    expect(contextValues.has('spanscope.trace')).toBe(true);
    for (const m of contributes.menus['view/item/context']) {
      expect(declared).toContain(m.command);
      expect(m.when).toContain(`view == ${viewId}`);
      const item = /viewItem == ([\w.]+)/.exec(m.when)![1];
      expect(contextValues.has(item)).toBe(true);
    }
    for (const m of contributes.menus['view/title']) expect(m.when).toContain(`view == ${viewId}`);
    expect(contributes.menus.commandPalette.map((m: { command: string }) => m.command).sort()).toEqual([...declared].sort());
    const withSelected = contributes.menus['view/item/context'].find((m: { command: string }) => m.command === 'spanscope.compareWithSelected');
    expect(withSelected.when).toContain('spanscope.compareSelected');
    expect(commandsSource).toContain("SELECTED_CONTEXT = 'spanscope.compareSelected'");
  });

  it('describes both pricing settings', () => {
    const props = contributes.configuration.properties;
    expect(props['spanscope.pricing'].type).toBe('object');
    expect(props['spanscope.pricing'].additionalProperties.required).toEqual(['input', 'output']);
    expect(props['spanscope.pricingFile'].type).toBe('string');
  });
});
