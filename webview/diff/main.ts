/** The diff view webview: summary, toolbar and the aligned rows of two traces. */
import type { DiffHostToView, DiffViewData, DiffViewState, DiffViewToHost } from '../../src/protocol/diff-view';
import { clear, el, icon } from '../shared/dom';
import { getVsCodeApi } from '../shared/vscode-api';
import { DiffRows } from './rows';
import { renderSummary } from './summary';

const vscode = getVsCodeApi<DiffViewToHost, DiffViewState>();
const post = (m: DiffViewToHost) => vscode.postMessage(m);
let state: DiffViewState = vscode.getState() ?? { changedOnly: false, selected: -1, scrollTop: 0 };

const rows = new DiffRows({
  onSelect: (row) => {
    state.selected = row;
    save();
  },
  onOpenValue: (row, field) => post({ type: 'openValueDiff', row, field }),
  onOpenSpan: (row, side) => post({ type: 'openSpan', row, side }),
});

const changedToggle = el('input', { attrs: { type: 'checkbox', id: 'changed-only', 'data-testid': 'diff-changed-only' } });
const toolbar = el('div', { className: 'toolbar', attrs: { role: 'toolbar' } },
  el('label', { className: 'toggle', attrs: { for: 'changed-only' } }, changedToggle, 'Changed only'),
  el('button', { className: 'icon-button', title: 'Previous change (Shift+F7, p)', attrs: { type: 'button', 'data-action': 'prev', 'aria-label': 'Previous change' } }, icon('arrow-up')),
  el('button', { className: 'icon-button', title: 'Next change (F7, n)', attrs: { type: 'button', 'data-action': 'next', 'aria-label': 'Next change' } }, icon('arrow-down')),
  el('span', 'legend',
    el('span', 'lg lg-removed', 'removed'), el('span', 'lg lg-added', 'added'), el('span', 'lg lg-changed', 'changed'),
    el('span', 'lg lg-slower', 'slower'), el('span', 'lg lg-faster', 'faster'),
    el('span', 'lg lg-costlier', 'costlier'), el('span', 'lg lg-cheaper', 'cheaper')),
  el('span', 'keys muted', '↑↓ move · n/p change · i/o compare inputs/outputs'));
const header = el('div', 'summary-host');
const columns = el('div', 'columns',
  el('div', 'col-head', 'A'), el('div', 'col-head mark', ''), el('div', 'col-head', 'B'), el('div', 'col-head', 'Changes'));
const status = el('div', { className: 'status', attrs: { role: 'status' } });
const app = el('div', 'app', header, toolbar, columns, rows.element, status);
document.body.appendChild(app);

changedToggle.addEventListener('change', () => {
  state.changedOnly = changedToggle.checked;
  rows.setFilter(state.changedOnly);
  save();
});
toolbar.addEventListener('click', (e) => {
  const action = (e.target as HTMLElement).closest<HTMLElement>('button[data-action]')?.dataset.action;
  if (action === 'next') rows.stepChange(1);
  else if (action === 'prev') rows.stepChange(-1);
});
rows.element.addEventListener('scroll', () => {
  state.scrollTop = rows.element.scrollTop;
  save();
});

rows.element.addEventListener('keydown', (e) => {
  const open = (field: 'inputs' | 'outputs') => {
    const r = rows.row(rows.selectedRow);
    if (r?.delta) post({ type: 'openValueDiff', row: rows.selectedRow, field });
  };
  let handled = true;
  switch (e.key) {
    case 'ArrowDown': rows.move(1); break;
    case 'ArrowUp': rows.move(-1); break;
    case 'PageDown': rows.move(rows.pageSize()); break;
    case 'PageUp': rows.move(-rows.pageSize()); break;
    case 'Home': rows.moveTo('first'); break;
    case 'End': rows.moveTo('last'); break;
    case 'F7': rows.stepChange(e.shiftKey ? -1 : 1); break;
    case 'n': rows.stepChange(1); break;
    case 'p': rows.stepChange(-1); break;
    case 'i': open('inputs'); break;
    case 'o': open('outputs'); break;
    case 'Enter': {
      const d = rows.row(rows.selectedRow)?.delta;
      if (d) open(d.inputsDiffer === false && d.outputsDiffer !== false ? 'outputs' : 'inputs');
      break;
    }
    default: handled = false;
  }
  if (handled) e.preventDefault();
});

window.addEventListener('message', (e: MessageEvent<DiffHostToView>) => {
  const m = e.data;
  if (m.type === 'diff') show(m.data);
  else if (m.type === 'error') showError(m.message);
});

function show(d: DiffViewData): void {
  clear(header);
  header.appendChild(renderSummary(d));
  changedToggle.checked = state.changedOnly;
  rows.setRows(d.rows, state.changedOnly);
  rows.element.scrollTop = state.scrollTop;
  if (state.selected >= 0 && state.selected < d.rows.length) rows.select(state.selected, false);
  status.textContent = `${d.rows.length} aligned rows`;
  document.body.dataset.ready = 'true';
}

function showError(message: string): void {
  clear(header);
  header.appendChild(el('div', 'error-message', icon('error'), ` ${message}`));
  document.body.dataset.ready = 'error';
}

function save(): void {
  vscode.setState(state);
}

window.addEventListener('error', (e) => post({ type: 'log', level: 'error', message: String(e.message) }));
post({ type: 'ready' });
