/**
 * Loaded before a webview bundle in the browser tests: stands in for VS Code
 * (acquireVsCodeApi, theme variables) and records what the view sends.
 */
import { THEMES } from '../../webview/harness/themes';

/** Diff editor colours of the default themes, which the trace view's list does not need. */
const EXTRA: Record<'dark' | 'light' | 'hc', Record<string, string>> = {
  dark: { '--vscode-diffEditor-insertedTextBackground': 'rgba(156, 204, 44, 0.2)', '--vscode-diffEditor-removedTextBackground': 'rgba(255, 0, 0, 0.2)' },
  light: { '--vscode-diffEditor-insertedTextBackground': 'rgba(156, 204, 44, 0.25)', '--vscode-diffEditor-removedTextBackground': 'rgba(255, 0, 0, 0.2)' },
  // High contrast marks inserted and removed text with borders instead of backgrounds.
  hc: {
    '--vscode-diffEditor-insertedTextBackground': 'transparent', '--vscode-diffEditor-removedTextBackground': 'transparent',
    '--vscode-diffEditor-insertedTextBorder': '#33ff2e', '--vscode-diffEditor-removedTextBorder': '#ff008f',
  },
};

interface Harness {
  sent: unknown[];
  cspViolations: string[];
  state: unknown;
  setTheme(name: 'dark' | 'light' | 'hc'): void;
  post(m: unknown): void;
}

const h: Harness = {
  sent: [],
  cspViolations: [],
  state: undefined,
  setTheme(name) {
    const t = THEMES[name];
    const root = document.documentElement;
    root.removeAttribute('style');
    for (const [k, v] of Object.entries({ ...t.vars, ...EXTRA[name] })) root.style.setProperty(k, v);
    for (const c of Object.values(THEMES)) document.body?.classList.remove(c.bodyClass);
    document.body?.classList.add(t.bodyClass);
    if (document.body) document.body.dataset.vscodeThemeKind = t.kind;
  },
  post(m) {
    window.postMessage(m, '*');
  },
};

document.addEventListener('securitypolicyviolation', (e) => {
  h.cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`);
});
(window as unknown as { harness: Harness }).harness = h;
(window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
  postMessage: (m: unknown) => { h.sent.push(m); },
  getState: () => h.state,
  setState: (s: unknown) => { h.state = s; },
});
h.setTheme('dark');
