/** The tokens view webview: totals, per model, per span type, and the most expensive spans. */
import { formatUsd } from './cost';
import type { GroupRollup, TokenTotals } from '../../src/core/analysis/rollup';
import type { TokensHostToView, TokensSpanRow, TokensViewData, TokensViewState, TokensViewToHost } from '../../src/protocol/tokens-view';
import { clear, el, icon } from '../shared/dom';
import { formatTokens } from '../shared/format';
import { getVsCodeApi } from '../shared/vscode-api';
import { TYPE_ICONS } from '../trace/icons';
import { costBar, costText, tokenBar, tokenText, totalTokens } from './bars';

const vscode = getVsCodeApi<TokensViewToHost, TokensViewState>();
const post = (m: TokensViewToHost) => vscode.postMessage(m);
const state: TokensViewState = vscode.getState() ?? { measure: 'self', scrollTop: 0 };
let data: TokensViewData | undefined;

const root = el('div', { className: 'app', attrs: { tabindex: '-1' } });
document.body.appendChild(root);
root.addEventListener('scroll', () => {
  state.scrollTop = root.scrollTop;
  vscode.setState(state);
});

window.addEventListener('message', (e: MessageEvent<TokensHostToView>) => {
  const m = e.data;
  if (m.type === 'tokens') {
    data = m.data;
    render();
    root.scrollTop = state.scrollTop;
    document.body.dataset.ready = 'true';
  } else if (m.type === 'error') {
    clear(root);
    root.appendChild(el('div', 'error-message', icon('error'), ` ${m.message}`));
    document.body.dataset.ready = 'error';
  }
});

function render(): void {
  if (!data) return;
  const d = data;
  clear(root);
  root.append(header(d), totals(d));
  if (d.warnings.length > 0) {
    root.appendChild(el('div', 'warnings', icon('warning'), ...d.warnings.map((w) => el('div', 'warning', w))));
  }
  const hasAny = d.total.costUsd > 0 || totalTokens(d.total) > 0;
  if (!hasAny) {
    root.appendChild(el('p', 'empty muted', 'No span in this ' + (d.scope === 'file' ? 'file' : 'trace') + ' records tokens or a cost.'));
    return;
  }
  root.append(
    el('div', 'grid-2', groupTable('By model', 'tokens-by-model', d.byModel, (k) => k || '(no model)', 'sparkle'),
      groupTable('By span type', 'tokens-by-type', d.bySpanType, (k) => k, undefined)),
    spansTable(d));
}

function header(d: TokensViewData): HTMLElement {
  return el('header', 'head',
    el('h1', 'title', icon(d.scope === 'file' ? 'file' : 'pulse'), ` ${d.title}`),
    el('div', 'muted subtitle', d.subtitle),
    el('div', 'muted', `${d.scope === 'file' ? `${d.traceCount} traces, ` : ''}${d.spanCount.toLocaleString('en-US')} spans · prices of ${d.pricingDate}${d.userPricing ? ' with your overrides' : ''}`));
}

function stat(label: string, testid: string, value: number, text: string, extra?: Node | null): HTMLElement {
  return el('div', 'stat',
    el('div', 'stat-label', label),
    el('div', { className: 'stat-value', attrs: { 'data-testid': testid, 'data-value': String(value) } }, text),
    extra ?? null);
}

function totals(d: TokensViewData): HTMLElement {
  const t = d.total;
  const est = t.estimatedCostUsd > 0;
  return el('section', { className: 'totals', attrs: { 'aria-label': 'Totals' } },
    stat('Cost', 'tokens-total-cost', t.costUsd, `${est ? '≈ ' : ''}${formatUsd(t.costUsd)}`,
      est ? el('div', { className: 'stat-note estimated', attrs: { 'data-testid': 'tokens-total-estimated', 'data-value': String(t.estimatedCostUsd) } },
        `${formatUsd(t.estimatedCostUsd)} estimated`) : el('div', 'stat-note muted', 'as stated')),
    stat('Input', 'tokens-total-input', t.inputTokens, formatTokens(t.inputTokens), legend('input')),
    stat('Output', 'tokens-total-output', t.outputTokens, formatTokens(t.outputTokens), legend('output')),
    stat('Cache read', 'tokens-total-cache-read', t.cacheReadTokens, formatTokens(t.cacheReadTokens), legend('cache')),
    stat('Reasoning', 'tokens-total-reasoning', t.reasoningTokens, formatTokens(t.reasoningTokens), legend('reasoning')));
}

function legend(kind: string): HTMLElement {
  return el('div', 'stat-note', el('span', `swatch seg-${kind}`));
}

