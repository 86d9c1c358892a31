/** The trace view webview: wires the waterfall, the toolbar and the details pane to the host. */
import type { Span } from '../../src/core/model';
import type { HostToView, TraceViewState, ViewSummary, ViewToHost } from '../../src/protocol/trace-view';
import { el } from '../shared/dom';
import { getVsCodeApi } from '../shared/vscode-api';
import { DetailsPane } from './details';
import { TraceModel } from './rows';
import { findMatches, matchOrdinal, stepMatch } from './search';
import { watchTheme } from './theme';
import { Toolbar } from './toolbar';
import { patchColumns } from './columns';
import { Waterfall } from './waterfall';

const vscode = getVsCodeApi<ViewToHost, TraceViewState>();
const post = (m: ViewToHost) => vscode.postMessage(m);

let state: TraceViewState = vscode.getState() ?? { collapsed: [], scrollTop: 0, query: '' };
let version = -1;
let summary: ViewSummary | undefined;
let matches: Int32Array = new Int32Array(0);
const SPAN_CACHE = 50;
/** full spans received from the host, by id, oldest first (cleared on snapshot: they may have changed) */
const spans = new Map<string, Span>();
const spanErrors = new Map<string, string>();
const requested = new Set<string>();
let restored = false;

const waterfall = new Waterfall({
  onSelect: (i) => {
    post({ type: 'selectSpan', spanId: waterfall.getModel().ids[i] });
    showDetails();
    saveState();
    updateCount();
  },
  onOpenSource: (i) => post({ type: 'openSource', spanId: waterfall.getModel().ids[i] }),
  onViewChange: () => saveState(),
});

const details = new DetailsPane({
  onOpenSource: (spanId) => post({ type: 'openSource', spanId }),
  onCopy: (text) => post({ type: 'copy', text }),
});

const toolbar = new Toolbar({
  onQuery: (q) => {
    state.query = q;
    runSearch();
    saveState();
  },
  onStep: (dir) => {
    if (matches.length === 0) return;
    const next = stepMatch(matches, waterfall.selectedIndex, dir);
    if (next >= 0) waterfall.select(next);
  },
  onZoom: (a) => {
    if (a === 'in') waterfall.zoom(1.5);
    else if (a === 'out') waterfall.zoom(1 / 1.5);
    else if (a === 'fit') waterfall.fit();
    else waterfall.zoomToSelection();
    saveState();
  },
  onCollapseAll: (c) => {
    waterfall.setAllCollapsed(c);
    saveState();
  },
  onLeaveSearch: () => waterfall.focus(),
});

const splitter = el('div', { className: 'splitter', attrs: { role: 'separator', 'aria-orientation': 'vertical', 'aria-label': 'Resize details' } });
const main = el('div', 'main', waterfall.element, splitter, details.element);
const status = el('div', { className: 'view-status muted', attrs: { role: 'status' } }, 'Loading trace…');
document.body.append(el('div', 'app', toolbar.element, status, main));
toolbar.search.value = state.query;
if (state.detailsWidth) details.element.style.width = `${state.detailsWidth}px`;

splitter.addEventListener('mousedown', (e) => {
  const startX = e.clientX;
  const startW = details.element.getBoundingClientRect().width;
  const move = (ev: MouseEvent) => {
    const w = Math.max(220, Math.min(window.innerWidth - 300, startW - (ev.clientX - startX)));
    details.element.style.width = `${w}px`;
    state.detailsWidth = w;
  };
  const up = () => {
    window.removeEventListener('mousemove', move);
    window.removeEventListener('mouseup', up);
    saveState();
  };
  window.addEventListener('mousemove', move);
  window.addEventListener('mouseup', up);
  e.preventDefault();
});

window.addEventListener('keydown', (e) => {
  const inInput = e.target instanceof HTMLInputElement;
  if ((e.key === 'f' && (e.ctrlKey || e.metaKey)) || (e.key === '/' && !inInput)) {
    toolbar.search.focus();
    toolbar.search.select();
    e.preventDefault();
  } else if (e.key === 'F3' || (e.key === 'g' && (e.ctrlKey || e.metaKey))) {
    if (matches.length > 0) waterfall.select(stepMatch(matches, waterfall.selectedIndex, e.shiftKey ? -1 : 1));
    e.preventDefault();
  }
});

watchTheme(() => waterfall.themeChanged());

let saveTimer: ReturnType<typeof setTimeout> | undefined;
function saveState(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    const sel = waterfall.selectedIndex;
    const vp = waterfall.getViewport();
    state = {
      ...state,
      traceId: summary?.traceId,
      selectedId: sel >= 0 ? waterfall.getModel().ids[sel] : undefined,
      collapsed: waterfall.collapsedIds(),
      viewStart: vp?.start,
      viewEnd: vp?.end,
      scrollTop: waterfall.scrollTop,
    };
    vscode.setState(state);
  }, 200);
}
let scrollSave: ReturnType<typeof setTimeout> | undefined;
waterfall.element.addEventListener('scroll', () => { clearTimeout(scrollSave); scrollSave = setTimeout(saveState, 300); }, true);

