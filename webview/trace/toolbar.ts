/** The bar above the waterfall: trace summary, search with next/previous, zoom and collapse controls. */
import type { ViewSummary } from '../../src/protocol/trace-view';
import { clear, el, icon } from '../shared/dom';
import { formatCost, formatDuration, formatTokens } from '../shared/format';

export interface ToolbarEvents {
  onQuery(query: string): void;
  onStep(dir: 1 | -1): void;
  onZoom(action: 'in' | 'out' | 'fit' | 'selection'): void;
  onCollapseAll(collapsed: boolean): void;
  /** Escape in the search box: back to the waterfall */
  onLeaveSearch(): void;
}

export class Toolbar {
  readonly element: HTMLElement;
  readonly search: HTMLInputElement;
  private readonly count: HTMLSpanElement;
  private readonly summary: HTMLDivElement;

  constructor(events: ToolbarEvents) {
    this.search = el('input', { className: 'search-input', attrs: { type: 'search', placeholder: 'Find span by name (/)', 'aria-label': 'Find span by name', spellcheck: 'false' } });
    this.count = el('span', { className: 'search-count muted', attrs: { 'aria-live': 'polite' } });
    let timer: ReturnType<typeof setTimeout> | undefined;
    this.search.addEventListener('input', () => {
      // Debounced: on a 100k-span trace each query scans every name.
      clearTimeout(timer);
      timer = setTimeout(() => events.onQuery(this.search.value), 120);
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        clearTimeout(timer);
        events.onQuery(this.search.value);
        events.onStep(e.shiftKey ? -1 : 1);
        e.preventDefault();
      } else if (e.key === 'Escape') {
        events.onLeaveSearch();
        e.preventDefault();
      }
    });
    const button = (name: string, label: string, action: () => void) => {
      const b = el('button', { className: 'icon-button', title: label, attrs: { type: 'button', 'aria-label': label } }, icon(name));
      b.addEventListener('click', action);
      return b;
    };
    this.summary = el('div', 'trace-summary');
    this.element = el('div', { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Trace view' } },
      this.summary,
      el('div', 'search',
        icon('search'), this.search, this.count,
        button('arrow-up', 'Previous match (Shift+Enter)', () => events.onStep(-1)),
        button('arrow-down', 'Next match (Enter)', () => events.onStep(1))),
      el('div', 'tool-group',
        button('zoom-out', 'Zoom out (-)', () => events.onZoom('out')),
        button('zoom-in', 'Zoom in (+)', () => events.onZoom('in')),
        button('screen-full', 'Fit the whole trace (0)', () => events.onZoom('fit')),
        button('target', 'Zoom to the selected span (Z)', () => events.onZoom('selection')),
        button('collapse-all', 'Collapse all', () => events.onCollapseAll(true)),
        button('expand-all', 'Expand all (*)', () => events.onCollapseAll(false))));
  }

  setCount(current: number, total: number, query: string): void {
    this.count.textContent = query.trim() === '' ? '' : total === 0 ? 'no results' : current > 0 ? `${current} of ${total}` : `${total} found`;
    this.search.classList.toggle('no-results', query.trim() !== '' && total === 0);
  }

  setSummary(s: ViewSummary): void {
    clear(this.summary);
    const parts: (string | HTMLElement)[] = [
      el('span', 'summary-item', icon('clock'), ` ${formatDuration(s.duration)}`),
      el('span', 'summary-item', `${s.spanCount.toLocaleString('en-US')} spans`),
    ];
    if (s.inputTokens + s.outputTokens > 0) parts.push(el('span', 'summary-item', `${formatTokens(s.inputTokens)} in · ${formatTokens(s.outputTokens)} out`));
    if (s.costUsd > 0) parts.push(el('span', 'summary-item', formatCost(s.costUsd)));
    if (s.errorCount > 0) parts.push(el('span', 'summary-item status-error', icon('error'), ` ${s.errorCount} error${s.errorCount === 1 ? '' : 's'}`));
    if (s.running) parts.push(el('span', 'summary-item status-running', icon('sync'), ' running'));
    this.summary.append(...parts);
  }
}