function groupTable(title: string, testid: string, groups: GroupRollup[], label: (k: string) => string, iconName: string | undefined): HTMLElement {
  const maxTok = Math.max(0, ...groups.map(totalTokens));
  const maxCost = Math.max(0, ...groups.map((g) => g.costUsd));
  const table = el('div', { className: 'table groups', attrs: { role: 'table', 'data-testid': testid } },
    el('div', 'tr th', el('span', '', title), el('span', '', 'Tokens'), el('span', 'num', ''), el('span', '', 'Cost'), el('span', 'num', '')));
  for (const g of groups) {
    const ic = iconName ?? TYPE_ICONS[g.key as keyof typeof TYPE_ICONS] ?? 'symbol-misc';
    table.appendChild(el('div', { className: 'tr', attrs: { role: 'row' } },
      el('span', { className: 'name', title: label(g.key) }, icon(ic), ` ${label(g.key)}`, el('span', 'muted', ` ×${g.spanCount}`)),
      tokenBar(g, maxTok), el('span', 'num', tokenText(g)),
      costBar(g.costUsd, g.estimatedCostUsd > 0, maxCost), el('span', 'num', costText(g.costUsd, g.estimatedCostUsd > 0))));
  }
  return el('section', 'panel', table);
}

function spansTable(d: TokensViewData): HTMLElement {
  const measure = state.measure;
  const pick = (r: TokensSpanRow): TokenTotals => r[measure];
  // In self numbers, spans whose tokens are all their children's have nothing to show.
  const rows = measure === 'self' ? d.spans.filter((r) => r.self.costUsd > 0 || totalTokens(r.self) > 0 || r.self.reasoningTokens > 0) : d.spans.slice();
  if (measure === 'inclusive') rows.sort((a, b) => b.inclusive.costUsd - a.inclusive.costUsd || totalTokens(b.inclusive) - totalTokens(a.inclusive));
  const maxTok = Math.max(0, ...rows.map((r) => totalTokens(pick(r))));
  const maxCost = Math.max(0, ...rows.map((r) => pick(r).costUsd));
  const toggle = el('div', { className: 'segmented', attrs: { role: 'radiogroup', 'aria-label': 'Numbers' } },
    ...(['self', 'inclusive'] as const).map((m) => {
      const b = el('button', { className: m === measure ? 'on' : '', attrs: { type: 'button', role: 'radio', 'aria-checked': String(m === measure), 'data-measure': m } },
        m === 'self' ? 'Self' : 'Inclusive');
      b.addEventListener('click', () => {
        state.measure = m;
        vscode.setState(state);
        render();
      });
      return b;
    }));
  const table = el('div', { className: 'table spans', attrs: { role: 'table', 'data-testid': 'tokens-spans' } },
    el('div', 'tr th', el('span', '', 'Span'), el('span', '', 'Model'), el('span', '', 'Tokens'), el('span', 'num', ''), el('span', '', 'Cost'), el('span', 'num', '')));
  for (const r of rows) {
    const t = pick(r);
    const est = measure === 'self' ? r.costEstimated : t.estimatedCostUsd > 0;
    const row = el('div', { className: 'tr span-row', attrs: { role: 'row', tabindex: '0', 'data-span': r.spanId } },
      el('span', { className: 'name', title: r.traceName ? `${r.name} — ${r.traceName}` : r.name },
        icon(TYPE_ICONS[r.type] ?? 'symbol-misc'), ` ${r.name}`, r.traceName ? el('span', 'muted', ` · ${r.traceName}`) : null,
        r.usageIsAggregate ? el('span', { className: 'muted', title: 'the file states the sum of its children on this span' }, ' (sum)') : null),
      el('span', { className: 'model muted', title: r.model ?? '' }, r.model ?? ''),
      tokenBar(t, maxTok), el('span', 'num', tokenText(t)),
      costBar(t.costUsd, est, maxCost), el('span', 'num', costText(t.costUsd, est)));
    const open = () => post({ type: 'openSpan', traceId: r.traceId, spanId: r.spanId });
    row.addEventListener('click', open);
    row.addEventListener('keydown', (e) => {
      const sibling = e.key === 'ArrowDown' ? row.nextElementSibling : e.key === 'ArrowUp' ? row.previousElementSibling : null;
      if (e.key === 'Enter') open();
      else if (sibling instanceof HTMLElement && sibling.classList.contains('span-row')) sibling.focus();
      else if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      e.preventDefault();
    });
    table.appendChild(row);
  }
  const more = d.rankedCount > d.spans.length ? el('div', 'muted more', `${d.rankedCount - d.spans.length} cheaper spans not listed`) : null;
  return el('section', 'panel',
    el('div', 'panel-head', el('h2', '', 'Spans, most expensive first'), toggle), table, more);
}

window.addEventListener('error', (e) => post({ type: 'log', level: 'error', message: String(e.message) }));
post({ type: 'ready' });