function runSearch(): void {
  matches = findMatches(waterfall.getModel().names, state.query);
  waterfall.setHits(matches, waterfall.selectedIndex);
  updateCount();
}

function updateCount(): void {
  const sel = waterfall.selectedIndex;
  waterfall.setHits(matches, sel);
  toolbar.setCount(matchOrdinal(matches, sel), matches.length, state.query);
}

function showDetails(): void {
  const i = waterfall.selectedIndex;
  const model = waterfall.getModel();
  if (i < 0 || !summary) {
    details.empty(model.n === 0 ? 'This trace has no spans yet.' : 'Select a span to see its details.');
    return;
  }
  const row = model.row(i);
  const span = spans.get(row.id);
  if (!span && !requested.has(row.id) && !spanErrors.has(row.id)) {
    requested.add(row.id);
    post({ type: 'requestSpan', spanId: row.id });
  }
  details.show({ row, summary, span, loadError: spanErrors.get(row.id) });
}

/** `refreshDetails` false keeps the details pane as it is (expanded nodes, scroll) when its span did not change. */
function setRows(model: TraceModel, s: ViewSummary, refreshDetails = true): void {
  summary = s;
  const keepSel = waterfall.selectedIndex >= 0 ? waterfall.getModel().ids[waterfall.selectedIndex] : state.selectedId;
  const collapsed = waterfall.getModel().n > 0 ? waterfall.collapsedIds() : state.traceId === s.traceId ? state.collapsed : [];
  waterfall.caption = s.name;
  waterfall.setModel(model, collapsed, keepSel);
  toolbar.setSummary(s);
  status.hidden = true;
  if (!restored) {
    restored = true;
    if (state.traceId === s.traceId) {
      if (state.viewStart !== undefined && state.viewEnd !== undefined) waterfall.setViewport({ start: state.viewStart, end: state.viewEnd });
      waterfall.scrollTop = state.scrollTop;
    }
    if (waterfall.selectedIndex < 0 && model.n > 0) waterfall.select(0, { notify: false });
  }
  runSearch();
  if (refreshDetails) showDetails();
}

function receive(m: HostToView): void {
  switch (m.type) {
    case 'snapshot': {
      // Marks for the benchmark's breakdown of first paint: message arrival, rows applied.
      const t0 = performance.now();
      version = m.version;
      spans.clear();
      spanErrors.clear();
      requested.clear();
      const model = new TraceModel(m.rows);
      const t1 = performance.now();
      setRows(model, m.summary);
      document.title = m.summary.name;
      performance.measure('snapshot-model', { start: t0, end: t1 });
      performance.measure('snapshot-apply', { start: t1, end: performance.now() });
      break;
    }
    case 'update': {
      if (m.baseVersion !== version) {
        post({ type: 'ready' });
        return;
      }
      const current = waterfall.getModel();
      const next = patchColumns(current.cols, current.ids, current.names, m.patches, m.length);
      if (!next) {
        post({ type: 'log', level: 'warn', message: 'trace view out of step with the host; asking for a snapshot' });
        post({ type: 'ready' });
        return;
      }
      version = m.version;
      // Patched spans may have ended or gained outputs since they were fetched.
      for (const p of m.patches) { spans.delete(p.row.id); requested.delete(p.row.id); spanErrors.delete(p.row.id); }
      const selectedId = waterfall.selectedIndex >= 0 ? current.ids[waterfall.selectedIndex] : undefined;
      const touched = selectedId === undefined || m.patches.some((p) => p.row.id === selectedId);
      setRows(new TraceModel(next.cols, next.ids, next.names), m.summary, touched);
      break;
    }
    case 'missing':
      status.hidden = false;
      status.textContent = m.message;
      break;
    case 'spanDetails':
      requested.delete(m.spanId);
      if (m.span) {
        spans.set(m.spanId, m.span);
        // Full spans can be megabytes (long prompts): keep only the recently viewed ones.
        if (spans.size > SPAN_CACHE) spans.delete(spans.keys().next().value!);
      }
      else spanErrors.set(m.spanId, m.error ?? 'not found');
      if (waterfall.selectedIndex >= 0 && waterfall.getModel().ids[waterfall.selectedIndex] === m.spanId) showDetails();
      break;
    case 'focusSpan': {
      const i = waterfall.getModel().indexById.get(m.spanId);
      if (i !== undefined) {
        waterfall.select(i);
        waterfall.focus();
      } else {
        state.selectedId = m.spanId;
      }
      break;
    }
  }
}

window.addEventListener('message', (e: MessageEvent<HostToView>) => {
  try {
    receive(e.data);
  } catch (err) {
    post({ type: 'log', level: 'error', message: `trace view failed on ${String(e.data?.type)}: ${err instanceof Error ? err.stack ?? err.message : String(err)}` });
  }
});

waterfall.focus();
post({ type: 'ready' });
