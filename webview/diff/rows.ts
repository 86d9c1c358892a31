/**
 * The aligned rows, virtualized: only the rows in sight are in the DOM, so a diff of two
 * 50k-span traces scrolls as lightly as a small one. Each row is left span | mark | right span
 * | what changed; every span field goes in as text.
 */
import { formatUsd } from '../tokens/cost';
import type { DiffViewRow, DiffViewSpan } from '../../src/protocol/diff-view';
import { clear, el, icon } from '../shared/dom';
import { formatDuration, formatTokens } from '../shared/format';
import { TYPE_ICONS } from '../trace/icons';
import { isChange, rowBadges } from './delta';

export const ROW_HEIGHT = 24;
const OVERSCAN = 10;
const MARKS: Record<DiffViewRow['kind'], string> = { same: '', changed: '~', added: '+', removed: '−' };

export interface RowsEvents {
  onSelect(row: number): void;
  onOpenValue(row: number, field: 'inputs' | 'outputs'): void;
  onOpenSpan(row: number, side: 'left' | 'right'): void;
}

export class DiffRows {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private rows: DiffViewRow[] = [];
  /** indexes into `rows` of the rows shown (all, or the changed ones) */
  private visible: number[] = [];
  private selected = -1;
  private frame = 0;

  constructor(private readonly events: RowsEvents) {
    this.spacer = el('div', 'rows-spacer');
    this.element = el('div', { className: 'rows-scroller', attrs: { tabindex: '0', role: 'listbox', 'aria-label': 'Aligned spans of both traces' } }, this.spacer);
    this.element.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(this.element);
    this.element.addEventListener('click', (e) => this.onClick(e));
    this.element.addEventListener('dblclick', (e) => {
      const rowEl = (e.target as HTMLElement).closest<HTMLElement>('.row');
      const cell = (e.target as HTMLElement).closest<HTMLElement>('.cell');
      if (rowEl && cell?.dataset.side) this.events.onOpenSpan(Number(rowEl.dataset.row), cell.dataset.side as 'left' | 'right');
    });
  }

  setRows(rows: DiffViewRow[], changedOnly: boolean): void {
    this.rows = rows;
    this.setFilter(changedOnly);
  }

  setFilter(changedOnly: boolean): void {
    this.visible = [];
    for (let i = 0; i < this.rows.length; i++) if (!changedOnly || isChange(this.rows[i])) this.visible.push(i);
    this.spacer.style.height = `${this.visible.length * ROW_HEIGHT}px`;
    this.element.dataset.visibleRows = String(this.visible.length);
    this.render();
  }

  get selectedRow(): number {
    return this.selected;
  }

  row(i: number): DiffViewRow | undefined {
    return this.rows[i];
  }

  select(row: number, reveal = true): void {
    if (row < 0 || row >= this.rows.length) return;
    this.selected = row;
    if (reveal) this.reveal(row);
    this.render();
    this.events.onSelect(row);
  }

  /** Moves by `by` shown rows (clamped). */
  move(by: number): void {
    const at = this.visible.indexOf(this.selected);
    const next = at < 0 ? (by > 0 ? 0 : this.visible.length - 1) : Math.max(0, Math.min(this.visible.length - 1, at + by));
    if (this.visible.length > 0) this.select(this.visible[next]);
  }

  moveTo(which: 'first' | 'last'): void {
    if (this.visible.length > 0) this.select(this.visible[which === 'first' ? 0 : this.visible.length - 1]);
  }

  /** The next (dir 1) or previous (-1) changed row, wrapping around. */
  stepChange(dir: 1 | -1): void {
    const n = this.rows.length;
    if (n === 0) return;
    for (let k = 1; k <= n; k++) {
      const i = (((this.selected < 0 ? (dir > 0 ? -1 : 0) : this.selected) + dir * k) % n + n) % n;
      if (isChange(this.rows[i]) && this.visible.includes(i)) return this.select(i);
    }
  }

  pageSize(): number {
    return Math.max(1, Math.floor(this.element.clientHeight / ROW_HEIGHT) - 1);
  }

