/**
 * The canvas's colours, read from VS Code's `--vscode-*` variables (never hard-coded), and
 * read again when the theme changes (VS Code swaps the body's vscode-light/dark/high-contrast
 * class and the variables together).
 */
import type { SpanType } from '../../src/core/model';

export interface Palette {
  foreground: string;
  muted: string;
  background: string;
  rowHover: string;
  selectionBg: string;
  selectionFg: string;
  inactiveSelectionBg: string;
  focusBorder: string;
  error: string;
  running: string;
  critical: string;
  findMatch: string;
  findMatchCurrent: string;
  /** high-contrast themes outline matches instead of filling them */
  findMatchBorder: string;
  findMatchCurrentBorder: string;
  grid: string;
  rulerBg: string;
  /** set in high-contrast themes: bars and rows get outlines */
  contrastBorder: string;
  font: string;
  fontFamily: string;
  fontSize: number;
  types: Record<SpanType, string>;
}

/** Each colour is the first variable that the theme defines. */
const VARS = {
  foreground: ['--vscode-foreground', '--vscode-editor-foreground'],
  muted: ['--vscode-descriptionForeground', '--vscode-foreground'],
  background: ['--vscode-editor-background', '--vscode-sideBar-background'],
  rowHover: ['--vscode-list-hoverBackground'],
  selectionBg: ['--vscode-list-activeSelectionBackground', '--vscode-list-inactiveSelectionBackground'],
  selectionFg: ['--vscode-list-activeSelectionForeground', '--vscode-foreground'],
  inactiveSelectionBg: ['--vscode-list-inactiveSelectionBackground', '--vscode-list-activeSelectionBackground'],
  focusBorder: ['--vscode-contrastActiveBorder', '--vscode-focusBorder'],
  error: ['--vscode-errorForeground', '--vscode-editorError-foreground', '--vscode-charts-red'],
  running: ['--vscode-progressBar-background', '--vscode-charts-blue'],
  critical: ['--vscode-editorWarning-foreground', '--vscode-charts-yellow'],
  findMatch: ['--vscode-editor-findMatchHighlightBackground', '--vscode-editor-selectionHighlightBackground'],
  findMatchCurrent: ['--vscode-editor-findMatchBackground', '--vscode-editor-findMatchHighlightBackground'],
  findMatchBorder: ['--vscode-editor-findMatchHighlightBorder'],
  findMatchCurrentBorder: ['--vscode-editor-findMatchBorder'],
  grid: ['--vscode-editorIndentGuide-background', '--vscode-editorIndentGuide-background1', '--vscode-panel-border', '--vscode-widget-border'],
  rulerBg: ['--vscode-editorGroupHeader-tabsBackground', '--vscode-sideBar-background', '--vscode-editor-background'],
  contrastBorder: ['--vscode-contrastBorder'],
} as const;

const TYPE_VARS: Record<SpanType, string[]> = {
  chain: ['--vscode-charts-blue'],
  agent: ['--vscode-charts-purple'],
  llm: ['--vscode-charts-green'],
  tool: ['--vscode-charts-orange'],
  retriever: ['--vscode-charts-yellow'],
  embedding: ['--vscode-terminal-ansiCyan', '--vscode-charts-blue'],
  reranker: ['--vscode-terminal-ansiMagenta', '--vscode-charts-purple'],
  guardrail: ['--vscode-terminal-ansiBrightBlue', '--vscode-charts-blue'],
  evaluator: ['--vscode-terminal-ansiBrightCyan', '--vscode-charts-green'],
  custom: ['--vscode-charts-foreground', '--vscode-descriptionForeground'],
};

export function readPalette(root: HTMLElement = document.body): Palette {
  const cs = getComputedStyle(root);
  const pick = (names: readonly string[]): string => {
    for (const n of names) {
      const v = cs.getPropertyValue(n).trim();
      if (v) return v;
    }
    return '';
  };
  const fg = pick(VARS.foreground) || cs.color;
  const colour = (names: readonly string[]) => pick(names) || fg;
  const fontFamily = pick(['--vscode-font-family']) || cs.fontFamily || 'sans-serif';
  const fontSize = parseFloat(pick(['--vscode-font-size'])) || 13;
  const types = {} as Record<SpanType, string>;
  for (const [t, names] of Object.entries(TYPE_VARS)) types[t as SpanType] = colour([...names, '--vscode-foreground']);
  return {
    foreground: fg,
    muted: colour(VARS.muted),
    background: pick(VARS.background) || cs.backgroundColor,
    rowHover: pick(VARS.rowHover),
    // High-contrast themes define no selection fill: they outline instead (focusBorder).
    selectionBg: pick(VARS.selectionBg),
    selectionFg: colour(VARS.selectionFg),
    inactiveSelectionBg: pick(VARS.inactiveSelectionBg),
    focusBorder: colour(VARS.focusBorder),
    error: colour(VARS.error),
    running: colour(VARS.running),
    critical: colour(VARS.critical),
    findMatch: colour(VARS.findMatch),
    findMatchCurrent: colour(VARS.findMatchCurrent),
    findMatchBorder: pick(VARS.findMatchBorder),
    findMatchCurrentBorder: pick(VARS.findMatchCurrentBorder),
    grid: colour(VARS.grid),
    rulerBg: pick(VARS.rulerBg),
    contrastBorder: pick(VARS.contrastBorder),
    font: `${fontSize}px ${fontFamily}`,
    fontFamily,
    fontSize,
    types,
  };
}

/** Calls `onChange` when VS Code switches theme. */
export function watchTheme(onChange: () => void): () => void {
  const obs = new MutationObserver(() => onChange());
  obs.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  // The variables live in the html element's style attribute.
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => obs.disconnect();
}

/** Colours a canvas cannot stand on alone: 'transparent', or rgba/hsla/#rrggbbaa with alpha below 1. */
export function isTransparent(colour: string): boolean {
  const c = colour.trim().toLowerCase();
  if (c === 'transparent') return true;
  const fn = /^(?:rgba|hsla)\((.*)\)$/.exec(c);
  if (fn) {
    const parts = fn[1].split(/[\s,/]+/).filter(Boolean);
    return parts.length === 4 && parseFloat(parts[3]) < 1;
  }
  if (/^#[0-9a-f]{4}$/.test(c)) return c[4] !== 'f';
  if (/^#[0-9a-f]{8}$/.test(c)) return c.slice(7) !== 'ff';
  return false;
}
