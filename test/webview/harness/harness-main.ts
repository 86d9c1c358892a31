/**
 * Loaded before dist/webview/trace.js in the browser test and the benchmark: stands in for VS
 * Code (acquireVsCodeApi, theme variables) and for the host (answers requestSpan), and lets
 * the driver post snapshots that are built inside the page.
 */
import type { Span } from '../../../src/core/model';
import type { HostToView, RowColumns, ViewRow, ViewSummary, ViewToHost } from '../../../src/protocol/trace-view';
import { toColumns } from '../../../src/extension/panels/trace-rows';
import { fullSpan, syntheticTrace } from '../synthetic-trace';
import { THEMES } from './themes';

interface Harness {
  sent: ViewToHost[];
  /** spans the stand-in host answers with instead of the synthetic ones */
  overrides: Record<string, Span>;
  cspViolations: string[];
  state: unknown;
  trace?: { summary: ViewSummary; rows: ViewRow[] };
  setTheme(name: keyof typeof THEMES): void;
  /** builds an n-span trace in the page and posts it; returns when posted */
  postSnapshot(n: number, opts?: { running?: boolean; seed?: number }): { spanCount: number };
  /** builds an n-span trace without posting it, so a benchmark can time the post alone */
  prepare(n: number): number;
  postPrepared(): void;
  post(m: HostToView): void;
  /** posts an update appending one running span under the root */
  appendSpan(name: string): void;
}

let version = 0;
let prepared: RowColumns | undefined;
const h: Harness = {
  sent: [],
  overrides: {},
  cspViolations: [],
  state: undefined,
  setTheme(name) {
    const t = THEMES[name];
    const root = document.documentElement;
    root.removeAttribute('style');
    for (const [k, v] of Object.entries(t.vars)) root.style.setProperty(k, v);
    for (const c of Object.values(THEMES)) document.body?.classList.remove(c.bodyClass);
    document.body?.classList.add(t.bodyClass);
    if (document.body) document.body.dataset.vscodeThemeKind = t.kind;
  },
  postSnapshot(n, opts = {}) {
    const trace = syntheticTrace(n, opts.seed ?? 7, { running: opts.running });
    h.trace = trace;
    version++;
    // window.postMessage structured-clones the rows, as a real webview message would be cloned.
    window.postMessage({ type: 'snapshot', version, summary: trace.summary, rows: toColumns(trace.rows) } satisfies HostToView, '*');
    return { spanCount: trace.rows.length };
  },
  prepare(n) {
    h.trace = syntheticTrace(n, 7);
    // Encoded here, untimed: on the host that cost is the extension host's, not the view's.
    prepared = toColumns(h.trace.rows);
    return h.trace.rows.length;
  },
  postPrepared() {
    const trace = h.trace!;
    version++;
    window.postMessage({ type: 'snapshot', version, summary: trace.summary, rows: prepared! } satisfies HostToView, '*');
  },
  post(m) {
    window.postMessage(m, '*');
  },
  appendSpan(name) {
    const t = h.trace;
    if (!t) return;
    const root = t.rows[0];
    const last = t.rows[t.rows.length - 1];
    const start = last.start + last.duration;
    const row: ViewRow = { id: `appended-${t.rows.length}`, name, type: 'tool', status: 'running', start, duration: 1000, selfTime: 1000, depth: 1, parent: 0, childCount: 0 };
    t.rows.push(row);
    const rootPatch = { ...root, childCount: root.childCount + 1, duration: Math.max(root.duration, start + 1000) };
    t.rows[0] = rootPatch;
    t.summary = { ...t.summary, spanCount: t.rows.length, running: true };
    const base = version++;
    window.postMessage({ type: 'update', baseVersion: base, version, summary: t.summary, length: t.rows.length, patches: [{ index: 0, row: rootPatch }, { index: t.rows.length - 1, row }] } satisfies HostToView, '*');
  },
};

document.addEventListener('securitypolicyviolation', (e) => {
  h.cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`);
});

(window as unknown as { harness: Harness }).harness = h;
(window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
  postMessage(m: ViewToHost) {
    h.sent.push(m);
    if (m.type === 'requestSpan' && h.trace) {
      const t = h.trace;
      const i = t.rows.findIndex((r) => r.id === m.spanId);
      // Answered asynchronously, like the real host.
      setTimeout(() => h.post(i >= 0
        ? { type: 'spanDetails', spanId: m.spanId, span: h.overrides[m.spanId] ?? fullSpan(t.summary, t.rows, i) }
        : { type: 'spanDetails', spanId: m.spanId, error: 'not found' }), 5);
    }
  },
  // Kept across reloads, as VS Code keeps it across a hidden webview being dropped and recreated.
  getState: () => {
    const saved = sessionStorage.getItem('vscode-state');
    return saved ? JSON.parse(saved) as unknown : undefined;
  },
  setState: (s: unknown) => {
    h.state = s;
    sessionStorage.setItem('vscode-state', JSON.stringify(s));
  },
});

// The body exists: this script is in it, before the app's script.
h.setTheme('dark');