  private reveal(row: number): void {
    const at = this.visible.indexOf(row);
    if (at < 0) return;
    const top = at * ROW_HEIGHT;
    const s = this.element;
    if (top < s.scrollTop) s.scrollTop = top;
    else if (top + ROW_HEIGHT > s.scrollTop + s.clientHeight) s.scrollTop = top + ROW_HEIGHT - s.clientHeight;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const s = this.element;
    const first = Math.max(0, Math.floor(s.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.visible.length, Math.ceil((s.scrollTop + s.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    clear(this.spacer);
    for (let k = first; k < last; k++) this.spacer.appendChild(this.renderRow(this.visible[k], k));
    if (this.selected >= 0) s.setAttribute('aria-activedescendant', `row-${this.selected}`);
  }

  private renderRow(i: number, at: number): HTMLElement {
    const r = this.rows[i];
    const node = el('div', {
      className: `row kind-${r.kind}${i === this.selected ? ' selected' : ''}`,
      attrs: { role: 'option', id: `row-${i}`, 'data-row': String(i), 'aria-selected': String(i === this.selected) },
    },
    cell(r.left, r.depth, 'left', r.kind === 'added'),
    el('div', { className: 'mark', attrs: { 'aria-label': r.kind } }, MARKS[r.kind]),
    cell(r.right, r.depth, 'right', r.kind === 'removed'),
    changes(r));
    node.style.top = `${at * ROW_HEIGHT}px`;
    return node;
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as HTMLElement;
    const rowEl = target.closest<HTMLElement>('.row');
    if (!rowEl) return;
    const row = Number(rowEl.dataset.row);
    const button = target.closest<HTMLElement>('button[data-field]');
    this.select(row, false);
    this.element.focus({ preventScroll: true });
    if (button) this.events.onOpenValue(row, button.dataset.field as 'inputs' | 'outputs');
  }
}

function cell(s: DiffViewSpan | undefined, depth: number, side: 'left' | 'right', filler: boolean): HTMLElement {
  if (!s) return el('div', { className: `cell cell-${side}${filler ? ' filler' : ''}` });
  const tokens = s.inputTokens + s.outputTokens;
  const node = el('div', { className: `cell cell-${side}${s.status === 'error' ? ' error' : ''}`, attrs: { 'data-side': side } },
    icon(TYPE_ICONS[s.type] ?? 'symbol-misc'),
    el('span', { className: 'name', title: s.model ? `${s.name} · ${s.model}` : s.name }, s.name),
    s.status === 'error' ? icon('error', 'error') : null,
    el('span', 'meta',
      el('span', 'm-dur', formatDuration(s.duration)),
      el('span', 'm-tok', tokens > 0 ? `${formatTokens(tokens)} tok` : ''),
      el('span', { className: 'm-cost', title: s.costEstimated ? 'estimated from the price table' : '' },
        s.costUsd !== undefined && s.costUsd > 0 ? `${s.costEstimated ? '≈' : ''}${formatUsd(s.costUsd)}` : '')));
  node.style.paddingLeft = `${6 + depth * 14}px`;
  return node;
}

function changes(r: DiffViewRow): HTMLElement {
  const box = el('div', 'changes');
  if (r.kind === 'added' || r.kind === 'removed') {
    box.appendChild(el('span', `badge ${r.kind}`, r.kind === 'added' ? 'only in B' : 'only in A'));
    return box;
  }
  const d = r.delta;
  if (d && r.left && r.right) {
    // The value buttons come first: they are what a click here is for; badges may be cut.
    for (const field of ['inputs', 'outputs'] as const) {
      const differ = field === 'inputs' ? d.inputsDiffer : d.outputsDiffer;
      const has = field === 'inputs' ? r.left.hasInputs || r.right.hasInputs : r.left.hasOutputs || r.right.hasOutputs;
      // Same values need no diff editor; unknown (values not loaded) ones may still differ.
      if (differ === false || !has) continue;
      box.appendChild(el('button', {
        className: `value-diff${differ ? ' differ' : ''}`,
        title: `Compare the ${field} of both spans in the diff editor`,
        attrs: { 'data-field': field, type: 'button' },
      }, icon('diff'), differ ? `${field} ≠` : `${field}?`));
    }
  }
  const badges = rowBadges(r);
  for (const b of badges) box.appendChild(el('span', { className: `badge ${b.kind}`, title: b.title }, b.text));
  // A narrow panel cuts the badges off: the row's tooltip still lists every change.
  if (badges.length > 0) box.title = badges.map((b) => `${b.text}: ${b.title}`).join('\n');
  return box;
}
